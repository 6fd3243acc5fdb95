/**
 * Article metadata from every source a page offers, merged by a fixed precedence, with the
 * winning source recorded per field in `provenance`. See docs/metadata.md for the table.
 *
 * Call order (in `extractArticle`):
 *   1. `const $ = load(html)` with `cheerio/slim`;
 *   2. `let meta = extractMetadata($, url)` on the UNMODIFIED document (before any cleaning:
 *      JSON-LD scripts, `<meta>` tags, bylines and figures are read from it);
 *   3. clean the document and extract the body text;
 *   4. `meta = finalizeLanguage(meta, bodyText)`: keeps the markup language unless the body
 *      text contradicts it, and detects the language when the markup gives none.
 */
import type { CheerioAPI } from "cheerio/slim";
import { getDomain, getDomainWithoutSuffix, getHostname } from "tldts";
import { safeLine } from "../../safe-text";
import type { ExtractedArticle, MetadataSource } from "../types";
import { splitAuthors } from "./authors";
import { boundedUrl, cutField, cutText, METADATA_BOUNDS } from "./bounds";
import { readLeadImage } from "./image";
import {
  isJsonLdObject,
  type JsonLdDocument,
  readJsonLd,
  resolveRef,
  stringOf,
  typesOf,
  valuesOf,
} from "./json-ld";
import { normalizeLanguageTag, resolveLanguage } from "./language";
import { type MetaTags, readMetaTags } from "./meta-tags";
import { microdataValues } from "./microdata";
import { pickAuthors } from "./pick-authors";
import { pickDates } from "./pick-dates";
import { type Candidate, firstOf, fromMeta, ldString } from "./sources";
import { pickSection, pickTags, splitTags } from "./tags";
import { absoluteUrl, compareKey, plainText, uniqueBy } from "./text";
import { chooseTitle, type TitleCandidate, titleCandidates } from "./title";

export type ArticleMetadata = Omit<
  ExtractedArticle,
  "links" | "text" | "markdown" | "html" | "wordCount" | "isArticle" | "pageType" | "pageSignals"
>;

export { detectLanguage, normalizeLanguageTag, resolveLanguage } from "./language";

// ---------------------------------------------------------------------------------------------
// Site and publisher names (used to strip titles and to drop the publisher from authors)

/** The host and its registrable name: "edition.cnn.com" → ["edition.cnn.com", "cnn.com", "cnn"]. */
function hostLabels(url: string): string[] {
  const host = getHostname(url)?.replace(/^www\d?\./, "");
  if (!host) return [];
  return [host, getDomain(url) ?? "", getDomainWithoutSuffix(url) ?? ""].filter(Boolean);
}

function siteNameCandidates(doc: JsonLdDocument, meta: MetaTags): Array<Candidate<string | null>> {
  const publisher = resolveRef(doc, doc.article?.publisher);
  const publisherName = Array.isArray(publisher)
    ? stringOf(resolveRef(doc, publisher[0]))
    : stringOf(publisher);
  const website = doc.nodes.find((n) => typesOf(n).includes("website"));
  return [
    fromMeta(meta, ["og:site_name"]),
    { value: publisherName, source: "json-ld" },
    { value: website ? ldString(doc, website, "name") : null, source: "json-ld" },
    fromMeta(meta, ["application-name", "apple-mobile-web-app-title", "twitter:site"]),
  ];
}

/** JSON-LD types of news articles (`NewsArticle` and its subtypes, live blogs): see `TitleChoice`. */
const NEWS_TYPE = /newsarticle$|^liveblogposting$/;

// ---------------------------------------------------------------------------------------------
// Language, paywall, links

function pickMarkupLanguage(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
): Candidate<string> | null {
  const candidates: Array<Candidate<string | null>> = [
    { value: ldString(doc, doc.article, "inLanguage"), source: "json-ld" },
    { value: $("html").attr("lang") ?? $("html").attr("xml:lang") ?? null, source: "html-lang" },
    fromMeta(meta, [
      "content-language",
      "language",
      "og:locale",
      "dc.language",
      "dcterms.language",
    ]),
    { value: ldString(doc, doc.webPage, "inLanguage"), source: "json-ld" },
  ];
  for (const c of candidates) {
    const tag = normalizeLanguageTag(c.value);
    if (tag) return { value: tag, source: c.source };
  }
  return null;
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (text === "true" || text === "yes") return true;
    if (text === "false" || text === "no") return false;
  }
  return null;
}

function pickAccessibleForFree(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
): Candidate<boolean> | null {
  const direct = toBoolean(doc.article?.isAccessibleForFree);
  if (direct !== null) return { value: direct, source: "json-ld" };
  for (const part of valuesOf(doc.article, "hasPart")) {
    if (isJsonLdObject(part)) {
      const flag = toBoolean(part.isAccessibleForFree);
      if (flag !== null) return { value: flag, source: "json-ld" };
    }
  }
  const fromMarkup = toBoolean(
    meta.first("isaccessibleforfree") ?? microdataValues($, "isAccessibleForFree")[0],
  );
  return fromMarkup === null ? null : { value: fromMarkup, source: "microdata" };
}

function linkHref($: CheerioAPI, rel: string, url: string): string | null {
  let found: string | null = null;
  $("link[rel][href]").each((_, el) => {
    const rels = ($(el).attr("rel") ?? "").toLowerCase().split(/\s+/);
    if (!rels.includes(rel)) return undefined;
    found = absoluteUrl($(el).attr("href"), url);
    return found ? false : undefined;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------

/** Reads the article's metadata from an unmodified cheerio document. Pure; never throws on odd markup. */
export function extractMetadata($: CheerioAPI, url: string): ArticleMetadata {
  const provenance: ArticleMetadata["provenance"] = {};
  const doc = readJsonLd($, url);
  const meta = readMetaTags($);

  const siteName = firstOf<string>(
    siteNameCandidates(doc, meta).map((c) => ({
      ...c,
      value: c.value ? plainText(c.value).replace(/^@/, "") : null,
    })),
  );
  if (siteName) provenance.siteName = siteName.source;
  const publisherNames = uniqueBy(
    [
      ...siteNameCandidates(doc, meta).map((c) =>
        c.value ? plainText(c.value).replace(/^@/, "") : "",
      ),
      ...hostLabels(url),
    ].filter(Boolean),
    compareKey,
  );

  // Title
  const markupTitles: TitleCandidate[] = [
    { text: fromMeta(meta, ["og:title"]).value ?? "", source: "opengraph" },
    { text: ldString(doc, doc.article, "headline") ?? "", source: "json-ld" },
    { text: fromMeta(meta, ["twitter:title"]).value ?? "", source: "twitter" },
    { text: ldString(doc, doc.article, "name") ?? "", source: "json-ld" },
    { text: fromMeta(meta, ["dc.title", "dcterms.title"]).value ?? "", source: "dublin-core" },
    {
      text: fromMeta(meta, ["parsely-title", "sailthru.title", "title"]).value ?? "",
      source: "meta",
    },
    { text: $("head title").first().text() || $("title").first().text(), source: "title-element" },
  ];
  const { candidates, headings } = titleCandidates($, markupTitles, publisherNames);
  const articleTypes = doc.article ? typesOf(doc.article) : [];
  const news = articleTypes.some((t) => NEWS_TYPE.test(t));
  const liveBlog = articleTypes.includes("liveblogposting");
  const title = chooseTitle(candidates, headings, { news, liveBlog });
  if (title) provenance.title = title.source;

  const description = firstOf<string>(
    [
      fromMeta(meta, ["og:description"]),
      { value: ldString(doc, doc.article, "description"), source: "json-ld" as MetadataSource },
      fromMeta(meta, [
        "description",
        "twitter:description",
        "dc.description",
        "dcterms.description",
      ]),
    ].map((c) => ({ ...c, value: c.value ? plainText(c.value) : null })),
  );
  if (description) provenance.description = description.source;

  const authors = pickAuthors($, doc, meta, publisherNames, url);
  if (authors) provenance.authors = authors.source;

  const { published, modified } = pickDates($, doc, meta, url, title?.text ?? null);
  if (published) provenance.publishedAt = published.source;
  if (modified) provenance.modifiedAt = modified.source;

  const language = pickMarkupLanguage($, doc, meta);
  if (language) provenance.language = language.source;

  const section = pickSection($, doc, meta);
  if (section) provenance.section = section.source;
  const tags = pickTags($, doc, meta, publisherNames);
  if (tags) provenance.tags = tags.source;

  const { image, source: imageSource } = readLeadImage($, doc, meta, url);
  if (imageSource) provenance.image = imageSource;

  const canonical = firstOf<string>([
    { value: linkHref($, "canonical", url), source: "link" },
    { value: absoluteUrl(meta.first("og:url"), url), source: "opengraph" },
  ]);
  if (canonical) provenance.canonicalUrl = canonical.source;
  const ampUrl = linkHref($, "amphtml", url);
  if (ampUrl) provenance.ampUrl = "link";

  const free = pickAccessibleForFree($, doc, meta);
  if (free) provenance.isAccessibleForFree = free.source;

  return withinBounds(
    withSafeText({
      title: title?.text ?? null,
      description: description?.value ?? null,
      authors: authors?.value ?? [],
      publishedAt: published?.value.utc ?? null,
      publishedAtLocal: published?.value.local ?? null,
      modifiedAt: modified?.value.utc ?? null,
      language: language?.value ?? null,
      section: section?.value ?? null,
      tags: tags?.value ?? [],
      image,
      canonicalUrl: canonical?.value ?? null,
      ampUrl,
      siteName: siteName?.value ?? null,
      isAccessibleForFree: free?.value ?? null,
      provenance,
    }),
  );
}

/** One metadata text without control characters or bidi overrides (../../safe-text); null when nothing is left. */
function safeField(value: string | null): string | null {
  if (value === null) return null;
  const safe = safeLine(value);
  const text = (safe === value ? safe : safe.replace(/\s+/g, " ")).trim();
  return text === "" ? null : text;
}

/**
 * Every text field a reader sees (title, description, authors, site name, section, tags,
 * image caption and credit) made safe to print: a page must not be able to move the
 * cursor, rewrite the screen, set the clipboard or reorder text through its metadata.
 */
function withSafeText(meta: ArticleMetadata): ArticleMetadata {
  const provenance = { ...meta.provenance };
  const field = (name: "title" | "description" | "siteName" | "section") => {
    const value = safeField(meta[name]);
    if (value === null) delete provenance[name];
    return value;
  };
  const list = (name: "authors" | "tags") => {
    const values = meta[name].map(safeField).filter((v): v is string => v !== null);
    if (values.length === 0) delete provenance[name];
    return values;
  };
  const image = meta.image
    ? {
        ...meta.image,
        caption: safeField(meta.image.caption),
        credit: safeField(meta.image.credit),
      }
    : null;
  return {
    ...meta,
    title: field("title"),
    description: field("description"),
    authors: list("authors"),
    siteName: field("siteName"),
    section: field("section"),
    tags: list("tags"),
    image,
    provenance,
  };
}

/**
 * Every field within its bound (./bounds, `METADATA_BOUNDS`): text cut on a character
 * boundary, lists kept to their first values, a URL that is too long dropped with its
 * provenance. Runs last, on text already made safe, so a cut never leaves a stray space.
 */
function withinBounds(meta: ArticleMetadata): ArticleMetadata {
  const b = METADATA_BOUNDS;
  const provenance = { ...meta.provenance };
  const url = (name: "canonicalUrl" | "ampUrl") => {
    const value = boundedUrl(meta[name]);
    if (value === null) delete provenance[name];
    return value;
  };
  const imageUrl = meta.image ? boundedUrl(meta.image.url) : null;
  if (imageUrl === null) delete provenance.image;
  return {
    ...meta,
    title: cutField(meta.title, b.title),
    description: cutField(meta.description, b.description),
    siteName: cutField(meta.siteName, b.siteName),
    section: cutField(meta.section, b.section),
    authors: meta.authors.slice(0, b.authorCount).map((a) => cutText(a, b.authorLength)),
    tags: meta.tags.filter((t) => t.length <= b.tagLength).slice(0, b.tagCount),
    image:
      meta.image && imageUrl !== null
        ? {
            url: imageUrl,
            caption: cutField(meta.image.caption, b.caption),
            credit: cutField(meta.image.credit, b.credit),
          }
        : null,
    canonicalUrl: url("canonicalUrl"),
    ampUrl: url("ampUrl"),
    provenance,
  };
}

/**
 * Settles the language once the body text is known: keeps the markup language unless the text
 * contradicts it, detects it from the text when the markup gave none (rule in ./language).
 */
export function finalizeLanguage(meta: ArticleMetadata, bodyText: string): ArticleMetadata {
  const { language, source } = resolveLanguage(meta.language, bodyText);
  if (language === meta.language) return meta;
  const provenance = { ...meta.provenance };
  if (language) provenance.language = source === "text" ? "text" : provenance.language;
  else delete provenance.language;
  return { ...meta, language, provenance };
}

export { splitAuthors, splitTags };
