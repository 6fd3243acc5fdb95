/**
 * The bulk-list function: consumes the bulk-list queue, whose messages are S3 "object
 * created" notifications for `submissions/` (a new list) and the chunk messages lists hand
 * on to themselves (functions/bulk/bulk-list-service.ts). A message that is neither goes to
 * the dead-letter queue; a chunk that fails (S3 or SQS refused) is retried by SQS.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { parseBulkMessage } from "../core/bulk-list";
import { classify } from "../core/errors";
import { BULK_LIST_METRICS } from "../shared/observability";
import { type BulkListDeps, type ChunkOutcome, processChunk, startList } from "./bulk-list-service";

export type BulkListHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export function createBulkListHandler(
  deps: BulkListDeps,
  observers: { logger: Logger; metrics: Metrics },
): BulkListHandler {
  const { logger, metrics } = observers;
  const report = (outcome: ChunkOutcome) => {
    if (outcome.kind === "ignored") {
      logger.info("bulk message ignored", { reason: outcome.reason });
      return;
    }
    metrics.addMetric(BULK_LIST_METRICS.accepted, MetricUnit.Count, outcome.part.accepted);
    metrics.addMetric(BULK_LIST_METRICS.rejected, MetricUnit.Count, outcome.part.rejected);
    if (outcome.kind === "done") {
      metrics.addMetric(BULK_LIST_METRICS.listsDone, MetricUnit.Count, 1);
      logger.info("bulk list done", {
        list: outcome.report.list,
        report: outcome.reportKey,
        accepted: outcome.report.accepted,
        rejected: outcome.report.rejected,
        duplicates: outcome.report.duplicates,
        chunks: outcome.report.chunks,
      });
    } else {
      logger.info("bulk chunk done", {
        list: outcome.next.bulkList.key,
        chunk: outcome.part.chunk,
        line: outcome.next.line,
        accepted: outcome.part.accepted,
      });
    }
  };
  return async (event) => {
    const failures: { itemIdentifier: string }[] = [];
    try {
      for (const record of event.Records) {
        const message = parseBulkMessage(record.body);
        try {
          if (message === null) {
            logger.error("invalid bulk-list message", { messageId: record.messageId });
            failures.push({ itemIdentifier: record.messageId });
          } else if (message.kind === "chunk") {
            report(await processChunk(message.chunk, deps));
          } else if (message.kind === "created") {
            for (const object of message.objects)
              report(await startList(object.bucket, object.key, deps));
          }
        } catch (error) {
          const failure = classify(error);
          logger.error("bulk-list chunk failed", {
            messageId: record.messageId,
            code: failure.code,
            reason: failure.message,
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
    } finally {
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failures };
  };
}
