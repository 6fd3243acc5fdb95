/**
 * Feeds and sitemaps on loopback that a test can change between polls: each path serves a
 * document with its content type and an ETag (answering If-None-Match with 304), counts its
 * requests, and can be held back to make two polls overlap.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FeedServer {
  origin: string;
  set(path: string, body: string, contentType?: string, status?: number): void;
  remove(path: string): void;
  /** Requests received for a path. */
  hits(path: string): number;
  /** Requests that carried a validator and were answered 304. */
  notModified(path: string): number;
  /** Delays every answer by `ms` (0 to stop). */
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const documents = new Map<string, { body: string; type: string; status: number }>();
  const hits = new Map<string, number>();
  const notModified = new Map<string, number>();
  let delayMs = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = () => {
      if (path === "/robots.txt") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("User-agent: *\nAllow: /\n");
        return;
      }
      const doc = documents.get(path);
      if (!doc) {
        res.writeHead(404, { "content-type": "text/html" });
        res.end("<html><body>Not found</body></html>");
        return;
      }
      const etag = `"${createHash("sha1").update(doc.body).digest("hex").slice(0, 16)}"`;
      if (req.headers["if-none-match"] === etag) {
        notModified.set(path, (notModified.get(path) ?? 0) + 1);
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(doc.status, { "content-type": doc.type, etag });
      res.end(doc.body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set(path, body, contentType = "application/rss+xml", status = 200) {
      documents.set(path, { body, type: contentType, status });
    },
    remove(path) {
      documents.delete(path);
    },
    hits: (path) => hits.get(path) ?? 0,
    notModified: (path) => notModified.get(path) ?? 0,
    delay(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An RSS 2.0 feed of the given items. */
export function rss(items: { url: string; date?: string }[]): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>t</title><link>${i.url}</link>${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ""}</item>`,
    )
    .join("");
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>${entries}</channel></rss>`;
}

/** A Google News sitemap of the given URLs. */
export function newsSitemap(items: { url: string; date: string }[]): string {
  const urls = items
    .map(
      (i) =>
        `<url><loc>${i.url}</loc><news:news><news:publication><news:name>n</news:name><news:language>en</news:language></news:publication><news:publication_date>${i.date}</news:publication_date><news:title>t</news:title></news:news></url>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${urls}</urlset>`;
}

/** A sitemap index of the given child sitemaps. */
export function sitemapIndex(children: { url: string; lastmod?: string }[]): string {
  const entries = children
    .map(
      (c) =>
        `<sitemap><loc>${c.url}</loc>${c.lastmod ? `<lastmod>${c.lastmod}</lastmod>` : ""}</sitemap>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>`;
}
