/**
 * Ingest Lambda entry point: configuration and adapters once per cold start, then the
 * batch handler. `buildIngestHandler` is also what the local poller runs.
 */
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { ArticleTable } from "../adapters/article-table";
import { createAwsClients } from "../adapters/aws-clients";
import { DynamoDbHostStore } from "../adapters/dynamodb-host-store";
import { createFetcher } from "../adapters/http-fetcher";
import { S3Archive } from "../adapters/s3-archive";
import { SubmissionQueue } from "../adapters/submission-queue";
import { type Config, loadConfig } from "../shared/config";
import { createLogger, createMetrics } from "../shared/observability";
import { sharedBoundedExtractor } from "./extract-pool";
import { createIngestHandler, type HandlerObservers, type IngestHandler } from "./ingest-handler";
import type { IngestDeps } from "./ingest-service";

/** The ingest service's adapters, built from configuration. */
export function buildIngestDeps(config: Config): IngestDeps {
  const clients = createAwsClients(config);
  return {
    fetcher: createFetcher({
      config,
      hostStore: new DynamoDbHostStore({
        documents: clients.documents,
        tableName: config.tableName,
      }),
    }),
    archive: new S3Archive(clients.s3, config.bucketName),
    store: new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
    queue: new SubmissionQueue(clients.sqs, config.queueUrl),
    extract: sharedBoundedExtractor({
      timeoutMs: config.extractTimeoutMs,
      maxHeapMb: config.extractMaxHeapMb,
    }).extract,
    now: () => new Date(),
    refreshAfterMs: config.refreshAfterSeconds * 1000,
  };
}

export function buildIngestHandler(
  config: Config,
  observers: HandlerObservers = { logger: createLogger(), metrics: createMetrics() },
): IngestHandler {
  return createIngestHandler(buildIngestDeps(config), observers);
}

let cached: IngestHandler | undefined;

export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  cached ??= buildIngestHandler(loadConfig(process.env));
  return await cached(event, context ? () => context.getRemainingTimeInMillis() : undefined);
};
