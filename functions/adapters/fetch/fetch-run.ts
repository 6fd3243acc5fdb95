/**
 * One fetch's budget: the total deadline (`FETCH_TIMEOUT_MS`, covering robots.txt, waits,
 * every redirect hop and every body byte), the caller's cancellation, and the URL being
 * worked on, so a failure names the hop it happened on.
 *
 * When the deadline passes, or the caller aborts, whatever was in progress ends and the
 * fetch fails as `timeout`; anything thrown that is not an `IngestError` is `internal`.
 */
import { IngestError } from "../../core/errors";

export interface FetchRun {
  signal: AbortSignal;
  /** Epoch ms the fetch must be done by. */
  deadlineMs: number;
  /** The hop being worked on (redirects move it). */
  currentUrl: string;
}

export interface RunOptions {
  totalTimeoutMs: number;
  /** The caller's cancellation, if any. */
  signal?: AbortSignal;
  now: () => number;
}

/** Runs `work` within the deadline and turns what it throws into one `IngestError`. */
export async function withinDeadline<T>(
  url: string,
  options: RunOptions,
  work: (run: FetchRun) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.totalTimeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, deadline.signal])
    : deadline.signal;
  const run: FetchRun = {
    signal,
    deadlineMs: options.now() + options.totalTimeoutMs,
    currentUrl: url,
  };
  try {
    return await work(run);
  } catch (error) {
    if (deadline.signal.aborted) {
      throw new IngestError(
        "timeout",
        `fetching ${run.currentUrl} did not complete within the total timeout of ${options.totalTimeoutMs} ms`,
        { cause: error },
      );
    }
    if (options.signal?.aborted) {
      throw new IngestError("timeout", `fetching ${run.currentUrl} was cancelled by the caller`, {
        cause: error,
      });
    }
    if (error instanceof IngestError) throw error;
    throw new IngestError(
      "internal",
      `fetching ${run.currentUrl} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
