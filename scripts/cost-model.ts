/**
 * Prices what a run measured (a `UsageMeter` snapshot, the handler's invocations and their
 * durations, the log bytes written) with the one price table (functions/shared/prices.ts),
 * as a cost per million articles with its breakdown. `npm run load` prints it; the cost
 * test (tests/integration/cost.test.ts) checks the request counts behind it.
 */
import type { UsageSnapshot } from "../functions/adapters/usage-meter";
import {
  LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION,
  PRICES,
  PRICES_AS_OF,
  PRICES_REGION,
} from "../functions/shared/prices";

export interface RunMeasurement {
  usage: UsageSnapshot;
  /** Handler invocations (SQS batches). */
  invocations: number;
  /** Sum of the measured handler durations, in ms. */
  handlerMs: number;
  /** Configured memory of the function, in MB. */
  memoryMb: number;
  /** Bytes of log lines the handler wrote (its own; the platform's are added per invocation). */
  logBytes: number;
  /** Articles the run stored (`ok` records): the denominator. */
  articles: number;
  /**
   * Requests (`<service>:<command>`) that only the local stand-ins cause, with why: counted
   * and shown, but not priced, since AWS would not be asked for them.
   */
  localOnly?: Record<string, string>;
}

export interface CostLine {
  item: string;
  /** What was measured, per article. */
  perArticle: string;
  /** Dollars per million articles. */
  perMillion: number;
}

export interface CostReport {
  lines: CostLine[];
  perMillion: number;
  /** S3 bytes stored per article (what a million articles add to the monthly storage bill). */
  s3BytesPerArticle: number;
}

const S3_PUT_KINDS = new Set([
  "PutObject",
  "CopyObject",
  "PostObject",
  "ListObjects",
  "ListObjectsV2",
  "CreateMultipartUpload",
  "UploadPart",
  "CompleteMultipartUpload",
]);
const S3_FREE = new Set(["DeleteObject", "DeleteObjects"]);

/** Requests per article by service and command (`s3:PutObject` → 1.02). */
export function requestsPerArticle(run: RunMeasurement): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(run.usage.requests)) out[name] = n / run.articles;
  return out;
}

export function priceRun(run: RunMeasurement): CostReport {
  const per = (n: number) => n / run.articles;
  const million = (n: number) => per(n) * 1e6;
  const requests = Object.entries(run.usage.requests).filter(
    ([name]) => !Object.hasOwn(run.localOnly ?? {}, name),
  );
  const count = (service: string, test: (command: string) => boolean) =>
    requests
      .filter(([name]) => name.startsWith(`${service}:`))
      .filter(([name]) => test(name.slice(service.length + 1)))
      .reduce((sum, [, n]) => sum + n, 0);
  const s3Puts = count("s3", (c) => S3_PUT_KINDS.has(c));
  const s3Gets = count("s3", (c) => !S3_PUT_KINDS.has(c) && !S3_FREE.has(c));
  const sqs = count("sqs", () => true);
  const gbSeconds = (run.handlerMs / 1000) * (run.memoryMb / 1024);
  const logBytes = run.logBytes + run.invocations * LAMBDA_PLATFORM_LOG_BYTES_PER_INVOCATION;
  const lines: CostLine[] = [
    {
      item: "Lambda duration",
      perArticle: `${per(gbSeconds).toFixed(4)} GB-s (${per(run.handlerMs).toFixed(0)} ms at ${run.memoryMb} MB)`,
      perMillion: million(gbSeconds) * PRICES.lambda.perGbSecond,
    },
    {
      item: "Lambda requests",
      perArticle: `${per(run.invocations).toFixed(3)} invocations`,
      perMillion: (million(run.invocations) / 1e6) * PRICES.lambda.perMillionRequests,
    },
    {
      item: "DynamoDB writes",
      perArticle: `${per(run.usage.dynamodbWriteUnits).toFixed(2)} WRU`,
      perMillion:
        (million(run.usage.dynamodbWriteUnits) / 1e6) * PRICES.dynamodb.perMillionWriteUnits,
    },
    {
      item: "DynamoDB reads",
      perArticle: `${per(run.usage.dynamodbReadUnits).toFixed(2)} RRU`,
      perMillion:
        (million(run.usage.dynamodbReadUnits) / 1e6) * PRICES.dynamodb.perMillionReadUnits,
    },
    {
      item: "S3 PUT-class requests",
      perArticle: `${per(s3Puts).toFixed(3)}`,
      perMillion: (million(s3Puts) / 1000) * PRICES.s3.perThousandPuts,
    },
    {
      item: "S3 GET-class requests",
      perArticle: `${per(s3Gets).toFixed(3)}`,
      perMillion: (million(s3Gets) / 1000) * PRICES.s3.perThousandGets,
    },
    {
      item: "SQS requests",
      perArticle: `${per(sqs).toFixed(3)}`,
      perMillion: (million(sqs) / 1e6) * PRICES.sqs.perMillionRequests,
    },
    {
      item: "CloudWatch Logs ingested",
      perArticle: `${per(logBytes).toFixed(0)} bytes`,
      perMillion: (million(logBytes) / 1e9) * PRICES.cloudwatch.logsIngestedPerGb,
    },
  ];
  return {
    lines,
    perMillion: lines.reduce((sum, line) => sum + line.perMillion, 0),
    s3BytesPerArticle: per(run.usage.s3BytesPut),
  };
}

/**
 * The write units per article split by what the writes were for: the kinds adapters report
 * (the host store's politeness writes) and the rest (the article records).
 */
export function writesByKind(run: RunMeasurement): string[] {
  const kinds = Object.entries(run.usage.writesByKind ?? {});
  if (kinds.length === 0) return [];
  const per = (n: number) => n / run.articles;
  const attributed = kinds.reduce((sum, [, entry]) => sum + entry.writeUnits, 0);
  return [
    `  DynamoDB writes by kind, per article: ${kinds
      .map(
        ([kind, entry]) =>
          `${kind} ${per(entry.writes).toFixed(3)} (${per(entry.writeUnits).toFixed(2)} WRU)`,
      )
      .join(
        ", ",
      )}; all of these ${per(attributed).toFixed(2)} WRU; the rest (article records) ${per(run.usage.dynamodbWriteUnits - attributed).toFixed(2)} WRU; conditions failed ${per(run.usage.dynamodbConditionFailures ?? 0).toFixed(3)} (1 WRU each)`,
  ];
}

/** The report as printed by `npm run load`. */
export function formatCost(run: RunMeasurement, report: CostReport = priceRun(run)): string[] {
  const width = Math.max(...report.lines.map((line) => line.item.length));
  const requests = requestsPerArticle(run);
  const storedGb = (report.s3BytesPerArticle * 1e6) / 1e9;
  return [
    `cost model: ${PRICES_REGION} list prices as of ${PRICES_AS_OF} (functions/shared/prices.ts), per ok article (${run.articles}), as AWS would bill it`,
    ...report.lines.map(
      (line) =>
        `  ${line.item.padEnd(width)}  $${line.perMillion.toFixed(2).padStart(6)}  (${line.perArticle} per article)`,
    ),
    `  requests per article: ${Object.entries(requests)
      .map(([name, n]) => `${name} ${n.toFixed(3)}`)
      .join(", ")}`,
    ...writesByKind(run),
    ...Object.entries(run.localOnly ?? {})
      .filter(([name]) => requests[name] !== undefined)
      .map(
        ([name, why]) =>
          `  not billed on AWS: ${name} ${(requests[name] ?? 0).toFixed(3)} per article (${why}; local stand-in only)`,
      ),
    `  S3 stored: ${(report.s3BytesPerArticle / 1024).toFixed(1)} KB per article = ${storedGb.toFixed(1)} GB per million ($${(storedGb * PRICES.s3.storagePerGbMonth).toFixed(2)} a month)`,
    `cost per million articles: $${report.perMillion.toFixed(2)}`,
  ];
}
