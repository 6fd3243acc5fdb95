/**
 * One post-order pass that records, for every element, how many characters of text it holds
 * and how many of them sit inside links. Link density and text length then cost O(1).
 */
import type { AnyNode, Element, ParentNode } from "domhandler";
import { isElement, isText } from "./dom";
import { IN_PAGE_LINK_WEIGHT } from "./patterns";

export interface TextStats {
  /** Characters of text, whitespace runs counted as one. */
  chars: number;
  /** Characters of text inside `<a href>` (in-page anchors weighted down). */
  linkChars: number;
  /** Characters of sentence-length text runs outside links: the prose it holds. */
  prose: number;
}

/** A text run at least this long (outside a link) is a sentence, not a label or menu item. */
export const SENTENCE_CHARS = 40;

export type StatsMap = Map<Element, TextStats>;

/** Collapsed length of a text node's data. */
function collapsedLength(data: string): number {
  let length = 0;
  let space = true;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13 || code === 160;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
    }
  }
  return length;
}

/** Weight of link text: in-page anchors (footnotes, contents) are not teasers. */
function linkWeightOf(el: Element): number {
  const href = el.attribs.href;
  if (href === undefined) return 0;
  return href.startsWith("#") ? IN_PAGE_LINK_WEIGHT : 1;
}

/** Text statistics of every element under `root` (iterative: deep trees cannot overflow). */
export function measureText(root: ParentNode): StatsMap {
  const stats: StatsMap = new Map();
  // Post-order traversal with an explicit stack of [node, visited] pairs.
  const stack: Array<[AnyNode, boolean]> = [];
  for (let i = root.children.length - 1; i >= 0; i--)
    stack.push([root.children[i] as AnyNode, false]);
  while (stack.length > 0) {
    const entry = stack.pop() as [AnyNode, boolean];
    const [node, visited] = entry;
    if (!isElement(node)) continue;
    if (!visited) {
      stack.push([node, true]);
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push([node.children[i] as AnyNode, false]);
      }
      continue;
    }
    let chars = 0;
    let linkChars = 0;
    let prose = 0;
    for (const child of node.children) {
      if (isText(child)) {
        const length = collapsedLength(child.data);
        chars += length;
        if (length >= SENTENCE_CHARS) prose += length;
      } else if (isElement(child)) {
        const s = stats.get(child);
        if (s) {
          chars += s.chars;
          linkChars += s.linkChars;
          prose += s.prose;
        }
      }
    }
    if (node.name === "a") {
      linkChars = chars * linkWeightOf(node);
      if (linkWeightOf(node) === 1) prose = 0;
    }
    stats.set(node, { chars, linkChars, prose });
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
