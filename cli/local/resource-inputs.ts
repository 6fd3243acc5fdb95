/**
 * SDK inputs for the local table and queues, built from the shared resource definitions
 * (the same module the CDK stack reads).
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import {
  deadLetterQueueAttributes,
  type QueueDefinition,
  submissionQueueAttributes,
  TABLE_DEFINITION,
} from "../../functions/shared/resources";

export function tableCreateInput(tableName: string): CreateTableCommandInput {
  const { keys, indexes } = TABLE_DEFINITION;
  const attributeNames = new Set<string>([keys.partitionKey, keys.sortKey]);
  for (const index of indexes) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: TABLE_DEFINITION.billing,
    AttributeDefinitions: [...attributeNames].map((name) => ({
      AttributeName: name,
      AttributeType: "S",
    })),
    KeySchema: [
      { AttributeName: keys.partitionKey, KeyType: "HASH" },
      { AttributeName: keys.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection:
        index.projection === "ALL"
          ? { ProjectionType: "ALL" as const }
          : { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projection] },
    })),
  };
}

/**
 * The SQS `CreateQueue` attributes of the local submission queue: the shared attributes
 * (the CDK queue's too), with `overrides` such as a short visibility timeout for tests.
 */
export function localQueueAttributes(
  definition: QueueDefinition,
  overrides: Partial<QueueDefinition>,
  deadLetterArn: string,
): Record<string, string> {
  const { RedrivePolicy, ...settings } = submissionQueueAttributes(
    { ...definition, ...overrides },
    deadLetterArn,
  );
  return {
    ...stringValues(settings),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: RedrivePolicy.deadLetterTargetArn,
      maxReceiveCount: String(RedrivePolicy.maxReceiveCount),
    }),
  };
}

/** The SQS `CreateQueue` attributes of the local dead-letter queue. */
export function localDeadLetterQueueAttributes(
  definition: QueueDefinition,
): Record<string, string> {
  return stringValues(deadLetterQueueAttributes(definition));
}

function stringValues(attributes: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
}
