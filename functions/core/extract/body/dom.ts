/**
 * Small helpers over the htmlparser2 tree (domhandler nodes), each named for what it
 * returns. Working on the nodes directly keeps extraction fast: no selector engine in the
 * hot loops.
 */
import type { AnyNode, Element, ParentNode } from "domhandler";
import { CLASS_WEIGHT, IN_PAGE_LINK_WEIGHT, PATTERNS } from "./patterns";

export function isElement(node: AnyNode | null | undefined): node is Element {
  return node != null && (node.type === "tag" || node.type === "script" || node.type === "style");
}

export function isText(node: AnyNode | null | undefined): node is AnyNode & { data: string } {
  return node != null && node.type === "text";
}

/** The nearest element sibling on one side of `el`, skipping text and comments. */
export function elementSiblingOf(el: Element, side: "prev" | "next"): Element | null {
  let node = el[side];
  while (node && !isElement(node)) node = node[side];
  return node ?? null;
}

/** Child elements of a node, in order. */
export function childElements(node: ParentNode): Element[] {
  return node.children.filter(isElement);
}

/**
 * Class tokens that label rather than describe: taxonomy labels CMSs put on the article
 * wrapper (`tag-politics`, `category-news`) and script hooks (`js-...`).
 */
const LABEL_TOKEN = /^(tag|tags|category|categories|format|status|type|post-tag|js)-/;

const nameCache = new WeakMap<Element, string>();

/** Tags whose `id` is often an anchor spelled from their own text (a table of contents' target). */
const ANCHOR_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
/** An id is the element's own text as a slug when this share of its words are the text's. */
const SLUG_WORD_SHARE = 0.6;
/** ... and it has at least this many such words (`h-social-benefits`). */
const MIN_SLUG_WORDS = 2;

/**
 * The id spells the heading's own text (`what-is-social-media`): an anchor for a table of
 * contents, which says nothing of what the element is ("social" there is the topic).
 */
function isTextSlug(el: Element, id: string): boolean {
  if (!ANCHOR_TAGS.has(el.name)) return false;
  const idWords = id.toLowerCase().match(/\p{L}{2,}/gu) ?? [];
  if (idWords.length < MIN_SLUG_WORDS) return false;
  const textWords = new Set(
    textOf(el)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [],
  );
  const shared = idWords.filter((w) => textWords.has(w)).length;
  return shared >= MIN_SLUG_WORDS && shared >= idWords.length * SLUG_WORD_SHARE;
}

/** `class` and `id` of an element, lower-cased, as one string for the name patterns. */
export function nameOf(el: Element): string {
  const cls = el.attribs.class ?? "";
  const rawId = el.attribs.id ?? "";
  // Most elements have neither: answered without a cache entry.
  if (!cls && !rawId) return "";
  const cached = nameCache.get(el);
  if (cached !== undefined) return cached;
  const id = rawId !== "" && isTextSlug(el, rawId) ? "" : rawId;
  const tokens = `${cls} ${id}`.toLowerCase().split(/\s+/);
  const name = tokens.filter((t) => t !== "" && !LABEL_TOKEN.test(t)).join(" ");
  nameCache.set(el, name);
  return name;
}

/** Text content of a node (all descendant text nodes, concatenated). */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!("children" in node)) return "";
  let out = "";
  const stack: AnyNode[] = [...(node as ParentNode).children].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (isText(current)) out += current.data;
    else if ("children" in current) {
      const kids = (current as ParentNode).children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
    }
  }
  return out;
}

/** Text with whitespace collapsed and trimmed. */
export function normalizedTextOf(node: AnyNode): string {
  return textOf(node).replace(/\s+/g, " ").trim();
}

/** What `\s` matches (and `trim` removes): ASCII and Unicode spaces and line ends. */
function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * `normalizedTextOf(node).length`, counted on the text nodes in place: no string is built
 * (measuring a body this way walked and copied all of its text twice).
 */
export function normalizedLengthOf(node: AnyNode): number {
  let length = 0;
  let pendingSpace = false;
  const count = (data: string) => {
    for (let i = 0; i < data.length; i++) {
      if (isSpaceCode(data.charCodeAt(i))) {
        pendingSpace = length > 0;
      } else {
        length += pendingSpace ? 2 : 1;
        pendingSpace = false;
      }
    }
  };
  if (isText(node)) {
    count(node.data);
    return length;
  }
  if (!("children" in node)) return 0;
  const stack: AnyNode[] = [...(node as ParentNode).children].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (isText(current)) count(current.data);
    else if ("children" in current) {
      const kids = (current as ParentNode).children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
    }
  }
  return length;
}

/** Share of a node's text that sits inside links (0 when it has no text). */
export function linkDensityOf(el: Element): number {
  const total = normalizedLengthOf(el);
  if (total === 0) return 0;
  let linked = 0;
  for (const a of descendantsByTag(el, "a")) {
    const href = a.attribs.href ?? "";
    // In-page anchors (footnotes, tables of contents) count a little: they are not teasers.
    const coefficient = href.startsWith("#") ? IN_PAGE_LINK_WEIGHT : 1;
    linked += normalizedLengthOf(a) * coefficient;
  }
  return Math.min(1, linked / total);
}

/** Descendant elements with one of the given tag names, in document order. */
export function descendantsByTag(node: ParentNode, ...tags: string[]): Element[] {
  const wanted = new Set(tags);
  const out: Element[] = [];
  const stack: AnyNode[] = [...node.children].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (!isElement(current)) continue;
    if (wanted.has(current.name)) out.push(current);
    const kids = current.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  return out;
}

/** All descendant elements in document order. */
export function descendantElements(node: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...node.children].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as AnyNode;
    if (!isElement(current)) continue;
    out.push(current);
    const kids = current.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  return out;
}

/** +25 for a positive class/id name, -25 for a negative one (both can apply). */
export function classWeightOf(el: Element, inBody = false): number {
  const name = nameOf(el);
  if (name === "") return 0;
  let weight = 0;
  if ((inBody ? PATTERNS.negativeKind : PATTERNS.negative).test(name)) weight -= CLASS_WEIGHT;
  if (PATTERNS.positive.test(name)) weight += CLASS_WEIGHT;
  return weight;
}

/**
 * Text on both sides of a removed element must not run together ("country<ad/>and" is two
 * words): the text before it gets a trailing space.
 */
export function keepWordsApart(before: AnyNode | null | undefined): void {
  if (isText(before) && before.data !== "" && !/\s$/.test(before.data)) before.data += " ";
}

/** Detaches a node from its parent. */
export function removeNode(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  keepWordsApart(node.prev);
  const index = parent.children.indexOf(node as never);
  if (index >= 0) parent.children.splice(index, 1);
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Ancestors of a node, nearest first, up to `max` of them. */
export function ancestorsOf(node: AnyNode, max = Number.POSITIVE_INFINITY): Element[] {
  const out: Element[] = [];
  let current = node.parent;
  while (current && out.length < max) {
    if (isElement(current)) out.push(current);
    current = current.parent;
  }
  return out;
}

/** The element is inside an element with one of the tag names. */
export function hasAncestorTag(node: AnyNode, tag: string, maxDepth = 8): boolean {
  return ancestorsOf(node, maxDepth).some((a) => a.name === tag);
}

/** Counts sentence-separating commas (Latin, CJK and Arabic). */
export function commaCountOf(text: string): number {
  return text.match(/[,，、،]/g)?.length ?? 0;
}
