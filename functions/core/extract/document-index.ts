/**
 * One index of a parsed page, built in one walk, that answers the metadata rules' selector
 * queries. A selector query through cheerio walks every node of the document and tests
 * each element against the whole compiled selector; the metadata rules ask some sixty of
 * them per page (and a few, like the article scope, many times over). Here the walk happens
 * once: every element in document order with the extent of its subtree, and the elements of
 * each tag name and of each attribute name (with the attribute's value).
 *
 * A query reads, from each comma-separated part of its selector, what the rightmost
 * compound demands of an element (a tag name; attributes present, and the text an attribute
 * selector's value makes the attribute contain: `[class*="byline" i]` needs "byline" in the
 * class, case aside) and what the compound just left of it demands of an ancestor. Those are
 * necessary conditions only: the elements that meet them are handed to cheerio's own
 * selector engine, which decides. So the answers are those of `$(selector)`, in the same
 * order, and a selector read here only partly (or not at all) costs at most the full test.
 * An answer is remembered: the same selector asked again costs a lookup.
 *
 * Valid while the document is untouched: the metadata is read before the body is found
 * (finding it prunes the document), and the index is dropped with it.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";

/** Cheerio's positional filters (`:first`, `:eq(2)`): their answers depend on the search, not the element. */
const POSITIONAL = /:(?:first|last|eq|nth|gt|lt|even|odd)(?![\w-])/i;
/** `:scope` means the search's context, which differs between a search and a filter. */
const SCOPE = /:scope(?![\w-])/i;
const NAME = /^[a-z_][\w-]*/i;
/** What may follow a tag name in a compound. */
const AFTER_TAG = /^(?:$|[.#[:])/;
/** `[name]`, `[name=v]`, `[name~=v]`, `[name^=v]`, `[name$=v]`, `[name*=v]` (not `!=`, which matches without it). */
const ATTRIBUTE =
  /^\[\s*([a-z_][\w-]*)\s*(?:\]|([~^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*(?:[is]\s*)?\])/i;
/**
 * A selector value whose text can be looked for with `toLowerCase().includes()`. Every
 * attribute selector form read here (`=`, `~=`, `^=`, `$=`, `*=`, with or without `i`)
 * matches only values that hold the selector's text; for printable ASCII text that holds
 * with case ignored as `toLowerCase` ignores it (css-select's case-insensitive tests match
 * ASCII letters only to their ASCII partners, or compare `toLowerCase` forms).
 */
const ASCII = /^[\x20-\x7e]*$/;

export interface DocumentIndex {
  /** Every element of the document, in document order. */
  readonly elements: readonly Element[];
  /** The elements `$(selector)` finds, in document order; null for a selector the index does not answer. */
  select(selector: string): readonly Element[] | null;
  /** A value computed once per document (a parse of the page's structured data). */
  memo<T>(key: string, compute: () => T): T;
}

/** One attribute a compound requires, with text its value must contain (lower-cased) when known. */
interface AttributeNeed {
  name: string;
  contains: string;
}

/** What one compound selector requires of an element. */
interface Need {
  tag: string | null;
  attributes: AttributeNeed[];
}

/** What one comma-separated part requires: of the element, and of one of its ancestors. */
interface PartNeed {
  self: Need;
  ancestor: Need | null;
}

function hasChildren(node: AnyNode): node is AnyNode & { children: AnyNode[] } {
  return "children" in node && Array.isArray((node as { children?: unknown }).children);
}

function isTag(node: AnyNode | null): node is Element {
  return node !== null && (node.type === "tag" || node.type === "script" || node.type === "style");
}

/** Splits `text` at its top-level commas (outside brackets, parentheses and quotes). */
function splitParts(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    else if (depth === 0 && ch === ",") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (quote || depth !== 0) return null;
  parts.push(text.slice(start));
  return parts;
}

/** The compounds of one part and the combinator before each (" ", ">", "+", "~"; "" for the first). */
function compoundsOf(part: string): Array<{ combinator: string; compound: string }> | null {
  const out: Array<{ combinator: string; compound: string }> = [];
  let depth = 0;
  let quote = "";
  let current = "";
  let combinator = "";
  for (const ch of part) {
    if (quote) {
      if (ch === quote) quote = "";
      current += ch;
      continue;
    }
    const separator = depth === 0 && (/\s/.test(ch) || ch === ">" || ch === "+" || ch === "~");
    if (separator) {
      if (current !== "") {
        out.push({ combinator, compound: current });
        current = "";
        combinator = " ";
      } else if (out.length === 0) {
        return null;
      }
      if (ch !== " " && !/\s/.test(ch)) combinator = ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    current += ch;
  }
  if (current === "") return null;
  out.push({ combinator, compound: current });
  return out;
}

/**
 * What an element must have to match `compound`: its tag name when the compound opens with
 * one, and the attributes its top-level attribute, class and id selectors name. Parts of the
 * compound not read here (pseudo-classes, `:not(...)`) add nothing: the result is only ever
 * a necessary condition.
 */
function needOf(compound: string): Need {
  const need: Need = { tag: null, attributes: [] };
  let rest = compound;
  const tag = NAME.exec(rest);
  if (tag) {
    if (!AFTER_TAG.test(rest.slice(tag[0].length))) return need;
    need.tag = tag[0].toLowerCase();
    rest = rest.slice(tag[0].length);
  } else if (rest.startsWith("*")) {
    rest = rest.slice(1);
  }
  while (rest !== "") {
    const first = rest[0];
    if (first === "." || first === "#") {
      const name = NAME.exec(rest.slice(1));
      if (!name) break;
      need.attributes.push({
        name: first === "." ? "class" : "id",
        contains: ASCII.test(name[0]) ? name[0].toLowerCase() : "",
      });
      rest = rest.slice(1 + name[0].length);
    } else if (first === "[") {
      const match = ATTRIBUTE.exec(rest);
      if (!match) break;
      const value = match[3] ?? match[4] ?? match[5] ?? "";
      need.attributes.push({
        name: (match[1] as string).toLowerCase(),
        contains: match[2] && ASCII.test(value) ? value.toLowerCase() : "",
      });
      rest = rest.slice(match[0].length);
    } else {
      // A pseudo-class or anything else: the rest of the compound is left to cheerio.
      break;
    }
  }
  return need;
}

/** What each comma-separated part of `selector` requires, or null when the index does not answer it. */
function needsOf(selector: string): PartNeed[] | null {
  const text = selector.trim();
  if (text === "" || text.startsWith("<") || text.includes("\\") || text.includes("|")) {
    return null;
  }
  if (POSITIONAL.test(text) || SCOPE.test(text)) return null;
  const parts = splitParts(text);
  if (!parts) return null;
  const out: PartNeed[] = [];
  for (const part of parts) {
    const compounds = compoundsOf(part.trim());
    if (!compounds) return null;
    const last = compounds[compounds.length - 1];
    const before = compounds[compounds.length - 2];
    if (!last) return null;
    // Descendant and child combinators make the compound before an ancestor's; siblings do not.
    const ancestor =
      before && (last.combinator === " " || last.combinator === ">")
        ? needOf(before.compound)
        : null;
    out.push({ self: needOf(last.compound), ancestor });
  }
  return out;
}

/** The numbers in both ascending lists, ascending. */
function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Builds the index of the document `$` holds, in one walk. */
export function buildDocumentIndex($: CheerioAPI): DocumentIndex {
  const elements: Element[] = [];
  const byTag = new Map<string, number[]>();
  /** Per attribute name: the positions of the elements that have it, and its values there. */
  const byAttribute = new Map<string, { at: number[]; values: string[] }>();
  const root = $.root()[0] as AnyNode | undefined;
  // The last position inside each element's subtree: a closing entry (the element's
  // position) goes on the stack under its children and is reached once they all are.
  const ends: number[] = [];
  const stack: Array<AnyNode | number> =
    root && hasChildren(root) ? [...root.children].reverse() : [];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode | number;
    if (typeof node === "number") {
      ends[node] = elements.length - 1;
      continue;
    }
    if (isTag(node)) {
      const at = elements.length;
      elements.push(node);
      ends.push(at);
      const tag = node.name.toLowerCase();
      const list = byTag.get(tag);
      if (list) list.push(at);
      else byTag.set(tag, [at]);
      for (const name in node.attribs) {
        const key = name.toLowerCase();
        const value = node.attribs[name] ?? "";
        let entry = byAttribute.get(key);
        if (!entry) {
          entry = { at: [], values: [] };
          byAttribute.set(key, entry);
        }
        if (entry.at[entry.at.length - 1] === at) {
          // Two spellings of one name on an element (not from the HTML parser): keep both.
          entry.values[entry.values.length - 1] += ` ${value}`;
        } else {
          entry.at.push(at);
          entry.values.push(value);
        }
      }
      const kids = node.children;
      if (kids.length > 0) {
        stack.push(at);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
      }
    } else if (hasChildren(node)) {
      const kids = node.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
    }
  }
  const subtreeEnd = Int32Array.from(ends);

  /** The values of one attribute, lower-cased, worked out on the first query that needs them. */
  const lowered = new Map<string, string[]>();
  const loweredValues = (name: string, values: string[]): string[] => {
    let out = lowered.get(name);
    if (!out) {
      out = values.map((v) => v.toLowerCase());
      lowered.set(name, out);
    }
    return out;
  };

  /** Positions of the elements that meet `need`, ascending; null for every element. */
  const meeting = (need: Need): number[] | null => {
    let positions: number[] | null = need.tag === null ? null : (byTag.get(need.tag) ?? []);
    for (const attribute of need.attributes) {
      const entry = byAttribute.get(attribute.name);
      if (!entry) return [];
      const values = attribute.contains === "" ? null : loweredValues(attribute.name, entry.values);
      const allowed: number[] = [];
      for (let i = 0; i < entry.at.length; i++) {
        if (!values || (values[i] as string).includes(attribute.contains)) {
          allowed.push(entry.at[i] as number);
        }
      }
      positions = positions === null ? allowed : intersect(positions, allowed);
    }
    return positions;
  };

  /** Positions that may match `part`, ascending; null for every element. */
  const candidatesOf = (part: PartNeed): number[] | null => {
    const own = meeting(part.self);
    const above = part.ancestor ? meeting(part.ancestor) : null;
    if (above === null) return own;
    // Inside the subtree of an element that meets the ancestor's need.
    const inside = new Uint8Array(elements.length);
    let covered = -1;
    for (const at of above) {
      const end = subtreeEnd[at] as number;
      for (let i = Math.max(at + 1, covered + 1); i <= end; i++) inside[i] = 1;
      if (end > covered) covered = end;
    }
    if (own === null) {
      const out: number[] = [];
      for (let i = 0; i < inside.length; i++) if (inside[i]) out.push(i);
      return out;
    }
    return own.filter((at) => inside[at] === 1);
  };

  /** Union of every part's candidates, in document order; null for every element. */
  const candidatesOfAll = (parts: PartNeed[]): number[] | null => {
    const lists: number[][] = [];
    for (const part of parts) {
      const list = candidatesOf(part);
      if (list === null) return null;
      lists.push(list);
    }
    if (lists.length <= 1) return lists[0] ?? [];
    const marked = new Uint8Array(elements.length);
    for (const list of lists) for (const at of list) marked[at] = 1;
    const out: number[] = [];
    for (let i = 0; i < marked.length; i++) if (marked[i]) out.push(i);
    return out;
  };

  const answers = new Map<string, readonly Element[] | null>();
  const memos = new Map<string, unknown>();
  return {
    elements,
    select(selector) {
      const known = answers.get(selector);
      if (known !== undefined) return known;
      const needs = needsOf(selector);
      let found: readonly Element[] | null = null;
      if (needs) {
        const positions = candidatesOfAll(needs);
        const candidates = positions ? positions.map((at) => elements[at] as Element) : elements;
        // cheerio's `filter` runs the same compiled selector that `find` runs on each element.
        found =
          candidates.length === 0 ? [] : ($(candidates).filter(selector).toArray() as Element[]);
      }
      answers.set(selector, found);
      return found;
    },
    memo<T>(key: string, compute: () => T): T {
      if (memos.has(key)) return memos.get(key) as T;
      const value = compute();
      memos.set(key, value);
      return value;
    },
  };
}

const indexes = new WeakMap<CheerioAPI, DocumentIndex>();

/**
 * `$` answering its selector queries from an index of its document (`$(selector)` with no
 * context; everything else goes to `$` itself). Hand it to code that reads the untouched
 * document; keep using `$` for anything that changes the document.
 */
export function indexedDocument($: CheerioAPI): CheerioAPI {
  if (indexes.has($)) return $;
  const index = buildDocumentIndex($);
  const indexed = new Proxy($, {
    apply(target, thisArg, args: unknown[]) {
      const [selector, context] = args;
      if (typeof selector === "string" && context === undefined) {
        const found = index.select(selector);
        if (found) return target(found as Element[]);
      }
      return Reflect.apply(target, thisArg, args);
    },
  });
  indexes.set(indexed, index);
  return indexed;
}

/** The index behind a `$` from `indexedDocument`, or null for a plain `$`. */
export function documentIndexOf($: CheerioAPI): DocumentIndex | null {
  return indexes.get($) ?? null;
}

/** `compute()` once per document when `$` is indexed; every time for a plain `$`. */
export function perDocument<T>($: CheerioAPI, key: string, compute: () => T): T {
  const index = indexes.get($);
  return index ? index.memo(key, compute) : compute();
}
