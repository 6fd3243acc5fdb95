/**
 * The parts composed into one guarded, polite GET, shared by the page fetcher
 * (http-fetcher.ts) and the document fetcher (document-fetcher.ts). Per hop (the first URL
 * and every redirect target, see redirects.ts):
 *
 *   address guard (URL policy, DNS, every address judged, pinned address) ->
 *   robots.txt verdict (robots-gate.ts) -> politeness slot for max(interval, Crawl-delay)
 *   (politeness.ts) -> GET over a fresh socket to the pinned address (pinned-request.ts)
 *
 * robots.txt itself is fetched with the same guard and politeness (at the configured
 * interval) and the same redirect loop. What to do with the final response (status,
 * body) is the caller's: `refuseStatus` turns a non-2xx answer into its failure.
 */

import { errorForStatus, parseRetryAfter } from "../../core/http-outcome";
import type { RobotsRules, RobotsVerdict } from "../../core/robots";
import type { Config } from "../../shared/config";
import type { HostStore } from "../host-store";
import { createAddressGuard, type Resolver } from "./address-guard";
import { type FetchRun, withinDeadline } from "./fetch-run";
import { type PinnedAddress, sendRequest } from "./pinned-request";
import { createPoliteness } from "./politeness";
import { followRedirects, type HopResponse, type RedirectChain } from "./redirects";
import { createRobotsGate } from "./robots-gate";

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

export interface FetcherDeps {
  config: FetcherConfig;
  hostStore: HostStore;
  /** Defaults to the system resolver (getaddrinfo, all addresses). */
  resolve?: Resolver;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** Extra trusted CA certificates (PEM) besides Node's bundled roots; for tests. */
  extraCaCertificates?: string[];
  /** Told each time a host's robots.txt record is parsed (once per host and record). */
  onRobotsParsed?: (rules: RobotsRules) => void;
}

/** The hop that answered: where it went, the address it reached, its robots.txt verdict. */
export interface GuardedHop extends HopResponse {
  pinned: PinnedAddress;
  robots: RobotsVerdict;
}

export interface GuardedFetch {
  config: FetcherConfig;
  now: () => number;
  /** Runs one fetch within the total deadline (see fetch-run.ts). */
  within<T>(
    url: string,
    signal: AbortSignal | undefined,
    work: (run: FetchRun) => Promise<T>,
  ): Promise<T>;
  /** GETs a URL, following redirects; every hop guarded and polite. */
  get(
    url: string,
    run: FetchRun,
    headers: Record<string, string>,
  ): Promise<RedirectChain<GuardedHop>>;
  /** Throws the failure of a non-2xx answer, keeping the host off limits when throttled. */
  refuseStatus(hop: GuardedHop): Promise<never>;
  /** How a FetchedPage/FetchedDocument reports the final hop's robots.txt verdict. */
  robotsLabel(verdict: RobotsVerdict): "allowed" | "no-robots" | "not-checked";
}

export function createGuardedFetch(deps: FetcherDeps): GuardedFetch {
  const { config, hostStore } = deps;
  const now = deps.now ?? Date.now;
  const guard = createAddressGuard({
    allowedPorts: config.allowedPorts,
    allowPrivateNetworks: config.allowPrivateNetworks,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  });
  const politeness = createPoliteness({
    hostStore,
    waitBudgetMs: config.politenessWaitBudgetMs,
    now,
  });

  /** One request in its politeness slot, to the address the guard pinned. */
  function send(
    hop: { target: GuardedHop["target"]; pinned: PinnedAddress },
    intervalMs: number,
    run: FetchRun,
    headers: Record<string, string>,
  ) {
    return politeness.exchange(hop.target, intervalMs, run, (beforeSend) =>
      sendRequest({
        target: hop.target,
        pinned: hop.pinned,
        headers: { "user-agent": config.userAgent, ...headers },
        connectTimeoutMs: config.connectTimeoutMs,
        signal: run.signal,
        ...(deps.extraCaCertificates ? { extraCaCertificates: deps.extraCaCertificates } : {}),
        beforeSend,
      }),
    );
  }

  const robots = createRobotsGate({
    userAgent: config.userAgent,
    respectRobots: config.respectRobots,
    maxBodyBytes: config.maxBodyBytes,
    hostStore,
    now,
    exchange: async (url, run, headers) => {
      const guarded = await guard(url);
      const response = await send(guarded, config.politenessIntervalMs, run, headers);
      return { target: guarded.target, response };
    },
    ...(deps.onRobotsParsed ? { onParsed: deps.onRobotsParsed } : {}),
  });

  async function hop(url: string, run: FetchRun, headers: Record<string, string>) {
    const guarded = await guard(url);
    const verdict = await robots.check(guarded.target, run);
    const intervalMs = Math.max(config.politenessIntervalMs, verdict.crawlDelayMs ?? 0);
    const response = await send(guarded, intervalMs, run, headers);
    return { ...guarded, response, robots: verdict };
  }

  return {
    config,
    now,
    within: (url, signal, work) =>
      withinDeadline(
        url,
        { totalTimeoutMs: config.totalTimeoutMs, now, ...(signal ? { signal } : {}) },
        work,
      ),
    get: (url, run, headers) =>
      followRedirects(url, {
        maxRedirects: config.maxRedirects,
        run,
        exchange: (next) => hop(next, run, headers),
      }),
    async refuseStatus(last) {
      const { response, target } = last;
      response.destroy();
      const status = response.statusCode ?? 0;
      const retryAfterMs = parseRetryAfter([response.headers["retry-after"]].flat()[0], now());
      const error = errorForStatus(status, target.url.href, retryAfterMs);
      await politeness.honourThrottle(target, error);
      throw error;
    },
    robotsLabel: (verdict) =>
      config.respectRobots
        ? verdict.kind === "no-robots"
          ? "no-robots"
          : "allowed"
        : "not-checked",
  };
}
