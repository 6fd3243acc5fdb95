/**
 * The SQS batch handler: runs each record through the ingest service and reports the ones
 * it threw for in `batchItemFailures` (partial batch response). The service has already
 * acted on the error policy; what reaches this handler goes back to SQS (retried, or moved
 * to the dead-letter queue after maxReceiveCount).
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { classify } from "../core/errors";
import { METRICS } from "../shared/observability";
import { type IngestDeps, type Outcome, processMessage } from "./ingest-service";

/** Records of one batch processed at the same time (politeness waits overlap). */
export const BATCH_CONCURRENCY = 5;

export interface HandlerObservers {
  logger: Logger;
  metrics: Metrics;
}

/** Milliseconds left before the invocation times out (Lambda's context), if known. */
export type RemainingTime = () => number;

export type IngestHandler = (
  event: SQSEvent,
  remainingMs?: RemainingTime,
) => Promise<SQSBatchResponse>;

/**
 * Time a record may need: the fetch's total timeout (20 s), a politeness wait and the
 * writes. A record not started with less than this left is handed back to SQS instead of
 * letting the whole batch time out.
 */
export const RECORD_TIME_BUDGET_MS = 25_000;

export function createIngestHandler(deps: IngestDeps, observers: HandlerObservers): IngestHandler {
  const { logger, metrics } = observers;

  async function handleRecord(record: SQSRecord): Promise<boolean> {
    const started = Date.now();
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? "1");
    try {
      const outcome: Outcome = await processMessage(record.body, receiveCount, deps);
      metrics.addMetric(`${METRICS.outcomePrefix}${outcome.kind}`, MetricUnit.Count, 1);
      if (outcome.code && (outcome.kind === "failed" || outcome.kind === "skipped")) {
        metrics.addMetric(`${METRICS.failureCodePrefix}${outcome.code}`, MetricUnit.Count, 1);
      }
      metrics.addMetric(METRICS.names.latencyMs, MetricUnit.Milliseconds, Date.now() - started);
      logger.info("message processed", {
        messageId: record.messageId,
        outcome: outcome.kind,
        articleId: outcome.articleId,
        url: outcome.url,
        version: outcome.version,
        code: outcome.code,
        reason: outcome.message,
        delayMs: outcome.delayMs,
        attempt: receiveCount,
        durationMs: Date.now() - started,
      });
      return true;
    } catch (error) {
      // The service threw: SQS delivers the message again, or moves it to the dead-letter
      // queue after maxReceiveCount. The code is only logged here.
      const verdict = classify(error);
      metrics.addMetric(METRICS.names.retry, MetricUnit.Count, 1);
      logger.warn("message handed back to SQS", {
        messageId: record.messageId,
        code: verdict.code,
        reason: verdict.message,
        attempt: receiveCount,
        durationMs: Date.now() - started,
        ...(verdict.code === "internal" ? { error } : {}),
      });
      return false;
    }
  }

  return async (event, remainingMs) => {
    const failures: SQSBatchResponse["batchItemFailures"] = [];
    const queue = [...event.Records];
    const workers = Array.from({ length: Math.min(BATCH_CONCURRENCY, queue.length) }, async () => {
      for (let record = queue.shift(); record; record = queue.shift()) {
        if (remainingMs && remainingMs() < RECORD_TIME_BUDGET_MS) {
          logger.warn("message handed back: too little time left", {
            messageId: record.messageId,
            remainingMs: remainingMs(),
          });
          failures.push({ itemIdentifier: record.messageId });
          continue;
        }
        if (!(await handleRecord(record))) failures.push({ itemIdentifier: record.messageId });
      }
    });
    await Promise.all(workers);
    metrics.publishStoredMetrics();
    return { batchItemFailures: failures };
  };
}
