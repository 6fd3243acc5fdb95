/**
 * What an HTTP status means for the pipeline, and how long a Retry-After asks us to wait.
 * Pure: the current time is a parameter.
 */
import { IngestError } from "./errors";

/** Longest delay we honour from Retry-After (SQS delays cap at 15 minutes). */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;
/** Delay used for 429 when the server gives no (usable) Retry-After. */
export const DEFAULT_THROTTLE_MS = 60_000;

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds from `nowMs`, capped. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    ms = at - nowMs;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Statuses that will not change by asking again. */
const PERMANENT_5XX = new Set([501, 505]);
/** Client errors that are about timing, not about the request. */
const RETRYABLE_4XX = new Set([408, 425]);

/**
 * The error for a final (non-redirect, non-2xx, non-304) response. 429 and a 503 with
 * Retry-After are throttled (re-enqueued with the delay); 408/425 and other 5xx are
 * retryable; other 4xx, 501 and 505 are permanent.
 */
export function errorForStatus(
  status: number,
  url: string,
  retryAfterMs: number | null,
): IngestError {
  const base = { httpStatus: status };
  if (status === 429) {
    return new IngestError(
      "http-429",
      `GET ${url} answered 429 Too Many Requests; expected 2xx (retry after ${retryAfterMs ?? DEFAULT_THROTTLE_MS} ms)`,
      { ...base, retryAfterMs: retryAfterMs ?? DEFAULT_THROTTLE_MS },
    );
  }
  if (status === 503 && retryAfterMs !== null) {
    return new IngestError(
      "http-5xx",
      `GET ${url} answered 503 with Retry-After; expected 2xx (retry after ${retryAfterMs} ms)`,
      { ...base, disposition: "throttled", retryAfterMs },
    );
  }
  if (status >= 500) {
    return new IngestError("http-5xx", `GET ${url} answered ${status}; expected 2xx`, {
      ...base,
      disposition: PERMANENT_5XX.has(status) ? "permanent" : "retryable",
    });
  }
  if (status >= 400) {
    return new IngestError("http-4xx", `GET ${url} answered ${status}; expected 2xx`, {
      ...base,
      disposition: RETRYABLE_4XX.has(status) ? "retryable" : "permanent",
    });
  }
  return new IngestError(
    "http-4xx",
    status === 304
      ? `GET ${url} answered 304 Not Modified to a request without validators; expected 2xx`
      : `GET ${url} answered ${status}; expected 2xx or a redirect with a Location header`,
    { ...base, disposition: "permanent" },
  );
}
