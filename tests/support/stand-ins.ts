/**
 * Per-file resources on the shared stand-ins: a fresh table, bucket, queue and dead-letter
 * queue under unique names, plus SDK clients and the handler environment pointing at them.
 */
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import {
  type CreatedResources,
  createResources,
  type StandInEndpoints,
  standInEnvironment,
} from "../../cli/local/stand-ins";
import { type AwsClients, createAwsClients } from "../../functions/adapters/aws-clients";
import { configEnv, LOOPBACK_SITES } from "../../functions/shared/config";
import type { QueueDefinition } from "../../functions/shared/resources";

export interface TestResources extends StandInEndpoints {
  clients: AwsClients;
  /** Environment variables for `loadConfig`, pointing at these resources. */
  env: Record<string, string>;
}

export async function createTestResources(
  queue: Partial<QueueDefinition> = {},
): Promise<TestResources> {
  const standIns = inject("standIns");
  const suffix = randomUUID().slice(0, 8);
  const clients = createAwsClients({
    region: standIns.region,
    dynamodbEndpoint: standIns.dynamodbEndpoint,
    s3Endpoint: standIns.s3Endpoint,
    sqsEndpoint: standIns.sqsEndpoint,
  });
  const created: CreatedResources = await createResources(
    clients,
    {
      table: `test-${suffix}`,
      bucket: `test-${suffix}`,
      queue: `test-${suffix}`,
      deadLetterQueue: `test-${suffix}-dlq`,
    },
    queue,
  );
  const endpoints: StandInEndpoints = { ...standIns, ...created };
  return {
    ...endpoints,
    clients,
    env: {
      ...standInEnvironment(endpoints),
      ...configEnv({ ...LOOPBACK_SITES, politenessIntervalMs: "0" }),
    },
  };
}
