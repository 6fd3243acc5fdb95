/**
 * The one definition of the table, bucket and queues. The CDK stack and the local
 * launcher both build their resources from these values, so the two cannot drift.
 * Plain data only: no CDK and no SDK imports.
 */

/** Attribute names of the single table's keys and indexes. */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Time-to-live attribute (epoch seconds) for caches such as robots.txt and host slots. */
  ttl: "expiresAt",
} as const;

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  purpose: string;
  /**
   * The attributes the index copies besides the keys: `ALL`, or only these (DynamoDB's
   * `INCLUDE`). Every write of an item is billed once more per index it is in, by the size
   * of the copy: article indexes copy only what the list routes show.
   */
  projection: "ALL" | readonly string[];
}

/**
 * The record fields the article indexes copy: what a listing shows per record (the API's
 * `ArticleSummary`, the CLI's `list`, `failures` and `stats` tables). A caller that needs the
 * whole record reads the latest items by key (`ArticleTable.fullRecords`).
 */
export const INDEXED_RECORD_FIELDS = [
  "articleId",
  "url",
  "site",
  "title",
  "publishedAt",
  "fetchedAt",
  "checkedAt",
  "status",
  "failure",
  "language",
  "wordCount",
  "version",
] as const;

/**
 * Global secondary indexes. All are sparse: an item carries an index's keys only when it
 * belongs in that access pattern.
 */
export const TABLE_INDEXES = {
  bySite: {
    name: "by-site-published",
    partitionKey: "sitePk",
    sortKey: "publishedSk",
    purpose: "a site's articles by publication date, newest first",
    projection: INDEXED_RECORD_FIELDS,
  },
  failures: {
    name: "failures-by-time",
    partitionKey: "failurePk",
    sortKey: "failureSk",
    purpose: "failed and skipped records by time (sparse: only failures carry the keys)",
    projection: INDEXED_RECORD_FIELDS,
  },
  recent: {
    name: "recent-by-time",
    partitionKey: "recentPk",
    sortKey: "recentSk",
    purpose: "recently ingested articles, sharded by day and shard number",
    projection: INDEXED_RECORD_FIELDS,
  },
  subscriptions: {
    name: "subscriptions-by-due",
    partitionKey: "subsPk",
    sortKey: "subsSk",
    purpose:
      "watched feeds and sitemaps, sharded: active ones by next poll time (`DUE#<time>#<id>`), paused ones after them (`PAUSED#<id>`)",
    // Few items, read whole by the due scan.
    projection: "ALL",
  },
} as const satisfies Record<string, IndexDefinition>;

/** Shards of the subscriptions index, so a few thousand subscriptions are no hot partition. */
export const SUBSCRIPTION_SHARDS = 4;

/** Shards per day of the recent index, so one busy day is not one hot partition. */
export const RECENT_SHARDS = 8;

export const TABLE_DEFINITION = {
  logicalName: "Articles",
  keys: TABLE_KEYS,
  indexes: Object.values(TABLE_INDEXES) as IndexDefinition[],
  billing: "PAY_PER_REQUEST",
} as const;

export interface QueueDefinition {
  /** Seconds a received message stays invisible; >= 6x the ingest function's timeout on AWS. */
  visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
  retentionSeconds: number;
  deadLetterRetentionSeconds: number;
  receiveWaitSeconds: number;
}

/** Ingest function timeout on AWS; the queue's visibility timeout is derived from it. */
export const INGEST_TIMEOUT_SECONDS = 60;
/**
 * Memory of the ingest function (MB): the load run prices its measured handler time at this
 * size (scripts/cost-model.ts), and Lambda's CPU share scales with it.
 */
export const INGEST_MEMORY_MB = 1024;

export const QUEUE_DEFINITION: QueueDefinition = {
  visibilityTimeoutSeconds: INGEST_TIMEOUT_SECONDS * 6,
  maxReceiveCount: 3,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  receiveWaitSeconds: 20,
};

/** Discovery function timeout on AWS: one poll of one subscription (a sitemap index and its children). */
export const DISCOVERY_TIMEOUT_SECONDS = 300;

/** The discovery queue: one message per due subscription (see functions/discovery/). */
export const DISCOVERY_QUEUE_DEFINITION: QueueDefinition = {
  visibilityTimeoutSeconds: DISCOVERY_TIMEOUT_SECONDS * 2,
  maxReceiveCount: 3,
  retentionSeconds: 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  receiveWaitSeconds: 20,
};

/** Bulk-list function timeout on AWS: one chunk of a list (functions/bulk/). */
export const BULK_LIST_TIMEOUT_SECONDS = 300;

/** The bulk-list queue: S3 notifications of new lists, then one message per chunk. */
export const BULK_LIST_QUEUE_DEFINITION: QueueDefinition = {
  visibilityTimeoutSeconds: BULK_LIST_TIMEOUT_SECONDS * 2,
  maxReceiveCount: 3,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  receiveWaitSeconds: 20,
};

/** How often the schedule looks for due subscriptions (the shortest poll interval). */
export const DISCOVERY_SCHEDULE_MINUTES = 1;

/**
 * The submission queue's settings as SQS queue attributes, under the names CloudFormation's
 * `AWS::SQS::Queue` uses too. The local launcher creates its queue with them and the CDK
 * construct builds its queue from them (tests/infra/queues.test.ts checks the template).
 */
export function submissionQueueAttributes(definition: QueueDefinition, deadLetterArn: string) {
  return {
    VisibilityTimeout: definition.visibilityTimeoutSeconds,
    MessageRetentionPeriod: definition.retentionSeconds,
    ReceiveMessageWaitTimeSeconds: definition.receiveWaitSeconds,
    RedrivePolicy: {
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: definition.maxReceiveCount,
    },
  };
}

/** The dead-letter queue's settings as SQS queue attributes (see submissionQueueAttributes). */
export function deadLetterQueueAttributes(definition: QueueDefinition) {
  return { MessageRetentionPeriod: definition.deadLetterRetentionSeconds };
}

export const BUCKET_DEFINITION = {
  logicalName: "Archive",
  prefixes: {
    /** WARC captures: `warc/<articleId>/<version>-<sha256 prefix>-<extractor>.warc.gz`. */
    warc: "warc/",
    /** Raw copies stored before WARC (read only). */
    raw: "raw/",
    /** Extraction documents stored before WARC (read only). */
    articles: "articles/",
  },
  /**
   * Shared WARC objects, each holding the captures of one ingest invocation
   * (`warc/batch/<yyyy-mm-dd>/<hhmmss>-<digest>.warc.gz`): under `warc/`, so its grants cover them.
   */
  sharedCapturesPrefix: "warc/batch/",
  /** Bulk URL lists; each object uploaded here is submitted and gets a report beside it. */
  submissionsPrefix: "submissions/",
  /** Suffix of a bulk list's report (`submissions/x.txt` -> `submissions/x.txt.report.json`). */
  reportSuffix: ".report.json",
  /** Where a bulk list's intermediate state lives while it is worked through. */
  bulkWorkPrefix: "bulk-work/",
  /** Days after which noncurrent object versions and incomplete uploads are removed. */
  noncurrentVersionExpirationDays: 90,
  abortIncompleteUploadDays: 1,
} as const;

/**
 * The analytics copy in the deployed stack: Parquet files of the export schema under
 * `prefix` in the archive bucket, one per 15-minute slot of checks
 * (`<prefix>ingest_date=YYYY-MM-DD/<slot start>.parquet`), a Glue table over them and an
 * Athena workgroup writing its results under `resultsPrefix`. Kept apart from the bucket's
 * archive prefixes: the ingest and API functions get no access to it.
 */
export const ANALYTICS_DEFINITION = {
  prefix: "analytics/articles/",
  resultsPrefix: "athena-results/",
  partitionKey: "ingest_date",
  /** The writer runs every this many minutes and writes the slots before the current one. */
  slotMinutes: 15,
  /** Slots each run (re)writes: two, so one failed run is made good by the next. */
  slotsPerRun: 2,
  /** Most records one slot's file holds; a fuller slot fails the run (and is retried). */
  maxRowsPerSlot: 200_000,
  /** First partition date Athena's partition projection considers. */
  firstDate: "2026-01-01",
  /** Largest scan one Athena query of the workgroup may make (10 GB). */
  bytesScannedCutoff: 10_000_000_000,
} as const;

/**
 * CloudFormation output keys of the deployed stack: the CLI's contract with it
 * (`--stack NAME` finds the queues, bucket, table and API from these alone). Stable.
 */
export const STACK_OUTPUT_KEYS = {
  queueUrl: "QueueUrl",
  deadLetterQueueUrl: "DeadLetterQueueUrl",
  apiUrl: "ApiUrl",
  bucketName: "BucketName",
  tableName: "TableName",
  ingestFunctionName: "IngestFunctionName",
  apiFunctionName: "ApiFunctionName",
  alarmTopicArn: "AlarmTopicArn",
  dashboardName: "DashboardName",
  discoveryQueueUrl: "DiscoveryQueueUrl",
  bulkListQueueUrl: "BulkListQueueUrl",
} as const;

/** Names of the local stand-in resources (AWS names come from CloudFormation). */
export const LOCAL_NAMES = {
  table: "article-ingest-articles",
  bucket: "article-ingest-archive",
  queue: "article-ingest-submissions",
  deadLetterQueue: "article-ingest-submissions-dlq",
} as const;

/** Names of a deployment's discovery and bulk-list queues, derived from its submission queue's. */
export function auxiliaryQueueNames(queue: string) {
  return {
    discovery: `${queue}-discovery`,
    discoveryDeadLetter: `${queue}-discovery-dlq`,
    bulkList: `${queue}-lists`,
    bulkListDeadLetter: `${queue}-lists-dlq`,
  };
}
