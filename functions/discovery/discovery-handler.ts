/**
 * The discovery Lambda's two jobs, one function: invoked by the schedule it dispatches the
 * due subscriptions (one message each on the discovery queue); invoked by the discovery
 * queue it polls the subscription each message names. Local mode runs the same handler on
 * a timer and behind the emulated queue event source.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { classify } from "../core/errors";
import { parsePollMessage, pollMessageBody } from "../core/poll-message";
import { DISCOVERY_METRICS } from "../shared/observability";
import {
  type DiscoveryDeps,
  type DispatchDeps,
  dispatchDue,
  type PollResult,
  pollSubscription,
} from "./discovery-service";

export interface DiscoveryHandlerDeps {
  discovery: DiscoveryDeps;
  dispatch: DispatchDeps;
  /** Sends a poll message back to the discovery queue after `delayMs` (politeness said wait). */
  requeue(body: string, delayMs: number): Promise<void>;
  logger: Logger;
  metrics: Metrics;
}

/** Anything that is not an SQS event is a schedule tick (EventBridge Scheduler or a rule). */
export type DiscoveryEvent = SQSEvent | Record<string, unknown>;

function isSqsEvent(event: DiscoveryEvent): event is SQSEvent {
  return Array.isArray((event as SQSEvent).Records);
}

export type DiscoveryHandler = (event: DiscoveryEvent) => Promise<SQSBatchResponse | undefined>;

export function createDiscoveryHandler(deps: DiscoveryHandlerDeps): DiscoveryHandler {
  const { logger, metrics } = deps;

  function count(result: PollResult): void {
    metrics.addMetric(`${DISCOVERY_METRICS.pollPrefix}${result.status}`, MetricUnit.Count, 1);
    metrics.addMetric(DISCOVERY_METRICS.urlsSubmitted, MetricUnit.Count, result.submitted.length);
    if (result.error && result.status === "failed") {
      metrics.addMetric(
        `${DISCOVERY_METRICS.errorPrefix}${result.error.code}`,
        MetricUnit.Count,
        1,
      );
    }
    if (result.failingForADay)
      metrics.addMetric(DISCOVERY_METRICS.failingForADay, MetricUnit.Count, 1);
  }

  return async (event) => {
    try {
      if (!isSqsEvent(event)) {
        const result = await dispatchDue(deps.dispatch);
        metrics.addMetric(DISCOVERY_METRICS.dispatched, MetricUnit.Count, result.dispatched.length);
        logger.info("due subscriptions dispatched", {
          due: result.due,
          dispatched: result.dispatched.length,
          contended: result.contended,
          failed: result.failed.length,
        });
        // A poll message that could not be sent is polled at its next interval; say so loudly.
        if (result.failed.length > 0) {
          logger.error("poll messages not sent", {
            failed: result.failed.length,
            reason: result.failed[0]?.reason,
          });
        }
        return undefined;
      }
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const id = parsePollMessage(record.body);
        if (id === null) {
          // Names no subscription: nothing to record it under; the DLQ keeps it.
          logger.error("invalid discovery message", { messageId: record.messageId });
          failures.push({ itemIdentifier: record.messageId });
          continue;
        }
        try {
          const result = await pollSubscription(id, deps.discovery);
          count(result);
          if (result.status === "throttled") {
            await deps.requeue(pollMessageBody(id), result.retryAfterMs ?? 1000);
          }
          logger.info("subscription polled", {
            subscriptionId: id,
            url: result.url,
            status: result.status,
            found: result.found,
            submitted: result.submitted.length,
            alreadySeen: result.alreadySeen,
            code: result.error?.code,
            reason: result.error?.message,
            failingForADay: result.failingForADay,
          });
        } catch (error) {
          const failure = classify(error);
          logger.error("subscription poll failed", {
            subscriptionId: id,
            code: failure.code,
            reason: failure.message,
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
