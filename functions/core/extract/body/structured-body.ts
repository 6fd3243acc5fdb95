/**
 * The body from structured data, for pages whose text is not in the DOM (client-rendered
 * pages that still ship their article as JSON-LD `articleBody`). Used only when the DOM
 * yields no article; `provenance.body` then says `json-ld`.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { Element } from "domhandler";
import { readJsonLd, stringOf, valuesOf } from "../metadata/json-ld";

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
