/**
 * A tiny news site on loopback whose pages a test can change between fetches, with
 * ETag support, to exercise versions, conditional GETs and canonical URLs. Its pages are
 * usually built with articlePage (cli/local/article-page.ts).
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface MutableSite {
  origin: string;
  /** Sets the HTML served at a path (and its status). */
  set(path: string, html: string, status?: number): void;
  /** Requests received, by path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startMutableSite(): Promise<MutableSite> {
  const pages = new Map<string, { html: string; status: number }>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
      return;
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not found</body></html>");
      return;
    }
    const etag = `"${createHash("sha1").update(page.html).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(page.status, { "content-type": "text/html; charset=utf-8", etag });
    res.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set(path, html, status = 200) {
      pages.set(path, { html, status });
    },
    hits: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
