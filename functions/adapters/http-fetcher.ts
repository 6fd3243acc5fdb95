/**
 * The fetch step for pages: the guarded, polite GET (fetch/guarded-fetch.ts: address
 * guard, robots.txt, politeness, redirects, total deadline) plus what only pages need:
 * conditional requests (304), the content-type judgement and charset decoding
 * (fetch/body.ts). Returns a decoded `FetchedPage` or throws an `IngestError` with one
 * failure code; `classify()` decides what happens next. See docs/fetching.md.
 *
 * Feeds and sitemaps use `createDocumentFetcher` (fetch/document-fetcher.ts), the same
 * parts without the page-specific ones.
 */
import type { IncomingMessage } from "node:http";
import type { ConditionalHeaders, FetchedPage, HttpExchange } from "../core/fetch-types";
import { readHtmlBody } from "./fetch/body";
import { createGuardedFetch, type FetcherDeps, type GuardedFetch } from "./fetch/guarded-fetch";

export type { ResolvedAddress, Resolver } from "./fetch/address-guard";
export type { FetcherConfig, FetcherDeps } from "./fetch/guarded-fetch";

export interface FetchOptions {
  conditional?: ConditionalHeaders | null;
  signal?: AbortSignal;
}

export interface Fetcher {
  fetchPage(url: string, options?: FetchOptions): Promise<FetchedPage>;
}

const PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";

/** A page fetcher of its own, or one sharing `parts` (and their caches) with a document fetcher. */
export function createFetcher(deps: FetcherDeps | { parts: GuardedFetch }): Fetcher {
  const parts = "parts" in deps ? deps.parts : createGuardedFetch(deps);
  const { config, now } = parts;

  async function fetchPage(requestedUrl: string, options: FetchOptions = {}): Promise<FetchedPage> {
    const startMs = now();
    const conditional = options.conditional;
    const headers: Record<string, string> = {
      accept: PAGE_ACCEPT,
      "accept-encoding": "gzip, deflate, br",
    };
    if (conditional?.etag) headers["if-none-match"] = conditional.etag;
    if (conditional?.lastModified) headers["if-modified-since"] = conditional.lastModified;

    return parts.within(requestedUrl, options.signal, async (run) => {
      const { last, redirects } = await parts.get(requestedUrl, run, headers);
      const fetchedAt = new Date(now()).toISOString();
      const { response, target, pinned } = last;
      const status = response.statusCode ?? 0;
      const href = target.url.href;
      const etag = [response.headers.etag].flat()[0] ?? null;
      const lastModified = [response.headers["last-modified"]].flat()[0] ?? null;
      const contentType = response.headers["content-type"] ?? null;
      const common = {
        requestedUrl,
        finalUrl: href,
        redirects,
        status,
        fetchedAt,
        robots: parts.robotsLabel(last.robots),
        remoteAddress: response.socket?.remoteAddress ?? pinned.address,
        contentType,
      };

      if (status === 304 && conditional && (conditional.etag || conditional.lastModified)) {
        response.destroy();
        return {
          ...common,
          body: Buffer.alloc(0),
          text: "",
          declaredCharset: null,
          charset: "UTF-8",
          etag: etag ?? conditional.etag ?? null,
          lastModified: lastModified ?? conditional.lastModified ?? null,
          durationMs: now() - startMs,
          notModified: true,
          transferBytes: 0,
        };
      }
      if (status < 200 || status >= 300) return parts.refuseStatus(last);

      const { body, transferBytes, decoded } = await readHtmlBody(response, {
        maxBytes: config.maxBodyBytes,
        url: href,
      });
      return {
        ...common,
        exchange: exchangeOf(target.url, { "user-agent": config.userAgent, ...headers }, response),
        body,
        text: decoded.text,
        declaredCharset: decoded.declaredCharset,
        charset: decoded.charset,
        charsetSource: decoded.source,
        etag,
        lastModified,
        durationMs: now() - startMs,
        notModified: false,
        transferBytes,
      };
    });
  }

  return { fetchPage };
}

/** Pairs of a raw header list ([name, value, name, value, ...]). */
function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

/** The final hop's request as sent (guarded-fetch adds `user-agent`, Node adds `host`) and its response. */
function exchangeOf(
  url: URL,
  sent: Record<string, string>,
  response: IncomingMessage,
): HttpExchange {
  return {
    request: {
      method: "GET",
      target: `${url.pathname}${url.search}`,
      httpVersion: "1.1",
      headers: [["host", url.host], ...Object.entries(sent)],
    },
    response: {
      httpVersion: response.httpVersion || "1.1",
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? "",
      headers: pairs(response.rawHeaders ?? []),
    },
  };
}
