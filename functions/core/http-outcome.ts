/**
 * What an HTTP status means for the pipeline, and how long a Retry-After asks us to wait.
 * Pure: the current time is a parameter.
 */
import { IngestError } from "./errors";

/** Longest delay we honour from Retry-After (SQS delays cap at 15 minutes). */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;
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

/**
 * The error for a final (non-redirect, non-2xx, non-304) response: the status and the
 * server's Retry-After, for the failure policy (functions/core/errors.ts) to judge.
 */
export function errorForStatus(
  status: number,
  url: string,
  retryAfterMs: number | null,
): IngestError {
  const facts =
    retryAfterMs === null ? { httpStatus: status } : { httpStatus: status, retryAfterMs };
  const wait = retryAfterMs === null ? "" : ` (retry after ${retryAfterMs} ms)`;
  if (status === 429) {
    return new IngestError(
      "http-429",
      `GET ${url} answered 429 Too Many Requests; expected 2xx${wait}`,
      facts,
    );
  }
  if (status >= 500) {
    return new IngestError("http-5xx", `GET ${url} answered ${status}; expected 2xx${wait}`, facts);
  }
  if (status >= 400) {
    return new IngestError("http-4xx", `GET ${url} answered ${status}; expected 2xx`, facts);
  }
  return new IngestError(
    "http-4xx",
    status === 304
      ? `GET ${url} answered 304 Not Modified to a request without validators; expected 2xx`
      : `GET ${url} answered ${status}; expected 2xx or a redirect with a Location header`,
    facts,
  );
}
