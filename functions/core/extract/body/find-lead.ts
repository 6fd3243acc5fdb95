/**
 * The lead (standfirst) often sits outside the container that wins the scoring: in the
 * article header next to the headline. It belongs to the body. It is found before the body
 * in document order, close to it, either by its class/id name (`lead`, `standfirst`,
 * `intro`, `perex`...) or because its text is the page's description.
 */
import type { AnyNode, Document, Element } from "domhandler";
import { ancestorsOf, elementSiblingOf, isElement, nameOf, normalizedTextOf } from "./dom";
import { linkDensityFrom, type StatsMap } from "./measure";
import { PATTERNS } from "./patterns";

/** A lead is a sentence or two: shorter is a label, longer is body text already found. */
const MIN_LEAD_CHARS = 40;
const MAX_LEAD_CHARS = 700;
/** The lead shares an ancestor with the body at most this many levels above the body. */
const MAX_LEAD_DISTANCE = 6;
/** Tags a lead is written in. */
const LEAD_TAGS = new Set(["p", "div", "h2", "h3", "h4", "span", "strong", "section", "summary"]);

function normalizeForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

/** A prefix matches the description when it holds this share of it (cut-off descriptions). */
const MIN_DESCRIPTION_OVERLAP = 0.6;
/** A lead is prose: at most this share of it is links (a teaser list is not a lead). */
const MAX_LEAD_LINK_DENSITY = 0.2;

/** The text says what the description says (same text, or one a prefix of the other). */
function matchesDescription(text: string, description: string | null): boolean {
  if (!description) return false;
  const a = normalizeForCompare(text);
  const b = normalizeForCompare(description);
  if (a.length < MIN_LEAD_CHARS || b.length < MIN_LEAD_CHARS) return false;
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  return (
    longer.startsWith(shorter.replace(/(\.\.\.|…)$/, "")) &&
    shorter.length >= longer.length * MIN_DESCRIPTION_OVERLAP
  );
}

/** Elements in document order that come before `stop`. */
function elementsBefore(root: Document, stop: Element): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node === stop) break;
    if (!isElement(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return out;
}

/** Prose ends like a sentence (closing quotes and brackets allowed). */
const SENTENCE_END = /[.!?…。！？:]["”’»)]?$/;
/** Paragraphs between the headline and the body add up to at most this: an intro, not a story. */
const MAX_INTRO_CHARS = 1500;

/** A block whose text is its own: no block-level element inside. */
function isLeafBlock(el: Element): boolean {
  return !el.children.some((c) => isElement(c) && LEAF_BREAKING_TAGS.has(c.name));
}
const LEAF_BREAKING_TAGS = new Set(["p", "div", "section", "ul", "ol", "table", "h1", "h2", "h3"]);

/** Levels above a block looked at for a caption wrapper. */
const CAPTION_DEPTH = 4;
/** Names of caption and credit wrappers (`wp-caption-text`, `image-credit`). */
const CAPTION_NAME = /caption|credit/;

/** The block is the caption of the lead image (a figure, or a wrapper named so). */
function isCaption(el: Element, outer: Element): boolean {
  let current: Element | null = el;
  for (let i = 0; i <= CAPTION_DEPTH && current && current !== outer; i++) {
    if (current.name === "figure" || current.name === "figcaption") return true;
    if (CAPTION_NAME.test(nameOf(current))) return true;
    current = isElement(current.parent) ? current.parent : null;
  }
  return false;
}

/** Words of a text, lower-cased (letters and digits of any script). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A block this share of whose words are the headline's words repeats the headline (a kicker line). */
const HEADLINE_REPEAT_SHARE = 0.75;

/** The block repeats the headline: a kicker or badge line made of the title's words. */
function repeatsHeadline(text: string, titleWords: Set<string>): boolean {
  if (titleWords.size === 0) return false;
  const words = wordsOf(text);
  const shared = words.filter((w) => titleWords.has(w)).length;
  return words.length > 0 && shared >= words.length * HEADLINE_REPEAT_SHARE;
}

/** Headings a standfirst is set in: a deck under the headline needs no full stop. */
const DECK_TAGS = new Set(["h2", "h3", "h4"]);
/** A deck without a full stop still reads like a sentence: at least this many words. */
const MIN_DECK_WORDS = 6;
/**
 * The article header sits this far above the body at most: beyond the usual lead distance
 * it is looked for only when it holds the headline.
 */
const MAX_HEADER_DISTANCE = 10;

/**
 * The lead for a body starting at `first`: the standfirst and intro paragraphs that sit
 * between the headline (`h1`) and the body, and the elements there whose name says lead or
 * whose text is the page's description; without a headline, the last such element before
 * the body. A line that repeats the headline is no lead. Empty when there is none.
 */
export function findLead(
  doc: Document,
  first: Element,
  description: string | null,
  stats: StatsMap,
  title: string | null = null,
): Element[] {
  const near = ancestorsOf(first, MAX_LEAD_DISTANCE);
  let outer = near[near.length - 1];
  if (!outer) return [];
  const before = elementsBefore(doc, first);
  // The headline further up than the usual distance: its nearest shared ancestor with the
  // body is the article, and its header is part of the region.
  const headline = before.findLast((el) => el.name === "h1");
  if (headline && !isInside(headline, outer)) {
    const far = ancestorsOf(first, MAX_HEADER_DISTANCE);
    const shared = far.find((a) => isInside(headline, a));
    if (shared && shared.name !== "body" && shared.name !== "html") outer = shared;
  }
  const region = ancestorsOf(first).filter((a) => a === outer || isInside(a, outer));
  const regionSet = new Set([first, ...region]);
  const titleWords = new Set(wordsOf(title ?? ""));
  let found: Element | null = null;
  let intro: Element[] = [];
  let introChars = 0;
  let afterHeadline = false;
  const seen = new Map<string, number>();
  for (const el of before) {
    if (regionSet.has(el) || !isInside(el, outer)) continue;
    if (el.name === "h1") {
      // Only what follows the last headline before the body is its intro.
      afterHeadline = true;
      intro = [];
      introChars = 0;
      continue;
    }
    if (!LEAD_TAGS.has(el.name)) continue;
    const text = normalizedTextOf(el);
    if (text.length < MIN_LEAD_CHARS || text.length > MAX_LEAD_CHARS) continue;
    if (linkDensityFrom(stats, el) > MAX_LEAD_LINK_DENSITY) continue;
    // Counted once per block: inline wrappers repeat their paragraph's text.
    if (el.name !== "span" && el.name !== "strong" && isLeafBlock(el)) {
      seen.set(text, (seen.get(text) ?? 0) + 1);
    }
    const named = PATTERNS.lead.test(nameOf(el));
    const described = matchesDescription(text, description);
    if (
      afterHeadline &&
      isLeafBlock(el) &&
      !isCaption(el, outer) &&
      !repeatsHeadline(text, titleWords) &&
      (SENTENCE_END.test(text) || named || described || (intro.length === 0 && isDeck(el, text))) &&
      !intro.some((i) => isInside(el, i)) &&
      introChars + text.length <= MAX_INTRO_CHARS
    ) {
      intro.push(el);
      introChars += text.length;
    }
    if ((named || described) && !repeatsHeadline(text, titleWords)) found = el;
  }
  // A text that comes up twice is a card of a grid (pricing, features), not an intro.
  const unique = intro.filter((el) => (seen.get(normalizedTextOf(el)) ?? 0) <= 1);
  if (unique.length > 0) return unique;
  return found ? [found] : [];
}

/**
 * A standfirst set as a heading without a full stop: long enough to be a sentence, and
 * alone (a run of such headings is a list of key points, not a deck).
 */
function isDeck(el: Element, text: string): boolean {
  if (!DECK_TAGS.has(el.name) || wordsOf(text).length < MIN_DECK_WORDS) return false;
  const next = elementSiblingOf(el, "next");
  const prev = elementSiblingOf(el, "prev");
  return next?.name !== el.name && prev?.name !== el.name;
}

function isInside(el: Element, ancestor: Element): boolean {
  let current = el.parent;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent;
  }
  return false;
}
