/**
 * The local pipeline with fault proxies between the ingest handler's SDK clients and the
 * stand-ins, for the fault scenarios. The handler is the real one (`buildIngestHandler`)
 * built from a configuration whose endpoints are the proxies; its SDK clients try each call
 * at most twice (AWS_MAX_ATTEMPTS) so the SDK's own retries do not hide the faults and the
 * pipeline's retry semantics (batchItemFailures, redrive to the DLQ) are what gets tested.
 * The test's own clients (`resources.clients`) talk to the stand-ins directly.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import {
  type AccountingResult,
  checkAccounting,
  waitForEmptyQueue,
} from "../../../cli/local/accounting";
import { type FaultProxy, startFaultProxy } from "../../../cli/local/fault-proxy";
import { type Poller, startPoller } from "../../../cli/local/sqs-poller";
import { ArticleTable } from "../../../functions/adapters/article-table";
import { buildIngestHandler } from "../../../functions/ingest/handler";
import { CONFIG_ENV, type Config, loadConfig } from "../../../functions/shared/config";
import type { QueueDefinition } from "../../../functions/shared/resources";
import { createTestResources, type TestResources } from "../../support/stand-ins";

export type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface FaultPipelineOptions {
  /** Fault rate per stand-in; a proxy stands in front of each one named. */
  faults?: { dynamodb?: number; s3?: number; sqs?: number };
  seed?: number;
  queue?: Partial<QueueDefinition>;
  env?: Record<string, string>;
  /** SDK attempts per call for the handler's clients (default 2). */
  maxAttempts?: number;
}

export interface FaultPipeline {
  resources: TestResources;
  config: Config;
  proxies: { dynamodb?: FaultProxy; s3?: FaultProxy; sqs?: FaultProxy };
  /** The article table, through a direct client. */
  table: ArticleTable;
  /** An SQS client through the SQS proxy when there is one (for the poller), else direct. */
  pollerSqs: SQSClient;
  /** A new real handler (a fresh "cold start"). */
  newHandler(): Handler;
  /** Starts the emulated event source on a handler (the real one by default). */
  startPoller(handler?: Handler, options?: { concurrency?: number; batchSize?: number }): Poller;
  submit(bodies: string[]): Promise<void>;
  /** Waits (through a direct client) until the queue is empty. */
  waitForEmptyQueue(timeoutMs?: number): Promise<void>;
  account(bodies: string[]): Promise<AccountingResult>;
  stop(): Promise<void>;
}

export const SILENT_OBSERVERS = {
  logger: new Logger({ serviceName: "article-ingest-faults", logLevel: "SILENT" }),
  metrics: new Metrics({ namespace: "Test", serviceName: "faults" }),
};

export async function startFaultPipeline(
  options: FaultPipelineOptions = {},
): Promise<FaultPipeline> {
  // Read lazily by each SDK client at its first call, so it stays set until stop().
  const previousMaxAttempts = process.env.AWS_MAX_ATTEMPTS;
  process.env.AWS_MAX_ATTEMPTS = String(options.maxAttempts ?? 2);
  const resources = await createTestResources({
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 4,
    ...options.queue,
  });
  const seed = options.seed ?? 8;
  const proxies: FaultPipeline["proxies"] = {};
  const env = { ...resources.env, ...options.env };
  const faults = options.faults ?? {};
  if (faults.dynamodb !== undefined) {
    proxies.dynamodb = await startFaultProxy({
      target: resources.dynamodbEndpoint,
      flavor: "dynamodb",
      rate: faults.dynamodb,
      seed,
    });
    env[CONFIG_ENV.dynamodbEndpoint] = proxies.dynamodb.url;
  }
  if (faults.s3 !== undefined) {
    proxies.s3 = await startFaultProxy({
      target: resources.s3Endpoint,
      flavor: "s3",
      rate: faults.s3,
      seed: seed + 1,
    });
    env[CONFIG_ENV.s3Endpoint] = proxies.s3.url;
  }
  if (faults.sqs !== undefined) {
    proxies.sqs = await startFaultProxy({
      target: resources.sqsEndpoint,
      flavor: "sqs",
      rate: faults.sqs,
      seed: seed + 2,
    });
    env[CONFIG_ENV.sqsEndpoint] = proxies.sqs.url;
  }
  const config = loadConfig(env);
  const pollerSqs = proxies.sqs
    ? new SQSClient({
        region: resources.region,
        endpoint: proxies.sqs.url,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      })
    : resources.clients.sqs;
  const table = new ArticleTable(
    resources.clients.documents,
    config.tableName,
    config.cursorSecret,
  );
  const pollers: Poller[] = [];
  const newHandler = () => buildIngestHandler(config, SILENT_OBSERVERS);

  return {
    resources,
    config,
    proxies,
    table,
    pollerSqs,
    newHandler,
    startPoller(handler = newHandler(), { concurrency = 2, batchSize = 10 } = {}) {
      const poller = startPoller({
        sqs: pollerSqs,
        queueUrl: resources.queueUrl,
        queueArn: resources.queueArn,
        region: resources.region,
        handler,
        concurrency,
        batchSize,
        waitSeconds: 1,
      });
      pollers.push(poller);
      return poller;
    },
    async submit(bodies) {
      for (let i = 0; i < bodies.length; i += 10) {
        const batch = bodies.slice(i, i + 10);
        const response = await resources.clients.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: resources.queueUrl,
            Entries: batch.map((body, j) => ({ Id: String(j), MessageBody: body })),
          }),
        );
        if ((response.Failed ?? []).length > 0) {
          throw new Error(`SQS refused ${response.Failed?.length} test message(s)`);
        }
      }
    },
    waitForEmptyQueue: (timeoutMs = 90_000) =>
      waitForEmptyQueue(resources.clients.sqs, resources.queueUrl, { timeoutMs }),
    account: (bodies) =>
      checkAccounting({
        bodies,
        table,
        sqs: resources.clients.sqs,
        deadLetterQueueUrl: resources.deadLetterQueueUrl,
        queueUrl: resources.queueUrl,
      }),
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      for (const proxy of Object.values(proxies)) await proxy?.close();
      if (previousMaxAttempts === undefined) delete process.env.AWS_MAX_ATTEMPTS;
      else process.env.AWS_MAX_ATTEMPTS = previousMaxAttempts;
    },
  };
}
