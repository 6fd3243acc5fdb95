/**
 * The SQS batch handler: runs each record through the ingest service and reports the ones
 * it threw for in `batchItemFailures` (partial batch response). The service has already
 * acted on the error policy; what reaches this handler goes back to SQS (retried, or moved
 * to the dead-letter queue after maxReceiveCount).
 *
 * The captures of one batch are written as one shared WARC object (a group commit,
 * capture-group.ts): a record that reaches its capture write waits there, for at most
 * `GROUP_MAX_WAIT_MS` (5 s), and frees its concurrency slot meanwhile, so the next record of the
 * batch starts and every record can join the same group.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { classify } from "../core/errors";
import { METRICS } from "../shared/observability";
import { CaptureGroup, type CaptureGroupOptions } from "./capture-group";
import { type IngestDeps, type Outcome, processMessage } from "./ingest-service";
import { isGroupArchive } from "./ports";

/**
 * Records of one batch fetched and extracted at the same time (politeness waits overlap). A
 * record waiting for its capture group does not count.
 */
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

export interface HandlerOptions {
  /** Bounds of the batch's capture group (capture-group.ts defaults). */
  group?: CaptureGroupOptions;
}

export function createIngestHandler(
  deps: IngestDeps,
  observers: HandlerObservers,
  options: HandlerOptions = {},
): IngestHandler {
  const { logger, metrics } = observers;

  async function handleRecord(record: SQSRecord, recordDeps: IngestDeps): Promise<boolean> {
    const started = Date.now();
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? "1");
    try {
      const outcome: Outcome = await processMessage(record.body, receiveCount, recordDeps);
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
    const records = [...event.Records];
    const archive = deps.archive;
    const group = isGroupArchive(archive)
      ? new CaptureGroup(archive, records.length, options.group)
      : null;
    const slots = new Slots(BATCH_CONCURRENCY);
    await Promise.all(
      records.map(async (record) => {
        await slots.acquire();
        let held = true;
        const free = () => {
          if (held) slots.release();
          held = false;
        };
        try {
          if (remainingMs && remainingMs() < RECORD_TIME_BUDGET_MS) {
            logger.warn("message handed back: too little time left", {
              messageId: record.messageId,
              remainingMs: remainingMs(),
            });
            failures.push({ itemIdentifier: record.messageId });
            return;
          }
          const recordDeps = group ? { ...deps, archive: group.view(free) } : deps;
          if (!(await handleRecord(record, recordDeps))) {
            failures.push({ itemIdentifier: record.messageId });
          }
        } finally {
          free();
          group?.done();
        }
      }),
    );
    metrics.publishStoredMetrics();
    return { batchItemFailures: failures };
  };
}

/** A counting semaphore: at most `size` holders at once, served in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
