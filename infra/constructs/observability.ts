/**
 * Alarms, their SNS topic (with an optional e-mail subscription) and one dashboard:
 * submitted / ingested / failed by code / latency, queue depth and age. The custom metric
 * names come from METRICS (functions/shared/observability.ts), which the ingest handler emits.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  BULK_LIST_METRICS,
  BULK_LIST_SERVICE_NAME,
  DISCOVERY_METRICS,
  DISCOVERY_SERVICE_NAME,
  METRICS,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from "../../functions/shared/observability";
import type { ArticleFunction } from "./article-function";

/**
 * Oldest submission age that pages someone. Politeness re-enqueues delay a URL by at most
 * 15 minutes (the SQS maximum), so a message an hour old means ingestion has stalled.
 */
export const OLDEST_MESSAGE_ALARM_SECONDS = 3600;

/** SQS and Lambda publish these metrics every minute; alarms look at 5-minute windows. */
const PERIOD = Duration.minutes(5);

export interface ObservabilityProps {
  /** Prefix of alarm and dashboard names, e.g. `article-ingest-dev`. */
  namePrefix: string;
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  ingest: ArticleFunction;
  api: ArticleFunction;
  /** Address subscribed to the alarm topic; none when undefined. */
  alarmEmail?: string;
  discovery: {
    function: ArticleFunction;
    bulkList: ArticleFunction;
    queue: sqs.IQueue;
    deadLetterQueue: sqs.IQueue;
    bulkListDeadLetterQueue: sqs.IQueue;
  };
}

/** A subscription failing this long raises SubscriptionFailingForADay (checked hourly). */
const FAILING_PERIOD = Duration.hours(1);

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    const { queue, deadLetterQueue, namePrefix } = props;
    const ingestFn = props.ingest.function;
    const apiFn = props.api.function;

    this.topic = new sns.Topic(this, "AlarmTopic", {
      displayName: `${namePrefix} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const deadLetterDepth = deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: PERIOD,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    this.alarm("DeadLetterNotEmpty", {
      metric: deadLetterDepth,
      threshold: 0,
      description: "Submissions failed maxReceiveCount times and are in the dead-letter queue.",
    });
    const oldestAge = queue.metricApproximateAgeOfOldestMessage({
      period: PERIOD,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    this.alarm("OldestSubmissionTooOld", {
      metric: oldestAge,
      threshold: OLDEST_MESSAGE_ALARM_SECONDS,
      description: `A submission has waited over ${OLDEST_MESSAGE_ALARM_SECONDS} s: ingestion is stalled or too slow.`,
    });
    this.alarm("IngestErrors", {
      metric: ingestFn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      description: "The ingest function threw (whole batches failed, not single URLs).",
    });
    this.alarm("IngestThrottles", {
      metric: ingestFn.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      description: "The ingest function was throttled: account concurrency is exhausted.",
    });
    this.alarm("ApiErrors", {
      metric: apiFn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      description: "The API function threw.",
    });

    const custom = (metricName: string, label: string, statistic: string = cloudwatch.Stats.SUM) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic,
        period: PERIOD,
        label,
      });
    // Every `failure-<code>` metric, one line per code: an unquoted term matches a token of the
    // name, and `failure-http-4xx` has the tokens failure, http and 4xx.
    const failedByCode = new cloudwatch.SearchExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},service} MetricName=${METRICS.failureCodePrefix.replace(/-$/, "")}', 'Sum', 300)`,
      label: "",
      period: PERIOD,
    });

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: namePrefix,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Submitted / ingested",
        width: 12,
        left: [
          queue.metricNumberOfMessagesSent({
            period: PERIOD,
            label: "submitted (messages sent, incl. re-enqueues)",
          }),
          custom(METRICS.names.ok, "ingested"),
          custom(METRICS.names.skipped, "skipped"),
          custom(METRICS.names.failed, "failed"),
          custom(METRICS.names.retry, "retried"),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: "Failed by code",
        width: 12,
        left: [failedByCode],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Ingest latency (ms)",
        width: 8,
        left: [
          custom(METRICS.names.latencyMs, "per URL p50", "p50"),
          custom(METRICS.names.latencyMs, "per URL p90", "p90"),
          ingestFn.metricDuration({ period: PERIOD, statistic: "p90", label: "per batch p90" }),
          ingestFn.metricDuration({ period: PERIOD, statistic: "max", label: "per batch max" }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: "Queue",
        width: 8,
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: "waiting" }),
          deadLetterDepth.with({ label: "dead letters" }),
        ],
        right: [oldestAge.with({ label: "oldest age (s)" })],
      }),
      new cloudwatch.GraphWidget({
        title: "Functions",
        width: 8,
        left: [
          ingestFn.metricInvocations({ period: PERIOD, label: "ingest invocations" }),
          ingestFn.metricErrors({ period: PERIOD, label: "ingest errors" }),
          ingestFn.metricThrottles({ period: PERIOD, label: "ingest throttles" }),
          apiFn.metricInvocations({ period: PERIOD, label: "api invocations" }),
          apiFn.metricErrors({ period: PERIOD, label: "api errors" }),
        ],
      }),
    );
    this.addDiscovery(props.discovery);
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", width: 24, alarms: this.alarms }),
    );
  }

  /** Polls, discovered URLs, errors by code, bulk lists; the failing-for-a-day alarm. */
  private addDiscovery(props: ObservabilityProps["discovery"]): void {
    const metric = (service: string, metricName: string, label: string, period = PERIOD) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service },
        statistic: cloudwatch.Stats.SUM,
        period,
        label,
      });
    const d = (name: string, label: string) => metric(DISCOVERY_SERVICE_NAME, name, label);
    this.alarm("SubscriptionFailingForADay", {
      metric: metric(
        DISCOVERY_SERVICE_NAME,
        DISCOVERY_METRICS.failingForADay,
        "subscriptions failing for a day",
        FAILING_PERIOD,
      ),
      threshold: 0,
      description:
        "A watched feed or sitemap has failed every poll for 24 hours or more: run `article-ingest watch list` for its error code.",
    });
    const depth = (queue: sqs.IQueue, label: string) =>
      queue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
        label,
      });
    this.alarm("DiscoveryDeadLetterNotEmpty", {
      metric: depth(props.deadLetterQueue, "discovery dead letters"),
      threshold: 0,
      description:
        "Subscription polls failed maxReceiveCount times (storage errors, not feed errors).",
    });
    this.alarm("BulkListDeadLetterNotEmpty", {
      metric: depth(props.bulkListDeadLetterQueue, "bulk-list dead letters"),
      threshold: 0,
      description:
        "A bulk list's chunk failed maxReceiveCount times: its report will not be written.",
    });
    this.alarm("DiscoveryErrors", {
      metric: props.function.function.metricErrors({
        period: PERIOD,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      description: "The discovery function threw (a schedule tick or a poll batch failed).",
    });
    const pollErrorsByCode = new cloudwatch.SearchExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},service} service="${DISCOVERY_SERVICE_NAME}" MetricName=poll-error', 'Sum', 300)`,
      label: "",
      period: PERIOD,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Subscription polls",
        width: 8,
        left: [
          d(DISCOVERY_METRICS.names.ok, "read"),
          d(DISCOVERY_METRICS.names.notModified, "not modified (304)"),
          d(DISCOVERY_METRICS.names.failed, "failed"),
          d(DISCOVERY_METRICS.dispatched, "dispatched"),
        ],
        right: [d(DISCOVERY_METRICS.urlsSubmitted, "new URLs submitted")],
      }),
      new cloudwatch.GraphWidget({
        title: "Poll errors by code",
        width: 8,
        left: [pollErrorsByCode],
      }),
      new cloudwatch.GraphWidget({
        title: "Bulk lists",
        width: 8,
        left: [
          metric(BULK_LIST_SERVICE_NAME, BULK_LIST_METRICS.accepted, "URLs accepted"),
          metric(BULK_LIST_SERVICE_NAME, BULK_LIST_METRICS.rejected, "lines rejected"),
        ],
        right: [
          metric(BULK_LIST_SERVICE_NAME, BULK_LIST_METRICS.listsDone, "lists done"),
          depth(props.queue, "poll messages waiting"),
        ],
      }),
    );
  }

  private alarm(
    id: string,
    spec: { metric: cloudwatch.IMetric; threshold: number; description: string },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.namePrefix}-${id}`,
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: spec.description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
