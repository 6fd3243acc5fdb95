/**
 * Tags (the publisher's keywords and topics) and section: read from JSON-LD, `article:tag`,
 * `news_keywords`, `keywords` and the visible tag list, split and cleaned of CMS plumbing.
 */
import type { CheerioAPI } from "cheerio/slim";
import { METADATA_BOUNDS } from "./bounds";
import type { JsonLdDocument } from "./json-ld";
import type { MetaTags } from "./meta-tags";
import { microdataValues } from "./microdata";
import { type Candidate, firstOf, fromMeta, jsonLdStrings } from "./sources";
import { cleanText, compareKey, plainText, uniqueBy } from "./text";
import { visibleTags } from "./visible";

/**
 * Keyword values that are CMS plumbing rather than topics: ids, flags, `key:value` pairs, and
 * a lone Latin letter (a list split on a stray separator).
 */
const MACHINE_TAG =
  /^(?:[\w-]+[:=][\w-]*|[a-f0-9-]{16,}|\d+|[a-z]+_[a-z_]+|_.*|.*paywall.*|comments?-\w+|true|false|null|undefined|[a-z])$/i;

/** "Label: value" keywords; the value is kept only when the label says it is a topic. */
const LABELLED_TAG = /^([\p{L} ]{2,20}):\s*(.+)$/u;
const TOPIC_LABEL =
  /^(?:subjects?|topics?|tags?|keywords?|themen?|schlagw(?:ort|örter)|stichw(?:ort|örter))$/i;

/** Longest tag kept; longer "keywords" are sentences stuffed in for search engines. */
const MAX_TAG_LENGTH = METADATA_BOUNDS.tagLength;

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

export function pickTags(
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

export function pickSection(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
): Candidate<string> | null {
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
