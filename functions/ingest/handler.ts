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
import type { UsageMeter } from "../adapters/usage-meter";
import { type Config, loadConfig } from "../shared/config";
import { createLogger, createMetrics } from "../shared/observability";
import { type BoundedExtractor, sharedBoundedExtractor } from "./extract-pool";
import { createIngestHandler, type HandlerObservers, type IngestHandler } from "./ingest-handler";
import type { IngestDeps } from "./ingest-service";

/** Options of the wiring: a usage meter counts every AWS call (the load run and cost test). */
export interface BuildOptions {
  usage?: UsageMeter;
  /**
   * The extraction child of this handler; default the process's shared one (one Lambda
   * instance runs one handler). The load run gives each emulated instance its own.
   */
  extractor?: Pick<BoundedExtractor, "extract">;
}

/** The ingest service's adapters, built from configuration. */
export function buildIngestDeps(config: Config, options: BuildOptions = {}): IngestDeps {
  const clients = createAwsClients(config);
  options.usage?.attach(clients);
  return {
    fetcher: createFetcher({
      config,
      hostStore: new DynamoDbHostStore({
        documents: clients.documents,
        tableName: config.tableName,
        ...(options.usage ? { usage: options.usage } : {}),
      }),
    }),
    // s3rver ignores If-None-Match: the local stack asks for a HEAD before the PUT.
    archive: new S3Archive(clients.s3, config.bucketName, {
      conditionalWrites: !config.s3IgnoresIfNoneMatch,
    }),
    store: new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
    queue: new SubmissionQueue(clients.sqs, config.queueUrl),
    extract: (
      options.extractor ??
      sharedBoundedExtractor({
        timeoutMs: config.extractTimeoutMs,
        maxHeapMb: config.extractMaxHeapMb,
        maxElements: config.extractMaxElements,
      })
    ).extract,
    now: () => new Date(),
    refreshAfterMs: config.refreshAfterSeconds * 1000,
  };
}

export function buildIngestHandler(
  config: Config,
  observers: HandlerObservers = { logger: createLogger(), metrics: createMetrics() },
  options: BuildOptions = {},
): IngestHandler {
  return createIngestHandler(buildIngestDeps(config, options), observers);
}

let cached: IngestHandler | undefined;

export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  cached ??= buildIngestHandler(loadConfig(process.env));
  return await cached(event, context ? () => context.getRemainingTimeInMillis() : undefined);
};
