/** A fetched HTML page as the fetcher returns it (status 200, UTF-8, no validators). */
import type { FetchedPage } from "../../functions/core/fetch-types";

export function htmlPage(url: string, html: string): FetchedPage {
  return {
    requestedUrl: url,
    finalUrl: url,
    redirects: [],
    status: 200,
    contentType: "text/html",
    body: Buffer.from(html),
    text: html,
    declaredCharset: null,
    charset: "UTF-8",
    etag: null,
    lastModified: null,
    fetchedAt: "2026-11-29T00:00:00.000Z",
    durationMs: 1,
    notModified: false,
  };
}
