/**
 * Every way an ingest can end badly, and what the pipeline does about it.
 *
 * A throw site says *what happened*: an `IngestError` with a failure code and the facts it
 * saw (the HTTP status, a `Retry-After`, the low-level error code, whether it was the
 * host's robots.txt). This module alone says *what to do*, in two tables:
 *
 * - `FAILURE_POLICY`: per code, the disposition (first matching row wins);
 * - `CONTEXT_POLICY`: how the stage and the message's history change it (a sick robots.txt
 *   defers instead of retrying; a URL deferred too often, or a write that lost too many
 *   races, goes back to SQS).
 *
 * Dispositions:
 *
 * - `permanent`: write a `failed`/`skipped` record (`FAILURE_CODES[code].status`) and
 *   acknowledge the message.
 * - `retryable`: report the message in `batchItemFailures`; SQS delivers it again and,
 *   after `maxReceiveCount`, moves it to the dead-letter queue.
 * - `throttled`: our own politeness or the server said "not yet": re-enqueue the URL with
 *   `delayMs`, not counted as a failure.
 * - `dead-letter`: the message cannot be recorded at all (it names no URL): report it in
 *   `batchItemFailures` so SQS moves it to the dead-letter queue.
 * - `reread`: another worker wrote the record first: read it again and redo the write.
 *
 * AWS SDK errors are turned into `storage-error`s by one translator (`awsError`), keyed on
 * `name`, `$retryable` and `$fault`, keeping the original as `cause`.
 */

/** Every failure code, what it means, and how a permanent failure of it is recorded. */
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
  "not-feed":
    "a watched feed or sitemap, or a bulk list, is not in a format we read (an HTML page, XML of another kind, bytes that do not parse)",
  "not-article": "the page holds no article text",
  "too-complex":
    "extracting the page needed more time or memory than its budget, or the page has more elements than are extracted",
  "decode-error": "the body could not be decompressed or decoded",
  "record-too-large":
    "the record would not fit in a DynamoDB item (400 KB), even with every field bounded",
  "storage-error": "writing to S3 or DynamoDB failed",
  "version-conflict": "another worker wrote the record first",
  "not-found": "a referenced stored object does not exist",
  internal: "an unexpected error (a bug)",
} as const;

export type FailureCode = keyof typeof FAILURE_CODES;

export type Disposition = "permanent" | "retryable" | "throttled" | "dead-letter" | "reread";

/** Codes recorded as `skipped` rather than `failed`: a choice of the site, not an error. */
const SKIPPED_CODES: ReadonlySet<FailureCode> = new Set(["robots-disallowed", "not-article"]);

/** Status a permanent failure is recorded with. */
export function statusForCode(code: FailureCode): "failed" | "skipped" {
  return SKIPPED_CODES.has(code) ? "skipped" : "failed";
}

/** Delay for a 429 (or a throttled robots.txt) when the server gives no usable Retry-After. */
export const DEFAULT_THROTTLE_MS = 60_000;
/** How long a URL waits when its host's robots.txt is unreachable (also its cache lifetime). */
export const ROBOTS_UNREACHABLE_TTL_MS = 60_000;
/** Shortest deferral, also for a `Retry-After: 0`, so a URL never spins through the queue. */
export const MIN_DEFERRAL_MS = 1000;
/** How many times one URL may be deferred for politeness before SQS retries take over. */
export const MAX_DEFERRALS = 24;
/** Attempts at a conditional write before giving the message back to SQS. */
export const MAX_WRITE_ATTEMPTS = 3;

/** What the AWS SDK said about an error (see `awsError`). */
export interface AwsErrorFacts {
  /** The exception name (`ThrottlingException`, `ValidationException`, ...). */
  name: string;
  fault?: "client" | "server";
  /** The SDK marked it retryable (`$retryable`) or it is a throttling name. */
  transient: boolean;
}

/** What a throw site saw; the policy decides from these. */
export interface FailureFacts {
  httpStatus?: number;
  /** The server's Retry-After, parsed (ms from now), or our own politeness delay. */
  retryAfterMs?: number;
  /** The low-level error code: errno (`ENOTFOUND`), TLS (`CERT_HAS_EXPIRED`), parser (`HPE_*`). */
  causeCode?: string;
  /** What was being fetched: the page (default) or the host's robots.txt. */
  stage?: "page" | "robots";
  aws?: AwsErrorFacts;
}

/** Where the message is in its life, for the context rules. */
export interface PolicyContext {
  /** How often this URL was deferred already. */
  deferrals?: number;
  /** 1 on the first conditional write, more after losing races. */
  writeAttempt?: number;
}

export interface Decision {
  disposition: Disposition;
  /** For `throttled`: how long to wait before trying again (at least `MIN_DEFERRAL_MS`). */
  delayMs?: number;
}

interface PolicyRow {
  code: FailureCode;
  /** Applies only when this holds; rows without it match every failure of the code. */
  when?: (facts: FailureFacts) => boolean;
  disposition: Disposition;
  /** For `throttled`: the delay. */
  delayMs?: (facts: FailureFacts) => number;
  /** Why, in a few words (shown in the docs). */
  why: string;
}

/** Statuses that will not change by asking again. */
const PERMANENT_5XX = new Set([501, 505]);
/** Client errors that are about timing, not about the request. */
const RETRYABLE_4XX = new Set([408, 425]);
/** TLS errors that name a bad certificate: asking again gets the same certificate. */
const PERMANENT_TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const retryAfterOr =
  (fallbackMs: number) =>
  (facts: FailureFacts): number =>
    facts.retryAfterMs ?? fallbackMs;

/**
 * What each failure means for the message. Rows are read top to bottom; the first row of
 * the code whose `when` holds decides. Every code has a last row without `when`.
 */
export const FAILURE_POLICY: readonly PolicyRow[] = [
  { code: "invalid-message", disposition: "dead-letter", why: "no URL to record it under" },
  { code: "invalid-url", disposition: "permanent", why: "the URL will not change" },
  { code: "blocked-address", disposition: "permanent", why: "never fetched, by design" },
  { code: "blocked-port", disposition: "permanent", why: "never fetched, by design" },
  {
    code: "dns-error",
    when: (f) => f.causeCode === "ENOTFOUND",
    disposition: "permanent",
    why: "the name does not exist (NXDOMAIN)",
  },
  { code: "dns-error", disposition: "retryable", why: "the resolver failed or found no address" },
  { code: "robots-disallowed", disposition: "permanent", why: "the site's choice" },
  {
    code: "http-4xx",
    when: (f) => f.httpStatus !== undefined && RETRYABLE_4XX.has(f.httpStatus),
    disposition: "retryable",
    why: "408/425 are about timing",
  },
  { code: "http-4xx", disposition: "permanent", why: "asking again gets the same answer" },
  {
    code: "http-5xx",
    when: (f) => f.httpStatus === 503 && f.retryAfterMs !== undefined,
    disposition: "throttled",
    delayMs: retryAfterOr(DEFAULT_THROTTLE_MS),
    why: "503 with Retry-After: come back when asked",
  },
  {
    code: "http-5xx",
    when: (f) => f.httpStatus !== undefined && PERMANENT_5XX.has(f.httpStatus),
    disposition: "permanent",
    why: "501/505: the server cannot serve this request",
  },
  { code: "http-5xx", disposition: "retryable", why: "servers recover" },
  {
    code: "http-429",
    disposition: "throttled",
    delayMs: retryAfterOr(DEFAULT_THROTTLE_MS),
    why: "the server asked us to slow down",
  },
  {
    code: "host-busy",
    disposition: "throttled",
    delayMs: retryAfterOr(MIN_DEFERRAL_MS),
    why: "our own politeness slot is taken",
  },
  { code: "too-many-redirects", disposition: "permanent", why: "the chain will not change" },
  { code: "timeout", disposition: "retryable", why: "slow servers recover" },
  {
    code: "connection-error",
    when: (f) => f.causeCode?.startsWith("HPE_") === true,
    disposition: "permanent",
    why: "the server does not speak HTTP/1.1",
  },
  {
    code: "connection-error",
    when: (f) => f.causeCode !== undefined && PERMANENT_TLS_CODES.has(f.causeCode),
    disposition: "permanent",
    why: "the certificate is refused",
  },
  { code: "connection-error", disposition: "retryable", why: "resets and refusals heal" },
  { code: "too-large", disposition: "permanent", why: "the page will not shrink" },
  { code: "not-html", disposition: "permanent", why: "the page will not become HTML" },
  {
    code: "not-feed",
    disposition: "permanent",
    why: "recorded in the subscription's health; the next scheduled poll tries again",
  },
  { code: "not-article", disposition: "permanent", why: "recorded as skipped" },
  { code: "too-complex", disposition: "permanent", why: "the same bytes need the same work" },
  { code: "decode-error", disposition: "permanent", why: "the bytes will not change" },
  {
    code: "record-too-large",
    disposition: "permanent",
    why: "the same page makes the same record: retrying only fills the dead-letter queue",
  },
  {
    code: "storage-error",
    disposition: "retryable",
    why: "AWS faults heal; a client fault still ends in the dead-letter queue, never lost",
  },
  { code: "version-conflict", disposition: "reread", why: "read the winner's record, write again" },
  { code: "not-found", disposition: "permanent", why: "the stored object is gone" },
  { code: "internal", disposition: "retryable", why: "a bug: keep the message, end in the DLQ" },
];

interface ContextRow {
  /** Applies to decisions with this disposition... */
  from: Disposition;
  /** ...when this holds. */
  when: (facts: FailureFacts, context: PolicyContext) => boolean;
  to: Disposition;
  delayMs?: (facts: FailureFacts) => number;
  why: string;
}

/**
 * How the stage and the message's history change a decision, applied in order after
 * `FAILURE_POLICY`.
 */
export const CONTEXT_POLICY: readonly ContextRow[] = [
  {
    from: "retryable",
    when: (f) => f.stage === "robots",
    to: "throttled",
    delayMs: retryAfterOr(ROBOTS_UNREACHABLE_TTL_MS),
    why: "a sick robots.txt defers its URLs instead of spending their receives",
  },
  {
    from: "throttled",
    when: (f) => f.stage === "robots",
    to: "throttled",
    delayMs: retryAfterOr(ROBOTS_UNREACHABLE_TTL_MS),
    why: "an unreachable robots.txt is asked again after its Retry-After or a minute",
  },
  {
    from: "throttled",
    when: (_f, c) => (c.deferrals ?? 0) >= MAX_DEFERRALS,
    to: "retryable",
    why: "deferred too often: SQS retries take over, ending in the DLQ",
  },
  {
    from: "reread",
    when: (_f, c) => (c.writeAttempt ?? 1) >= MAX_WRITE_ATTEMPTS,
    to: "retryable",
    why: "lost the write race too often: SQS delivers the message again",
  },
];

/** The one decision: what to do about a failure with these facts, at this point. */
export function decide(
  code: FailureCode,
  facts: FailureFacts = {},
  context: PolicyContext = {},
): Decision {
  const row = FAILURE_POLICY.find((r) => r.code === code && (r.when?.(facts) ?? true));
  // Every code has a catch-all row (tested); this fallback only guards a broken table.
  let disposition: Disposition = row?.disposition ?? "retryable";
  let delayMs = row?.delayMs?.(facts);
  for (const adjust of CONTEXT_POLICY) {
    if (adjust.from === disposition && adjust.when(facts, context)) {
      disposition = adjust.to;
      delayMs = adjust.delayMs?.(facts) ?? delayMs;
    }
  }
  if (disposition !== "throttled") return { disposition };
  return { disposition, delayMs: Math.max(delayMs ?? MIN_DEFERRAL_MS, MIN_DEFERRAL_MS) };
}

export interface IngestErrorOptions extends FailureFacts {
  cause?: unknown;
}

export class IngestError extends Error {
  readonly code: FailureCode;
  readonly facts: Readonly<FailureFacts>;

  constructor(code: FailureCode, message: string, options: IngestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IngestError";
    this.code = code;
    const { cause: _cause, ...facts } = options;
    this.facts = facts;
  }

  get httpStatus(): number | undefined {
    return this.facts.httpStatus;
  }

  get retryAfterMs(): number | undefined {
    return this.facts.retryAfterMs;
  }

  /** The policy's disposition without message context. */
  get disposition(): Disposition {
    return decide(this.code, this.facts).disposition;
  }
}

export interface Classification {
  code: FailureCode;
  disposition: Disposition;
  message: string;
  /** For `throttled`: the delay the policy chose. */
  retryAfterMs?: number;
  httpStatus?: number;
}

/** Turns anything thrown into a failure code and what to do about it. */
export function classify(error: unknown, context: PolicyContext = {}): Classification {
  const failure = error instanceof IngestError ? error : asIngestError(error);
  const decision = decide(failure.code, failure.facts, context);
  const result: Classification = {
    code: failure.code,
    disposition: decision.disposition,
    message: failure.message,
  };
  if (decision.delayMs !== undefined) result.retryAfterMs = decision.delayMs;
  if (failure.httpStatus !== undefined) result.httpStatus = failure.httpStatus;
  return result;
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
}

/** Whether an error came from an AWS SDK v3 client (it carries `$fault`). */
export function isAwsError(error: unknown): boolean {
  const fault = (error as SdkLikeError | null)?.$fault;
  return fault === "client" || fault === "server";
}

/**
 * The one translator of AWS SDK errors: a `storage-error` naming the service call and the
 * SDK's verdict, keeping the original as `cause`. Adapters call it for everything they do
 * not handle by name themselves (a failed condition, a missing key).
 */
export function awsError(error: unknown, operation: string): IngestError {
  if (error instanceof IngestError) return error;
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkLikeError;
  const name = typeof sdk.name === "string" && sdk.name !== "" ? sdk.name : "Error";
  const fault = sdk.$fault === "client" || sdk.$fault === "server" ? sdk.$fault : undefined;
  const transient = AWS_THROTTLING_NAMES.has(name) || sdk.$retryable !== undefined;
  const detail = typeof sdk.message === "string" && sdk.message !== "" ? `: ${sdk.message}` : "";
  const kind = transient ? "throttled or transient" : fault ? `${fault} fault` : "failure";
  const aws: AwsErrorFacts = fault ? { name, fault, transient } : { name, transient };
  return new IngestError("storage-error", `${operation} failed (${name}, ${kind}${detail})`, {
    cause: error,
    aws,
  });
}

/** What anything that is not an `IngestError` means. */
function asIngestError(error: unknown): IngestError {
  const name = (error as SdkLikeError | null)?.name;
  if (isAwsError(error) || AWS_THROTTLING_NAMES.has(String(name))) {
    return awsError(error, "an AWS call");
  }
  const message = error instanceof Error ? error.message : String(error);
  if (name === "TimeoutError" || name === "AbortError") {
    return new IngestError("timeout", message, { cause: error });
  }
  const label = typeof name === "string" && name !== "" ? name : "Error";
  return new IngestError("internal", `${label}: ${message}`, { cause: error });
}
