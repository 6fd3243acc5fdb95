/**
 * Analytics writer Lambda entry point (an EventBridge schedule every 15 minutes): writes
 * the Parquet files of the slots before now (analytics-writer.ts) and logs what it wrote.
 */
import { AnalyticsObjects } from "../adapters/analytics-objects";
import { ArticleTable } from "../adapters/article-table";
import { createAwsClients } from "../adapters/aws-clients";
import { S3Archive } from "../adapters/s3-archive";
import { loadConfig } from "../shared/config";
import { ANALYTICS_SERVICE_NAME, createLogger } from "../shared/observability";
import { type SlotWritten, writeAnalytics } from "./analytics-writer";

export const handler = async (): Promise<{ written: SlotWritten[] }> => {
  const config = loadConfig(process.env);
  const clients = createAwsClients(config);
  const written = await writeAnalytics({
    table: new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
    archive: new S3Archive(clients.s3, config.bucketName),
    objects: new AnalyticsObjects(clients.s3, config.bucketName),
    now: () => new Date(),
  });
  createLogger(ANALYTICS_SERVICE_NAME).info("analytics slots written", { written });
  return { written };
};
