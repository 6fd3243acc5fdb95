/**
 * One post-order pass that records, for every element, how many characters of text it holds
 * and how many of them sit inside links. Link density and text length then cost O(1).
 */
import type { Element, ParentNode } from "domhandler";
import { descendantElements, isElement, isText } from "./dom";
import { IN_PAGE_LINK_WEIGHT } from "./patterns";

export interface TextStats {
  /** Characters of text, whitespace runs counted as one. */
  chars: number;
  /** Characters of text inside `<a href>` (in-page anchors weighted down). */
  linkChars: number;
  /** Characters of sentence-length text runs outside links: the prose it holds. */
  prose: number;
  /** Sentence-separating commas (Latin, CJK and Arabic), as `commaCountOf` counts them. */
  commas: number;
}

/** A text run at least this long (outside a link) is a sentence, not a label or menu item. */
export const SENTENCE_CHARS = 40;

export type StatsMap = Map<Element, TextStats>;

/** Collapsed length of a text node's data; its commas are added to `counts.commas`. */
function collapsedLength(data: string, counts: { commas: number }): number {
  let length = 0;
  let space = true;
  let commas = 0;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13 || code === 160;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
      if (code === 44 || code === 0xff0c || code === 0x3001 || code === 0x060c) commas++;
    }
  }
  counts.commas += commas;
  return length;
}

/** Weight of link text: in-page anchors (footnotes, contents) are not teasers. */
function linkWeightOf(el: Element): number {
  const href = el.attribs.href;
  if (href === undefined) return 0;
  return href.startsWith("#") ? IN_PAGE_LINK_WEIGHT : 1;
}

/**
 * Text statistics of every element under `root` that holds text (iterative: deep trees
 * cannot overflow). Elements without text get no entry: every reader treats a missing entry
 * as zero, and flat runs of empty elements (`<br>` x 100 000) then cost no map entries.
 */
export function measureText(root: ParentNode): StatsMap {
  const stats: StatsMap = new Map();
  // Reverse document order visits every element after all of its descendants.
  const elements = descendantElements(root);
  for (let e = elements.length - 1; e >= 0; e--) {
    const node = elements[e] as Element;
    let chars = 0;
    let linkChars = 0;
    let prose = 0;
    const counts = { commas: 0 };
    for (const child of node.children) {
      if (isText(child)) {
        const length = collapsedLength(child.data, counts);
        chars += length;
        if (length >= SENTENCE_CHARS) prose += length;
      } else if (isElement(child)) {
        const s = stats.get(child);
        if (s) {
          chars += s.chars;
          linkChars += s.linkChars;
          prose += s.prose;
          counts.commas += s.commas;
        }
      }
    }
    if (chars === 0) continue;
    if (node.name === "a") {
      const weight = linkWeightOf(node);
      linkChars = chars * weight;
      if (weight === 1) prose = 0;
    }
    stats.set(node, { chars, linkChars, prose, commas: counts.commas });
  }
  return stats;
}

/** Link density from precomputed statistics (0 for an element without text). */
export function linkDensityFrom(stats: StatsMap, el: Element): number {
  const s = stats.get(el);
  if (!s || s.chars === 0) return 0;
  return Math.min(1, s.linkChars / s.chars);
}

/** Prose characters an element holds. */
export function proseFrom(stats: StatsMap, el: Element): number {
  return stats.get(el)?.prose ?? 0;
}

export function charsFrom(stats: StatsMap, el: Element): number {
  return stats.get(el)?.chars ?? 0;
}

/** Commas in an element's text, from precomputed statistics. */
export function commasFrom(stats: StatsMap, el: Element): number {
  return stats.get(el)?.commas ?? 0;
}
