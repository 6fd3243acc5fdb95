/**
 * An allow-list HTML sanitizer for article bodies. Only the tags and attributes listed here
 * survive; every other element is unwrapped (its text kept) or, for the dangerous and
 * invisible ones, dropped with its content. URLs are resolved against the page URL and only
 * http(s) and mailto survive, so the output has no script, style, iframe, event handler or
 * `javascript:` URL. cheerio is not a sanitizer (see its threat model); this is.
 */
import { load } from "cheerio/slim";
import type { AnyNode, Element, ParentNode } from "domhandler";

/** Tags kept, with the attributes each may carry. */
const ALLOWED: Record<string, readonly string[]> = {
  a: ["href", "title"],
  abbr: ["title"],
  b: [],
  blockquote: ["cite"],
  br: [],
  caption: [],
  cite: [],
  code: [],
  dd: [],
  del: [],
  dfn: [],
  div: [],
  dl: [],
  dt: [],
  em: [],
  figcaption: [],
  figure: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: [],
  img: ["src", "alt", "title", "width", "height"],
  ins: [],
  kbd: [],
  li: [],
  mark: [],
  ol: ["start"],
  p: [],
  pre: [],
  q: ["cite"],
  s: [],
  small: [],
  strong: [],
  sub: [],
  sup: [],
  table: [],
  tbody: [],
  td: ["colspan", "rowspan"],
  tfoot: [],
  th: ["colspan", "rowspan", "scope"],
  thead: [],
  time: ["datetime"],
  tr: [],
  u: [],
  ul: [],
};

/**
 * Dropped with everything inside: active content, styling, and controls. (`form` itself is
 * unwrapped like any unknown element: some sites wrap the whole page in one.)
 */
const DROPPED = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "noscript",
  "template",
  "svg",
  "math",
  "canvas",
  "button",
  "input",
  "select",
  "textarea",
  "option",
  "link",
  "meta",
  "base",
  "head",
  "title",
  "audio",
  "video",
  "source",
  "track",
  "param",
  "xmp",
  "plaintext",
  "noembed",
  "noframes",
]);

const VOID = new Set(["br", "hr", "img"]);
/** Attributes holding URLs. */
const URL_ATTRIBUTES = new Set(["href", "src", "cite"]);
/** Lazy-loading attributes that hold the real image URL when `src` is a placeholder. */
const LAZY_SRC = ["data-src", "data-lazy-src", "data-original", "data-url"];

/** Schemes a link may use; images only http(s). */
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);
const IMAGE_SCHEMES = new Set(["http:", "https:"]);

/** The URL made absolute against `base`, or null when it is not a safe http(s)/mailto URL. */
export function safeUrl(raw: string, base: string, forImage = false): string | null {
  // The WHATWG parser strips tabs and newlines anywhere ("java\tscript:") as browsers do,
  // so the scheme checked below is the one a browser would run.
  const cleaned = raw.trim();
  if (cleaned === "") return null;
  let url: URL;
  try {
    url = new URL(cleaned, base);
  } catch {
    return null;
  }
  const schemes = forImage ? IMAGE_SCHEMES : LINK_SCHEMES;
  return schemes.has(url.protocol) ? url.href : null;
}

export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;");
}

/** `src` of an image, preferring a lazy-loading attribute when `src` is missing or inline. */
function imageSourceOf(el: Element): string {
  const src = el.attribs.src ?? "";
  if (src !== "" && !src.startsWith("data:")) return src;
  for (const name of LAZY_SRC) {
    const value = el.attribs[name];
    if (value) return value;
  }
  return src;
}

function attributesOf(el: Element, base: string): string {
  const allowed = Object.hasOwn(ALLOWED, el.name) ? (ALLOWED[el.name] ?? []) : [];
  let out = "";
  for (const name of allowed) {
    let value = name === "src" && el.name === "img" ? imageSourceOf(el) : el.attribs[name];
    if (value === undefined) continue;
    if (URL_ATTRIBUTES.has(name)) {
      const safe = safeUrl(value, base, el.name === "img");
      if (safe === null) continue;
      value = safe;
    } else if (!/^[\w\s.,:;%#/()'"!?@&=+-]*$/u.test(value) && name !== "alt" && name !== "title") {
      continue;
    }
    out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

function isElementNode(node: AnyNode): node is Element {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

/** Sanitized HTML of a list of nodes (iterative: deep trees cannot overflow the stack). */
export function sanitizeNodes(nodes: readonly AnyNode[], base: string): string {
  let out = "";
  // Each frame is either a node to open or a closing tag to write.
  const stack: Array<AnyNode | string> = [...nodes].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as AnyNode | string;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    if (item.type === "text") {
      out += escapeText((item as AnyNode & { data: string }).data);
      continue;
    }
    if (!isElementNode(item)) continue;
    const name = item.name.toLowerCase();
    if (DROPPED.has(name)) continue;
    const allowed = Object.hasOwn(ALLOWED, name);
    if (name === "img") {
      const attrs = attributesOf(item, base);
      if (attrs.includes(' src="')) out += `<img${attrs}>`;
      continue;
    }
    if (allowed) {
      out += `<${name}${attributesOf(item, base)}>`;
      if (VOID.has(name)) continue;
      stack.push(`</${name}>`);
    }
    const kids = (item as ParentNode).children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  return out;
}

/** One parse and sanitize pass. */
function sanitizeOnce(html: string, base: string): string {
  const $ = load(html, null, false);
  return sanitizeNodes($.root()[0]?.children ?? [], base).trim();
}

/** Passes after which the output is a fixpoint; real input needs one or two. */
const MAX_PASSES = 4;

/**
 * Sanitized HTML of an HTML fragment or document, relative URLs resolved against `base`.
 * Idempotent: a parser closes misnested tags (`<td><td>`), so the result is re-parsed until
 * sanitizing it again changes nothing.
 */
export function sanitizeHtml(html: string, base: string): string {
  let out = sanitizeOnce(html, base);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const next = sanitizeOnce(out, base);
    if (next === out) break;
    out = next;
  }
  return out;
}
