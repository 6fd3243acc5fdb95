/**
 * The fetch step: a safe (SSRF-guarded, bounded) and polite (robots.txt, one request per
 * host per interval across workers) HTTP GET that returns a decoded `FetchedPage` or
 * throws an `IngestError` with one failure code. See docs/fetching.md.
 *
 * Per hop (the first URL and every redirect target):
 *   check URL (scheme, credentials, port) -> resolve and check every address ->
 *   robots.txt verdict (cached in the HostStore) -> claim the host's politeness slot ->
 *   GET pinned to the checked address.
 */
import dns from "node:dns";
import type { IncomingMessage } from "node:http";
import { setTimeout as sleepFor } from "node:timers/promises";
import { isIpLiteral, judgeAddress } from "../core/address-policy";
import { decodeBody } from "../core/charset";
import { judgeContentType, parseContentType, sniffIsHtml } from "../core/content-type";
import {
  classify,
  DEFAULT_THROTTLE_MS,
  IngestError,
  ROBOTS_UNREACHABLE_TTL_MS,
} from "../core/errors";
import type { ConditionalHeaders, FetchedPage, RedirectHop } from "../core/fetch-types";
import { errorForStatus, parseRetryAfter } from "../core/http-outcome";
import {
  MAX_ROBOTS_BYTES,
  productToken,
  type RobotsRecord,
  type RobotsVerdict,
  robotsTtlMs,
  robotsVerdict,
} from "../core/robots";
import { checkUrl, type FetchTarget, type UrlPolicy } from "../core/url-policy";
import type { Config } from "../shared/config";
import {
  type CheckedAddress,
  decodeContentEncoding,
  type PinnedAddress,
  readBody,
  sendRequest,
} from "./fetch-request";
import type { HostStore } from "./host-store";

export type FetcherConfig = Pick<
  Config,
  | "userAgent"
  | "allowPrivateNetworks"
  | "allowedPorts"
  | "politenessIntervalMs"
  | "politenessWaitBudgetMs"
  | "respectRobots"
  | "maxBodyBytes"
  | "connectTimeoutMs"
  | "totalTimeoutMs"
  | "maxRedirects"
>;

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (injected in tests; never a second lookup). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetcherDeps {
  config: FetcherConfig;
  hostStore: HostStore;
  /** Defaults to the system resolver (getaddrinfo, all addresses). */
  resolve?: Resolver;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** Extra trusted CA certificates (PEM) besides Node's bundled roots; for tests. */
  extraCaCertificates?: string[];
}

export interface FetchOptions {
  conditional?: ConditionalHeaders | null;
  signal?: AbortSignal;
  /**
   * "html" (default) refuses non-HTML responses. "document" accepts any content type (feeds,
   * sitemaps, .xml.gz) and returns the body with Content-Encoding undone but not charset
   * decoded (`text` is empty); every other guard still applies.
   */
  accept?: "html" | "document";
}

export interface Fetcher {
  fetchPage(url: string, options?: FetchOptions): Promise<FetchedPage>;
}

/** Redirects RFC 9309 asks robots.txt fetches to follow. */
const ROBOTS_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * Added to a non-zero politeness interval when reserving slots: a request reaches the
 * server a little after its slot starts (timer and event-loop lag, connect), and this
 * margin keeps two requests from arriving closer together than the interval because the
 * earlier one left late.
 */
const SEND_JITTER_GUARD_MS = 40;
/**
 * A request about to be written later than this after its slot start moves or gives up
 * the slot (see `politeExchange`); must stay well under SEND_JITTER_GUARD_MS.
 */
const LATE_TOLERANCE_MS = 10;
/** Slots given up for starting late before the URL is answered host-busy. */
const MAX_LATE_ATTEMPTS = 5;
/** Upper bound of the slot lead (see `claimLeadMs`). */
const MAX_CLAIM_LEAD_MS = 500;
const PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";
/** For `accept: "document"` (feeds and sitemaps). */
const DOCUMENT_ACCEPT =
  "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5";

const systemResolver: Resolver = async (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Everything one fetchPage call shares: its deadline and the URL being worked on. */
interface Run {
  signal: AbortSignal;
  deadlineMs: number;
  currentUrl: string;
}

export function createFetcher(deps: FetcherDeps): Fetcher {
  const { config, hostStore } = deps;
  const resolve = deps.resolve ?? systemResolver;
  const now = deps.now ?? Date.now;
  const policy: UrlPolicy = { allowedPorts: config.allowedPorts };
  const agentToken = productToken(config.userAgent);

  /** Resolves the host (unless it is an IP literal) and refuses any non-public answer. */
  async function resolveAndCheck(target: FetchTarget): Promise<PinnedAddress> {
    const href = target.url.href;
    let answers: ResolvedAddress[];
    if (isIpLiteral(target.hostname)) {
      answers = [{ address: target.hostname, family: target.hostname.includes(":") ? 6 : 4 }];
    } else {
      try {
        answers = await resolve(target.hostname);
      } catch (cause) {
        const code = (cause as { code?: unknown }).code;
        throw new IngestError(
          "dns-error",
          `host ${target.hostname} of ${href} does not resolve (${String(code ?? cause)}); expected an A or AAAA record`,
          typeof code === "string" ? { cause, causeCode: code } : { cause },
        );
      }
      if (answers.length === 0) {
        throw new IngestError(
          "dns-error",
          `host ${target.hostname} of ${href} has no addresses; expected an A or AAAA record`,
        );
      }
    }
    for (const answer of answers) {
      const verdict = judgeAddress(answer.address, config.allowPrivateNetworks);
      if (!verdict.allowed) {
        throw new IngestError(
          "blocked-address",
          `${href} resolves to ${verdict.address} (${verdict.range}); expected only public addresses${config.allowPrivateNetworks ? "" : " (private networks are not allowed)"}`,
        );
      }
    }
    // IPv4 first: many networks (Lambda outside a dual-stack VPC) have no IPv6 route.
    const all = answers
      .map((a): CheckedAddress => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
      .sort((a, b) => a.family - b.family);
    const first = all[0] as CheckedAddress;
    return { address: first.address, family: first.family, all };
  }

  /**
   * How far ahead of "now" to ask for a slot: the time a claim takes to come back (a
   * DynamoDB round trip). Without it an idle host would grant "now", the request would
   * leave one round trip later, and the next worker's slot could fall closer than the
   * interval. Rises at once with a slow claim, decays slowly.
   */
  let claimLeadMs = 0;

  /** Claims this worker's politeness slot on the host and sleeps until it starts; or throws host-busy. */
  async function waitForSlot(
    target: FetchTarget,
    intervalMs: number,
    run: Run,
    budgetMs: number,
  ): Promise<number> {
    const reserved = intervalMs > 0 ? intervalMs + SEND_JITTER_GUARD_MS : 0;
    const startMs = now();
    const lead = reserved > 0 ? Math.min(claimLeadMs, budgetMs) : 0;
    const claim = await hostStore.claimSlot(target.hostKey, {
      nowMs: startMs + lead,
      intervalMs: reserved,
      budgetMs: budgetMs - lead,
    });
    const latencyMs = now() - startMs;
    claimLeadMs = Math.min(MAX_CLAIM_LEAD_MS, Math.max(latencyMs, Math.round(claimLeadMs * 0.8)));
    if (!claim.granted) {
      const retryAfterMs = Math.max(1, claim.nextFreeMs - startMs);
      throw new IngestError(
        "host-busy",
        `host ${target.hostKey} is busy: the next request slot for ${target.url.href} is ${retryAfterMs} ms away; expected at most ${budgetMs} ms (interval ${intervalMs} ms)`,
        { retryAfterMs },
      );
    }
    const waitMs = claim.atMs - now();
    if (waitMs > 0) await sleepFor(waitMs, undefined, { signal: run.signal });
    return claim.atMs;
  }

  /**
   * One GET of a checked URL inside its politeness slot. Right before the request is
   * written (after connecting) the worker checks it is still on time. If it is late (a
   * slow event loop or store), it moves its slot to "now" when nobody has queued behind it
   * yet, or else gives the slot up and queues again: a late request never crowds the next
   * worker's request.
   */
  async function politeExchange(
    target: FetchTarget,
    pinned: PinnedAddress,
    headers: Record<string, string>,
    intervalMs: number,
    run: Run,
  ): Promise<IncomingMessage> {
    const firstMs = now();
    const totalBudgetMs = Math.max(
      0,
      Math.min(config.politenessWaitBudgetMs, run.deadlineMs - firstMs),
    );
    for (let attempt = 1; ; attempt++) {
      const budgetMs = Math.max(0, totalBudgetMs - (now() - firstMs));
      let slotMs = await waitForSlot(target, intervalMs, run, budgetMs);
      const late = new IngestError(
        "host-busy",
        `the request for ${target.url.href} could not start within its politeness slot on ${target.hostKey} (${attempt} tries); expected to start within ${LATE_TOLERANCE_MS} ms of the slot`,
        { retryAfterMs: intervalMs + SEND_JITTER_GUARD_MS },
      );
      const onTime = async (): Promise<void> => {
        if (intervalMs === 0 || now() - slotMs <= LATE_TOLERANCE_MS) return;
        const movedTo = now() + claimLeadMs;
        if (!(await hostStore.moveSlot(target.hostKey, slotMs, movedTo))) throw late;
        slotMs = movedTo;
        const waitMs = movedTo - now();
        if (waitMs > 0) await sleepFor(waitMs, undefined, { signal: run.signal });
        if (now() - slotMs > LATE_TOLERANCE_MS) throw late;
      };
      try {
        return await sendRequest({
          target,
          pinned,
          headers: { "user-agent": config.userAgent, ...headers },
          connectTimeoutMs: config.connectTimeoutMs,
          signal: run.signal,
          ...(deps.extraCaCertificates ? { extraCaCertificates: deps.extraCaCertificates } : {}),
          beforeSend: onTime,
        });
      } catch (error) {
        if (error !== late || attempt >= MAX_LATE_ATTEMPTS) throw error;
      }
    }
  }

  /** Fetches robots.txt for the target's origin through the same guarded path. */
  async function fetchRobots(target: FetchTarget, run: Run): Promise<RobotsRecord> {
    const origin = target.url.origin;
    const base = { origin, fetchedAtMs: now(), body: "" };
    let url = `${origin}/robots.txt`;
    const seen = new Set<string>();
    try {
      for (let hop = 0; ; hop++) {
        const hopTarget = checkUrl(url, policy);
        const pinned = await resolveAndCheck(hopTarget);
        const response = await politeExchange(
          hopTarget,
          pinned,
          { accept: "text/plain,*/*;q=0.1", "accept-encoding": "gzip, deflate, br" },
          config.politenessIntervalMs,
          run,
        );
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(status) && location) {
          response.destroy();
          seen.add(hopTarget.url.href);
          const next = new URL(location, hopTarget.url).href;
          if (hop >= ROBOTS_MAX_REDIRECTS || seen.has(next)) {
            return { ...base, outcome: "unavailable", status };
          }
          url = next;
          continue;
        }
        if (status >= 200 && status < 300) {
          const limits = { maxBytes: MAX_ROBOTS_BYTES, url: hopTarget.url.href };
          const raw = await readBody(response, { ...limits, truncate: true });
          const body = await decodeContentEncoding(raw, response.headers["content-encoding"], {
            maxBytes: Math.max(config.maxBodyBytes, MAX_ROBOTS_BYTES),
            url: hopTarget.url.href,
          });
          const text = body.subarray(0, MAX_ROBOTS_BYTES).toString("utf8");
          return { ...base, outcome: "ok", status, body: text };
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
      }
    } catch (error) {
      if (run.signal.aborted || !(error instanceof IngestError) || error.code === "host-busy") {
        throw error;
      }
      // A robots.txt we refuse to follow (blocked redirect, bad URL, undecodable) counts as
      // unavailable; a transient failure makes the whole host unreachable for now.
      if (classify(error, {}).disposition === "permanent")
        return { ...base, outcome: "unavailable", status: null };
      return {
        ...base,
        outcome: "unreachable",
        status: error.httpStatus ?? null,
        failureCode: error.code,
        failureMessage: error.message,
      };
    }
  }

  /** robots.txt fetches in progress in this process, so concurrent URLs of a host share one. */
  const robotsInFlight = new Map<string, Promise<RobotsRecord>>();

  async function fetchAndStoreRobots(target: FetchTarget, run: Run): Promise<RobotsRecord> {
    const record = await fetchRobots(target, run);
    await hostStore.putRobots(target.hostKey, record, now() + robotsTtlMs(record));
    return record;
  }

  async function sharedRobotsFetch(target: FetchTarget, run: Run): Promise<RobotsRecord> {
    const origin = target.url.origin;
    const pending = robotsInFlight.get(origin);
    if (pending) {
      // Someone else's fetch may fail for their own reasons (their deadline): then try ours.
      try {
        return await pending;
      } catch {
        return fetchAndStoreRobots(target, run);
      }
    }
    const mine = fetchAndStoreRobots(target, run);
    robotsInFlight.set(origin, mine);
    try {
      return await mine;
    } finally {
      robotsInFlight.delete(origin);
    }
  }

  /** The robots.txt verdict for a URL; throws robots-disallowed or the unreachable error. */
  async function checkRobots(target: FetchTarget, run: Run): Promise<RobotsVerdict> {
    if (!config.respectRobots) return { kind: "allowed", crawlDelayMs: null };
    let record = await hostStore.getRobots(target.hostKey, now());
    if (record === null || record.origin !== target.url.origin) {
      record = await sharedRobotsFetch(target, run);
    }
    const verdict = robotsVerdict(record, target.url.href, config.userAgent);
    if (verdict.kind === "disallowed") {
      throw new IngestError(
        "robots-disallowed",
        `robots.txt of ${record.origin} disallows ${target.url.href} for user agent "${agentToken}"`,
      );
    }
    if (verdict.kind === "unreachable") {
      // Deferred, not retried: a sick robots.txt must not use up the message's receives
      // (which would send every URL of the host to the dead-letter queue). The URL comes
      // back when the cached verdict has expired, or after the host's Retry-After.
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

  async function fetchPageInRun(
    requestedUrl: string,
    options: FetchOptions,
    run: Run,
    startMs: number,
  ): Promise<FetchedPage> {
    const redirects: RedirectHop[] = [];
    const seen = new Set<string>();
    let url = requestedUrl;
    for (;;) {
      run.currentUrl = url;
      const target = checkUrl(url, policy);
      const pinned = await resolveAndCheck(target);
      const robots = await checkRobots(target, run);
      const intervalMs = Math.max(config.politenessIntervalMs, robots.crawlDelayMs ?? 0);
      const headers: Record<string, string> = {
        accept: options.accept === "document" ? DOCUMENT_ACCEPT : PAGE_ACCEPT,
        "accept-encoding": "gzip, deflate, br",
      };
      if (options.conditional?.etag) headers["if-none-match"] = options.conditional.etag;
      if (options.conditional?.lastModified) {
        headers["if-modified-since"] = options.conditional.lastModified;
      }
      const response = await politeExchange(target, pinned, headers, intervalMs, run);
      const fetchedAt = new Date(now()).toISOString();
      const status = response.statusCode ?? 0;
      const href = target.url.href;
      const location = response.headers.location;

      if (REDIRECT_STATUSES.has(status) && location) {
        response.destroy();
        seen.add(href);
        redirects.push({ url: href, status });
        let next: string;
        try {
          next = new URL(location, target.url).href;
        } catch (cause) {
          throw new IngestError(
            "invalid-url",
            `${href} redirects to ${JSON.stringify(location)}; expected a valid URL`,
            { cause },
          );
        }
        if (seen.has(next.replace(/#.*$/, ""))) {
          throw new IngestError(
            "too-many-redirects",
            `redirect loop: ${[...redirects.map((r) => r.url), next].join(" -> ")}; expected a chain that ends`,
          );
        }
        if (redirects.length > config.maxRedirects) {
          throw new IngestError(
            "too-many-redirects",
            `${requestedUrl} redirects more than ${config.maxRedirects} times; expected at most ${config.maxRedirects}`,
          );
        }
        url = next;
        continue;
      }

      const etag = [response.headers.etag].flat()[0] ?? null;
      const lastModified = [response.headers["last-modified"]].flat()[0] ?? null;
      const contentTypeHeader = response.headers["content-type"] ?? null;
      const common = {
        requestedUrl,
        finalUrl: href,
        redirects,
        status,
        fetchedAt,
        robots: config.respectRobots
          ? robots.kind === "no-robots"
            ? ("no-robots" as const)
            : ("allowed" as const)
          : ("not-checked" as const),
        remoteAddress: response.socket?.remoteAddress ?? pinned.address,
      };

      if (
        status === 304 &&
        options.conditional &&
        (options.conditional.etag || options.conditional.lastModified)
      ) {
        response.destroy();
        return {
          ...common,
          contentType: contentTypeHeader,
          body: Buffer.alloc(0),
          text: "",
          declaredCharset: null,
          charset: "UTF-8",
          etag: etag ?? options.conditional.etag ?? null,
          lastModified: lastModified ?? options.conditional.lastModified ?? null,
          durationMs: now() - startMs,
          notModified: true,
          transferBytes: 0,
        };
      }

      if (status < 200 || status >= 300) {
        response.destroy();
        const retryAfterMs = parseRetryAfter([response.headers["retry-after"]].flat()[0], now());
        const error = errorForStatus(status, href, retryAfterMs);
        const verdict = classify(error);
        if (verdict.disposition === "throttled" && verdict.retryAfterMs !== undefined) {
          await hostStore.deferHost(target.hostKey, now() + verdict.retryAfterMs);
        }
        throw error;
      }

      if (options.accept === "document") {
        const limits = { maxBytes: config.maxBodyBytes, url: href };
        const raw = await readBody(response, limits);
        const body = await decodeContentEncoding(raw, response.headers["content-encoding"], limits);
        return {
          ...common,
          contentType: contentTypeHeader,
          body,
          text: "",
          declaredCharset: null,
          charset: "binary",
          etag,
          lastModified,
          durationMs: now() - startMs,
          notModified: false,
          transferBytes: raw.length,
        };
      }
      const contentType = parseContentType(contentTypeHeader);
      const kind = judgeContentType(contentType);
      if (kind === "not-html") {
        response.destroy();
        throw new IngestError(
          "not-html",
          `Content-Type "${contentTypeHeader}" of ${href} is not HTML; expected text/html or application/xhtml+xml`,
          { httpStatus: status },
        );
      }
      const limits = { maxBytes: config.maxBodyBytes, url: href };
      const raw = await readBody(response, limits);
      const body = await decodeContentEncoding(raw, response.headers["content-encoding"], limits);
      if (kind === "sniff" && !sniffIsHtml(body)) {
        throw new IngestError(
          "not-html",
          `${href} sent ${contentTypeHeader === null ? "no Content-Type" : `Content-Type "${contentTypeHeader}"`} and its body does not start like HTML; expected text/html`,
          { httpStatus: status },
        );
      }
      const decoded = decodeBody(body, {
        contentTypeCharset: contentType.charset,
        xhtml: kind === "xhtml",
        url: href,
      });
      return {
        ...common,
        contentType: contentTypeHeader,
        body,
        text: decoded.text,
        declaredCharset: decoded.declaredCharset,
        charset: decoded.charset,
        charsetSource: decoded.source,
        etag,
        lastModified,
        durationMs: now() - startMs,
        notModified: false,
        transferBytes: raw.length,
      };
    }
  }

  async function fetchPage(url: string, options: FetchOptions = {}): Promise<FetchedPage> {
    const startMs = now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), config.totalTimeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, deadline.signal])
      : deadline.signal;
    const run: Run = { signal, deadlineMs: startMs + config.totalTimeoutMs, currentUrl: url };
    try {
      return await fetchPageInRun(url, options, run, startMs);
    } catch (error) {
      if (deadline.signal.aborted) {
        throw new IngestError(
          "timeout",
          `fetching ${run.currentUrl} did not complete within the total timeout of ${config.totalTimeoutMs} ms`,
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

  return { fetchPage };
}
