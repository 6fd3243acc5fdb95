/**
 * `<meta>` reader: one lookup over `name`, `property` and `http-equiv` keys (lower case), so
 * OpenGraph (`og:title`), `article:*`, Twitter cards, Dublin Core (`dc.creator`, `dcterms.created`)
 * and plain `<meta name=author>` are all read the same way.
 */
import type { CheerioAPI } from "cheerio/slim";
import { cleanText } from "./text";

export interface MetaTags {
  /** First non-empty value for any of `keys`, tried in order. */
  first(...keys: string[]): string | null;
  /** Every non-empty value for any of `keys`, in key order then document order. */
  all(...keys: string[]): string[];
  /** The key that `first(...keys)` found its value under. */
  firstKey(...keys: string[]): string | null;
  /** Every key with a value, in document order of first appearance (lower case). */
  keys(): string[];
}

export function readMetaTags($: CheerioAPI): MetaTags {
  const values = new Map<string, string[]>();
  $("meta").each((_, el) => {
    const node = $(el);
    const content = cleanText(node.attr("content") ?? node.attr("value"));
    if (!content) return;
    for (const attr of ["property", "name", "http-equiv"]) {
      const raw = node.attr(attr);
      if (!raw) continue;
      // `property` may hold several space-separated keys (RDFa).
      for (const key of raw.toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = values.get(key) ?? [];
        list.push(content);
        values.set(key, list);
      }
    }
  });
  const firstKey = (...keys: string[]): string | null =>
    keys.find((k) => (values.get(k.toLowerCase())?.length ?? 0) > 0) ?? null;
  return {
    first: (...keys) => {
      const key = firstKey(...keys);
      return key ? (values.get(key.toLowerCase())?.[0] ?? null) : null;
    },
    all: (...keys) => keys.flatMap((k) => values.get(k.toLowerCase()) ?? []),
    firstKey,
    keys: () => [...values.keys()],
  };
}

/** The metadata source a meta key belongs to, for `provenance`. */
export function metaSource(key: string): "opengraph" | "twitter" | "dublin-core" | "meta" {
  const k = key.toLowerCase();
  if (k.startsWith("og:") || k.startsWith("article:")) return "opengraph";
  if (k.startsWith("twitter:")) return "twitter";
  if (k.startsWith("dc.") || k.startsWith("dcterms.") || k.startsWith("dc:")) return "dublin-core";
  return "meta";
}
