/**
 * The article-ingest stack: composes the constructs and declares the outputs the CLI reads.
 * No logic and no context reading here (that is infra/app.ts).
 *
 * Output keys are stable (STACK_OUTPUT_KEYS, functions/shared/resources.ts); the CLI finds
 * everything from the stack name alone: QueueUrl, DeadLetterQueueUrl, ApiUrl, BucketName,
 * TableName (plus the names of the functions, the alarm topic and the dashboard for operators).
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { CONFIG_ENV } from "../functions/shared/config";
import {
  API_SERVICE_NAME,
  BULK_LIST_SERVICE_NAME,
  DISCOVERY_SERVICE_NAME,
  SERVICE_NAME,
} from "../functions/shared/observability";
import {
  BULK_LIST_TIMEOUT_SECONDS,
  DISCOVERY_TIMEOUT_SECONDS,
  INGEST_MEMORY_MB,
  INGEST_TIMEOUT_SECONDS,
  STACK_OUTPUT_KEYS,
} from "../functions/shared/resources";
import { Analytics } from "./constructs/analytics";
import { ArticleApi } from "./constructs/article-api";
import { ArticleFunction } from "./constructs/article-function";
import { ArticleStore } from "./constructs/article-store";
import { CaptureSweep } from "./constructs/capture-sweep";
import { Discovery } from "./constructs/discovery";
import { Observability } from "./constructs/observability";
import { SubmissionQueues } from "./constructs/submission-queues";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Handler modules bundled into the functions. */
export const DEFAULT_ENTRIES = {
  ingest: path.join(REPO_ROOT, "functions/ingest/handler.ts"),
  api: path.join(REPO_ROOT, "functions/api/handler.ts"),
  discovery: path.join(REPO_ROOT, "functions/discovery/handler.ts"),
  bulkList: path.join(REPO_ROOT, "functions/bulk/handler.ts"),
  analytics: path.join(REPO_ROOT, "functions/analytics/handler.ts"),
  sweep: path.join(REPO_ROOT, "functions/sweep/handler.ts"),
} as const;

/** Memory of the discovery function: one feed or sitemap (up to 10 MB) parsed per poll. */
const DISCOVERY_MEMORY_MB = 512;
/** Memory of the bulk-list function: the de-duplication set of a list (up to ~200 MB). */
const BULK_LIST_MEMORY_MB = 1024;
/** Memory of the API function: single reads and small queries. */
const API_MEMORY_MB = 512;
/** API requests are single GetItem/Query calls; anything slower is a bug. */
const API_TIMEOUT_SECONDS = 10;

export interface IngestSettings {
  stage: string;
  removalPolicy: "retain" | "destroy";
  /** SQS event source maxConcurrency. */
  ingestConcurrency: number;
  batchSize: number;
  batchingWindowSeconds: number;
  /** Runtime politeness interval; the handler's default when undefined. */
  politenessIntervalMs?: number;
  /** Runtime User-Agent; the handler's default when undefined. */
  userAgent?: string;
  alarmEmail?: string;
  logRetention: logs.RetentionDays;
  apiRateLimit: number;
  apiBurstLimit: number;
}

export interface IngestStackProps extends StackProps {
  settings: IngestSettings;
  /** Handler modules; DEFAULT_ENTRIES unless a test substitutes its own. */
  entries?: {
    ingest: string;
    api: string;
    analytics: string;
    discovery?: string;
    bulkList?: string;
    sweep?: string;
  };
}

export class IngestStack extends Stack {
  readonly store: ArticleStore;
  readonly queues: SubmissionQueues;
  readonly ingest: ArticleFunction;
  readonly apiFunction: ArticleFunction;
  readonly api: ArticleApi;
  readonly observability: Observability;
  readonly discoveryFunction: ArticleFunction;
  readonly bulkListFunction: ArticleFunction;
  readonly discovery: Discovery;
  readonly analytics: Analytics;
  readonly captureSweep: CaptureSweep;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const entries = { ...DEFAULT_ENTRIES, ...props.entries };
    const removalPolicy =
      settings.removalPolicy === "destroy" ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logs = { logRetention: settings.logRetention, logRemovalPolicy: RemovalPolicy.DESTROY };

    this.store = new ArticleStore(this, "Store", { removalPolicy });
    this.queues = new SubmissionQueues(this, "Queues");

    const runtimeSettings: Record<string, string> = {};
    if (settings.politenessIntervalMs !== undefined) {
      runtimeSettings[CONFIG_ENV.politenessIntervalMs] = String(settings.politenessIntervalMs);
    }
    if (settings.userAgent !== undefined) {
      runtimeSettings[CONFIG_ENV.userAgent] = settings.userAgent;
    }

    this.ingest = new ArticleFunction(this, "Ingest", {
      entry: entries.ingest,
      description: "Fetches, archives and extracts submitted article URLs",
      serviceName: SERVICE_NAME,
      timeout: Duration.seconds(INGEST_TIMEOUT_SECONDS),
      memorySize: INGEST_MEMORY_MB,
      environment: runtimeSettings,
      ...logs,
    });
    this.store.bindIngest(this.ingest);
    this.queues.bindProducer(this.ingest);
    this.queues.bindConsumer(this.ingest, {
      batchSize: settings.batchSize,
      batchingWindowSeconds: settings.batchingWindowSeconds,
      maxConcurrency: settings.ingestConcurrency,
    });

    this.apiFunction = new ArticleFunction(this, "ApiHandler", {
      entry: entries.api,
      description: "Answers the article-ingest HTTP API",
      serviceName: API_SERVICE_NAME,
      timeout: Duration.seconds(API_TIMEOUT_SECONDS),
      memorySize: API_MEMORY_MB,
      environment: runtimeSettings,
      ...logs,
    });
    this.store.bindApi(this.apiFunction);
    this.queues.bindProducer(this.apiFunction);

    this.api = new ArticleApi(this, "HttpApi", {
      handler: this.apiFunction,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      ...logs,
    });

    this.analytics = new Analytics(this, "Analytics", {
      entry: entries.analytics,
      store: this.store,
      ...logs,
    });
    this.captureSweep = new CaptureSweep(this, "CaptureSweep", {
      entry: entries.sweep,
      store: this.store,
      ...logs,
    });

    this.discoveryFunction = new ArticleFunction(this, "DiscoveryHandler", {
      entry: entries.discovery,
      description: "Dispatches due subscriptions and polls feeds and sitemaps for new URLs",
      serviceName: DISCOVERY_SERVICE_NAME,
      timeout: Duration.seconds(DISCOVERY_TIMEOUT_SECONDS),
      memorySize: DISCOVERY_MEMORY_MB,
      environment: runtimeSettings,
      ...logs,
    });
    this.bulkListFunction = new ArticleFunction(this, "BulkListHandler", {
      entry: entries.bulkList,
      description: "Submits the URL lists uploaded under submissions/, chunk by chunk",
      serviceName: BULK_LIST_SERVICE_NAME,
      timeout: Duration.seconds(BULK_LIST_TIMEOUT_SECONDS),
      memorySize: BULK_LIST_MEMORY_MB,
      environment: runtimeSettings,
      ...logs,
    });
    this.discovery = new Discovery(this, "Discovery", {
      store: this.store,
      submissions: this.queues,
      discovery: this.discoveryFunction,
      bulkList: this.bulkListFunction,
      api: this.apiFunction,
    });

    this.observability = new Observability(this, "Observability", {
      namePrefix: id,
      queue: this.queues.queue,
      deadLetterQueue: this.queues.deadLetterQueue,
      ingest: this.ingest,
      api: this.apiFunction,
      alarmEmail: settings.alarmEmail,
      discovery: {
        function: this.discoveryFunction,
        bulkList: this.bulkListFunction,
        queue: this.discovery.queue,
        deadLetterQueue: this.discovery.deadLetterQueue,
        bulkListDeadLetterQueue: this.discovery.bulkListDeadLetterQueue,
      },
    });

    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { key, value, description });
    output(STACK_OUTPUT_KEYS.queueUrl, this.queues.queue.queueUrl, "Submission queue URL");
    output(
      STACK_OUTPUT_KEYS.deadLetterQueueUrl,
      this.queues.deadLetterQueue.queueUrl,
      "Dead-letter queue URL",
    );
    output(STACK_OUTPUT_KEYS.apiUrl, this.api.url, "HTTP API base URL (IAM/SigV4 authorization)");
    output(STACK_OUTPUT_KEYS.bucketName, this.store.bucket.bucketName, "Archive bucket name");
    output(STACK_OUTPUT_KEYS.tableName, this.store.table.tableName, "Article table name");
    output(
      STACK_OUTPUT_KEYS.ingestFunctionName,
      this.ingest.function.functionName,
      "Ingest function name",
    );
    output(
      STACK_OUTPUT_KEYS.apiFunctionName,
      this.apiFunction.function.functionName,
      "API function",
    );
    output(
      STACK_OUTPUT_KEYS.discoveryQueueUrl,
      this.discovery.queue.queueUrl,
      "Discovery queue URL (one message per subscription poll)",
    );
    output(
      STACK_OUTPUT_KEYS.bulkListQueueUrl,
      this.discovery.bulkListQueue.queueUrl,
      "Bulk-list queue URL (lists under submissions/ and their chunks)",
    );
    output(STACK_OUTPUT_KEYS.alarmTopicArn, this.observability.topic.topicArn, "Alarm SNS topic");
    output(
      STACK_OUTPUT_KEYS.dashboardName,
      this.observability.dashboard.dashboardName,
      "CloudWatch dashboard",
    );
  }
}
