/**
 * Logger and metrics for the Lambda functions: Powertools, one JSON line per event,
 * a fixed message and the varying parts as fields. Never log page HTML.
 *
 * The one home of the service names, the metrics namespace and the metric names: the
 * handlers, the local stack and the CDK functions, dashboard and alarms all read them here.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * Powertools service name of the ingest function (POWERTOOLS_SERVICE_NAME), which is also
 * the `service` dimension of its custom metrics and of the dashboard's charts.
 */
export const SERVICE_NAME = "article-ingest";
/** Powertools service name of the API function. */
export const API_SERVICE_NAME = `${SERVICE_NAME}-api`;
/** Service name of the analytics writer function. */
export const ANALYTICS_SERVICE_NAME = `${SERVICE_NAME}-analytics`;
/** Service name of the capture sweep function. */
export const SWEEP_SERVICE_NAME = `${SERVICE_NAME}-sweep`;
/** CloudWatch namespace of the custom metrics (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = "ArticleIngest";

const OUTCOME_PREFIX = "outcome-";

/**
 * Custom metrics the ingest handler emits with Powertools Metrics (namespace
 * METRICS_NAMESPACE, dimension `service`) and the CDK dashboard charts. Every outcome kind
 * is counted as `outcome-<kind>` (`names` lists the charted ones); failures are also
 * counted per code as `failure-<code>` (e.g. `failure-http-4xx`).
 */
export const METRICS = {
  names: {
    ok: `${OUTCOME_PREFIX}ok`,
    failed: `${OUTCOME_PREFIX}failed`,
    skipped: `${OUTCOME_PREFIX}skipped`,
    retry: `${OUTCOME_PREFIX}retry`,
    latencyMs: "ingest-latency",
  },
  outcomePrefix: OUTCOME_PREFIX,
  failureCodePrefix: "failure-",
} as const;

/** Powertools service name of the discovery function (subscriptions and bulk lists). */
export const DISCOVERY_SERVICE_NAME = `${SERVICE_NAME}-discovery`;
/** Powertools service name of the bulk-list function. */
export const BULK_LIST_SERVICE_NAME = `${SERVICE_NAME}-lists`;

/**
 * Custom metrics of the discovery function (dimension `service` = DISCOVERY_SERVICE_NAME):
 * polls by how they ended (`poll-ok`, `poll-not-modified`, `poll-failed`, `poll-throttled`,
 * `poll-skipped`), failed polls per code (`poll-error-<code>`), URLs submitted, poll
 * messages dispatched, and one `subscription-failing-day` per failed poll of a subscription
 * that has failed for a day or more (the alarm's metric).
 */
export const DISCOVERY_METRICS = {
  pollPrefix: "poll-",
  errorPrefix: "poll-error-",
  names: {
    ok: "poll-ok",
    notModified: "poll-not-modified",
    failed: "poll-failed",
  },
  urlsSubmitted: "discovered-urls",
  dispatched: "polls-dispatched",
  failingForADay: "subscription-failing-day",
} as const;

/** Custom metrics of the bulk-list function (dimension `service` = BULK_LIST_SERVICE_NAME). */
export const BULK_LIST_METRICS = {
  accepted: "list-urls-accepted",
  rejected: "list-lines-rejected",
  listsDone: "lists-done",
} as const;

export function createLogger(serviceName = SERVICE_NAME): Logger {
  return new Logger({ serviceName });
}

export function createMetrics(serviceName = SERVICE_NAME): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
