/**
 * Headline choice: compares the headline candidates a page offers (JSON-LD `headline`,
 * `og:title`, `twitter:title`, Dublin Core, the visible `<h1>`, `<title>`), strips site-name
 * suffixes and kickers, and picks the text most of them agree on, preferring the visible one.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { MetadataSource } from "../types";
import { parseDate } from "./dates";
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
/**
 * Longest text whose site names and labels are stripped: no site-name affix makes a longer
 * one a headline, and the stripping rules need not read a hostile page's megabyte title.
 */
const MAX_RAW_TITLE_LENGTH = 4 * MAX_TITLE_LENGTH;

/** Classes of screen-reader-only labels. */
const HIDDEN_LABEL_CLASS = /\b(sr-only|visually-hidden|screen-reader)/i;

/**
 * Text of an `<h1>` without kicker spans and screen-reader-only labels. A kicker is a part of
 * the headline: an element so classed that holds all of its text (a CMS field wrapper such as
 * `field--label-hidden`) is the headline itself and stays.
 */
function headingText($: CheerioAPI, el: Parameters<CheerioAPI>[0]): string {
  const clone = $(el as never).clone();
  clone.find("script, style, noscript, button, svg").remove();
  // A line break or a block inside the `<h1>` separates words ("Headline<br>Subtitle").
  clone.find("br").replaceWith(" ");
  clone.find("div, p").each((_, child) => {
    $(child).append(" ");
  });
  clone.find("[class]").each((_, child) => {
    if (HIDDEN_LABEL_CLASS.test($(child).attr("class") ?? "")) $(child).remove();
  });
  const whole = cleanText(clone.text());
  clone.find("[class]").each((_, child) => {
    const node = $(child);
    if (!KICKER_CLASS.test(node.attr("class") ?? "")) return;
    if (cleanText(node.text()) !== whole) node.remove();
  });
  return cleanText(clone.text()) || whole;
}

/** Removes a leading or trailing site-name segment ("Headline | Site", "Site - Headline"). */
export function stripSiteName(title: string, siteNames: string[]): string {
  const isSite = siteMatcher(siteNames);
  const segmented = stripSiteSegments(title, isSite);
  const unwrapped = stripSiteWrapping(segmented, siteNames, isSite);
  return unwrapped === segmented ? segmented : stripSiteSegments(unwrapped, isSite);
}

/** Longest label before a colon that is taken for a site or blog name ("Example Blog: ..."): the name and a word. */
const MAX_COLON_LABEL_WORDS = 2;

/**
 * Removes a site name set off without a separator: in brackets at the end ("Headline (via
 * Example)", "Headline (Jane Doe)" on janedoe.org), a web address before or after the
 * headline ("example.com Headline"), or a label naming the site before a colon ("Example
 * Blog: Headline").
 */
function stripSiteWrapping(
  title: string,
  siteNames: string[],
  isSite: (part: string) => boolean,
): string {
  let text = title;
  const bracketed = /^(.*\S)\s+[([]\s*(?:via\s+)?([^()[\]]+?)\s*[)\]]$/u.exec(text);
  if (bracketed && isSite(bracketed[2] ?? "")) text = bracketed[1] ?? text;
  for (const name of siteNames) {
    // Only web addresses: a bare name next to the headline may be one of its words.
    if (!/^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(name)) continue;
    const lower = text.toLowerCase();
    const address = name.toLowerCase();
    if (lower.startsWith(`${address} `)) text = text.slice(address.length).trim();
    else if (lower.endsWith(` ${address}`))
      text = text.slice(0, text.length - address.length).trim();
  }
  const labelled = /^([^:：]+?)\s*[:：]\s+(.+)$/u.exec(text);
  if (labelled) {
    const label = labelled[1] ?? "";
    const words = label.split(/\s+/).filter(Boolean).length;
    if (words <= MAX_COLON_LABEL_WORDS && isSite(label)) text = labelled[2] ?? text;
  }
  return text.length > 0 ? text : title;
}

/** A test for "this segment is the site's name": equal to one, or containing one, or inside one. */
function siteMatcher(siteNames: string[]): (part: string) => boolean {
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
  return isSite;
}

/** Removes leading and trailing segments behind separators that name the site. */
function stripSiteSegments(title: string, isSite: (part: string) => boolean): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
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

/** A label after a pipe has at most this many words ("| Opinion", "| Example Blog"). */
const MAX_PIPE_LABEL_WORDS = 4;
/** A title keeps at least this many words when a label is cut off it. */
const MIN_TITLE_WORDS = 3;

/**
 * Cuts a short label behind the last pipe ("Headline | Opinion", "Headline | Site Blog"): a
 * pipe sets off a site or section name, almost never a part of the headline. Site names the
 * page declares are stripped before; this catches sections and names it does not declare.
 */
export function stripPipeLabel(title: string): string {
  const match = /^(.*\S)\s+[|｜]\s+([^|｜]+)$/u.exec(title);
  if (!match) return title;
  const head = match[1] ?? "";
  const label = (match[2] ?? "").trim().split(/\s+/).filter(Boolean);
  if (label.length === 0 || label.length > MAX_PIPE_LABEL_WORDS) return title;
  return titleWords(head).length >= MIN_TITLE_WORDS ? head : title;
}

/**
 * A UTF-8 sequence read as Latin-1 ("Investor\u00e2\u0080\u0099s"): a lead byte followed by
 * continuation bytes. One of them a C1 control character (`C1_CONTROL`, which no text uses)
 * proves the misreading.
 */
const DOUBLE_ENCODED = /[\u00c2-\u00f4][\u0080-\u00bf]{1,3}/g;
const C1_CONTROL = /[\u0080-\u009f]/;

/** The one character a run of Latin-1 characters spells as UTF-8 bytes, or null. */
function decodedRun(run: string): string | null {
  const decoded = Buffer.from(run, "latin1").toString("utf8");
  return [...decoded].length === 1 && decoded !== "\ufffd" ? decoded : null;
}

/**
 * Decodes UTF-8 that a site encoded twice ("Investor\u00e2\u0080\u0099s" → "Investor’s"). A run
 * holding a C1 control character that decodes to one character proves the double encoding;
 * then every run that decodes is decoded ("Â¶" → "¶"). Other text is left as it is.
 */
export function repairDoubleEncoding(text: string): string {
  if (!C1_CONTROL.test(text)) return text;
  const runs = text.match(DOUBLE_ENCODED) ?? [];
  if (!runs.some((run) => C1_CONTROL.test(run) && decodedRun(run) !== null)) return text;
  return text.replace(DOUBLE_ENCODED, (run) => decodedRun(run) ?? run);
}

/** Gathers headline candidates from markup, already cleaned of site names. */
export function titleCandidates(
  $: CheerioAPI,
  fromMarkup: TitleCandidate[],
  siteNames: string[],
): { candidates: TitleCandidate[]; headings: TitleCandidate[] } {
  const siteKeys = new Set(siteNames.map(compareKey));
  const strip = (text: string) =>
    text.length > MAX_RAW_TITLE_LENGTH
      ? ""
      : stripPipeLabel(stripSiteName(repairDoubleEncoding(text), siteNames));
  const candidates = fromMarkup
    .map((c) => ({ ...c, text: strip(plainText(c.text)) }))
    // A title that is only the site's name describes the site, not the article.
    .filter(
      (c) =>
        c.text.length > 0 && c.text.length <= MAX_TITLE_LENGTH && !siteKeys.has(compareKey(c.text)),
    );
  const headings: TitleCandidate[] = [];
  $("h1").each((index, el) => {
    if (index >= 5) return false;
    // "Headline – Site" in the `<h1>` too; an `<h1>` that is only the site's name is no headline.
    const text = strip(headingText($, el));
    if (text && text.length <= MAX_TITLE_LENGTH && !siteKeys.has(compareKey(text))) {
      headings.push({ text, source: "heading" });
    }
    return undefined;
  });
  return { candidates, headings };
}

/** Separators that put a site name or a label ("- updates") next to a headline; ":" is a kicker's. */
const AFFIX_SEPARATOR = /^\s*[|\-–—·•»«/]\s*$/;

/** An affix of this many words or fewer beside the visible headline is a site name or label. */
const MAX_AFFIX_WORDS = 4;

/**
 * When `title` is the visible `heading` plus a suffix behind a separator ("Headline - Site
 * Name", "Headline – Blog Name – Tagline") or a short prefix behind a pipe ("Topic |
 * Headline"), returns the heading; otherwise null.
 */
function stripAffixUsingHeading(title: string, heading: string): string | null {
  const t = title.trim();
  const shown = heading.trim();
  if (shown.length < 10 || t === shown) return null;
  // The declared segment may leave out the `<h1>`'s closing "?" or "!" ("Is it worth it |
  // Site" beside "Is it worth it?").
  const bare = shown.replace(/[?!]$/u, "");
  for (const h of bare === shown ? [shown] : [shown, bare]) {
    // The `<h1>` may be set in another case than the declared title: the declared case is kept.
    if (!t.toLowerCase().startsWith(h.toLowerCase())) continue;
    // Whatever follows the visible headline behind a separator is not part of it.
    const match = /^(\s*\S\s+)(.*)$/.exec(t.slice(h.length));
    const head = t.slice(0, h.length);
    return match && AFFIX_SEPARATOR.test(match[1] ?? "") && (match[2] ?? "").length > 0
      ? head
      : null;
  }
  const h = shown;
  if (t.endsWith(h)) {
    // A prefix is stripped only behind a pipe ("Topic | Headline"); "Kicker: Headline" and
    // "Kicker - Headline" are how some publishers declare the headline itself.
    const match = /^(.*?)(\s+\|\s+)$/.exec(t.slice(0, t.length - h.length));
    if (!match) return null;
    const words = (match[1] ?? "").split(/\s+/).filter(Boolean).length;
    return words > 0 && words <= MAX_AFFIX_WORDS ? h : null;
  }
  return null;
}

/** Fullwidth forms of ASCII punctuation and letters (U+FF01-FF5E). */
const FULLWIDTH = /[\uff01-\uff5e]/g;
/** Scripts that are set with fullwidth punctuation. */
const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A title in a script set with narrow punctuation keeps no fullwidth forms ("Work？" in an
 * English title is an input method's slip): they become their ASCII counterparts.
 */
function narrowPunctuation(text: string): string {
  if (WIDE_SCRIPT.test(text)) return text;
  return text.replace(FULLWIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** True when two titles have the same letters and digits in the same order. */
function sameWording(a: string, b: string): boolean {
  return compareKey(a) === compareKey(b);
}

/** Lower-case words of a title (letters and digits). */
function titleWords(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Share of the words of `a` that `b` also uses. */
function wordShare(a: string, b: string): number {
  const words = titleWords(a);
  if (words.length === 0) return 0;
  const other = new Set(titleWords(b));
  return words.filter((w) => other.has(w)).length / words.length;
}

/**
 * A visible headline must share at least this part of its words with the declared title, and
 * the declared title this part of its words with it: a blog's name or a section heading in
 * the `<h1>` shares none.
 */
const MIN_SHARED_WORDS = 0.2;
/** Longest `<h1>` taken for the headline over a declared title; longer ones are standfirsts. */
const MAX_VISIBLE_HEADLINE = 200;

/** True for an `<h1>` that can be the article's headline: a few words, no leading punctuation. */
function plausibleHeading(text: string): boolean {
  return (
    text.length >= 8 &&
    text.length <= MAX_VISIBLE_HEADLINE &&
    !/^[\p{P}\p{S}]/u.test(text) &&
    titleWords(text).length >= 2
  );
}

/**
 * True when `shown` renders the same title as `declared` in capitals the declared title does
 * not use: set by the stylesheet's taste, not the publisher's words.
 */
function displayRendering(shown: string, declared: string): boolean {
  return /\p{Ll}/u.test(declared) && !/\p{Ll}/u.test(shown) && /\p{Lu}/u.test(shown);
}

/** A byline or "posted" lead-in opening what an `<h1>` adds to the title. */
const BYLINE_IN_EXTRA = /^(?:(?:posted|published|updated|written)\b|by\s)/i;
/** A web address in brackets ("(example.com)"), as link aggregators put after a title. */
const DOMAIN_IN_EXTRA = /\((?:[\p{L}\p{N}-]+\.)+\p{L}{2,}\)/u;
/** A one- or two-word label before a colon ("Blog:", "Kultur :"): a section, not the headline. */
const LABEL_EXTRA = /^\s*\p{L}+(?:\s\p{L}+)?\s*:\s*$/u;

/**
 * True when the `<h1>` is the declared title plus page furniture: a date, a byline, a web
 * address or a section label before a colon. A subtitle after the title is not furniture.
 */
function addsMetadata(heading: string, declared: string): boolean {
  const at = heading.toLowerCase().indexOf(declared.toLowerCase());
  if (at < 0 || heading.length <= declared.length) return false;
  const before = heading.slice(0, at);
  const after = heading.slice(at + declared.length);
  const extra = `${before} ${after}`.trim();
  if (!extra) return false;
  return (
    parseDate(extra) !== null ||
    BYLINE_IN_EXTRA.test(extra) ||
    DOMAIN_IN_EXTRA.test(extra) ||
    (after.trim() === "" && LABEL_EXTRA.test(before))
  );
}

export interface TitleChoice {
  /**
   * The page declares a news article (a `NewsArticle` or `LiveBlogPosting` type): newsrooms
   * write the declared headline (`og:title`) on purpose and fill the `<h1>` with live-ticker
   * and kicker variants, so the declared one is kept. Elsewhere (blogs, guides, reviews) the
   * declared titles are SEO variants and the visible headline is the article's.
   */
  news: boolean;
  /**
   * The page declares a live blog (`LiveBlogPosting`): its `<h1>` and JSON-LD headline are the
   * ticker's current line, not the story's headline.
   */
  liveBlog?: boolean;
}

/**
 * The visible headline where it should replace the declared title `declared`: the `<h1>`
 * stating the same words as another declared source (JSON-LD `headline`, `<title>`), else the
 * `<h1>` that shares most words with the declared title (at least `MIN_SHARED_WORDS` both
 * ways) and is not a part of it (a kicker left out). Null when none qualifies.
 */
function visibleHeadline(
  declared: TitleCandidate,
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
): TitleCandidate | null {
  const plausible = headings.filter((h) => plausibleHeading(h.text));
  const confirmed = plausible.find((h) => candidates.some((c) => sameWording(c.text, h.text)));
  // The same words as declared: the rendering shown on the page (quotes, dashes, case) wins,
  // except capitals set for display.
  if (confirmed) {
    if (confirmed.text === declared.text || displayRendering(confirmed.text, declared.text)) {
      return null;
    }
    return confirmed;
  }
  let best: TitleCandidate | null = null;
  let bestShare = 0;
  for (const heading of plausible) {
    const share = Math.min(
      wordShare(heading.text, declared.text),
      wordShare(declared.text, heading.text),
    );
    if (share > bestShare) [best, bestShare] = [heading, share];
  }
  if (!best || bestShare < MIN_SHARED_WORDS) return null;
  // An `<h1>` set in capitals is a display rendering; its wording is not the publisher's either.
  if (displayRendering(best.text, declared.text)) return null;
  // The declared title inside an `<h1>` that adds a dateline, a byline or a label to it.
  if (addsMetadata(best.text, declared.text)) return null;
  // The declared title is the `<h1>` plus a tail set off as an addition: a subtitle after a
  // comma or in brackets, or a second sentence after the headline's question or exclamation.
  if (addsTail(declared.text, best.text)) return best;
  // An `<h1>` that is part of the declared title is the headline without its kicker: the
  // publisher declared the kicker with it.
  return compareKey(declared.text).includes(compareKey(best.text)) ? null : best;
}

/**
 * True when `declared` is `heading` (in any case) followed by a tail set off as an addition:
 * ", Tested & Reviewed", " (2024 Guide)", or anything after a heading that ends with "?" or
 * "!". A tail behind a colon or a plain space may be the headline's own words ("Topic: the
 * news", "... in 2025").
 */
function addsTail(declared: string, heading: string): boolean {
  const d = declared.trim();
  const h = heading.trim();
  if (h.length >= d.length || !d.toLowerCase().startsWith(h.toLowerCase())) return false;
  const tail = d.slice(h.length);
  if (!/\p{L}|\p{N}/u.test(tail)) return false;
  return /^\s*[,([]/u.test(tail) || (/[?!]$/u.test(h) && /^\s/u.test(tail));
}

/**
 * On a news article, the visible headline that states the declared title in full: the `<h1>`
 * that another declared source (JSON-LD `headline`, `<title>`) confirms word for word and
 * that contains the declared title as a part (`og:title` shortened for sharing). Null when
 * none qualifies.
 */
function fullerHeadline(
  declared: TitleCandidate,
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
): TitleCandidate | null {
  const short = compareKey(declared.text);
  if (!short) return null;
  for (const heading of headings) {
    const key = compareKey(heading.text);
    if (!plausibleHeading(heading.text) || key === short || !key.includes(short)) continue;
    if (candidates.some((c) => c !== declared && sameWording(c.text, heading.text))) return heading;
  }
  return null;
}

/**
 * On a news article, the headline the page gives itself where the sharing headline
 * (`og:title`) is worded differently, neither a part of the other (a kicker added or left
 * out). Two shapes show it:
 * - `og:title` and `twitter:title` state one wording (written for social feeds), the JSON-LD
 *   headline and `<title>` another (the page's own), and at least as many sources (the `<h1>`
 *   included) state the page's wording;
 * - `og:title`, the JSON-LD headline and `<title>` state three wordings (social, display and
 *   search variants) and the `<h1>` states the JSON-LD headline: the one shown. Not on a live
 *   blog, whose `<h1>` and headline are the ticker's current line.
 * Null when the page shows neither.
 */
function pageHeadline(
  declared: TitleCandidate,
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
  choice: TitleChoice,
): TitleCandidate | null {
  if (declared.source !== "opengraph") return null;
  const headline = candidates.find((c) => c.source === "json-ld");
  const documentTitle = candidates.find((c) => c.source === "title-element");
  if (!headline || !documentTitle) return null;
  const shared = compareKey(declared.text);
  const own = compareKey(headline.text);
  if (!shared || !own || shared.includes(own) || own.includes(shared)) return null;
  const social = candidates.find((c) => c.source === "twitter");
  if (
    social &&
    sameWording(social.text, declared.text) &&
    sameWording(documentTitle.text, headline.text)
  ) {
    const all = [...candidates, ...headings];
    const support = (key: string) => all.filter((c) => compareKey(c.text) === key).length;
    return support(own) >= support(shared) ? headline : null;
  }
  const searchTitle = compareKey(documentTitle.text);
  if (choice.liveBlog || searchTitle === shared || searchTitle === own) return null;
  return headings.some((h) => compareKey(h.text) === own) ? headline : null;
}

/**
 * Picks the headline: the first declared title in source order (`og:title`, JSON-LD
 * `headline`, `twitter:title`, JSON-LD `name`, Dublin Core, `<title>`; site names already
 * stripped). `og:title` leads because it is the headline the publisher shows when the article
 * is shared. A visible `<h1>` is used to strip affixes the site-name list did not catch, and
 * stands in when the markup declares no title. On pages that are not news articles (see
 * `TitleChoice.news`) the visible headline replaces a declared title worded differently.
 */
export function chooseTitle(
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
  choice: TitleChoice = { news: true },
): TitleCandidate | null {
  const picked = pickTitle(candidates, headings, choice);
  if (!picked) return null;
  // The declared title-case rendering of the same words (house style, not a rewording).
  const chosen = candidates.find((c) => titleCased(c.text, picked.text)) ?? picked;
  return { ...chosen, text: narrowPunctuation(chosen.text) };
}

/** Words of at least this many letters count when telling title case from sentence case. */
const MIN_CASED_WORD = 4;

/**
 * True when `a` is `b` in title case and `b` the same words in sentence case ("How Much
 * Should I Pay" against "How much should I pay"): at least two longer words capitalised in
 * `a` only, none in `b` only. Small words ("And", "To") differ between house styles.
 */
function titleCased(a: string, b: string): boolean {
  if (a === b || a.toLowerCase() !== b.toLowerCase()) return false;
  const wordsA = a.split(/\s+/);
  const wordsB = b.split(/\s+/);
  if (wordsA.length !== wordsB.length) return false;
  let up = 0;
  for (let i = 1; i < wordsA.length; i += 1) {
    const wa = wordsA[i] ?? "";
    const wb = wordsB[i] ?? "";
    if (wa === wb || (wa.match(/\p{L}/gu) ?? []).length < MIN_CASED_WORD) continue;
    const capA = /^\P{L}*\p{Lu}/u.test(wa);
    const capB = /^\P{L}*\p{Lu}/u.test(wb);
    if (capA && !capB) up += 1;
    else if (capB && !capA) return false;
  }
  return up >= 2;
}

function pickTitle(
  candidates: TitleCandidate[],
  headings: TitleCandidate[],
  choice: TitleChoice,
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
  if (choice.news) declared = pageHeadline(declared, candidates, headings, choice) ?? declared;
  for (const heading of headings) {
    const stripped = stripAffixUsingHeading(declared.text, heading.text);
    if (stripped) return { text: stripped, source: declared.source };
  }
  if (!choice.news) {
    const visible = visibleHeadline(declared, candidates, headings);
    if (visible) return visible;
    return declared;
  }
  return fullerHeadline(declared, candidates, headings) ?? declared;
}
