/**
 * Every way an ingest can end badly, and what the pipeline does about it.
 *
 * Each error is classified once, here. Adapters and the fetcher throw an
 * `IngestError` (or let an SDK error through); `classify()` turns anything
 * thrown into one of three dispositions:
 *
 * - `permanent`: write a `failed`/`skipped` record and acknowledge the message.
 * - `retryable`: report the message in `batchItemFailures`; SQS retries it and,
 *   after `maxReceiveCount`, moves it to the dead-letter queue.
 * - `throttled`: our own politeness said "not yet"; re-enqueue with a delay,
 *   not counted as a failure.
 */

export const FAILURE_CODES = {
  "invalid-message": "the queue message is not a URL or a valid JSON submission",
  "invalid-url": "the URL is malformed, not http(s), or has credentials",
  "blocked-address": "the host resolves to a private, loopback, link-local or reserved address",
  "blocked-port": "the URL uses a port that is not allowed",
  "dns-error": "the host name does not resolve",
  "robots-disallowed": "the site's robots.txt disallows our user agent for this URL",
  "http-4xx": "the server answered with a client error (other than 408/429)",
  "http-5xx": "the server answered with a server error",
  "http-429": "the server asked us to slow down",
  "host-busy": "the host was fetched too recently by another worker; the URL is re-enqueued",
  "too-many-redirects": "the redirect chain is too long or loops",
  timeout: "connecting or reading the response took too long",
  "connection-error": "the connection failed or was reset",
  "too-large": "the response body (or its decompressed form) exceeds the size limit",
  "not-html": "the response is not HTML or XHTML",
  "not-article": "the page holds no article text",
  "decode-error": "the body could not be decompressed or decoded",
  "storage-error": "writing to S3 or DynamoDB failed",
  "not-found": "a referenced stored object does not exist",
  internal: "an unexpected error (a bug)",
} as const;

export type FailureCode = keyof typeof FAILURE_CODES;

export type Disposition = "permanent" | "retryable" | "throttled";

/** Which disposition each code has when nothing more specific is known. */
const DEFAULT_DISPOSITION: Record<FailureCode, Disposition> = {
  "invalid-message": "permanent",
  "invalid-url": "permanent",
  "blocked-address": "permanent",
  "blocked-port": "permanent",
  "dns-error": "retryable",
  "robots-disallowed": "permanent",
  "http-4xx": "permanent",
  "http-5xx": "retryable",
  "http-429": "throttled",
  "host-busy": "throttled",
  "too-many-redirects": "permanent",
  timeout: "retryable",
  "connection-error": "retryable",
  "too-large": "permanent",
  "not-html": "permanent",
  "not-article": "permanent",
  "decode-error": "permanent",
  "storage-error": "retryable",
  "not-found": "permanent",
  internal: "retryable",
};

/** Status a permanent failure is recorded with: robots is a choice of the site, not an error. */
export function statusForCode(code: FailureCode): "failed" | "skipped" {
  return code === "robots-disallowed" || code === "not-article" ? "skipped" : "failed";
}

export interface IngestErrorOptions {
  cause?: unknown;
  /** Overrides the code's default disposition (e.g. a 404 vs a 408). */
  disposition?: Disposition;
  /** For `throttled`: how long to wait before trying again. */
  retryAfterMs?: number;
  httpStatus?: number;
}

export class IngestError extends Error {
  readonly code: FailureCode;
  readonly disposition: Disposition;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: FailureCode, message: string, options: IngestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IngestError";
    this.code = code;
    this.disposition = options.disposition ?? DEFAULT_DISPOSITION[code];
    this.retryAfterMs = options.retryAfterMs;
    this.httpStatus = options.httpStatus;
  }

  get retryable(): boolean {
    return this.disposition === "retryable";
  }
}

export interface Classification {
  code: FailureCode;
  disposition: Disposition;
  message: string;
  retryAfterMs?: number;
  httpStatus?: number;
}

/** AWS SDK v3 error names that mean "slow down", never a bug of ours. */
const AWS_THROTTLING_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "SlowDown",
  "RequestThrottled",
  "RequestThrottledException",
  "LimitExceededException",
]);

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Turns anything thrown into a failure code and what to do about it. */
export function classify(error: unknown): Classification {
  if (error instanceof IngestError) {
    const result: Classification = {
      code: error.code,
      disposition: error.disposition,
      message: error.message,
    };
    if (error.retryAfterMs !== undefined) result.retryAfterMs = error.retryAfterMs;
    if (error.httpStatus !== undefined) result.httpStatus = error.httpStatus;
    return result;
  }
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkLikeError;
  const name = typeof sdk.name === "string" ? sdk.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (AWS_THROTTLING_NAMES.has(name) || sdk.$retryable !== undefined) {
    return { code: "storage-error", disposition: "retryable", message: `${name}: ${message}` };
  }
  if (sdk.$fault === "server" || sdk.$fault === "client") {
    // A client fault from AWS (validation, access denied) will not heal by itself, but
    // the message must not be lost: let SQS retry it into the dead-letter queue.
    return { code: "storage-error", disposition: "retryable", message: `${name}: ${message}` };
  }
  if (name === "TimeoutError" || name === "AbortError") {
    return { code: "timeout", disposition: "retryable", message };
  }
  return { code: "internal", disposition: "retryable", message: `${name || "Error"}: ${message}` };
}
