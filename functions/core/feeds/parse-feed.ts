/**
 * Reads the article URLs out of a feed or sitemap document: RSS 2.0, RSS 1.0 (RDF), Atom,
 * JSON Feed 1.x, XML sitemaps (with Google News `news:publication_date`), and sitemap
 * indexes (whose entries are further sitemaps). Gzip-compressed documents are recognized by
 * their bytes. Pure: takes bytes, returns entries; the caller fetches (the CLI's
 * `submit --feed` and the discovery function share it).
 *
 * A document that is none of these (an HTML page where a feed used to be, XML of another
 * kind, bytes that are not well-formed) is a `FeedFormatError`, failure code `not-feed`.
 */
import { gunzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import iconv from "iconv-lite";
import { IngestError } from "../errors";

export type FeedKind = "rss" | "rdf" | "atom" | "json" | "sitemap" | "sitemap-index";

export interface FeedEntry {
  /** Absolute URL (resolved against the document URL). */
  url: string;
  /** ISO 8601 UTC publication (or last modification) date, when the document gives one. */
  date?: string;
}

export interface FeedDocument {
  kind: FeedKind;
  /** Article URLs, or for a sitemap index the child sitemaps (at most `maxEntries`). */
  entries: FeedEntry[];
  /** Entries left out past `maxEntries`. */
  cut: number;
}

/** Most entries read from one document: the sitemap protocol's limit of 50,000 URLs. */
export const MAX_ENTRIES_PER_DOCUMENT = 50_000;

/** The document is not a feed or sitemap (failure code `not-feed`). */
export class FeedFormatError extends IngestError {
  constructor(message: string) {
    super("not-feed", message);
    this.name = "FeedFormatError";
  }
}

/** Elements that may repeat; parsed as arrays even when they appear once. */
const REPEATED = new Set(["item", "entry", "url", "sitemap", "link"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

/** Undoes gzip (by magic bytes) with a size cap, and decodes with the declared encoding. */
export function decodeXmlBytes(bytes: Buffer, maxBytes: number): string {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      throw new FeedFormatError(
        `gzip data could not be decompressed within ${maxBytes} bytes: ${(error as Error).message}`,
      );
    }
  }
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return data.subarray(3).toString("utf8");
  }
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    return iconv.decode(data, data[0] === 0xff ? "utf-16le" : "utf-16be");
  }
  const head = data.subarray(0, 200).toString("latin1");
  const declared = /^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
    return iconv.decode(data, declared);
  }
  return data.toString("utf8");
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object" && "#text" in value) return text((value as Node)["#text"]);
  return undefined;
}

function list(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is Node => typeof v === "object" && v !== null,
  );
}

function isoDate(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    const raw = text(candidate);
    if (!raw) continue;
    const ms = Date.parse(raw);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return undefined;
}

function absolute(raw: string | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    return new URL(raw, base).href;
  } catch {
    return undefined;
  }
}

function entry(url: string | undefined, date: string | undefined): FeedEntry[] {
  if (!url) return [];
  return [date ? { url, date } : { url }];
}

function rssItems(items: Node[], base: string): FeedEntry[] {
  return items.flatMap((item) => {
    const link = [item.link].flat().map(text).find(Boolean);
    const guid = item.guid as Node | string | undefined;
    const permalink =
      typeof guid === "object" && guid?.["@_isPermaLink"] !== "false" ? text(guid) : undefined;
    const url = absolute(link ?? permalink, base);
    return entry(url, isoDate(item.pubDate, item.date, item.published, item.updated));
  });
}

function atomEntries(entries: Node[], base: string): FeedEntry[] {
  return entries.flatMap((e) => {
    const links = list(e.link);
    const alternate =
      links.find((l) => l["@_rel"] === "alternate" && !l["@_type"]?.toString().includes("xml")) ??
      links.find((l) => l["@_rel"] === undefined) ??
      links.find((l) => l["@_rel"] === "alternate");
    const href = text(alternate?.["@_href"]);
    const entryBase = text(e["@_base"]) ?? base;
    return entry(absolute(href, entryBase), isoDate(e.published, e.updated, e.issued));
  });
}

function sitemapUrls(urls: Node[], base: string): FeedEntry[] {
  return urls.flatMap((u) => {
    const news = u.news as Node | undefined;
    return entry(absolute(text(u.loc), base), isoDate(news?.publication_date, u.lastmod));
  });
}

/** Parses a feed or sitemap; `documentUrl` resolves relative links. */
export function parseFeedDocument(
  xml: string,
  documentUrl: string,
  maxEntries = MAX_ENTRIES_PER_DOCUMENT,
): FeedDocument {
  const found = readEntries(xml, documentUrl, maxEntries);
  return {
    kind: found.kind,
    entries: found.entries,
    cut: Math.max(0, found.items - maxEntries),
  };
}

interface ReadEntries {
  kind: FeedKind;
  entries: FeedEntry[];
  /** How many items the document lists, read or not. */
  items: number;
}

/** JSON Feed 1.x (https://jsonfeed.org/version/1.1): `items[].url`, else `external_url`. */
function jsonFeedEntries(json: string, documentUrl: string, maxEntries: number): ReadEntries {
  let feed: unknown;
  try {
    feed = JSON.parse(json);
  } catch (error) {
    throw new FeedFormatError(`not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const root = (typeof feed === "object" && feed !== null ? feed : {}) as Node;
  const version = typeof root.version === "string" ? root.version : "";
  if (!/^https?:\/\/jsonfeed\.org\/version\//.test(version) || !Array.isArray(root.items)) {
    throw new FeedFormatError(
      'JSON document is not a JSON Feed; expected a "version" of https://jsonfeed.org/version/1.x and an "items" array',
    );
  }
  const items = list(root.items);
  const base = text(root.home_page_url) ?? documentUrl;
  return {
    kind: "json",
    items: items.length,
    entries: items
      .slice(0, maxEntries)
      .flatMap((item) =>
        entry(
          absolute(text(item.url) ?? text(item.external_url), base),
          isoDate(item.date_published, item.date_modified),
        ),
      ),
  };
}

function readEntries(xml: string, documentUrl: string, maxEntries: number): ReadEntries {
  const read = (kind: FeedKind, items: Node[], toEntries: (nodes: Node[]) => FeedEntry[]) => ({
    kind,
    entries: toEntries(items.slice(0, maxEntries)),
    items: items.length,
  });
  const start = xml.trimStart();
  if (start.startsWith("{")) return jsonFeedEntries(start, documentUrl, maxEntries);
  if (/^(<!--[\s\S]*?-->\s*)*<!doctype\s+html|^<html[\s>]/i.test(start)) {
    throw new FeedFormatError("the document is an HTML page, not a feed or sitemap");
  }
  let root: Node;
  try {
    root = parser.parse(xml) as Node;
  } catch (error) {
    throw new FeedFormatError(`not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
  }
  const rss = root.rss as Node | undefined;
  if (rss) {
    const channel = list(rss.channel)[0] ?? {};
    return read("rss", list(channel.item), (nodes) => rssItems(nodes, documentUrl));
  }
  const rdf = root.RDF as Node | undefined;
  if (rdf) {
    const channel = list(rdf.channel)[0] ?? {};
    const items = [...list(rdf.item), ...list(channel.item)];
    return read("rdf", items, (nodes) => rssItems(nodes, documentUrl));
  }
  const feed = root.feed as Node | undefined;
  if (feed) {
    const base = text(feed["@_base"]) ?? documentUrl;
    return read("atom", list(feed.entry), (nodes) => atomEntries(nodes, base));
  }
  const urlset = root.urlset as Node | undefined;
  if (urlset) return read("sitemap", list(urlset.url), (nodes) => sitemapUrls(nodes, documentUrl));
  const index = root.sitemapindex as Node | undefined;
  if (index) {
    return read("sitemap-index", list(index.sitemap), (nodes) =>
      nodes.flatMap((s) => entry(absolute(text(s.loc), documentUrl), isoDate(s.lastmod))),
    );
  }
  const top = Object.keys(root).find((k) => !k.startsWith("?"));
  throw new FeedFormatError(
    `root element <${top ?? "none"}> is not a feed or sitemap; expected <rss>, <feed>, <rdf:RDF>, <urlset>, <sitemapindex> or a JSON Feed`,
  );
}
