/**
 * Content scoring: every paragraph-like block gives points (1 + commas + length) to its
 * ancestors; containers get a base score from their tag and class/id name, and are scaled
 * down by their link density. The best container, plus siblings that look like more of the
 * same article, is the body.
 */
import type { AnyNode, Document, Element } from "domhandler";
import { ancestorsOf, classWeightOf, commaCountOf, isElement, isText } from "./dom";
import { charsFrom, linkDensityFrom, proseFrom, type StatsMap } from "./measure";
import {
  BLOCK_TAGS,
  CHARS_PER_POINT,
  LEGAL_TEXT,
  MAX_LENGTH_POINTS,
  MIN_PARAGRAPH_CHARS,
  SCORE_ANCESTOR_LEVELS,
  SCORED_TAGS,
  SIBLING_SCORE_SHARE,
} from "./patterns";

/** Base score of a container by tag: divs usually wrap prose, lists and headings do not. */
function tagScoreOf(el: Element): number {
  switch (el.name) {
    case "article":
      return 10;
    case "div":
    case "section":
    case "main":
      return 5;
    case "pre":
    case "td":
    case "blockquote":
      return 3;
    case "address":
    case "ol":
    case "ul":
    case "dl":
    case "dd":
    case "dt":
    case "li":
    case "form":
      return -3;
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
    case "th":
      return -5;
    default:
      return 0;
  }
}

/** Text of a node's inline content, stopping at block-level children. */
function inlineTextOf(el: Element): string {
  let out = "";
  const stack: AnyNode[] = [...el.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) out += node.data;
    else if (isElement(node) && !BLOCK_TAGS.has(node.name)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    } else if (isElement(node)) out += " ";
  }
  return out.replace(/\s+/g, " ").trim();
}

/** Points one paragraph gives: 1, plus one per comma, plus one per 100 characters (max 3). */
export function paragraphPointsOf(text: string): number {
  return (
    1 + commaCountOf(text) + Math.min(Math.floor(text.length / CHARS_PER_POINT), MAX_LENGTH_POINTS)
  );
}

/** Elements whose own inline text counts as a paragraph. */
function paragraphsOf(
  doc: Document,
  stats: StatsMap,
): Array<{ el: Element; text: string; mixed: boolean }> {
  const out: Array<{ el: Element; text: string; mixed: boolean }> = [];
  const stack: AnyNode[] = [...doc.children];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    for (const child of node.children) stack.push(child);
    const scored = SCORED_TAGS.has(node.name);
    const container = node.name === "div" || node.name === "section" || node.name === "article";
    if (!scored && !container) continue;
    if (node.name === "li" || node.name === "blockquote") continue;
    if (charsFrom(stats, node) < MIN_PARAGRAPH_CHARS) continue;
    const text = inlineTextOf(node);
    if (text.length < MIN_PARAGRAPH_CHARS) continue;
    const mixed = node.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.name));
    out.push({ el: node, text, mixed });
  }
  return out;
}

export interface Candidate {
  el: Element;
  score: number;
}

/** A box whose paragraphs are this share small print (by length) is a disclaimer. */
const LEGAL_BOX_SHARE = 0.3;

/** Scores of every container that received points, scaled by link density. */
export function scoreCandidates(doc: Document, stats: StatsMap): Map<Element, number> {
  const scores = new Map<Element, number>();
  const paragraphs = paragraphsOf(doc, stats);
  // Small print is not what a reader came for: a box that is mostly small print (a
  // disclaimer, several paragraphs long) earns nothing, so it never becomes the body.
  const boxText = new Map<AnyNode | null, { all: number; legal: number }>();
  for (const { el, text, mixed } of paragraphs) {
    const box = mixed ? el : el.parent;
    const counts = boxText.get(box) ?? { all: 0, legal: 0 };
    counts.all += text.length;
    if (LEGAL_TEXT.test(text)) counts.legal += text.length;
    boxText.set(box, counts);
  }
  for (const { el, text, mixed } of paragraphs) {
    const box = boxText.get(mixed ? el : el.parent);
    if (box && box.legal >= box.all * LEGAL_BOX_SHARE) continue;
    const points = paragraphPointsOf(text);
    let level = 0;
    // Loose text beside blocks is a paragraph of its own container; a leaf is a paragraph.
    let current: AnyNode | null = mixed ? el : el.parent;
    while (current && isElement(current) && level < SCORE_ANCESTOR_LEVELS) {
      if (!scores.has(current)) scores.set(current, tagScoreOf(current) + classWeightOf(current));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(current, (scores.get(current) ?? 0) + points / divider);
      current = current.parent;
      level++;
    }
  }
  for (const [el, score] of scores) scores.set(el, score * (1 - linkDensityFrom(stats, el)));
  return scores;
}

/** How many of the best alternatives must share an ancestor to promote it. */
const MIN_SHARED_ALTERNATIVES = 3;
/** An alternative counts when it scores this share of the top score. */
const ALTERNATIVE_SCORE_SHARE = 0.75;

/** A candidate needs this much prose: a short title box with a good class name is no body. */
const MIN_CANDIDATE_PROSE = 140;
/** Parts of a split body (same tag and class as the top) count from this share of its score. */
const SPLIT_PART_SCORE_SHARE = 0.15;

/**
 * The kind of a block: its tag and class tokens, where a token's runs of letters and digits
 * that carry a digit are masked. Page builders give every block of one kind the same
 * classes plus a unique id (`widget text-editor el-3f2a`, `module module-8`): parts of one
 * split body share a kind. A class made only of such tokens (`css-1z0obd3`, generated
 * styles) is kept as written: there the exact class is what blocks of one kind share.
 * Empty without a class.
 */
export function kindOf(el: Element): string {
  const cls = el.attribs.class;
  if (!cls) return "";
  const tokens = cls
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== "");
  if (!tokens.some((t) => !/\d/.test(t))) return `${el.name} ${tokens.join(" ")}`;
  const masked = new Set(tokens.map((t) => t.replace(/[a-z0-9]*\d[a-z0-9]*/g, "#")));
  return `${el.name} ${[...masked].sort().join(" ")}`;
}

/** Lowest common ancestor of elements. */
function commonAncestorOf(elements: Element[]): Element | null {
  const [first, ...rest] = elements;
  if (!first) return null;
  const chain = [first, ...ancestorsOf(first)];
  for (const candidate of chain) {
    if (rest.every((el) => el === candidate || contains(candidate, el))) return candidate;
  }
  return null;
}

/** Runners-up looked at for a shared ancestor: further down they are other page parts. */
const MAX_ALTERNATIVES = 4;
/** The choice climbs past parents scoring at least this share of it (Readability's third). */
const CLIMB_SCORE_SHARE = 1 / 3;

/** The best-scoring container, moved up when the body is split over several siblings. */
export function topCandidateOf(scores: Map<Element, number>, stats: StatsMap): Element | null {
  const all = [...scores].filter(([el]) => proseFrom(stats, el) >= MIN_CANDIDATE_PROSE);
  const ranked = (all.length > 0 ? all : [...scores]).sort((a, b) => b[1] - a[1]);
  const first = ranked[0];
  if (!first) return null;
  let [top, topScore] = first;
  // The body split into parts of the same kind (between ads, or one page-builder block per
  // section): take the parts' common ancestor.
  const topKind = kindOf(top);
  if (topKind !== "") {
    const parts = ranked
      .filter(([el, s]) => kindOf(el) === topKind && s >= topScore * SPLIT_PART_SCORE_SHARE)
      .map(([el]) => el);
    const disjoint = parts.filter(
      (el) => !parts.some((other) => other !== el && contains(other, el)),
    );
    if (disjoint.length > 1) {
      const ancestor = commonAncestorOf(disjoint);
      if (ancestor && ancestor.name !== "body" && ancestor.name !== "html") top = ancestor;
    }
  }
  ranked.splice(MAX_ALTERNATIVES + 1);
  // Several strong candidates under one ancestor: the ancestor holds the whole article.
  const alternatives = ranked
    .slice(1)
    .filter(([, s]) => s / topScore >= ALTERNATIVE_SCORE_SHARE)
    .map(([el]) => el);
  if (alternatives.length >= MIN_SHARED_ALTERNATIVES) {
    let parent = top.parent;
    while (parent && isElement(parent) && parent.name !== "body") {
      const p = parent;
      const shared = alternatives.filter((alt) => contains(p, alt)).length;
      if (shared >= MIN_SHARED_ALTERNATIVES) {
        top = p;
        break;
      }
      parent = p.parent;
    }
  }
  // Climb while the parent scores about as well: it holds more of the same article.
  topScore = scores.get(top) ?? topScore;
  let parent = top.parent;
  let lastScore = topScore;
  const threshold = topScore * CLIMB_SCORE_SHARE;
  while (parent && isElement(parent) && parent.name !== "body") {
    const parentScore = scores.get(parent);
    if (parentScore === undefined) {
      parent = parent.parent;
      continue;
    }
    if (parentScore < threshold) break;
    if (parentScore > lastScore) {
      top = parent;
      break;
    }
    lastScore = parentScore;
    parent = parent.parent;
  }
  // A lone child carries nothing its parent does not.
  while (top.parent && isElement(top.parent) && top.parent.name !== "body") {
    const siblings = top.parent.children.filter(isElement);
    if (siblings.length !== 1) break;
    top = top.parent;
  }
  return top;
}

function contains(ancestor: Element, node: AnyNode): boolean {
  let current = node.parent;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent;
  }
  return false;
}

/** Prose ends like a sentence. */
const SENTENCE_END = /[.!?。！？»"”']\s*$/;
/** A sibling paragraph longer than this, with few links, is more article. */
const SIBLING_PARAGRAPH_CHARS = 80;
/** ... as long as less than this share of it is links. */
const SIBLING_MAX_LINK_DENSITY = 0.25;

/** A sibling needs at least this score whatever the top scores (Readability's floor). */
const MIN_SIBLING_SCORE = 10;
/** A sibling sharing the top candidate's class name gets this share of its score as a bonus. */
const SAME_NAME_BONUS_SHARE = 0.2;

/**
 * A sibling that scores little (its paragraphs sit deep, as in a FAQ block of questions and
 * answers) is still more of the article when its text has the body's shape: this share of
 * the body's prose at least, ...
 */
const SIBLING_PROSE_SHARE = 0.2;
/** ... at least this much prose (characters), ... */
const MIN_SIBLING_PROSE = 300;
/**
 * ... at most this share of links (a related-stories block is mostly links), and no form
 * in it (a sign-up or contact block).
 */
const SIBLING_PROSE_MAX_LINK_DENSITY = 0.15;
/** ... made of at least this many paragraphs of prose. */
const MIN_SIBLING_PARAGRAPHS = 2;

/**
 * Paragraphs (`p`, list items, definitions) under `el` with at least a sentence of text;
 * -1 when `el` holds a form or is mostly small print (a disclaimer box).
 */
function proseParagraphCountOf(el: Element, stats: StatsMap): number {
  let count = 0;
  let all = 0;
  let legal = 0;
  const stack: AnyNode[] = [...el.children];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    if (node.name === "form") return -1;
    if (node.name === "p" || node.name === "li" || node.name === "dd") {
      if (proseFrom(stats, node) < SIBLING_PARAGRAPH_CHARS) continue;
      count++;
      const text = inlineTextOf(node);
      all += text.length;
      if (LEGAL_TEXT.test(text)) legal += text.length;
      continue;
    }
    for (const child of node.children) stack.push(child);
  }
  return legal >= all * LEGAL_BOX_SHARE && legal > 0 ? -1 : count;
}

/** The sibling has the shape of more body text: prose in paragraphs, few links. */
function isProseLike(sibling: Element, topProse: number, stats: StatsMap): boolean {
  const prose = proseFrom(stats, sibling);
  return (
    prose >= MIN_SIBLING_PROSE &&
    prose >= topProse * SIBLING_PROSE_SHARE &&
    linkDensityFrom(stats, sibling) <= SIBLING_PROSE_MAX_LINK_DENSITY &&
    proseParagraphCountOf(sibling, stats) >= MIN_SIBLING_PARAGRAPHS
  );
}

/** The top candidate and the siblings that belong with it, in document order. */
export function articleNodesOf(
  top: Element,
  scores: Map<Element, number>,
  stats: StatsMap,
): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent)) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(MIN_SIBLING_SCORE, topScore * SIBLING_SCORE_SHARE);
  const topKind = kindOf(top);
  const topProse = proseFrom(stats, top);
  const out: Element[] = [];
  for (const sibling of parent.children) {
    if (!isElement(sibling)) continue;
    if (sibling === top) {
      out.push(sibling);
      continue;
    }
    let bonus = 0;
    if (topKind !== "" && kindOf(sibling) === topKind) bonus += topScore * SAME_NAME_BONUS_SHARE;
    const score = scores.get(sibling);
    if (score !== undefined && score + bonus >= threshold) {
      out.push(sibling);
      continue;
    }
    if (sibling.name !== "p" && isProseLike(sibling, topProse, stats)) {
      out.push(sibling);
      continue;
    }
    if (sibling.name === "p") {
      const chars = charsFrom(stats, sibling);
      const density = linkDensityFrom(stats, sibling);
      if (chars > SIBLING_PARAGRAPH_CHARS && density < SIBLING_MAX_LINK_DENSITY) out.push(sibling);
      else if (chars > 0 && density === 0 && SENTENCE_END.test(inlineTextOf(sibling))) {
        out.push(sibling);
      }
    }
  }
  return withGapsFilled(parent.children, out, stats);
}

/**
 * A body split over sibling blocks (one page-builder widget per heading or paragraph) is
 * read whole from its first part to its last: a block between two parts (a subheading, a
 * short paragraph, a table that scores nothing) is part of it, unless it is mostly links
 * or holds a form. Furniture between the parts is cleaned out later like any other.
 */
function withGapsFilled(siblings: AnyNode[], parts: Element[], stats: StatsMap): Element[] {
  if (parts.length < 2) return parts;
  const chosen = new Set(parts);
  const first = siblings.findIndex((s) => chosen.has(s as Element));
  let last = siblings.length - 1;
  while (last > first && !chosen.has(siblings[last] as Element)) last--;
  const out: Element[] = [];
  for (let i = first; i <= last; i++) {
    const sibling = siblings[i];
    if (!isElement(sibling)) continue;
    if (
      chosen.has(sibling) ||
      (linkDensityFrom(stats, sibling) <= SIBLING_MAX_LINK_DENSITY &&
        proseParagraphCountOf(sibling, stats) >= 0)
    ) {
      out.push(sibling);
    }
  }
  return out;
}
