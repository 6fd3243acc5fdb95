/**
 * Headline choice: compares the headline candidates a page offers (JSON-LD `headline`,
 * `og:title`, `twitter:title`, Dublin Core, the visible `<h1>`, `<title>`), strips site-name
 * suffixes and kickers, and picks the text most of them agree on, preferring the visible one.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { MetadataSource } from "../types";
import { cleanText, compareKey, plainText } from "./text";

export interface TitleCandidate {
  text: string;
  source: MetadataSource;
}

/** Separators between a headline and a site name or section in `<title>` and `og:title`. */
const TITLE_SEPARATORS = /\s+(?:[|\-–—·•»«:/*]|::)\s+|\s*[｜：]\s*/;

/** Classes of elements inside an `<h1>` that hold a kicker (overline) rather than the headline. */
const KICKER_CLASS =
  /(^|[-_\s])(kicker|overline|dachzeile|topline|eyebrow|roofline|spitzmarke|supertitle|pretitle|flag|label|rubric|tagline|category)([-_\s]|$)/i;

/** Shortest site-name key compared by containment rather than equality. */
const MIN_SITE_KEY = 4;

/** Longest plausible headline; longer `<h1>` texts are teasers or whole paragraphs. */
const MAX_TITLE_LENGTH = 300;

/** Text of an `<h1>` without kicker spans and screen-reader-only labels. */
function headingText($: CheerioAPI, el: Parameters<CheerioAPI>[0]): string {
  const clone = $(el as never).clone();
  clone.find("script, style, noscript, button, svg").remove();
  clone.find("[class]").each((_, child) => {
    const cls = $(child).attr("class") ?? "";
    if (KICKER_CLASS.test(cls) || /\b(sr-only|visually-hidden|screen-reader)/i.test(cls)) {
      $(child).remove();
    }
  });
  return cleanText(clone.text());
}

/** Removes a leading or trailing site-name segment ("Headline | Site", "Site - Headline"). */
export function stripSiteName(title: string, siteNames: string[]): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
  const keys = siteNames.map(compareKey).filter((k) => k.length > 1);
  const isSite = (part: string): boolean => {
    // A byline segment ("Headline | Site | by Jane Doe") goes with the site name.
    if (/^(?:by|von|par|por|door|di)\s+\p{Lu}/u.test(part.trim())) return true;
    const key = compareKey(part);
    // Containment ("Example News" in "examplenews.com") needs a few letters to mean anything.
    return (
      key.length > 0 &&
      keys.some(
        (k) =>
          k === key ||
          (key.length >= MIN_SITE_KEY && k.includes(key)) ||
          (k.length >= MIN_SITE_KEY && key.includes(k)),
      )
    );
  };
  let start = 0;
  let end = parts.length;
  while (end - start > 1 && isSite(parts[end - 1] ?? "")) end -= 1;
  while (end - start > 1 && isSite(parts[start] ?? "")) start += 1;
  if (start === 0 && end === parts.length) return title;
  // Re-join the remaining parts with their original separators.
  const separators = title.match(new RegExp(TITLE_SEPARATORS.source, "g")) ?? [];
  let out = parts[start] ?? "";
  for (let i = start + 1; i < end; i += 1) out += (separators[i - 1] ?? " ") + (parts[i] ?? "");
  return out.trim();
}

/** Gathers headline candidates from markup, already cleaned of site names. */
export function titleCandidates(
  $: CheerioAPI,
  fromMarkup: TitleCandidate[],
  siteNames: string[],
): { candidates: TitleCandidate[]; headings: TitleCandidate[] } {
  const siteKeys = new Set(siteNames.map(compareKey));
  const candidates = fromMarkup
    .map((c) => ({ ...c, text: stripSiteName(plainText(c.text), siteNames) }))
    // A title that is only the site's name describes the site, not the article.
    .filter(
      (c) =>
        c.text.length > 0 && c.text.length <= MAX_TITLE_LENGTH && !siteKeys.has(compareKey(c.text)),
    );
  const headings: TitleCandidate[] = [];
  $("h1").each((index, el) => {
    if (index >= 5) return false;
    const text = headingText($, el);
    if (text && text.length <= MAX_TITLE_LENGTH) headings.push({ text, source: "heading" });
    return undefined;
  });
  return { candidates, headings };
}

/** Separators that put a site name or a label ("- updates") next to a headline; ":" is a kicker's. */
const AFFIX_SEPARATOR = /^\s*[|\-–—·•»«/]\s*$/;

/** An affix of this many words or fewer beside the visible headline is a site name or label. */
const MAX_AFFIX_WORDS = 4;

/**
 * When `title` is the visible `heading` plus a short suffix behind a separator
 * ("Headline - Site Name") or a short prefix behind a pipe ("Topic | Headline"), returns the
 * heading; otherwise null.
 */
function stripAffixUsingHeading(title: string, heading: string): string | null {
  const t = title.trim();
  const h = heading.trim();
  if (h.length < 10 || t === h) return null;
  let affix: string | null = null;
  let separator = "";
  if (t.startsWith(h)) {
    const rest = t.slice(h.length);
    const match = /^(\s*\S\s+)(.*)$/.exec(rest);
    if (match) [separator, affix] = [match[1] ?? "", match[2] ?? ""];
  } else if (t.endsWith(h)) {
    // A prefix is stripped only behind a pipe ("Topic | Headline"); "Kicker: Headline" and
    // "Kicker - Headline" are how some publishers declare the headline itself.
    const match = /^(.*?)(\s+\|\s+)$/.exec(t.slice(0, t.length - h.length));
    if (match) [affix, separator] = [match[1] ?? "", match[2] ?? ""];
  }
  if (affix === null || !AFFIX_SEPARATOR.test(separator)) return null;
  const words = affix.split(/\s+/).filter(Boolean).length;
  return words > 0 && words <= MAX_AFFIX_WORDS ? h : null;
}

/** True when two titles have the same letters and digits in the same order. */
function sameWording(a: string, b: string): boolean {
  return compareKey(a) === compareKey(b);
}

/**
 * Picks the headline: the first declared title in source order (`og:title`, JSON-LD
 * `headline`, `twitter:title`, JSON-LD `name`, Dublin Core, `<title>`; site names already
 * stripped). `og:title` leads because it is the headline the publisher shows when the article
 * is shared; JSON-LD `headline` is often an SEO variant or truncated (110 characters). A
 * visible `<h1>` is used to strip affixes the site-name list did not catch, and stands in when
 * the markup declares no title. Declared titles win over the `<h1>` because the `<h1>` often
 * carries layout artefacts (kicker spans run together, line breaks).
 */
export function chooseTitle(
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
): TitleCandidate | null {
  let declared = candidates[0];
  if (!declared) return headings[0] ?? null;
  // A title cut short with an ellipsis gives way to a source stating it in full.
  const cut = /(?:…|\.\.\.)$/.exec(declared.text);
  if (cut) {
    const short = declared.text;
    const stem = compareKey(short);
    const full = [...candidates, ...headings].find(
      (c) => c.text.length > short.length && compareKey(c.text).startsWith(stem),
    );
    if (full) declared = full;
  }
  // When another source states the same words with plain quotes, use that rendition: the
  // typographic one usually comes from escaped CMS output ("&#8216;").
  const plain = candidates.find(
    (c) =>
      c.source !== declared?.source &&
      c.text !== declared?.text &&
      sameWording(c.text, declared?.text ?? ""),
  );
  if (plain && /[‘’“”]/.test(declared.text) && !/[‘’“”]/.test(plain.text)) declared = plain;
  for (const heading of headings) {
    const stripped = stripAffixUsingHeading(declared.text, heading.text);
    if (stripped) return { text: stripped, source: declared.source };
  }
  return declared;
}
