/**
 * Markdown of a (sanitized) body tree: headings, paragraphs, lists, quotes, code, tables,
 * links, images and emphasis. Text is escaped so it cannot turn into Markdown syntax: page
 * text such as `![x](http://evil)` or `[y](http://evil)` stays text, so the only links and
 * images a renderer shows are the `<a>` and `<img>` the sanitizer kept. Control characters
 * and bidi overrides are dropped (../../safe-text) so the Markdown is safe to print.
 */
import type { AnyNode, Element } from "domhandler";
import { safeText } from "../../safe-text";
import { isElement, isText } from "./dom";

const HEADING_LEVEL: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/**
 * Escapes characters that would start Markdown syntax inside inline text: code, emphasis,
 * HTML, and `!`, `[`, `]`, `(`, `)` of images and links (inline, reference and the bare
 * `[x]: url` definitions), also in renderers that read `(url)` without a `[text]` before it.
 */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>!()])/g, "\\$1");
}

/**
 * A URL as a Markdown link destination: parentheses and whitespace percent-encoded
 * (`encodeURIComponent` leaves `(` and `)` alone), so an unbalanced `)` cannot end it early.
 */
function destination(url: string): string {
  return url.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** Escapes what would start a block construct at the beginning of a line. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#>+-]|\d+[.)])(?=\s|$)/, "$1\\$2");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ");
}

/** Inline Markdown of an element's children (no block structure). */
function inline(nodes: readonly AnyNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (isText(node)) {
      out += escapeInline(collapse(safeText(node.data)));
      continue;
    }
    if (!isElement(node)) continue;
    const inner = () => inline(node.children);
    switch (node.name) {
      case "br":
        out += "  \n";
        break;
      case "a": {
        const text = inner().trim();
        const href = node.attribs.href;
        out += href && text ? `[${text}](${destination(href)})` : text;
        break;
      }
      case "strong":
      case "b": {
        const text = inner().trim();
        out += text ? ` **${text}** ` : "";
        break;
      }
      case "em":
      case "i": {
        const text = inner().trim();
        out += text ? ` _${text}_ ` : "";
        break;
      }
      case "code":
        out += `\`${collapse(textOfNodes(node.children)).replace(/`/g, "'")}\``;
        break;
      case "img": {
        const src = node.attribs.src;
        if (src)
          out += `![${escapeInline(collapse(safeText(node.attribs.alt ?? "")))}](${destination(src)})`;
        break;
      }
      default:
        out += inner();
    }
  }
  return out;
}

function textOfNodes(nodes: readonly AnyNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (isText(node)) out += safeText(node.data);
    else if (isElement(node)) out += textOfNodes(node.children);
  }
  return out;
}

/** Cleans an inline run into lines: collapsed spaces, escaped line starts. */
function finishInline(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeLineStart(line.replace(/ {2,}/g, " ").trim()))
    .filter((line) => line !== "")
    .join("  \n");
}

const BLOCKS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "blockquote",
  "pre",
  "table",
  "hr",
  "figure",
  "figcaption",
  "dl",
  "dt",
  "dd",
  "li",
  "caption",
  "tbody",
  "thead",
  "tfoot",
  "tr",
]);

function isBlock(node: AnyNode): boolean {
  return isElement(node) && BLOCKS.has(node.name);
}

/** Markdown blocks of a list of nodes; inline runs between blocks become paragraphs. */
function blocks(nodes: readonly AnyNode[], depth: number): string[] {
  const out: string[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    const text = finishInline(inline(run));
    if (text !== "") out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      run.push(node);
      continue;
    }
    flush();
    // One push per block: spreading a huge list of blocks overflows the call stack.
    for (const b of block(node as Element, depth)) out.push(b);
  }
  flush();
  return out;
}

/** Markdown of one block element (depth guards hostile nesting). */
function block(el: Element, depth: number): string[] {
  if (depth > 100) return [finishInline(escapeInline(collapse(textOfNodes(el.children))))];
  const level = HEADING_LEVEL[el.name];
  if (level !== undefined) {
    const text = finishInline(inline(el.children)).replace(/ {2}\n/g, " ");
    return text ? [`${"#".repeat(level)} ${text}`] : [];
  }
  switch (el.name) {
    case "hr":
      return ["---"];
    case "pre": {
      const code = textOfNodes(el.children).replace(/```/g, "'''");
      return code.trim() ? [`\`\`\`\n${code.replace(/\n$/, "")}\n\`\`\``] : [];
    }
    case "blockquote":
      return blocks(el.children, depth + 1).map((b) =>
        b
          .split("\n")
          .map((line) => (line ? `> ${line}` : ">"))
          .join("\n"),
      );
    case "ul":
    case "ol":
      return [list(el, depth)].filter((s) => s !== "");
    case "table":
      return [table(el)].filter((s) => s !== "");
    default:
      return blocks(el.children, depth + 1);
  }
}

function list(el: Element, depth: number): string {
  const ordered = el.name === "ol";
  let index = Number(el.attribs.start ?? "1") || 1;
  const lines: string[] = [];
  for (const item of el.children) {
    if (!isElement(item)) continue;
    const content = blocks(item.name === "li" ? item.children : [item], depth + 1);
    if (content.length === 0) continue;
    const marker = ordered ? `${index++}.` : "-";
    const pad = " ".repeat(marker.length + 1);
    const body = content.join("\n\n").split("\n");
    lines.push(`${marker} ${body[0]}`);
    for (let i = 1; i < body.length; i++) {
      const l = body[i] as string;
      lines.push(l ? pad + l : l);
    }
  }
  return lines.join("\n");
}

function table(el: Element): string {
  const rows: string[][] = [];
  // Rows in document order, nested tables left out (a stack: shifting is quadratic).
  const stack: AnyNode[] = [...el.children].reverse();
  const trs: Element[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    if (node.name === "tr") trs.push(node);
    else if (node.name !== "table") {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    }
  }
  for (const tr of trs) {
    const cells = tr.children
      .filter((c): c is Element => isElement(c) && (c.name === "td" || c.name === "th"))
      .map((c) =>
        finishInline(inline(c.children))
          .replace(/ {2}\n/g, " ")
          .replace(/\|/g, "\\|"),
      );
    if (cells.length > 0) rows.push(cells);
  }
  if (rows.length === 0) return "";
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? "").join(" | ")} |`;
  const [head, ...rest] = rows;
  return [line(head ?? []), line(Array(width).fill("---")), ...rest.map(line)].join("\n");
}

/** Markdown of the nodes, blocks separated by a blank line. */
export function renderMarkdown(nodes: readonly AnyNode[]): string {
  return blocks(nodes, 0)
    .filter((b) => b.trim() !== "")
    .join("\n\n");
}
