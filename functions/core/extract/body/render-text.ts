/**
 * Plain text of a (sanitized) body tree: blocks separated by a blank line, inline whitespace
 * collapsed, `<br>` kept as a line break, list items and table rows one per line.
 */
import type { AnyNode, ParentNode } from "domhandler";
import { safeText } from "../../safe-text";
import { isElement, isText } from "./dom";
import { BLOCK_TAGS } from "./patterns";

/** Separators written between blocks; collapsed afterwards. */
const BLOCK_BREAK = "\u0000";
const LINE_BREAK = "\u0001";

/** Zero-width characters: a line of only these is empty. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** Blocks that follow each other without a blank line between them. */
const LINE_TAGS = new Set(["li", "tr", "dt", "dd"]);

/**
 * Figures (images with their captions and credits) stay in the HTML and Markdown, but the
 * plain text is the running prose only: lead, subheadings, paragraphs, lists, quotes, tables.
 */
const SKIPPED_IN_TEXT = new Set(["figure", "figcaption"]);

/**
 * Content that makes a figure text rather than a picture: a table or a code listing set in
 * a `<figure>` (as block editors wrap every table) is read with its caption, which there is
 * the table's title or source. (A quote in a figure is as often an embedded post or a
 * testimonial card as part of the story: it stays out, like pictures.)
 */
const TEXT_FIGURE_TAGS = new Set(["table", "pre"]);

/** The figure holds text content (outside its caption), not only media. */
function isTextFigure(figure: ParentNode): boolean {
  const stack: AnyNode[] = [...figure.children];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node) || node.name === "figcaption") continue;
    if (TEXT_FIGURE_TAGS.has(node.name)) return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}

/** Plain text of the nodes. */
export function renderText(nodes: readonly AnyNode[]): string {
  let out = "";
  const stack: Array<AnyNode | string> = [...nodes].reverse();
  // Text figures met so far: their captions are read too.
  const textFigures = new Set<AnyNode>();
  while (stack.length > 0) {
    const item = stack.pop() as AnyNode | string;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    if (isText(item)) {
      // Without controls, page text can neither pose as a separator nor drive a terminal.
      out += safeText(item.data);
      continue;
    }
    if (!isElement(item)) continue;
    const name = item.name;
    if (SKIPPED_IN_TEXT.has(name)) {
      const figure = name === "figure" ? item : item.parent;
      if (name === "figure" && isTextFigure(item)) textFigures.add(item);
      else if (!(figure && textFigures.has(figure))) continue;
    }
    if (name === "br") {
      out += LINE_BREAK;
      continue;
    }
    if (name === "td" || name === "th") {
      out += " ";
      stack.push(" ");
    } else if (LINE_TAGS.has(name)) {
      out += LINE_BREAK;
      stack.push(LINE_BREAK);
    } else if (BLOCK_TAGS.has(name)) {
      out += BLOCK_BREAK;
      stack.push(BLOCK_BREAK);
    }
    const kids = (item as ParentNode).children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  return layout(out);
}

/** Turns the break markers into newlines and collapses whitespace. */
function layout(raw: string): string {
  const blocks = raw.split(BLOCK_BREAK);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block
      .split(LINE_BREAK)
      .map((line) => line.replace(/\s+/g, " ").trim())
      .filter((line) => line.replace(INVISIBLE, "") !== "");
    if (lines.length > 0) out.push(lines.join("\n"));
  }
  return out.join("\n\n");
}
