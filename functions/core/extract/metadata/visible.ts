/**
 * Visible byline and dateline: the fallback when markup names no author or date. Reads the
 * short elements that pages use for them, preferring ones inside the article.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { AnyNode, Element, Text } from "domhandler";
import { perDocument } from "../document-index";
import { holdsDate, looksLikePerson, withoutDates } from "./authors";
import { cleanText } from "./text";

/** Elements with an `author` class: a byline, or an author box with photo and bio. */
const AUTHOR_CLASS = '[class*="author" i]:not([class*="authorize" i])';

/** Elements that hold the byline, most specific first. */
const BYLINE_SELECTORS = [
  '[rel="author"]',
  '[class*="byline" i] [class*="name" i]',
  '[class*="byline" i]',
  '[class*="author-name" i], [class*="authorname" i], [class*="author__name" i]',
  '[data-testid*="byline" i], [data-component*="byline" i]',
  AUTHOR_CLASS,
  '[id*="byline" i]',
  // Links to author profile pages ("/author/jane-doe", "/autoren/name/max-muster").
  'a[href*="/author/" i], a[href*="/authors/" i], a[href*="/autor/" i], a[href*="/autoren/" i], a[href*="/auteur/" i], a[href*="/journalist/" i]',
];

/** Lead-ins that open a byline line in running text ("By Jane Doe", "Von Max Muster", "责编：..."). */
const BYLINE_LEAD_IN =
  /^[(（]?\s*(?:(?:(?:written|posted|article|reported|recipe|words|story)\s+)?by|von|par|por|door|av|af|autor(?:in)?|author|texte?)(?:\s*:\s*|\s+)\S|^[(（]?\s*(?:作者[：:]|记者[：:]?|责编[：:]|编辑[：:]|文[／/])\s*\S/i;
/** "By" glued to the name it credits ("Written byJane Doe", "ByThe Example Team"). */
const GLUED_BY_LEAD_IN =
  /^(?:(?:[Ww]ritten|[Pp]osted|[Aa]rticle|[Rr]eported|[Rr]ecipe|[Ww]ords|[Ss]tory)\s+)?(?:[Bb]y|BY)(?=\p{Lu})/u;

/** Text with a letter or a digit (not only punctuation). */
const LETTER_OR_DIGIT = /\p{L}|\d/u;

/** Longest line the lead-in scan looks at. */
const MAX_LEAD_IN_LINE = 100;

/** Elements that hold the publication date as text or in `datetime`. */
const DATELINE_SELECTORS = [
  "article time[datetime], main time[datetime], header time[datetime]",
  "time[datetime]",
  '[class*="dateline" i], [class*="publish" i][class*="date" i], [class*="pubdate" i]',
  '[class*="timestamp" i], [class*="date" i]:not([class*="update" i])',
  // "date" in other languages: German/Dutch/Swedish, Spanish, Turkish, Danish/Norwegian.
  '[class*="datum" i], [class*="fecha" i], [class*="tarih" i], [class*="dato" i]',
];

/** Where a byline does not belong: footers, asides, navigation, comments, teasers. */
const EXCLUDED_TAGS = new Set(["footer", "aside", "nav"]);
const EXCLUDED_CLASS = /comment|related|teaser|recommend/i;
/** Tag boxes are often called "related tags"; for them only comments are excluded. */
const EXCLUDED_CLASS_FOR_TAGS = /comment/i;

const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
/** Elements looked at under a link for a heading. */
const MAX_CARD_NODES = 60;

/**
 * True for a link (`<a href>`) around `credit` that also holds a heading apart from it: a
 * story's card, headline and all (a heading that is the credit, or holds it, is the name).
 */
function isStoryCard(el: Element, credit: AnyNode): boolean {
  if (el.name !== "a" || !el.attribs?.href) return false;
  let budget = MAX_CARD_NODES;
  const stack: AnyNode[] = [...el.children];
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type !== "tag") continue;
    if (
      HEADING_TAGS.has((node as Element).name) &&
      !isInside(credit, node) &&
      !isInside(node, credit)
    )
      return true;
    for (const child of (node as Element).children) stack.push(child);
  }
  return false;
}

/** True when `node` is inside an `<article>` element. */
function withinArticle(node: AnyNode): boolean {
  for (
    let current = node.parent as AnyNode | null;
    current;
    current = current.parent as AnyNode | null
  ) {
    if ((current as Element).name === "article") return true;
  }
  return false;
}

/** How a rule reads excluded regions (the tag rules use the defaults). */
interface ExclusionOptions {
  /**
   * A `<footer>` or `<aside>` inside an `<article>` is the article's own (its footer, its
   * margin of facts), not excluded.
   */
  sectionFooters?: boolean;
  /**
   * A `<footer>` inside an `<article>` is the article's own footer, where blogs put "Posted
   * by ..." and the author link, unless the article is one card of a list of posts.
   */
  articleFooter?: boolean;
  /** Classes on `<body>` and `<html>` describe the whole page ("woo-related-columns"), not a region. */
  ignorePageClasses?: boolean;
  /**
   * A credit inside a link that also holds a heading is on the card of another story: the
   * whole card (headline, credit) links to that story.
   */
  linkCards?: boolean;
}

const DATE_EXCLUSION: ExclusionOptions = { sectionFooters: true, ignorePageClasses: true };
const NEAR_DATE_EXCLUSION: ExclusionOptions = { ignorePageClasses: true };
const BYLINE_EXCLUSION: ExclusionOptions = { articleFooter: true, linkCards: true };

/**
 * True when `node` sits inside an excluded region (a plain ancestor walk: no selector
 * compiling), read as `options` say.
 */
function insideExcluded(
  node: AnyNode,
  extraTags: readonly string[] = [],
  excludedClass: RegExp = EXCLUDED_CLASS,
  options: ExclusionOptions = {},
): boolean {
  let current: AnyNode | null = node;
  let footer = false;
  while (current && current.type !== "root") {
    const el = current as Element;
    if (options.linkCards && current !== node && isStoryCard(el, node)) return true;
    if (options.articleFooter && el.name === "footer") footer = true;
    else if (options.articleFooter && el.name === "article" && !isListItem(el)) footer = false;
    else {
      const sectionFooter =
        options.sectionFooters &&
        (el.name === "footer" || el.name === "aside") &&
        withinArticle(el);
      if (
        el.name &&
        !sectionFooter &&
        (EXCLUDED_TAGS.has(el.name) || extraTags.includes(el.name))
      ) {
        return true;
      }
    }
    if (options.ignorePageClasses && (el.name === "body" || el.name === "html")) {
      current = current.parent as AnyNode | null;
      continue;
    }
    const marker = `${el.attribs?.class ?? ""} ${el.attribs?.id ?? ""}`;
    if (marker.length > 1 && excludedClass.test(marker)) return true;
    current = current.parent as AnyNode | null;
  }
  return footer;
}

/** Longest text still read as a byline or dateline; longer is a paragraph or a bio. */
const MAX_BYLINE_LENGTH = 200;
const MAX_DATELINE_LENGTH = 120;

/** Ancestors looked at for the list an `<article>` card sits in. */
const MAX_CARD_DEPTH = 3;

/**
 * True for an `<article>` that is one card of a list of posts, not the page's story: it
 * stands beside other `<article>`s, or sits in a list item (`<li>`) a few levels up.
 */
function isListItem(article: Element): boolean {
  const parent = article.parent as Element | null;
  if (!parent || !("children" in parent)) return false;
  const beside = parent.children.some(
    (child) => child !== article && child.type === "tag" && (child as Element).name === "article",
  );
  if (beside) return true;
  let current: Element | null = parent;
  for (let depth = 0; current && depth < MAX_CARD_DEPTH; depth++) {
    if (current.name === "li") return true;
    current = current.parent as Element | null;
  }
  return false;
}

/** The article element (or `main`) that bylines are looked for in first; null when there is none. */
function scopeOf($: CheerioAPI): AnyNode | null {
  return $("article").get(0) ?? $("main, [role=main]").get(0) ?? null;
}

function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let current: AnyNode | null = node; current; current = current.parent as AnyNode | null) {
    if (current === ancestor) return true;
  }
  return false;
}

/**
 * Elements matching `selector`, only those inside `scope` when one is given. Selecting from the
 * document root and filtering is much faster in cheerio than selecting from an element (and
 * the document's index answers a root query, ../document-index).
 */
function findIn($: CheerioAPI, scope: AnyNode | null, selector: string): AnyNode[] {
  const all = $(selector).toArray() as AnyNode[];
  return scope ? all.filter((node) => isInside(node, scope)) : all;
}

/** Elements matching `selector`, in document order: those inside `scope`, and the others. */
interface ScopedMatches {
  inside: AnyNode[];
  outside: AnyNode[];
}

function matchesBy($: CheerioAPI, scope: AnyNode | null, selector: string): ScopedMatches {
  const all = findIn($, null, selector);
  if (!scope) return { inside: [], outside: all };
  const inside: AnyNode[] = [];
  const outside: AnyNode[] = [];
  for (const node of all) (isInside(node, scope) ? inside : outside).push(node);
  return { inside, outside };
}

/**
 * The article scope first, then the rest of the document when the scope finds nothing. The
 * second look skips what the first one read: the same elements would fail the same way.
 */
const SCOPE_PASSES = ["inside", "outside"] as const;

/** A byline or dateline element holds a few nodes; bigger ones are containers (and costly to read). */
const MAX_BYLINE_NODES = 40;
/** The lead-in scan looks at single lines: a handful of inline nodes at most. */
const MAX_LEAD_IN_NODES = 12;

/** True when `node` has at most `max` descendant nodes; stops counting as soon as it has more. */
function isSmall(node: AnyNode, max: number): boolean {
  let budget = max;
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (!("children" in current)) continue;
    budget -= current.children.length;
    if (budget < 0) return false;
    for (const child of current.children) stack.push(child as AnyNode);
  }
  return true;
}

/**
 * A label before a credit that names another role than the author's ("Reviewed by",
 * "Edited by", "Contributions from:", "Fact-checked by", "Geprüft von", "Revisado por", ...).
 */
const OTHER_ROLE_LABEL =
  /(?:^|[\s.,;|·•])(?:(?:(?:medically|expert)\s+)?reviewed|edited|fact[-\s]?checked|researched|illustrated|photographed|translated|verified)\s+by\s*:?\s*$|(?:contributions?|additional\s+reporting|reviewer|fact[-\s]?checker)(?:\s+(?:from|by))?\s*:\s*$|(?:geprüft|überprüft|redigiert|bearbeitet)\s+von\s*:?\s*$|(?:relu|révisé|vérifié)\s+par\s*:?\s*$|(?:revisado|editado|verificado)\s+por\s*:?\s*$/i;
/** A label before the author's own credit ("By", "Written by:", "Autor:", "Von"). */
const AUTHOR_LABEL =
  /(?:^|[\s.,;|·•])(?:(?:written|posted|reported)\s+)?by\s*:?\s*$|(?:^|\s)(?:authors?|autor(?:in)?|auteur|von|par|por)\s*:?\s*$/i;
/** Class names of a box holding a reviewer's or expert's credit rather than the author's. */
const OTHER_ROLE_CLASS = /reviewer|reviewed|fact-?check|expert/i;
/** Ancestors looked at for a credit's label, and characters of label text read at each. */
const LABEL_LEVELS = 3;
const LABEL_CHARS = 60;

/** Text of the siblings before `node`, nearest last, up to `LABEL_CHARS` characters. */
function textBefore(node: AnyNode): string {
  let out = "";
  for (let sibling = node.prev; sibling && out.length < LABEL_CHARS; sibling = sibling.prev) {
    out = `${textOf(sibling)} ${out}`;
  }
  return cleanText(out);
}

/**
 * True when a byline element credits someone in another role than the author: a label such
 * as "Reviewed by" or "Contributions from:" just before it (or before the list it is in), or
 * a reviewer's or expert's box around it. The nearest label decides: "Written by: Jane Doe,
 * John Roe" credits both.
 */
function creditsOtherRole(node: AnyNode): boolean {
  let current: AnyNode | null = node;
  for (let level = 0; level <= LABEL_LEVELS && current && current.type !== "root"; level++) {
    const el = current as Element;
    if (level < LABEL_LEVELS && OTHER_ROLE_CLASS.test(el.attribs?.class ?? "")) return true;
    const label = textBefore(current);
    if (OTHER_ROLE_LABEL.test(label)) return true;
    if (AUTHOR_LABEL.test(label)) return false;
    current = current.parent as AnyNode | null;
  }
  return false;
}

/**
 * True when a markup credit is not the article's: it sits in a box of other stories, teasers
 * or comments (by class), or credits another role. Asides and footers are not ruled out: an
 * author box is often one.
 */
export function notTheArticlesCredit(node: AnyNode): boolean {
  return classAround(node, EXCLUDED_CLASS) || creditsOtherRole(node);
}

/**
 * True when `node` or an ancestor below `<body>` has a class or id matching `pattern`, or
 * `node` sits in a story's card (a link holding a heading).
 */
function classAround(node: AnyNode, pattern: RegExp): boolean {
  for (
    let current: AnyNode | null = node;
    current && current.type !== "root";
    current = current.parent
  ) {
    const el = current as Element;
    if (el.name === "body" || el.name === "html") break;
    if (current !== node && isStoryCard(el, node)) return true;
    const marker = `${el.attribs?.class ?? ""} ${el.attribs?.id ?? ""}`;
    if (marker.length > 1 && pattern.test(marker)) return true;
  }
  return false;
}

/** Blocks of running text: an author link inside a long one is a mention, not a byline. */
const RUNNING_TEXT_TAGS = new Set(["p", "blockquote", "td", "dd"]);

function insideRunningText(node: AnyNode, maxLength: number): boolean {
  for (let current = node.parent as AnyNode | null; current; current = current.parent) {
    if (current.type === "root") return false;
    if (RUNNING_TEXT_TAGS.has((current as Element).name)) {
      return cleanText(textOf(current)).length > maxLength;
    }
  }
  return false;
}

function firstShortText(
  $: CheerioAPI,
  selectors: string[],
  maxLength: number,
  read: (el: ReturnType<CheerioAPI>) => string,
  exclusion: ExclusionOptions = {},
  bylines = false,
): string[] {
  const scope = scopeOf($);
  const queried = new Map<string, ScopedMatches>();
  const matchesOf = (selector: string): ScopedMatches => {
    let matches = queried.get(selector);
    if (!matches) {
      matches = matchesBy($, scope, selector);
      queried.set(selector, matches);
    }
    return matches;
  };
  for (const pass of SCOPE_PASSES) {
    for (const selector of selectors) {
      const found: string[] = [];
      for (const node of matchesOf(selector)[pass]) {
        if (!isSmall(node, MAX_BYLINE_NODES)) continue;
        if (insideExcluded(node, [], EXCLUDED_CLASS, exclusion)) continue;
        if (
          bylines &&
          (creditsOtherRole(node) ||
            insideRunningText(node, maxLength) ||
            classAround(node, QUOTE_CLASS))
        )
          continue;
        const text = read($(node));
        if (text && text.length <= maxLength && LETTER_OR_DIGIT.test(text)) found.push(text);
      }
      if (found.length > 0) return found;
    }
  }
  return [];
}

/** Elements whose text is never part of a byline. */
const SKIPPED_TAGS = new Set(["script", "style", "noscript", "svg", "button", "img", "template"]);

/**
 * Text of an element with a space between the texts of its parts, so that adjacent elements do
 * not run together ("<span>Jane Doe</span><span>Monday</span>" → "Jane Doe Monday").
 */
export function spacedText(el: ReturnType<CheerioAPI>): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [...el.toArray()].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type === "text") parts.push((node as Text).data);
    else if ("children" in node && !SKIPPED_TAGS.has((node as Element).name)) {
      for (let i = node.children.length - 1; i >= 0; i -= 1)
        stack.push(node.children[i] as AnyNode);
    }
  }
  return cleanText(parts.join(" "));
}

/**
 * Short lines of the article that open with a byline lead-in ("By Jane Doe"). Both the
 * lead-in source and the visible-byline fallback ask for them: scanned once per indexed
 * document (../document-index).
 */
export function leadInBylines($: CheerioAPI): string[] {
  return [...perDocument($, "lead-in bylines", () => scanLeadInBylines($))];
}

function scanLeadInBylines($: CheerioAPI): string[] {
  const out: string[] = [];
  const matches = matchesBy(
    $,
    scopeOf($),
    "p, span, div, li, address, strong, em, small, h2, h3, h4, h5, h6",
  );
  for (const pass of SCOPE_PASSES) {
    for (const node of matches[pass]) {
      if (!isSmall(node, MAX_LEAD_IN_NODES)) continue;
      const raw = textOf(node);
      if (surelyLongerThan(raw, MAX_LEAD_IN_LINE)) continue;
      const text = cleanText(raw);
      if (text.length > MAX_LEAD_IN_LINE) continue;
      if (!BYLINE_LEAD_IN.test(text) && !GLUED_BY_LEAD_IN.test(text)) continue;
      // A heading opening with a bare "By" is a menu's ("By Industry"); "Written by" is a credit.
      if (!WRITTEN_BY_HEADING.test(text) && inHeading(node, text)) continue;
      if (insideExcluded(node, [], EXCLUDED_CLASS, BYLINE_EXCLUSION)) continue;
      // Read again with spaces between the line's elements ("By Jane Doe" + "Editor" must
      // not run together into "Jane DoeEditor"), unless that reading loses text (a name in a
      // button).
      const spaced = spacedText($(node));
      const line = letters(spaced) < letters(text) ? text : spaced;
      out.push(line.replace(/^[(（]|[)）]$/g, ""));
      if (out.length >= 3) break;
    }
    if (out.length > 0) break;
  }
  return out;
}

/** A lead-in line naming a user name alone, as blogs write it ("by jdoe"; a menu has "By industry"). */
const HANDLE_BYLINE = /^by\s+[\p{Ll}\p{N}][\p{Ll}\p{N}._-]{1,29}$/u;

/**
 * Lead-in lines that credit a user name alone ("by jdoe", "by j.doe"), when they all name the
 * same one: several ("By industry", "By role") are a menu.
 */
export function handleBylines($: CheerioAPI): string[] {
  const lines = leadInBylines($);
  const handles = new Set(lines.filter((line) => HANDLE_BYLINE.test(line)));
  return handles.size === 1 && lines.every((line) => handles.has(line) || !/^by\s/i.test(line))
    ? [...handles]
    : [];
}

/** True when the line's text is a heading's: the node is one, or holds one with all its text. */
function inHeading(node: AnyNode, text: string): boolean {
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (current.type !== "tag") continue;
    const el = current as Element;
    if (HEADING_TAGS.has(el.name)) return cleanText(textOf(el)) === text;
    for (const child of el.children) stack.push(child);
  }
  return false;
}

/** A heading that credits the writer: "Written by Jane Doe", "Posted by ...". */
const WRITTEN_BY_HEADING = /^(?:written|posted|article|reported)\s+by\b/i;

/** Characters of a text that are not white space. */
function letters(text: string): number {
  return text.replace(/\s+/g, "").length;
}

/** All text under `node`, as cheerio's `$(node).text()` gives it (domutils' `textContent`). */
function textOf(node: AnyNode): string {
  if (node.type === "text") return (node as Text).data;
  if (node.type === "comment" || !("children" in node)) return "";
  let out = "";
  for (const child of node.children) out += textOf(child);
  return out;
}

/**
 * True when `cleanText(raw)` is certainly longer than `max`, read from a prefix of `raw`:
 * more than `max` characters below U+0300 that are not white space. Those survive
 * cleanText (it only drops zero-width characters, collapses white space and composes to
 * NFC, where such characters are starters that stay); any character from U+0300 on ends
 * the shortcut, and the caller cleans the text as before.
 */
function surelyLongerThan(raw: string, max: number): boolean {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x300) return false;
    if (code === 32 || (code >= 9 && code <= 13) || code === 160) continue;
    count++;
    if (count > max) return true;
  }
  return false;
}

/** Elements that only ever name the author: `rel=author` links and links to author pages. */
const AUTHOR_LINK_SELECTORS = [BYLINE_SELECTORS[0] ?? "", BYLINE_SELECTORS.at(-1) ?? ""];

/** Texts of `rel=author` links and author-page links: they name the author, whatever the name's shape. */
export function authorLinks($: CheerioAPI): string[] {
  return [
    ...new Set(
      firstShortText(
        $,
        AUTHOR_LINK_SELECTORS,
        MAX_BYLINE_LENGTH,
        spacedText,
        BYLINE_EXCLUSION,
        true,
      ),
    ),
  ].slice(0, 5);
}

/** Byline texts shown on the page, e.g. "By Jane Doe and John Roe". */
export function visibleBylines($: CheerioAPI): string[] {
  let texts = firstShortText(
    $,
    BYLINE_SELECTORS,
    MAX_BYLINE_LENGTH,
    spacedText,
    BYLINE_EXCLUSION,
    true,
  );
  if (texts.length === 0) texts = leadInBylines($);
  // Several "date and author" lines: the story's own comes first, the others are the cards of
  // a list of posts (an article has one dateline).
  if (texts.filter(holdsDate).length > 1) texts = texts.slice(0, texts.findIndex(holdsDate) + 1);
  // Nested matches repeat the same text; keep each once.
  return [...new Set(texts)].slice(0, 5);
}

/** Boxes of quoted people: the "author" in them is the person quoted, not the writer. */
const QUOTE_CLASS = /testimonial|quote/i;
/** Author boxes looked into, elements read in each, and the longest name line read from one. */
const MAX_AUTHOR_BOXES = 5;
const MAX_AUTHOR_BOX_NODES = 200;
const MAX_BOX_NAME_LENGTH = 60;
/** Elements that hold the name in an author box (its heading, a bold line, a link). */
const BOX_NAME_TAGS = new Set([
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "strong",
  "b",
  "a",
  "span",
  "div",
  "p",
]);

/**
 * The name heading an author box: an element with an `author` class too big to be a byline
 * (the name with a photo and a bio), whose first short element shaped like a person's name
 * ("<h4>Jane Doe</h4><p>Jane writes about ...</p>") is the author.
 */
export function authorBoxNames($: CheerioAPI): string[] {
  const matches = matchesBy($, scopeOf($), AUTHOR_CLASS);
  for (const pass of SCOPE_PASSES) {
    let boxes = 0;
    for (const box of matches[pass]) {
      if (insideExcluded(box, ["blockquote"], EXCLUDED_CLASS, BYLINE_EXCLUSION)) continue;
      // The "author" of a testimonial or a quote is the person quoted.
      if (classAround(box, QUOTE_CLASS)) continue;
      if (boxes++ >= MAX_AUTHOR_BOXES) break;
      const name = firstNameIn($, box);
      if (name) return [name];
    }
  }
  return [];
}

function firstNameIn($: CheerioAPI, box: AnyNode): string | null {
  const stack: AnyNode[] = "children" in box ? [...box.children].reverse() : [];
  let budget = MAX_AUTHOR_BOX_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type !== "tag") continue;
    const el = node as Element;
    if (SKIPPED_TAGS.has(el.name)) continue;
    if (BOX_NAME_TAGS.has(el.name) && !creditsOtherRole(el)) {
      const text = spacedText($(el));
      if (text.length <= MAX_BOX_NAME_LENGTH && looksLikePerson(text)) return text;
    }
    for (let i = el.children.length - 1; i >= 0; i -= 1) stack.push(el.children[i] as AnyNode);
  }
  return null;
}

/** A signature line: at most this long, after at least this many paragraphs of this many letters. */
const MAX_SIGNATURE_LENGTH = 40;
const MAX_SIGNATURE_WORDS = 3;
const MIN_SIGNATURE_PARAGRAPHS = 3;
const MIN_BODY_PARAGRAPH = 80;
/** Paragraphs looked at for a signature. */
const MAX_SIGNATURE_PARAGRAPHS = 2000;
/** Siblings looked at before and after a signature. */
const MAX_SIGNATURE_SIBLINGS = 30;

/** True when the paragraph's text is all inside one bold element (`<strong>`, `<b>`). */
function whollyBold(p: Element): boolean {
  const elements = p.children.filter((c) => c.type === "tag") as Element[];
  const loose = p.children.some((c) => c.type === "text" && (c as Text).data.trim() !== "");
  return (
    !loose && elements.length === 1 && (elements[0]?.name === "strong" || elements[0]?.name === "b")
  );
}

/**
 * The writer's signature at the end of the text: the last paragraph of a run of body
 * paragraphs (nothing with text after it in its container), a short line wholly in bold
 * and shaped like a person's name of two or three words
 * ("...</p><p><strong>Jane Doe</strong></p>").
 */
export function signatureNames($: CheerioAPI): string[] {
  const paragraphs = $("p").toArray().slice(0, MAX_SIGNATURE_PARAGRAPHS) as Element[];
  for (const p of paragraphs) {
    if (!whollyBold(p)) continue;
    const raw = textOf(p);
    if (surelyLongerThan(raw, MAX_SIGNATURE_LENGTH)) continue;
    const text = cleanText(raw);
    const words = text.split(/\s+/).length;
    if (text.length > MAX_SIGNATURE_LENGTH || words > MAX_SIGNATURE_WORDS || !looksLikePerson(text))
      continue;
    if (insideExcluded(p, [], EXCLUDED_CLASS, BYLINE_EXCLUSION)) continue;
    let before = 0;
    let steps = 0;
    for (
      let sibling = p.prev;
      sibling && before < MIN_SIGNATURE_PARAGRAPHS && steps++ < MAX_SIGNATURE_SIBLINGS;
      sibling = sibling.prev
    ) {
      if ((sibling as Element).name === "p" && letters(textOf(sibling)) >= MIN_BODY_PARAGRAPH)
        before++;
    }
    if (before < MIN_SIGNATURE_PARAGRAPHS) continue;
    // The signature ends the text: nothing with text follows it in its container.
    let after = false;
    steps = 0;
    for (let sibling = p.next; sibling && !after; sibling = sibling.next) {
      after = steps++ >= MAX_SIGNATURE_SIBLINGS || holdsText(sibling);
    }
    if (!after) return [text];
  }
  return [];
}

/** True when `node` holds text; a node too big to look through counts as holding some. */
function holdsText(node: AnyNode): boolean {
  let budget = MAX_BYLINE_NODES;
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    if (budget-- <= 0) return true;
    const current = stack.pop() as AnyNode;
    if (current.type === "text") {
      if ((current as Text).data.trim() !== "") return true;
    } else if ("children" in current && !SKIPPED_TAGS.has((current as Element).name)) {
      for (const child of current.children) stack.push(child);
    }
  }
  return false;
}

/** Elements after the headline looked at for its date line, and levels climbed to find them. */
const MAX_HEADER_LINES = 4;
const HEADER_LEVELS = 2;
/** Longest date line, and longest name line before it. */
const MAX_DATE_LINE = 120;
const MAX_NAME_LINE = 40;
/** Most text between the headline and its date line (a dek, a standfirst). */
const MAX_DEK_LENGTH = 600;

/** Profile pages a link in a date line may point to and still be the author's name. */
const AUTHOR_PAGE_HREF =
  /\/(?:authors?|autor(?:en)?|auteurs?|profiles?|people|team|staff|writers?|users?|members?)\//i;

/**
 * Text of a date line without its links to other pages (a category, a comment count): links
 * to profile pages and links without a target are kept, they name the author.
 */
function lineText(node: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (current.type === "text") {
      parts.push((current as Text).data);
      continue;
    }
    if (!("children" in current)) continue;
    const el = current as Element;
    if (SKIPPED_TAGS.has(el.name)) continue;
    if (el.name === "a" && el.attribs?.href && !AUTHOR_PAGE_HREF.test(el.attribs.href)) {
      parts.push(" | ");
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i -= 1) stack.push(el.children[i] as AnyNode);
  }
  return cleanText(parts.join(" "));
}

/** The next element siblings of `node` that hold text, at most `max`. */
function nextElements(node: AnyNode, max: number): Element[] {
  const out: Element[] = [];
  for (let sibling = node.next; sibling && out.length < max; sibling = sibling.next) {
    if (sibling.type === "tag" && cleanText(textOf(sibling)) !== "") out.push(sibling as Element);
  }
  return out;
}

/**
 * Names beside the headline's date line, written without a byline label or class: the short
 * line holding a date just under the `<h1>` ("2024-05-22 · Jane Doe", "Jane Doe | 22.05.2024")
 * and the short line right before it when that is a person's name alone
 * ("<p>Jane Doe</p><p>22.05.2024 · 6 min read</p>"). Links to other pages (a category) are
 * not read. The caller keeps only person-shaped names.
 */
export function headerLineNames($: CheerioAPI): string[] {
  const scope = scopeOf($);
  const headline = (scope ? findIn($, scope, "h1")[0] : undefined) ?? $("h1").get(0);
  if (!headline) return [];
  let anchorNode: AnyNode = headline;
  for (let level = 0; level <= HEADER_LEVELS; level++) {
    const lines = nextElements(anchorNode, MAX_HEADER_LINES);
    let passed = 0;
    for (const [index, line] of lines.entries()) {
      const text = cleanText(textOf(line));
      if (text.length > MAX_DATE_LINE || !holdsDate(text)) {
        // Only a dek may stand between the headline and its date line.
        passed += text.length;
        if (passed > MAX_DEK_LENGTH) return [];
        continue;
      }
      if (
        !isSmall(line, MAX_BYLINE_NODES) ||
        insideExcluded(line, [], EXCLUDED_CLASS, BYLINE_EXCLUSION)
      )
        return [];
      const rest = lineText(line);
      // Beside the date only a name and separators: a longer text is a dek or a title.
      const out =
        withoutDates(rest)
          .replace(/[|·•,–—-]/g, " ")
          .trim().length <= MAX_NAME_LINE
          ? [rest]
          : [];
      const before = index > 0 ? lines[index - 1] : undefined;
      const name = before ? cleanText(textOf(before)) : "";
      if (before && name.length <= MAX_NAME_LINE && looksLikePerson(name) && isSmall(before, 6))
        out.unshift(name);
      return out;
    }
    if (lines.length > 0 || !anchorNode.parent || anchorNode.parent.type === "root") break;
    anchorNode = anchorNode.parent;
  }
  return [];
}

/** Labels of a modification date ("Updated", "Last modified", "Aktualisiert", "Mis à jour", ...). */
const UPDATE_LABEL =
  /(?:^|[\s|·•,:(])(?:(?:last\s+)?(?:updated|modified|revised|edited)|aktualisiert|geändert|mis\s+à\s+jour|actualizad[oa]|actualización|aggiornat[oa]|atualizad[oa]|bijgewerkt|opdateret|oppdatert|uppdaterad|zaktualizowano|aktualizováno|güncellendi|обновлено|更新)(?=$|[\s:：.,)]|\d)/iu;
/** Marks in a class, id or `itemprop` that an element holds the modification date. */
const UPDATE_MARK =
  /modif|last-?updat|updated?[-_]?(?:date|on|at|time)|date[-_]?updated|revis|(?:^|[-_\s])changed(?:$|[-_\s])/i;
/** Marks of the publication date: an element marked with both ("published updated") is published. */
const PUBLISHED_MARK = /publish|pubdate|posted|created/i;

/**
 * The published part of a dateline: a text opening with an update label ("Updated May 3")
 * names no publication date (""); "May 1, 2024 Updated: May 3, 2024" keeps what comes first.
 */
export function publishedPart(text: string): string {
  const match = UPDATE_LABEL.exec(text);
  if (!match) return text;
  return text.slice(0, match.index).trim();
}

/** True when the element or its parent is marked as the modification date. */
function isUpdateStamp(node: AnyNode): boolean {
  let current: AnyNode | null = node;
  for (let depth = 0; depth < 2 && current && current.type !== "root"; depth += 1) {
    const el = current as Element;
    const marker = `${el.attribs?.class ?? ""} ${el.attribs?.id ?? ""} ${el.attribs?.itemprop ?? ""}`;
    if (PUBLISHED_MARK.test(marker)) return false;
    if (UPDATE_MARK.test(marker)) return true;
    current = current.parent as AnyNode | null;
  }
  return false;
}

/** Text just before an element inside its parent ("Updated" in "<p>Updated <time>...</time></p>"). */
function labelBefore(node: AnyNode): string {
  const parts: string[] = [];
  for (let sibling = node.prev; sibling && parts.join("").length < 40; sibling = sibling.prev) {
    parts.unshift(sibling.type === "text" ? (sibling as Text).data : "");
    if (sibling.type !== "text" && "children" in sibling) {
      parts.unshift(
        (sibling.children as AnyNode[])
          .map((c) => (c.type === "text" ? (c as Text).data : ""))
          .join(""),
      );
    }
  }
  return cleanText(parts.join(" "));
}

/**
 * Dateline values shown on the page: `datetime` attributes first, then text. Modification
 * dates (an update label before or in the text, an `updated`/`modified` mark) are left out.
 */
export function visibleDatelines(
  $: CheerioAPI,
): Array<{ value: string; source: "time-element" | "byline" }> {
  return firstShortText(
    $,
    DATELINE_SELECTORS,
    MAX_DATELINE_LENGTH,
    (el) => {
      const node = el.get(0);
      if (!node || isUpdateStamp(node) || UPDATE_LABEL.test(labelBefore(node))) return "";
      const stamp = el.attr("datetime") ?? el.attr("content");
      // A `<time datetime>` is marked so that provenance can say "time-element".
      if (stamp) return `\u0000${cleanText(stamp)}`;
      const text = cleanText(el.text());
      // A dateline element that also holds more (its tag list, a share bar): its first part.
      const first = el.children().first();
      if (text.length > MAX_DATELINE_LENGTH && first.length > 0) {
        return publishedPart(cleanText(first.text()));
      }
      return publishedPart(text);
    },
    DATE_EXCLUSION,
  )
    .slice(0, 5)
    .map((text) =>
      text.startsWith("\u0000")
        ? { value: text.slice(1), source: "time-element" as const }
        : { value: text, source: "byline" as const },
    );
}

/**
 * Dateline elements that state the modification date ("Updated March 13, 2024", an element
 * marked `updated`): the last resort of a page that shows no other date.
 */
export function updatedDatelines($: CheerioAPI): string[] {
  return firstShortText(
    $,
    DATELINE_SELECTORS,
    MAX_DATELINE_LENGTH,
    (el) => {
      const node = el.get(0);
      if (!node) return "";
      const text = cleanText(el.text());
      if (isUpdateStamp(node) || UPDATE_LABEL.test(labelBefore(node))) {
        return cleanText(el.attr("datetime") ?? el.attr("content") ?? text);
      }
      const label = UPDATE_LABEL.exec(text);
      return label && publishedPart(text) === "" ? text.slice(label.index) : "";
    },
    DATE_EXCLUSION,
  ).slice(0, 5);
}

/** Links to topic pages ("/tag/elections", "/topics/c123", "/thema/klima"). */
const TOPIC_LINK = /\/(?:tags?|topics?|themen?|schlagworte?|stichworte?|keywords?)\/[^/]/i;

/** Visible tag lists (`rel=tag` links, link lists in a "tags"/"topics"/"keywords" box). */
export function visibleTags($: CheerioAPI): string[] {
  const out: string[] = [];
  $('a[rel~="tag"]').each((_, node) => {
    out.push(cleanText($(node).text()));
  });
  if (out.length === 0) {
    $(
      '[class*="tags" i] a, [class*="tag-list" i] a, [class*="taglist" i] a, [class*="topics" i] a, [class*="keywords" i] a',
    ).each((_, node) => {
      if (insideExcluded(node, [], EXCLUDED_CLASS_FOR_TAGS)) return;
      out.push(cleanText($(node).text()));
    });
  }
  if (out.length === 0) {
    const scope = scopeOf($);
    if (scope) {
      for (const node of findIn($, scope, "a[href]")) {
        const el = $(node);
        if (!TOPIC_LINK.test(el.attr("href") ?? "") || insideExcluded(node, ["header"])) continue;
        out.push(cleanText(el.text()));
      }
    }
  }
  return out.filter((t) => t.length > 0 && t.length <= 60).slice(0, 30);
}

/** Text nodes looked at before and after the headline for a dateline that has no marked element. */
const NEAR_HEADLINE_BEFORE = 10;
const NEAR_HEADLINE_AFTER = 40;
/** Nodes walked to find the headline: bounds the cost on huge pages. */
const MAX_WALKED_NODES = 20_000;

export interface NearHeadlineDates {
  /** Short texts around the headline that may state the publication date, nearest first. */
  published: string[];
  /** Texts labelled as the modification date ("Last updated: May 3, 2024"). */
  updated: string[];
}

/**
 * On a page without `<h1>`, the headline is the element whose text is the title, written as
 * one text (an `<h2>`-`<h6>` or a styled paragraph, as page builders write it), outside the
 * `<head>`, navigation, footers, asides and related lists; undefined when there is none.
 */
function shownTitle($: CheerioAPI, title: string | null): AnyNode | undefined {
  const wanted = cleanText(title ?? "").toLowerCase();
  if (wanted.length < 10) return undefined;
  const body = $("body").get(0) as AnyNode | undefined;
  if (!body) return undefined;
  const stack: AnyNode[] = [body];
  let walked = 0;
  while (stack.length > 0 && walked < MAX_WALKED_NODES) {
    const node = stack.pop() as AnyNode;
    walked += 1;
    if (node.type === "text") {
      const data = (node as Text).data;
      const parent = node.parent as AnyNode | null;
      if (
        parent &&
        data.length < wanted.length * 2 &&
        cleanText(data).toLowerCase() === wanted &&
        // A breadcrumb in the navigation or a card in a related list names the title too.
        !insideExcluded(parent, [], EXCLUDED_CLASS, NEAR_DATE_EXCLUSION)
      ) {
        return parent;
      }
    } else if ("children" in node && !SKIPPED_TAGS.has((node as Element).name)) {
      for (let i = node.children.length - 1; i >= 0; i -= 1)
        stack.push(node.children[i] as AnyNode);
    }
  }
  return undefined;
}

/**
 * Short lines just above and below the article's `<h1>` (the first `<h1>` inside `<article>` or
 * `<main>`, else the page's first; with `firstHeading`, the page's first) ("Published May 3, 2024 by Jane
 * Doe", "23.07.2025 · 6 min read"), read when no element is marked as a dateline. Lines in
 * comments, related lists, navigation and footers are skipped; modification dates are kept
 * apart.
 */
export function datesNearHeadline(
  $: CheerioAPI,
  title: string | null = null,
  firstHeading = false,
): NearHeadlineDates {
  const out: NearHeadlineDates = { published: [], updated: [] };
  const scope = firstHeading ? null : scopeOf($);
  const heading =
    (scope ? findIn($, scope, "h1")[0] : undefined) ??
    ($("h1").get(0) as AnyNode | undefined) ??
    shownTitle($, title);
  if (!heading) return out;
  const texts: Text[] = [];
  let headingAt = -1;
  const stack: AnyNode[] = [$.root().get(0) as AnyNode];
  let walked = 0;
  while (stack.length > 0 && walked < MAX_WALKED_NODES) {
    const node = stack.pop() as AnyNode;
    walked += 1;
    if (node === heading) headingAt = texts.length;
    if (node.type === "text") {
      if ((node as Text).data.trim()) texts.push(node as Text);
      if (headingAt >= 0 && texts.length > headingAt + NEAR_HEADLINE_AFTER) break;
    } else if ("children" in node && !SKIPPED_TAGS.has((node as Element).name)) {
      for (let i = node.children.length - 1; i >= 0; i -= 1)
        stack.push(node.children[i] as AnyNode);
    }
  }
  if (headingAt < 0) return out;
  const seen = new Set<AnyNode>();
  const order = [
    ...texts.slice(headingAt, headingAt + NEAR_HEADLINE_AFTER),
    ...texts.slice(Math.max(0, headingAt - NEAR_HEADLINE_BEFORE), headingAt).reverse(),
  ];
  for (const text of order) {
    const parent = text.parent as AnyNode | null;
    if (
      !parent ||
      seen.has(parent) ||
      insideExcluded(parent, [], EXCLUDED_CLASS, NEAR_DATE_EXCLUSION)
    ) {
      continue;
    }
    seen.add(parent);
    const line = isSmall(parent, MAX_LEAD_IN_NODES) ? spacedText($(parent)) : cleanText(text.data);
    if (line.length > MAX_DATELINE_LENGTH || !/\d/.test(line)) continue;
    const published = publishedPart(line);
    // An element marked as the modification date ("updated-date", "field--name-changed").
    if (isUpdateStamp(parent) || (published !== line && published === "")) out.updated.push(line);
    else out.published.push(published);
  }
  return out;
}
