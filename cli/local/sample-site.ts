/**
 * The sample news site: "The Riverside Courier", a fictional local paper whose pages have
 * the shape of a real article page (navigation, headline, dates in meta tags and JSON-LD,
 * byline, photo with caption and credit, inline links, a "Related" teaser mid-body, share
 * buttons, footer). The demo submits it and the tests fetch it; it only ever listens on
 * loopback.
 *
 * Files live in `sample-site/`. `{{origin}}` inside any text file is replaced by the
 * server's origin (e.g. `http://127.0.0.1:41234`) when served, so canonical URLs, feeds and
 * sitemaps carry absolute URLs as on a real site. The substitution is done on the bytes
 * (ASCII placeholder, ASCII origin), so the windows-1251 page keeps its encoding.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export interface SampleSiteOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to bind; default 127.0.0.1. */
  host?: string;
}

export interface SampleSiteRequest {
  method: string;
  path: string;
  /** Epoch milliseconds the request arrived. */
  at: number;
}

export interface SampleSiteUrls {
  /** The UTF-8 article pages. */
  articles: string[];
  /** A section index: a page that is not an article. */
  notArticle: string;
  /** An article stored and served in windows-1251. */
  cyrillic: string;
  /** RSS 2.0 feed listing every article (the Cyrillic one included). */
  feed: string;
  /** XML sitemap listing every article. */
  sitemap: string;
  /** Atom feed listing every article. */
  atom: string;
  /** Sitemap index pointing at the plain and Google News sitemaps. */
  sitemapIndex: string;
  /** Google News sitemap (news:publication_date per article). */
  newsSitemap: string;
  /** The plain sitemap, gzip-compressed as `sitemap.xml.gz`. */
  sitemapGz: string;
  robots: string;
}

export interface SampleSite {
  origin: string;
  urls: SampleSiteUrls;
  /** Every request received, in order (for politeness and caching assertions). */
  requests: SampleSiteRequest[];
  close(): Promise<void>;
}

/** Where the page files are. */
export const SAMPLE_SITE_DIR = join(dirname(fileURLToPath(import.meta.url)), "sample-site");

/** One served resource: URL path to file and content type. */
interface Route {
  file: string;
  contentType: string;
  /** Served gzip-compressed (the file is stored plain). */
  gzip?: boolean;
}

const HTML = "text/html; charset=utf-8";
const ARTICLE_PATHS = [
  "/news/2026/11/27/volunteers-clear-alder-river.html",
  "/news/2026/11/26/night-bus-pilot-east-bank.html",
  "/sport/2026/11/24/rowing-club-wins-regional-eights.html",
  "/business/2026/11/21/old-cannery-public-market.html",
] as const;
const CYRILLIC_PATH = "/ru/2026/11/25/biblioteka-na-naberezhnoj.html";
const NOT_ARTICLE_PATH = "/news/";

const ROUTES: Record<string, Route> = {
  "/": { file: "news/index.html", contentType: HTML },
  "/news/": { file: "news/index.html", contentType: HTML },
  ...Object.fromEntries(ARTICLE_PATHS.map((p) => [p, { file: p.slice(1), contentType: HTML }])),
  [CYRILLIC_PATH]: {
    file: CYRILLIC_PATH.slice(1),
    contentType: "text/html; charset=windows-1251",
  },
  "/robots.txt": { file: "robots.txt", contentType: "text/plain; charset=utf-8" },
  "/feed.xml": { file: "feed.xml", contentType: "application/rss+xml; charset=utf-8" },
  "/atom.xml": { file: "atom.xml", contentType: "application/atom+xml; charset=utf-8" },
  "/sitemap.xml": { file: "sitemap.xml", contentType: "application/xml; charset=utf-8" },
  "/sitemap.xml.gz": { file: "sitemap.xml", contentType: "application/gzip", gzip: true },
  "/sitemap-index.xml": {
    file: "sitemap-index.xml",
    contentType: "application/xml; charset=utf-8",
  },
  "/news-sitemap.xml": { file: "news-sitemap.xml", contentType: "application/xml; charset=utf-8" },
  "/images/river-cleanup.svg": { file: "images/river-cleanup.svg", contentType: "image/svg+xml" },
  "/images/night-bus.svg": { file: "images/night-bus.svg", contentType: "image/svg+xml" },
  "/images/rowing-eight.svg": { file: "images/rowing-eight.svg", contentType: "image/svg+xml" },
  "/images/cannery.svg": { file: "images/cannery.svg", contentType: "image/svg+xml" },
  "/images/library.svg": { file: "images/library.svg", contentType: "image/svg+xml" },
  "/css/site.css": { file: "css/site.css", contentType: "text/css; charset=utf-8" },
};

/** All pages were last edited at this time (a fixed date keeps Last-Modified stable). */
const LAST_MODIFIED = new Date("2026-11-27T18:30:00Z").toUTCString();

const PLACEHOLDER = "{{origin}}";

interface Prepared {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Reads every routed file once and fills in the origin. */
function prepare(origin: string): Map<string, Prepared> {
  const out = new Map<string, Prepared>();
  for (const [path, route] of Object.entries(ROUTES)) {
    const raw = readFileSync(join(SAMPLE_SITE_DIR, route.file));
    // latin1 maps every byte to one char and back, so non-ASCII bytes survive untouched.
    const filled = Buffer.from(raw.toString("latin1").replaceAll(PLACEHOLDER, origin), "latin1");
    const body = route.gzip ? gzipSync(filled) : filled;
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    out.set(path, { body, contentType: route.contentType, etag });
  }
  return out;
}

function isNotModified(req: IncomingMessage, etag: string): boolean {
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((t) => t.trim().replace(/^W\//, ""))
      .some((t) => t === etag || t === "*");
  }
  const ifModifiedSince = req.headers["if-modified-since"];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && since >= Date.parse(LAST_MODIFIED);
  }
  return false;
}

function handle(
  pages: Map<string, Prepared>,
  req: IncomingMessage,
  res: ServerResponse,
  log: SampleSiteRequest[],
): void {
  const method = req.method ?? "GET";
  const path = new URL(req.url ?? "/", "http://sample.invalid").pathname;
  log.push({ method, path, at: Date.now() });
  if (method !== "GET" && method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method not allowed\n");
    return;
  }
  const page = pages.get(path);
  if (page === undefined) {
    const body = "<!doctype html><title>Not found</title><h1>Page not found</h1>\n";
    res.writeHead(404, {
      "Content-Type": HTML,
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(method === "HEAD" ? undefined : body);
    return;
  }
  const headers = {
    ETag: page.etag,
    "Last-Modified": LAST_MODIFIED,
    "Cache-Control": "public, max-age=60",
  };
  if (isNotModified(req, page.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    "Content-Type": page.contentType,
    "Content-Length": page.body.length,
  });
  res.end(method === "HEAD" ? undefined : page.body);
}

/** Starts the sample site on loopback (port 0 = a free port) and returns its URLs. */
export async function startSampleSite(options: SampleSiteOptions = {}): Promise<SampleSite> {
  const host = options.host ?? "127.0.0.1";
  const requests: SampleSiteRequest[] = [];
  let pages = new Map<string, Prepared>();
  const server = createServer((req, res) => handle(pages, req, res, requests));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  pages = prepare(origin);
  const url = (path: string) => `${origin}${path}`;
  return {
    origin,
    urls: {
      articles: ARTICLE_PATHS.map(url),
      notArticle: url(NOT_ARTICLE_PATH),
      cyrillic: url(CYRILLIC_PATH),
      feed: url("/feed.xml"),
      sitemap: url("/sitemap.xml"),
      atom: url("/atom.xml"),
      sitemapIndex: url("/sitemap-index.xml"),
      newsSitemap: url("/news-sitemap.xml"),
      sitemapGz: url("/sitemap.xml.gz"),
      robots: url("/robots.txt"),
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
