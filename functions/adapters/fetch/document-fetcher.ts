/**
 * Feeds and sitemaps: the guarded, polite GET (address guard, robots.txt, politeness,
 * redirects, total deadline; see guarded-fetch.ts) without the page-specific parts. Any
 * content type is accepted; the body comes back with Content-Encoding undone but not
 * charset-decoded (feed parsers read the XML declaration themselves), within the same
 * `MAX_BODY_BYTES` limits. A non-2xx answer is its failure, as for pages. With `conditional`
 * validators (ETag / Last-Modified of the previous poll) a 304 comes back as `notModified`
 * with an empty body: one request, nothing read.
 */
import type { ConditionalHeaders, FetchedDocument } from "../../core/fetch-types";
import { readDocumentBody } from "./body";
import { createGuardedFetch, type FetcherDeps, type GuardedFetch } from "./guarded-fetch";

/** Asks for feeds and sitemaps first. */
const DOCUMENT_ACCEPT =
  "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5";

export interface DocumentFetchOptions {
  signal?: AbortSignal;
  conditional?: ConditionalHeaders | null;
}

export interface DocumentFetcher {
  fetchDocument(url: string, options?: DocumentFetchOptions): Promise<FetchedDocument>;
}

/** A document fetcher of its own, or one sharing `parts` (and their caches) with a page fetcher. */
export function createDocumentFetcher(
  deps: FetcherDeps | { parts: GuardedFetch },
): DocumentFetcher {
  const parts = "parts" in deps ? deps.parts : createGuardedFetch(deps);
  const { config, now } = parts;
  const headers = { accept: DOCUMENT_ACCEPT, "accept-encoding": "gzip, deflate, br" };

  async function fetchDocument(
    url: string,
    options: DocumentFetchOptions = {},
  ): Promise<FetchedDocument> {
    const startMs = now();
    const conditional = options.conditional;
    const requestHeaders: Record<string, string> = { ...headers };
    if (conditional?.etag) requestHeaders["if-none-match"] = conditional.etag;
    if (conditional?.lastModified) requestHeaders["if-modified-since"] = conditional.lastModified;
    return parts.within(url, options.signal, async (run) => {
      const { last, redirects } = await parts.get(url, run, requestHeaders);
      const fetchedAt = new Date(now()).toISOString();
      const { response, target } = last;
      const status = response.statusCode ?? 0;
      const etag = [response.headers.etag].flat()[0] ?? null;
      const lastModified = [response.headers["last-modified"]].flat()[0] ?? null;
      if (status === 304 && (conditional?.etag || conditional?.lastModified)) {
        response.destroy();
        return {
          requestedUrl: url,
          finalUrl: target.url.href,
          redirects,
          status,
          contentType: response.headers["content-type"] ?? null,
          body: Buffer.alloc(0),
          etag: etag ?? conditional.etag ?? null,
          lastModified: lastModified ?? conditional.lastModified ?? null,
          fetchedAt,
          durationMs: now() - startMs,
          transferBytes: 0,
          robots: parts.robotsLabel(last.robots),
          remoteAddress: response.socket?.remoteAddress ?? last.pinned.address,
          notModified: true,
        };
      }
      if (status < 200 || status >= 300) return parts.refuseStatus(last);
      const href = target.url.href;
      const { body, transferBytes } = await readDocumentBody(response, {
        maxBytes: config.maxBodyBytes,
        url: href,
      });
      return {
        requestedUrl: url,
        finalUrl: href,
        redirects,
        status,
        contentType: response.headers["content-type"] ?? null,
        body,
        etag,
        lastModified,
        fetchedAt,
        durationMs: now() - startMs,
        transferBytes,
        robots: parts.robotsLabel(last.robots),
        remoteAddress: response.socket?.remoteAddress ?? last.pinned.address,
        notModified: false,
      };
    });
  }

  return { fetchDocument };
}
