/**
 * The body from structured data, for pages whose text is not in the DOM (client-rendered
 * pages that still ship their article as JSON-LD `articleBody`). Used only when the DOM
 * yields no article; `provenance.body` then says `json-ld`.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { Element } from "domhandler";
import { readJsonLd, stringOf, valuesOf } from "../metadata/json-ld";
import { textOf } from "./dom";

/** A structured body shorter than this is a summary, not the article. */
export const MIN_STRUCTURED_BODY_CHARS = 200;
/** At most this much of `articleBody` is used: longer is hostile or a whole site's text. */
export const MAX_STRUCTURED_BODY_CHARS = 200_000;
/** At most this many paragraphs are built from it. */
const MAX_STRUCTURED_PARAGRAPHS = 2_000;

/** The article's JSON-LD `articleBody` (or `text`), trimmed and bounded, or null. */
export function structuredBodyOf($: CheerioAPI, url: string): string | null {
  const doc = readJsonLd($, url);
  for (const key of ["articleBody", "text"]) {
    for (const value of valuesOf(doc.article, key)) {
      const text = stringOf(value)?.trim();
      if (text && text.length >= MIN_STRUCTURED_BODY_CHARS) {
        return text.slice(0, MAX_STRUCTURED_BODY_CHARS);
      }
    }
  }
  return null;
}

/**
 * Paragraph elements for a structured body: HTML in it is parsed as HTML (the sanitizer
 * runs on it afterwards), plain text becomes one paragraph per line break.
 */
export function structuredBodyNodes($: CheerioAPI, body: string): Element[] {
  if (/<\/?(?:p|br|div|h[1-6]|ul|ol|li)\b/i.test(body)) {
    const fragment = $.parseHTML(body) ?? [];
    const wrapper = $("<div></div>");
    wrapper.append(fragment);
    return wrapper.toArray() as Element[];
  }
  return body
    .split(/\s*\n\s*/)
    .filter((line) => line !== "")
    .slice(0, MAX_STRUCTURED_PARAGRAPHS)
    .map((line) => $("<p></p>").text(line)[0] as Element);
}

/**
 * Bounds on reading framework payloads (`__NEXT_DATA__`, Nuxt's `__NUXT_DATA__`, any
 * `application/json` or `application/ld+json` script): a page can ship megabytes of state,
 * or hostile nesting, and only the article's text is wanted.
 */
export const PAYLOAD_BOUNDS = {
  /** Scripts read per page, in document order. */
  scripts: 30,
  /** A script longer than this (characters) is skipped unread. */
  scriptChars: 3_000_000,
  /** Characters parsed over all scripts of a page. */
  totalChars: 6_000_000,
  /** Nesting followed into a parsed value; deeper values are not visited. */
  depth: 64,
  /** Values visited over all scripts of a page. */
  nodes: 300_000,
} as const;

/** A payload string shorter than this (characters of text) is a field, not the article. */
export const MIN_PAYLOAD_BODY_CHARS = 500;
/** The article's text reads as prose: at least this many sentence ends ... */
const MIN_PAYLOAD_SENTENCES = 3;
/** ... and at least this share of its characters letters, digits or spaces (not code, not data). */
const MIN_PAYLOAD_WORD_SHARE = 0.8;
/** Words of prose are short: a longer average is a URL, a hash or base64. */
const MAX_PAYLOAD_WORD_LENGTH = 15;
/**
 * The article is most of the payload's prose: when the longest text is less than this share
 * of all distinct prose texts, the payload holds a list of items (posts of a thread, stories
 * of a feed) and the longest is only one of them.
 */
const MIN_PAYLOAD_BODY_SHARE = 0.5;
/** Texts starting with the same characters (an HTML and a plain copy) count once. */
const PAYLOAD_TEXT_KEY_CHARS = 200;

/** Scripts whose content is JSON data (not code): a framework's state or structured data. */
function isJsonScript(attribs: Record<string, string>): boolean {
  const type = (attribs.type ?? "").toLowerCase().trim();
  return type === "application/json" || type === "application/ld+json";
}

/**
 * The page's JSON scripts, in document order, taken before the body is found (finding it
 * drops scripts from the tree; the elements keep their text).
 */
export function jsonScriptsOf($: CheerioAPI): Element[] {
  return ($("script").toArray() as Element[]).filter((el) => isJsonScript(el.attribs));
}

/** The text of a payload string: tags dropped when it is HTML. */
function textOfPayloadString(value: string): string {
  return /<\/?(?:p|br|div|h[1-6]|ul|ol|li)\b/i.test(value) ? value.replace(/<[^>]*>/g, " ") : value;
}

/** The string's text when it reads as an article's prose, else null. */
function proseOf(value: string): string | null {
  if (value.length < MIN_PAYLOAD_BODY_CHARS) return null;
  const text = textOfPayloadString(value).replace(/\s+/g, " ").trim();
  if (text.length < MIN_PAYLOAD_BODY_CHARS) return null;
  const sentences = text.match(/[.!?。！？]["”’»)]?(?:\s|$)/g)?.length ?? 0;
  if (sentences < MIN_PAYLOAD_SENTENCES) return null;
  const wordChars = text.match(/[\p{L}\p{N}\s]/gu)?.length ?? 0;
  if (wordChars < text.length * MIN_PAYLOAD_WORD_SHARE) return null;
  const words = text.split(" ");
  if (text.length / words.length > MAX_PAYLOAD_WORD_LENGTH) return null;
  return text;
}

/**
 * The longest string of prose in the page's JSON payloads: the article of a page whose
 * text is only in its framework's state. Bounded by PAYLOAD_BOUNDS; unparsable scripts are
 * skipped. Null when no payload holds 500+ characters of prose, or when the longest is not
 * most of the payloads' prose (a thread's posts, a feed's stories).
 */
export function payloadBodyOf(scripts: readonly Element[]): string | null {
  let best: string | null = null;
  let bestLength = 0;
  /** Prose characters per distinct text (keyed by its opening). */
  const proseByKey = new Map<string, number>();
  let parsedChars = 0;
  let nodes = 0;
  for (const el of scripts.slice(0, PAYLOAD_BOUNDS.scripts)) {
    if (nodes >= PAYLOAD_BOUNDS.nodes) break;
    const source = textOf(el);
    if (source.length > PAYLOAD_BOUNDS.scriptChars) continue;
    if (parsedChars + source.length > PAYLOAD_BOUNDS.totalChars) break;
    parsedChars += source.length;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      continue;
    }
    const stack: Array<[unknown, number]> = [[value, 0]];
    while (stack.length > 0 && nodes < PAYLOAD_BOUNDS.nodes) {
      const [current, depth] = stack.pop() as [unknown, number];
      nodes++;
      if (typeof current === "string") {
        const prose = proseOf(current);
        if (!prose) continue;
        const key = prose.slice(0, PAYLOAD_TEXT_KEY_CHARS);
        proseByKey.set(key, Math.max(proseByKey.get(key) ?? 0, prose.length));
        const length = prose.length;
        if (length > bestLength) {
          bestLength = length;
          best = current.trim().slice(0, MAX_STRUCTURED_BODY_CHARS);
        }
        continue;
      }
      if (current === null || typeof current !== "object" || depth >= PAYLOAD_BOUNDS.depth)
        continue;
      const children = Array.isArray(current) ? current : Object.values(current);
      // Never more pending than the visits left: a huge flat array is read in part.
      const room = Math.min(children.length, PAYLOAD_BOUNDS.nodes - nodes - stack.length);
      for (let i = room - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
    }
  }
  let allProse = 0;
  for (const length of proseByKey.values()) allProse += length;
  return bestLength >= allProse * MIN_PAYLOAD_BODY_SHARE ? best : null;
}

/**
 * Paragraph elements for a payload body: HTML as HTML; plain text (often Markdown, wrapped
 * at a fixed width) one paragraph per blank-line-separated block, or per line when it has
 * no blank lines.
 */
export function payloadBodyNodes($: CheerioAPI, body: string): Element[] {
  if (/<\/?(?:p|br|div|h[1-6]|ul|ol|li)\b/i.test(body) || !/\n\s*\n/.test(body)) {
    return structuredBodyNodes($, body);
  }
  return body
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, " ").trim())
    .filter((block) => block !== "")
    .slice(0, MAX_STRUCTURED_PARAGRAPHS)
    .map((block) => $("<p></p>").text(block)[0] as Element);
}
