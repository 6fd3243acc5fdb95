/**
 * JSON-LD reader: parses every `<script type="application/ld+json">` (tolerating the usual
 * publisher mistakes), flattens arrays, `@graph` and nested entities, resolves `@id`
 * references, and picks the node that describes the article.
 */
import type { CheerioAPI } from "cheerio/slim";
import { perDocument } from "../document-index";

export type JsonLdNode = Record<string, unknown>;

export interface JsonLdDocument {
  /** The node describing this article (an Article subtype), or null. */
  article: JsonLdNode | null;
  /** A WebPage node, used as a fallback for dates, authors and language. */
  webPage: JsonLdNode | null;
  /** Every node with a `@type`, in document order. */
  nodes: JsonLdNode[];
  /** Looks up a node by `@id`, used to follow references such as `"author": {"@id": ...}`. */
  byId: Map<string, JsonLdNode>;
}

/** schema.org types that describe an article; earlier entries win when a page has several. */
const ARTICLE_TYPES = [
  "newsarticle",
  "reportagenewsarticle",
  "analysisnewsarticle",
  "opinionnewsarticle",
  "backgroundnewsarticle",
  "reviewnewsarticle",
  "asksnewsarticle",
  "askpublicnewsarticle",
  "factcheckarticle",
  "satiricalarticle",
  "article",
  "blogposting",
  "liveblogposting",
  "socialmediaposting",
  "techarticle",
  "scholarlyarticle",
  "report",
  "advertisercontentarticle",
  "review",
];

const WEB_PAGE_TYPES = ["webpage", "itempage", "collectionpage", "medicalwebpage"];

/** Depth limit for walking nested entities: deep enough for `@graph > mainEntity > author`. */
const MAX_WALK_DEPTH = 6;

/** C0 control characters (built from a string so the pattern itself holds none). */
const CONTROL_CHARACTERS = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(31)}]+`,
  "g",
);

/** Parses JSON that publishers got slightly wrong; returns undefined when it cannot. */
export function parseLooseJson(raw: string): unknown {
  const attempts: Array<(s: string) => string> = [
    (s) => s,
    (s) =>
      s
        .replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, "")
        .replace(/(-->|\/\/\s*\]\]>|\]\]>)\s*$/, "")
        // Raw control characters inside strings are invalid JSON; as whitespace they are harmless.
        .replace(CONTROL_CHARACTERS, " ")
        // Trailing commas before a closing bracket.
        .replace(/,\s*([}\]])/g, "$1")
        .trim()
        .replace(/;$/, ""),
  ];
  for (const fix of attempts) {
    const text = fix(raw);
    try {
      return JSON.parse(text);
    } catch {
      // Several objects written back to back: `{...}{...}` or `{...}\n{...}`.
      if (/}\s*{/.test(text)) {
        try {
          return JSON.parse(`[${text.replace(/}\s*{/g, "},{")}]`);
        } catch {
          // fall through to the next attempt
        }
      }
    }
  }
  return undefined;
}

/** Lower-case type names of a node (`@type` may be a string or an array, with or without a prefix). */
export function typesOf(node: JsonLdNode): string[] {
  const raw = node["@type"];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((t): t is string => typeof t === "string")
    .map((t) =>
      t
        .replace(/^.*[/#:]/, "")
        .trim()
        .toLowerCase(),
    );
}

function isObject(value: unknown): value is JsonLdNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nodes found inside an article node (live-blog updates, `hasPart`), never the page's article. */
const nestedInArticle = new WeakSet<JsonLdNode>();
/** Nodes listed inside an `ItemList` (teasers, "more stories"): used only when nothing else is. */
const listedInItemList = new WeakSet<JsonLdNode>();

interface WalkContext {
  insideArticle: boolean;
  insideList: boolean;
}

function walk(value: unknown, depth: number, out: JsonLdNode[], context: WalkContext): void {
  if (depth > MAX_WALK_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, depth + 1, out, context);
    return;
  }
  if (!isObject(value)) return;
  if (value["@type"] !== undefined) {
    out.push(value);
    if (context.insideArticle) nestedInArticle.add(value);
    if (context.insideList) listedInItemList.add(value);
  }
  const inner: WalkContext = {
    insideArticle: context.insideArticle || Number.isFinite(articleRank(value)),
    insideList: context.insideList || typesOf(value).includes("itemlist"),
  };
  for (const [key, child] of Object.entries(value)) {
    if (key === "@context") continue;
    if (typeof child === "object" && child !== null) walk(child, depth + 1, out, inner);
  }
}

function articleRank(node: JsonLdNode): number {
  let best = Number.POSITIVE_INFINITY;
  for (const type of typesOf(node)) {
    const index = ARTICLE_TYPES.indexOf(type);
    if (index >= 0 && index < best) best = index;
  }
  return best;
}

/** How much article metadata a node carries; breaks ties between several article nodes. */
function richness(node: JsonLdNode): number {
  const keys = ["headline", "author", "datePublished", "articleBody", "keywords", "image"];
  return keys.filter((k) => node[k] !== undefined).length;
}

function urlKey(value: unknown): string {
  const text =
    typeof value === "string" ? value : isObject(value) ? String(value["@id"] ?? "") : "";
  return text
    .replace(/^https?:\/\/(www\.)?/i, "")
    .replace(/[?#].*$/, "")
    .replace(/\/$/, "")
    .toLowerCase();
}

/**
 * Reads all JSON-LD blocks of a page. `pageUrl` helps pick the right node on pages listing
 * several articles. Parsed once per indexed document (../document-index): the metadata and
 * the structured-body fallback share the result, which nobody changes.
 */
export function readJsonLd($: CheerioAPI, pageUrl: string): JsonLdDocument {
  return perDocument($, `json-ld ${pageUrl}`, () => parseJsonLd($, pageUrl));
}

function parseJsonLd($: CheerioAPI, pageUrl: string): JsonLdDocument {
  const nodes: JsonLdNode[] = [];
  $('script[type="application/ld+json" i], script[type="application/json+ld" i]').each((_, el) => {
    const raw = $(el).text();
    if (!raw.trim()) return;
    const parsed = parseLooseJson(raw);
    if (parsed !== undefined) {
      walk(parsed, 0, nodes, { insideArticle: false, insideList: false });
    }
  });

  const byId = new Map<string, JsonLdNode>();
  for (const node of nodes) {
    const id = node["@id"];
    // A node that only references another (`{"@id": ...}` with a type) must not shadow the full one.
    if (typeof id === "string" && (!byId.has(id) || Object.keys(node).length > 2)) {
      const existing = byId.get(id);
      if (!existing || Object.keys(existing).length < Object.keys(node).length) byId.set(id, node);
    }
  }

  const pageKey = urlKey(pageUrl);
  const articles = nodes
    .filter((n) => Number.isFinite(articleRank(n)) && !nestedInArticle.has(n))
    .map((node, order) => {
      const sameUrl =
        urlKey(node.url) === pageKey || urlKey(node.mainEntityOfPage) === pageKey ? 1 : 0;
      const own = listedInItemList.has(node) ? 0 : 1;
      return { node, order, sameUrl, own, rank: articleRank(node), rich: richness(node) };
    })
    .sort(
      (a, b) =>
        b.sameUrl - a.sameUrl ||
        b.own - a.own ||
        b.rich - a.rich ||
        a.rank - b.rank ||
        a.order - b.order,
    );
  const webPage = nodes.find((n) => typesOf(n).some((t) => WEB_PAGE_TYPES.includes(t))) ?? null;
  return { article: articles[0]?.node ?? null, webPage, nodes, byId };
}

/** Follows an `{"@id": ...}` reference to the full node when the document has it. */
export function resolveRef(doc: JsonLdDocument, value: unknown): unknown {
  if (isObject(value) && typeof value["@id"] === "string" && Object.keys(value).length <= 2) {
    return doc.byId.get(value["@id"]) ?? value;
  }
  return value;
}

/** The values of a property as a flat list (a single value, an array, or a list of either). */
export function valuesOf(node: JsonLdNode | null, key: string): unknown[] {
  if (!node) return [];
  const value = node[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.flat(2) : [value];
}

/** The first string-ish value of a property (`@value` objects and numbers included). */
export function stringOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isObject(value)) {
    for (const key of ["@value", "name", "text", "@id"]) {
      const inner = value[key];
      if (typeof inner === "string") return inner;
    }
  }
  return null;
}

export { isObject as isJsonLdObject };
