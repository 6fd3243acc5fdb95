/**
 * robots.txt rules (RFC 9309) for our user agent. Pure: the fetched file comes in as a
 * `RobotsRecord`, the decision goes out.
 *
 * - 2xx: the file's rules apply (first 512 KiB, as RFC 9309 allows).
 * - 4xx (except 429), or a robots.txt we refuse to follow (a redirect to a blocked address,
 *   too many redirects): "unavailable", everything is allowed.
 * - 5xx, 429 or a network failure: "unreachable". RFC 9309 section 2.3.1.4 says to assume
 *   complete disallow; we do not fetch the page and report a retryable (or, with
 *   Retry-After, throttled) failure so the URL is tried again later, instead of recording
 *   it as disallowed for good.
 */
import robotsParser from "robots-parser";
import { type FailureCode, ROBOTS_UNREACHABLE_TTL_MS } from "./errors";

/** How long a fetched or unavailable robots.txt is trusted (RFC 9309: at most 24 hours). */
export const ROBOTS_TTL_MS = 24 * 3600_000;
/** Bytes of robots.txt we parse (RFC 9309 requires at least 500 KiB). */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** Longest Crawl-delay we honour; a larger value is clamped to this. */
export const MAX_CRAWL_DELAY_MS = 10 * 60_000;

export interface RobotsRecord {
  /** `scheme://host[:port]` the file belongs to. */
  origin: string;
  outcome: "ok" | "unavailable" | "unreachable";
  /** HTTP status of the robots.txt response (null when none arrived). */
  status: number | null;
  /** The file's text when `outcome` is "ok", else "". */
  body: string;
  fetchedAtMs: number;
  /** For "unreachable": the failure code and message of the robots.txt fetch. */
  failureCode?: FailureCode;
  failureMessage?: string;
  retryAfterMs?: number;
}

export type RobotsVerdictKind = "allowed" | "disallowed" | "no-robots" | "unreachable";

export interface RobotsVerdict {
  kind: RobotsVerdictKind;
  /** The host's Crawl-delay for our agent, in ms (clamped), or null. */
  crawlDelayMs: number | null;
}

/** The product token robots.txt groups are matched against: `article-ingest/0.1 (...)` -> `article-ingest`. */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[/\s]/)[0] ?? "").toLowerCase() || "*";
}

/** How long a record may be cached. */
export function robotsTtlMs(record: RobotsRecord): number {
  return record.outcome === "unreachable" ? ROBOTS_UNREACHABLE_TTL_MS : ROBOTS_TTL_MS;
}

/** Applies a robots record to one URL of the same origin. */
export function robotsVerdict(record: RobotsRecord, url: string, userAgent: string): RobotsVerdict {
  if (record.outcome === "unreachable") return { kind: "unreachable", crawlDelayMs: null };
  if (record.outcome === "unavailable") return { kind: "no-robots", crawlDelayMs: null };
  const robots = robotsParser(`${record.origin}/robots.txt`, record.body);
  const agent = productToken(userAgent);
  const delay = robots.getCrawlDelay(agent);
  const crawlDelayMs =
    typeof delay === "number" && Number.isFinite(delay) && delay > 0
      ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS)
      : null;
  const allowed = robots.isAllowed(url, agent);
  return { kind: allowed === false ? "disallowed" : "allowed", crawlDelayMs };
}
