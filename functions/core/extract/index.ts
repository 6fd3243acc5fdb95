/**
 * `extractArticle(html, url)`: the article of a page as one record. Pure (no network, clock
 * or environment). Parses once with cheerio on htmlparser2 (./parse-html.ts), reads the
 * metadata from the untouched document, then finds, cleans and renders the body (text,
 * Markdown, sanitized HTML, in-body links).
 */
import type { Document, Element } from "domhandler";
import { sanitizeNodes } from "../sanitize-html";
import { isElement, normalizedLengthOf } from "./body/dom";
import { extractBody } from "./body/extract-body";
import { limitNesting } from "./body/limit-nesting";
import { renderMarkdown } from "./body/render-markdown";
import { renderText } from "./body/render-text";
import {
  jsonScriptsOf,
  payloadBodyNodes,
  payloadBodyOf,
  structuredBodyNodes,
  structuredBodyOf,
} from "./body/structured-body";
import { indexedDocument } from "./document-index";
import { isUserHandle } from "./metadata/authors";
import { boundedUrl, cutText, METADATA_BOUNDS } from "./metadata/bounds";
import { extractMetadata, finalizeLanguage } from "./metadata/index";
import { classifyPage, readPageFacts } from "./page-kind";
import { loadFragment, loadHtml } from "./parse-html";
import type { ExtractedArticle, ExtractedLink } from "./types";

/** A body shorter than this (characters) is suspicious enough for a second, lenient pass. */
const MIN_BODY_CHARS = 200;
/**
 * Cleaning that keeps less than this share of the chosen container emptied it by names or
 * shapes (page-builder widgets called "widget"): the lenient pass is tried too.
 */
const MIN_KEPT_SHARE = 0.2;
/** Body text handed to language detection: trigram statistics settle well before this. */
const LANGUAGE_SAMPLE_CHARS = 1500;
/** Words as the evaluation counts them: runs of letters, digits and `_`. */
const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * Links inside the body, in order, with their text: the first `METADATA_BOUNDS.linkCount`
 * whose target is at most `METADATA_BOUNDS.url` long, their text cut to `linkText`.
 */
function linksOf(nodes: readonly Element[]): ExtractedLink[] {
  const links: ExtractedLink[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0 && links.length < METADATA_BOUNDS.linkCount) {
    const el = stack.pop() as Element;
    const href = el.name === "a" ? boundedUrl(el.attribs.href || null) : null;
    if (href) {
      const text = renderText([el]).replace(/\s+/g, " ").trim();
      links.push({ href, text: cutText(text, METADATA_BOUNDS.linkText) });
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const child = el.children[i];
      if (isElement(child)) stack.push(child);
    }
  }
  return links;
}

/** The article in `html`, fetched from `url` (used to resolve relative links). */
export function extractArticle(html: string, url: string): ExtractedArticle {
  const $ = loadHtml(limitNesting(html));
  // The untouched document, indexed once: the metadata rules' selector queries, and the
  // structured data parsed once for both the metadata and the structured-body fallback.
  const untouched = indexedDocument($);
  const metadata = extractMetadata(untouched, url);
  // Read before the body is found: finding it prunes the document.
  const facts = readPageFacts($.root()[0] as Document, url);
  // Framework payloads, read only when the DOM holds no article (finding it drops scripts).
  const payloadScripts = jsonScriptsOf(untouched);
  // What the metadata says of the page's kind, for every verdict below. A personal site's
  // owner credited from its name, or a user name alone (forum posts and reviews carry them
  // too), says nothing about it.
  const metadataClues = {
    hasDate: metadata.publishedAt !== null,
    hasAuthors:
      metadata.provenance.authors !== "site-name" &&
      metadata.authors.some((name) => !isUserHandle(name)),
  };
  const makeWrapper = () => $("<div></div>")[0] as Element;
  const story = metadataClues.hasDate && metadataClues.hasAuthors;
  const first = extractBody(
    $.root()[0] as Document,
    metadata.title,
    makeWrapper,
    metadata.description,
    false,
    story,
  );
  let wrapper = first.wrapper;
  // The lenient pass differs only where furniture rules or names acted: when none did it
  // would find the same body again, at the cost of a second parse.
  const kept = normalizedLengthOf(wrapper);
  // Text length of `wrapper`, kept with it (measuring walks the whole body).
  let wrapperLength = kept;
  if (first.namesMattered && (kept < MIN_BODY_CHARS || kept < first.chosenChars * MIN_KEPT_SHARE)) {
    // Names misled the first pass (or the page is tiny): parse again and trust structure only.
    const again = loadHtml(limitNesting(html));
    const lenient = extractBody(
      again.root()[0] as Document,
      metadata.title,
      makeWrapper,
      metadata.description,
      true,
      story,
    ).wrapper;
    const lenientLength = normalizedLengthOf(lenient);
    if (lenientLength > wrapperLength) {
      wrapper = lenient;
      wrapperLength = lenientLength;
    }
  }
  // No article in the DOM (a client-rendered page): the structured data may carry it.
  let provenance = metadata.provenance;
  if (wrapperLength < MIN_BODY_CHARS) {
    // The JSON-LD the metadata read from the untouched document (parsed once, kept by the index).
    const structured = structuredBodyOf(untouched, url);
    if (structured && structured.length > wrapperLength) {
      wrapper = makeWrapper();
      for (const node of structuredBodyNodes($, structured)) $(wrapper).append(node);
      provenance = { ...provenance, body: "json-ld" };
      wrapperLength = structured.length;
    }
  }
  if (wrapperLength < MIN_BODY_CHARS) {
    // A client-rendered page whose text is only in its framework's state (`__NEXT_DATA__`).
    // Only for a page that is an article by its markup and address: a shop's or a
    // listing's state holds long descriptions that are not the page's main text.
    const payload = payloadBodyOf(payloadScripts);
    const payloadWords = payload?.match(WORD)?.length ?? 0;
    const payloadKind = classifyPage(facts, { wordCount: payloadWords, ...metadataClues });
    if (payload && payload.length > wrapperLength && payloadKind.isArticle) {
      wrapper = makeWrapper();
      for (const node of payloadBodyNodes($, payload)) $(wrapper).append(node);
      provenance = { ...provenance, body: "json-payload" };
    }
  }
  // Sanitized once and parsed once: text and Markdown are rendered from that same tree.
  const sanitized = sanitizeNodes(wrapper.children, url).trim();
  const body = loadFragment(sanitized).root()[0];
  const nodes = (body?.children ?? []).filter(isElement);
  const text = renderText(body?.children ?? []);
  const wordCount = text.match(WORD)?.length ?? 0;
  const kind = classifyPage(facts, { wordCount, ...metadataClues });
  const finalized = finalizeLanguage(
    { ...metadata, provenance },
    text.slice(0, LANGUAGE_SAMPLE_CHARS),
  );
  return {
    ...finalized,
    isArticle: kind.isArticle,
    pageType: kind.pageType,
    pageSignals: kind.signals,
    provenance: { ...finalized.provenance, pageType: kind.source },
    links: linksOf(nodes),
    text,
    markdown: renderMarkdown(body?.children ?? []),
    html: sanitized,
    wordCount,
  };
}
