/**
 * Capture sweep Lambda entry point (an EventBridge schedule, daily): deletes the shared
 * capture objects of the last days that no member's record points at (what a crash between
 * a batch's shared capture write and its record writes leaves; functions/ingest/capture-sweep.ts,
 * docs/reliability.md "No orphaned objects") and logs what it did.
 */
import { ArticleTable } from "../adapters/article-table";
import { createAwsClients } from "../adapters/aws-clients";
import { S3Archive } from "../adapters/s3-archive";
import { type SweepReport, sweepSharedCaptures } from "../ingest/capture-sweep";
import { loadConfig } from "../shared/config";
import { createLogger, SWEEP_SERVICE_NAME } from "../shared/observability";

/** Keys named in one log line at most (the count is always given). */
const LOGGED_KEYS = 100;

export const handler = async (): Promise<{ checked: number; deleted: number }> => {
  const config = loadConfig(process.env);
  const clients = createAwsClients(config);
  const report: SweepReport = await sweepSharedCaptures(
    new S3Archive(clients.s3, config.bucketName),
    new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
    { now: new Date() },
  );
  createLogger(SWEEP_SERVICE_NAME).info("shared captures swept", {
    checked: report.checked,
    deleted: report.deleted.length,
    keys: report.deleted.slice(0, LOGGED_KEYS),
  });
  return { checked: report.checked, deleted: report.deleted.length };
};
