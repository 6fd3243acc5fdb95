/**
 * A whole local pipeline for a test: isolated resources, the real ingest handler built
 * from configuration, and the emulated SQS event source running it.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { type Poller, startPoller } from "../../cli/local/sqs-poller";
import { ArticleTable } from "../../functions/adapters/article-table";
import { S3Archive } from "../../functions/adapters/s3-archive";
import { buildIngestHandler } from "../../functions/ingest/handler";
import { type Config, loadConfig } from "../../functions/shared/config";
import type { QueueDefinition } from "../../functions/shared/resources";
import { createTestResources, type TestResources } from "./stand-ins";

export interface TestPipeline {
  resources: TestResources;
  config: Config;
  table: ArticleTable;
  archive: S3Archive;
  poller: Poller;
  stop(): Promise<void>;
}

export async function startTestPipeline(
  options: { queue?: Partial<QueueDefinition>; env?: Record<string, string> } = {},
): Promise<TestPipeline> {
  const resources = await createTestResources(options.queue);
  const config = loadConfig({ ...resources.env, ...options.env });
  const handler = buildIngestHandler(config, {
    logger: new Logger({ serviceName: "article-ingest-test", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Test", serviceName: "test" }),
  });
  const poller = startPoller({
    sqs: resources.clients.sqs,
    queueUrl: resources.queueUrl,
    queueArn: resources.queueArn,
    region: resources.region,
    handler,
    waitSeconds: 1,
  });
  return {
    resources,
    config,
    table: new ArticleTable(resources.clients.documents, config.tableName, config.cursorSecret),
    archive: new S3Archive(resources.clients.s3, config.bucketName),
    poller,
    async stop() {
      await poller.stop();
    },
  };
}
