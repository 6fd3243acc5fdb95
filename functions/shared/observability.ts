/**
 * Logger and metrics for the Lambda functions: Powertools, one JSON line per event,
 * a fixed message and the varying parts as fields. Never log page HTML.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export const SERVICE_NAME = "article-ingest";
export const METRICS_NAMESPACE = "ArticleIngest";

export function createLogger(serviceName = SERVICE_NAME): Logger {
  return new Logger({ serviceName });
}

export function createMetrics(serviceName = SERVICE_NAME): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
