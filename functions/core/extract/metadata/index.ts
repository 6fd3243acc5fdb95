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
import type { ExtractedArticle, MetadataSource } from "../types";
import { looksLikePerson, normalizeAuthors, splitAuthors } from "./authors";
import { dateFromUrl, type ParsedDate, parseDate, withOffset } from "./dates";
import { readLeadImage } from "./image";
import {
  isJsonLdObject,
  type JsonLdDocument,
  type JsonLdNode,
  readJsonLd,
  resolveRef,
  stringOf,
  typesOf,
  valuesOf,
} from "./json-ld";
import { normalizeLanguageTag, resolveLanguage } from "./language";
import { type MetaTags, metaSource, readMetaTags } from "./meta-tags";
import { microdataAuthors, microdataValues } from "./microdata";
import { absoluteUrl, cleanText, compareKey, looksLikeUrl, plainText, uniqueBy } from "./text";
import { chooseTitle, type TitleCandidate, titleCandidates } from "./title";
import { visibleBylines, visibleDatelines, visibleTags } from "./visible";

export type ArticleMetadata = Omit<
  ExtractedArticle,
  "links" | "text" | "markdown" | "html" | "wordCount"
>;

export { detectLanguage, normalizeLanguageTag, resolveLanguage } from "./language";

type Candidate<T> = { value: T; source: MetadataSource };

/** First candidate with a usable value. */
function firstOf<T>(candidates: Array<Candidate<T | null | undefined>>): Candidate<T> | null {
  for (const c of candidates) {
    if (c.value !== null && c.value !== undefined && c.value !== "") {
      return { value: c.value as T, source: c.source };
    }
  }
  return null;
}

function fromMeta(meta: MetaTags, keys: string[]): Candidate<string | null> {
  const key = meta.firstKey(...keys);
  return { value: key ? meta.first(key) : null, source: key ? metaSource(key) : "meta" };
}

function ldString(doc: JsonLdDocument, node: JsonLdNode | null, key: string): string | null {
  for (const value of valuesOf(node, key)) {
    const text = stringOf(resolveRef(doc, value));
    if (text && cleanText(text)) return cleanText(text);
  }
  return null;
}

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

// ---------------------------------------------------------------------------------------------
// Authors

/** Profile URLs name the person in their last path segment: `/author/jane-doe`. */
const AUTHOR_URL_PATH =
  /\/(?:authors?|autor(?:en)?|auteurs?|profiles?|people|journalists?|staff|redaktion|writers?)\/([^/?#]+)\/?$/i;

function nameFromProfileUrl(url: string): string | null {
  const match = AUTHOR_URL_PATH.exec(url.replace(/[?#].*$/, ""));
  const slug = match?.[1];
  if (!slug || /\d{3,}/.test(slug)) return null;
  return decodeURIComponent(slug)
    .split(/[-_.+]+/)
    .filter(Boolean)
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join(" ");
}

function jsonLdAuthors(doc: JsonLdDocument, node: JsonLdNode | null): string[] {
  const out: string[] = [];
  for (const key of ["author", "creator"]) {
    for (const raw of valuesOf(node, key)) {
      const value = resolveRef(doc, raw);
      if (typeof value === "string") {
        out.push(looksLikeUrl(value) ? (nameFromProfileUrl(value) ?? "") : value);
      } else if (isJsonLdObject(value)) {
        const name =
          stringOf(value.name) ??
          [stringOf(value.givenName), stringOf(value.familyName)].filter(Boolean).join(" ");
        out.push(name || nameFromProfileUrl(stringOf(value.url) ?? "") || "");
      }
    }
    if (out.some(Boolean)) break;
  }
  return out.filter(Boolean);
}

function metaAuthors(meta: MetaTags, keys: string[]): string[] {
  return meta
    .all(...keys)
    .map((v) => (looksLikeUrl(v) ? (nameFromProfileUrl(v) ?? "") : v))
    .filter(Boolean);
}

/** A short agency credit: an acronym ("AFP", "ANSA") or a lower-case one ("dpa"). */
const AGENCY_CREDIT = /^(?:\p{Lu}{2,6}|\p{Ll}{2,4})$/u;

function pickAuthors(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
  publisherNames: string[],
): Candidate<string[]> | null {
  // Sources are read lazily: the visible byline scan is the costly one and rarely needed.
  const sources: Array<Candidate<() => string[]>> = [
    { value: () => jsonLdAuthors(doc, doc.article), source: "json-ld" },
    { value: () => microdataAuthors($), source: "microdata" },
    {
      value: () =>
        metaAuthors(meta, ["author", "article:author", "parsely-author", "sailthru.author", "byl"]),
      source: "meta",
    },
    {
      value: () => metaAuthors(meta, ["dc.creator", "dcterms.creator", "dc:creator"]),
      source: "dublin-core",
    },
    { value: () => jsonLdAuthors(doc, doc.webPage), source: "json-ld" },
    { value: () => visibleBylines($), source: "byline" },
  ];
  let fallback: Candidate<string[]> | null = null;
  for (const source of sources) {
    let names = normalizeAuthors(source.value(), publisherNames);
    // Byline selectors also match page chrome; from them keep person-shaped names and short
    // agency credits ("dpa", "AFP") only.
    if (source.source === "byline")
      names = names.filter((n) => looksLikePerson(n) || AGENCY_CREDIT.test(n));
    if (names.length === 0) continue;
    const people = names.filter(
      (n) => !publisherNames.some((p) => compareKey(p) === compareKey(n)),
    );
    // A visible byline replaces a publisher-only credit from markup only when it names people:
    // page chrome matched by the byline selectors ("Europe", "Share") must not win.
    if (fallback && source.source === "byline" && !people.every(looksLikePerson)) continue;
    if (people.length > 0) return { value: names, source: source.source };
    fallback ??= { value: names, source: source.source };
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** `<meta>` keys that carry the publication date, most specific first. */
const PUBLISHED_META_KEYS = [
  "article:published_time",
  "og:article:published_time",
  "article:published",
  "published_time",
  "og:published_time",
  "datepublished",
  "pubdate",
  "publishdate",
  "publish-date",
  "publish_date",
  "publication_date",
  "publication-date",
  "parsely-pub-date",
  "sailthru.date",
  "article.published",
  "original-publish-date",
  "dcterms.issued",
  "dc.date.issued",
  "dcterms.created",
  "dc.date.created",
  "dcterms.date",
  "dc.date",
  "date",
];

const MODIFIED_META_KEYS = [
  "article:modified_time",
  "og:updated_time",
  "article:modified",
  "modified_time",
  "datemodified",
  "last-modified",
  "dcterms.modified",
  "dc.date.modified",
  "lastmod",
];

function dateCandidates(values: Array<Candidate<string | null>>): Array<Candidate<ParsedDate>> {
  const out: Array<Candidate<ParsedDate>> = [];
  for (const { value, source } of values) {
    const parsed = parseDate(value);
    if (parsed) out.push({ value: parsed, source });
  }
  return out;
}

/**
 * The first candidate by precedence; when it lacks a time or an offset and a later candidate
 * names the same day more precisely, the precise one wins (pages often put a bare date in one
 * place and the full timestamp in another).
 */
function pickDate(candidates: Array<Candidate<ParsedDate>>): Candidate<ParsedDate> | null {
  const first = candidates[0];
  if (!first) return null;
  const precision = (d: ParsedDate) => (d.hasTime ? 1 : 0) + (d.hasOffset ? 1 : 0);
  let best = first;
  for (const other of candidates.slice(1)) {
    if (other.value.localDay !== first.value.localDay) continue;
    if (precision(other.value) > precision(best.value)) best = other;
  }
  return best;
}

function publishedCandidates($: CheerioAPI, doc: JsonLdDocument, meta: MetaTags, url: string) {
  const values: Array<Candidate<string | null>> = [
    { value: ldString(doc, doc.article, "datePublished"), source: "json-ld" },
    ...PUBLISHED_META_KEYS.map((key) => ({
      value: meta.first(key),
      source: metaSource(key),
    })),
    { value: microdataValues($, "datePublished")[0] ?? null, source: "microdata" },
    { value: ldString(doc, doc.article, "dateCreated"), source: "json-ld" },
    { value: ldString(doc, doc.webPage, "datePublished"), source: "json-ld" },
  ];
  const candidates = dateCandidates(values);
  // The visible dateline is scanned only when markup leaves the time or offset open.
  const first = candidates[0]?.value;
  if (!first?.hasTime || !first.hasOffset) {
    candidates.push(...dateCandidates(visibleDatelines($)));
  }
  const fromUrl = dateFromUrl(url);
  if (fromUrl) candidates.push({ value: fromUrl, source: "url" });
  return candidates;
}

function modifiedCandidates($: CheerioAPI, doc: JsonLdDocument, meta: MetaTags) {
  return dateCandidates([
    { value: ldString(doc, doc.article, "dateModified"), source: "json-ld" },
    ...MODIFIED_META_KEYS.map((key) => ({ value: meta.first(key), source: metaSource(key) })),
    { value: microdataValues($, "dateModified")[0] ?? null, source: "microdata" },
    { value: ldString(doc, doc.webPage, "dateModified"), source: "json-ld" },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Tags and section

/** Keyword values that are CMS plumbing rather than topics: ids, flags, `key:value` pairs. */
const MACHINE_TAG =
  /^(?:[\w-]+[:=][\w-]*|[a-f0-9-]{16,}|\d+|[a-z]+_[a-z_]+|_.*|.*paywall.*|comments?-\w+|true|false|null|undefined)$/i;

/** "Label: value" keywords; the value is kept only when the label says it is a topic. */
const LABELLED_TAG = /^([\p{L} ]{2,20}):\s*(.+)$/u;
const TOPIC_LABEL =
  /^(?:subjects?|topics?|tags?|keywords?|themen?|schlagw(?:ort|örter)|stichw(?:ort|örter))$/i;

/** Longest tag kept; longer "keywords" are sentences stuffed in for search engines. */
const MAX_TAG_LENGTH = 60;

/** A keyword string this many words long without separators is several keywords joined by spaces. */
const MIN_WORDS_SPACE_JOINED = 4;

/**
 * Splits one keyword value into keywords (commas, semicolons, pipes). When the source gave a
 * single value (`alone`), spaces separate keywords in CJK text and in runs of capitalised words.
 */
function splitKeywordValue(value: string, alone: boolean): string[] {
  const text = plainText(value);
  // A semicolon splits only when followed by a space or the end: "PG&amp;E" is one keyword.
  const parts = text.split(/\s*(?:[,|，、；]|;(?=\s|$))\s*/);
  if (parts.length > 1 || !alone) return parts;
  const words = text.split(/\s+/);
  // CJK keywords never contain spaces; capitalised words one after another ("Cannes Messen
  // Duisburg Investition") are separate keywords too.
  if (
    words.length > 1 &&
    /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\s]+$/u.test(text)
  ) {
    return words;
  }
  if (
    words.length >= MIN_WORDS_SPACE_JOINED &&
    words.every((w) => /^\p{Lu}[\p{L}\p{N}-]*$/u.test(w))
  ) {
    return words;
  }
  return [text];
}

export function splitTags(values: string[], publisherNames: string[] = []): string[] {
  const publishers = new Set(publisherNames.map(compareKey));
  const pieces = values.flatMap((value) => splitKeywordValue(value, values.length === 1));
  // In a list of "Label: value" pairs, an unlabelled entry is a stray flag ("Medium").
  const labelled = pieces.filter((p) => LABELLED_TAG.test(p)).length;
  const parts = pieces
    .filter((p) => labelled * 2 < pieces.length || LABELLED_TAG.test(p))
    .flatMap((raw) => {
      const part = cleanText(raw);
      const labelled = LABELLED_TAG.exec(part);
      if (labelled) return TOPIC_LABEL.test(labelled[1]?.trim() ?? "") ? [labelled[2] ?? ""] : [];
      return [part];
    });
  return uniqueBy(
    parts.filter(
      (p) =>
        p.length > 0 &&
        p.length <= MAX_TAG_LENGTH &&
        !MACHINE_TAG.test(p) &&
        !publishers.has(compareKey(p)),
    ),
    (p) => p.toLowerCase(),
  );
}

function jsonLdStrings(doc: JsonLdDocument, node: JsonLdNode | null, key: string): string[] {
  return valuesOf(node, key)
    .map((v) => stringOf(resolveRef(doc, v)))
    .filter((v): v is string => Boolean(v));
}

function pickTags(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
  publisherNames: string[],
): Candidate<string[]> | null {
  const sources: Array<Candidate<() => string[]>> = [
    { value: () => jsonLdStrings(doc, doc.article, "keywords"), source: "json-ld" },
    { value: () => meta.all("article:tag", "og:article:tag"), source: "opengraph" },
    { value: () => meta.all("news_keywords"), source: "meta" },
    { value: () => meta.all("keywords", "parsely-tags", "sailthru.tags"), source: "meta" },
    { value: () => meta.all("dc.subject", "dcterms.subject"), source: "dublin-core" },
    { value: () => microdataValues($, "keywords"), source: "microdata" },
    { value: () => jsonLdStrings(doc, doc.webPage, "keywords"), source: "json-ld" },
    { value: () => visibleTags($), source: "byline" },
  ];
  let fallback: Candidate<string[]> | null = null;
  for (const source of sources) {
    const tags = splitTags(source.value(), publisherNames);
    if (tags.length === 0) continue;
    // One long keyword is a sentence or an unsplittable list; a later proper list is better.
    const single =
      tags.length === 1 && (tags[0] ?? "").split(/\s+/).length >= MIN_WORDS_SPACE_JOINED;
    if (!single) return { value: tags, source: source.source };
    fallback ??= { value: tags, source: source.source };
  }
  return fallback;
}

function pickSection($: CheerioAPI, doc: JsonLdDocument, meta: MetaTags): Candidate<string> | null {
  const sectionLd = jsonLdStrings(doc, doc.article, "articleSection")[0] ?? null;
  return firstOf<string>([
    // "News,Home Page,Popular": the first entry is the section, the rest are placements.
    {
      value: sectionLd ? (plainText(sectionLd).split(/\s*,\s*/)[0] ?? null) : null,
      source: "json-ld",
    },
    fromMeta(meta, [
      "article:section",
      "og:article:section",
      "section",
      "parsely-section",
      "category",
      "article.section",
    ]),
    { value: microdataValues($, "articleSection")[0] ?? null, source: "microdata" },
  ]);
}

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
  const title = chooseTitle(candidates, headings);
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

  const authors = pickAuthors($, doc, meta, publisherNames);
  if (authors) provenance.authors = authors.source;

  const publishedList = publishedCandidates($, doc, meta, url);
  const modifiedList = modifiedCandidates($, doc, meta);
  // A time stated without an offset is read in the zone the page states on its other dates.
  const pageOffset = [...publishedList, ...modifiedList].find((c) => c.value.hasOffset)?.value
    .offsetMinutes;
  const inPageZone = (c: Candidate<ParsedDate> | null): Candidate<ParsedDate> | null =>
    c && pageOffset !== undefined && pageOffset !== null
      ? { ...c, value: withOffset(c.value, pageOffset) }
      : c;
  const published = inPageZone(pickDate(publishedList));
  if (published) provenance.publishedAt = published.source;
  const modified = inPageZone(pickDate(modifiedList));
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

  return {
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

export { splitAuthors };
