/**
 * Bulk-list Lambda entry point: configuration and adapters once per cold start. Local mode
 * runs the same `buildBulkListHandler` behind its queue poller.
 */
import type { SQSEvent } from "aws-lambda";
import { type AwsClients, createAwsClients } from "../adapters/aws-clients";
import { ListStore } from "../adapters/list-store";
import { SubmissionQueue } from "../adapters/submission-queue";
import { type Config, loadConfig } from "../shared/config";
import { BULK_LIST_SERVICE_NAME, createLogger, createMetrics } from "../shared/observability";
import { type BulkListHandler, createBulkListHandler } from "./bulk-handler";
import type { BulkListDeps } from "./bulk-list-service";

export function buildBulkListDeps(
  config: Config,
  clients: AwsClients = createAwsClients(config),
): BulkListDeps {
  return {
    store: new ListStore(clients.s3),
    submissions: new SubmissionQueue(clients.sqs, config.queueUrl),
    chunks: new SubmissionQueue(clients.sqs, config.bulkListQueueUrl),
    chunkLines: config.bulkListChunkLines,
    urlsPerSecond: config.bulkListUrlsPerSecond,
    now: () => new Date(),
  };
}

export function buildBulkListHandler(
  config: Config,
  observers = {
    logger: createLogger(BULK_LIST_SERVICE_NAME),
    metrics: createMetrics(BULK_LIST_SERVICE_NAME),
  },
): BulkListHandler {
  return createBulkListHandler(buildBulkListDeps(config), observers);
}

let cached: BulkListHandler | undefined;

export const handler = async (event: SQSEvent) => {
  cached ??= buildBulkListHandler(loadConfig(process.env));
  return await cached(event);
};
