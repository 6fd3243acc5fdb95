/**
 * robots.txt for every URL a fetch goes to: fetching the file, caching the record in the
 * host store (shared by all workers: 24 hours, an unreachable one `ROBOTS_UNREACHABLE_TTL_MS`),
 * sharing one in-flight fetch per origin between concurrent URLs of this process, and
 * parsing each record once into rules (core/robots.ts) that are kept in memory for the
 * next URLs of the host (at most `MAX_PARSED_HOSTS` hosts, least recently used first out).
 *
 * The file is fetched through the same guard and politeness as pages, with the one
 * redirect loop (up to `ROBOTS_MAX_REDIRECTS` redirects, RFC 9309), and its first 512 KiB
 * are read. Its record:
 * - 2xx: "ok", its rules apply; a URL they disallow is `robots-disallowed`.
 * - 4xx other than 429, or a file we refuse to follow (a blocked address, a bad or looping
 *   redirect, an undecodable body: any permanent failure): "unavailable", all allowed.
 * - 429, 5xx, or a transient failure (timeout, reset, DNS): "unreachable". The URL is not
 *   fetched; it fails with that code, `stage: "robots"` and the robots.txt Retry-After
 *   (else `ROBOTS_UNREACHABLE_TTL_MS`), which the error policy turns into a deferral.
 * - host-busy, or the fetch's own deadline or cancellation: thrown as is, nothing cached.
 */
import {
  classify,
  DEFAULT_THROTTLE_MS,
  IngestError,
  ROBOTS_UNREACHABLE_TTL_MS,
} from "../../core/errors";
import { parseRetryAfter } from "../../core/http-outcome";
import {
  parseRobots,
  productToken,
  type RobotsRecord,
  type RobotsRules,
  type RobotsVerdict,
  robotsTtlMs,
  verdictFor,
} from "../../core/robots";
import type { FetchTarget } from "../../core/url-policy";
import type { HostStore } from "../host-store";
import { readRobotsText } from "./body";
import type { FetchRun } from "./fetch-run";
import { followRedirects, type HopResponse } from "./redirects";

/** Redirects RFC 9309 asks robots.txt fetches to follow. */
export const ROBOTS_MAX_REDIRECTS = 5;
/** Hosts whose parsed rules stay in memory. */
export const MAX_PARSED_HOSTS = 500;
const ROBOTS_HEADERS = { accept: "text/plain,*/*;q=0.1", "accept-encoding": "gzip, deflate, br" };

export interface RobotsGate {
  /** The verdict for a URL; throws `robots-disallowed` or the unreachable file's failure. */
  check(target: FetchTarget, run: FetchRun): Promise<RobotsVerdict>;
}

export interface RobotsGateOptions {
  userAgent: string;
  /** False skips robots.txt altogether (every URL is allowed, nothing is fetched). */
  respectRobots: boolean;
  /** The page body limit; a compressed robots.txt may inflate up to it before truncation. */
  maxBodyBytes: number;
  hostStore: HostStore;
  now: () => number;
  /** One guarded, polite request (no robots.txt check of its own). */
  exchange: (url: string, run: FetchRun, headers: Record<string, string>) => Promise<HopResponse>;
  /** Told each time a record is parsed (once per host and record). */
  onParsed?: (rules: RobotsRules) => void;
}

export function createRobotsGate(options: RobotsGateOptions): RobotsGate {
  const { hostStore, now } = options;
  const agentToken = productToken(options.userAgent);

  async function fetchFile(target: FetchTarget, pageRun: FetchRun): Promise<RobotsRecord> {
    const origin = target.url.origin;
    const base = { origin, fetchedAtMs: now(), body: "" };
    // Its own run: the deadline is the page's, but failures keep naming the page URL.
    const run: FetchRun = { ...pageRun };
    try {
      const { last } = await followRedirects(`${origin}/robots.txt`, {
        maxRedirects: ROBOTS_MAX_REDIRECTS,
        run,
        exchange: (url) => options.exchange(url, run, ROBOTS_HEADERS),
      });
      const { response } = last;
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        const url = last.target.url.href;
        const body = await readRobotsText(response, { maxBodyBytes: options.maxBodyBytes, url });
        return { ...base, outcome: "ok", status, body };
      }
      response.destroy();
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter([response.headers["retry-after"]].flat()[0], now());
        const record: RobotsRecord = {
          ...base,
          outcome: "unreachable",
          status,
          failureCode: status === 429 ? "http-429" : "http-5xx",
          failureMessage: `robots.txt answered ${status}`,
        };
        if (retryAfterMs !== null || status === 429) {
          record.retryAfterMs = retryAfterMs ?? DEFAULT_THROTTLE_MS;
        }
        return record;
      }
      return { ...base, outcome: "unavailable", status };
    } catch (error) {
      if (run.signal.aborted || !(error instanceof IngestError) || error.code === "host-busy") {
        throw error;
      }
      // A robots.txt we refuse to follow (blocked redirect, bad URL, undecodable) counts as
      // unavailable; a transient failure makes the whole host unreachable for now.
      if (classify(error).disposition === "permanent") {
        return { ...base, outcome: "unavailable", status: null };
      }
      return {
        ...base,
        outcome: "unreachable",
        status: error.httpStatus ?? null,
        failureCode: error.code,
        failureMessage: error.message,
      };
    }
  }

  async function fetchAndStore(target: FetchTarget, run: FetchRun): Promise<RobotsRecord> {
    const record = await fetchFile(target, run);
    await hostStore.putRobots(target.hostKey, record, now() + robotsTtlMs(record));
    return record;
  }

  /** robots.txt fetches in progress in this process, so concurrent URLs of a host share one. */
  const inFlight = new Map<string, Promise<RobotsRecord>>();

  async function sharedFetch(target: FetchTarget, run: FetchRun): Promise<RobotsRecord> {
    const origin = target.url.origin;
    const pending = inFlight.get(origin);
    if (pending) {
      // Someone else's fetch may fail for their own reasons (their deadline): then try ours.
      try {
        return await pending;
      } catch {
        return fetchAndStore(target, run);
      }
    }
    const mine = fetchAndStore(target, run);
    inFlight.set(origin, mine);
    try {
      return await mine;
    } finally {
      inFlight.delete(origin);
    }
  }

  /** Parsed rules per host, with the record they came from. Insertion order = recency. */
  const parsed = new Map<string, { key: string; rules: RobotsRules }>();

  /** The rules of a record, parsed only when this host's record is not the one parsed last. */
  function rulesOf(hostKey: string, record: RobotsRecord): RobotsRules {
    const key = `${record.origin} ${record.fetchedAtMs} ${record.outcome} ${record.status} ${record.body.length}`;
    const cached = parsed.get(hostKey);
    parsed.delete(hostKey);
    if (cached?.key === key) {
      parsed.set(hostKey, cached);
      return cached.rules;
    }
    const rules = parseRobots(record, options.userAgent);
    parsed.set(hostKey, { key, rules });
    if (parsed.size > MAX_PARSED_HOSTS) {
      const oldest = parsed.keys().next().value;
      if (oldest !== undefined) parsed.delete(oldest);
    }
    options.onParsed?.(rules);
    return rules;
  }

  async function check(target: FetchTarget, run: FetchRun): Promise<RobotsVerdict> {
    if (!options.respectRobots) return { kind: "allowed", crawlDelayMs: null };
    let record = await hostStore.getRobots(target.hostKey, now());
    if (record === null || record.origin !== target.url.origin) {
      record = await sharedFetch(target, run);
    }
    const verdict = verdictFor(rulesOf(target.hostKey, record), target.url.href);
    if (verdict.kind === "disallowed") {
      throw new IngestError(
        "robots-disallowed",
        `robots.txt of ${record.origin} disallows ${target.url.href} for user agent "${agentToken}"`,
      );
    }
    if (verdict.kind === "unreachable") {
      // The policy defers it (stage "robots"): a sick robots.txt must not use up the
      // message's receives. The URL comes back after the host's Retry-After, or when the
      // cached verdict has expired.
      throw new IngestError(
        record.failureCode ?? "http-5xx",
        `robots.txt of ${record.origin} is unreachable (${record.failureMessage ?? "no answer"}), so ${target.url.href} was not fetched; expected robots.txt to answer 2xx or 4xx (RFC 9309: assume disallow, retry later)`,
        {
          stage: "robots",
          retryAfterMs: record.retryAfterMs ?? ROBOTS_UNREACHABLE_TTL_MS,
          ...(record.status !== null ? { httpStatus: record.status } : {}),
        },
      );
    }
    return verdict;
  }

  return { check };
}
