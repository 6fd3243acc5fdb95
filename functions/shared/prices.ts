/**
 * The one price table: AWS list prices of US East (N. Virginia), as published in 2025 (after
 * the DynamoDB on-demand price cut of 1 November 2024), the latest consulted on `PRICES_AS_OF`
 * without network access. `npm run load` (scripts/cost-model.ts) and docs/deploy.md use these
 * figures; check aws.amazon.com/pricing before relying on them. Free tiers are ignored.
 */
export const PRICES_AS_OF = "2026-12-01";
export const PRICES_REGION = "us-east-1";

export const PRICES = {
  lambda: {
    /** arm64 (Graviton), first 7.5 billion GB-s a month. */
    perGbSecond: 0.0000133334,
    perMillionRequests: 0.2,
  },
  sqs: {
    /** Standard queue, per million requests (a batch of up to 10 messages is one request). */
    perMillionRequests: 0.4,
  },
  dynamodb: {
    /** On-demand: one write request unit is a write of up to 1 KB (a transaction uses two). */
    perMillionWriteUnits: 0.625,
    /** On-demand: one read request unit is a strongly consistent read of up to 4 KB. */
    perMillionReadUnits: 0.125,
    storagePerGbMonth: 0.25,
    pitrPerGbMonth: 0.2,
  },
  s3: {
    /** S3 Standard: PUT, COPY, POST, LIST. */
    perThousandPuts: 0.005,
    /** S3 Standard: GET, HEAD and all other requests (DELETE is free). */
    perThousandGets: 0.0004,
    storagePerGbMonth: 0.023,
  },
  cloudwatch: {
    logsIngestedPerGb: 0.5,
    logsStoredPerGbMonth: 0.03,
    alarmPerMonth: 0.1,
    dashboardPerMonth: 3,
    customMetricPerMonth: 0.3,
  },
  apiGateway: {
    httpApiPerMillionRequests: 1,
  },
  /** The analytics copy's query side: nothing is charged until a query runs. */
  athena: {
    perTbScanned: 5,
    minimumBytesPerQuery: 10_000_000,
  },
  glue: {
    /** Data Catalog: the first million objects stored and requests a month are free. */
    freeObjects: 1_000_000,
    perHundredThousandObjectsMonth: 1,
    perMillionRequests: 1,
  },
} as const;

/**
 * Bytes Lambda itself writes to the function's log group per invocation (the START, END and
 * REPORT lines), which the function's own log lines do not include.
 */
export const LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION = 350;
