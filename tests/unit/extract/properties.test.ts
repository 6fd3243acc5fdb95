import { load } from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";
import { sanitizeHtml } from "../../../functions/core/sanitize-html";
import { anyInput, htmlLike } from "./html-arbitrary";

const URL = "https://news.example.com/2026/11/story.html";
const FORBIDDEN_TAGS = new Set(["script", "style", "iframe", "object", "embed", "svg", "math"]);

/** Every element of an HTML fragment, parsed the way a consumer would parse it. */
function elementsOf(html: string): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...(load(html, null, false).root()[0]?.children ?? [])];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type === "tag" || node.type === "script" || node.type === "style") {
      out.push(node as Element);
      stack.push(...(node as Element).children);
    }
  }
  return out;
}

/** Problems a sanitized fragment must never have. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  for (const el of elementsOf(html)) {
    if (FORBIDDEN_TAGS.has(el.name)) problems.push(`<${el.name}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`${name}=`);
      if (/^\s*javascript:/i.test(value.replace(/[\t\n\r]/g, ""))) problems.push(`${name}=js`);
      if (/^(href|src|cite)$/.test(name) && !/^(https?|mailto):/.test(value)) {
        problems.push(`relative ${name}`);
      }
    }
  }
  return problems;
}

describe("extractor and sanitizer properties", () => {
  it("never throws on any string", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const article = extractArticle(input, URL);
        expect(typeof article.text).toBe("string");
      }),
      { numRuns: 300 },
    );
  });

  it("never emits script, style, iframes, event handlers, javascript: or relative URLs", () => {
    fc.assert(
      fc.property(htmlLike, (input) => {
        expect(unsafeParts(sanitizeHtml(input, URL))).toEqual([]);
        expect(unsafeParts(extractArticle(input, URL).html)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent: sanitizing sanitized HTML changes nothing", () => {
    fc.assert(
      fc.property(htmlLike, (input) => {
        const once = sanitizeHtml(input, URL);
        expect(sanitizeHtml(once, URL)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("is stable: extracting the same page twice gives the same record", () => {
    fc.assert(
      fc.property(htmlLike, (input) => {
        expect(extractArticle(input, URL)).toEqual(extractArticle(input, URL));
      }),
      { numRuns: 100 },
    );
  });

  it("never invents text: every word of the text occurs in the input's text", () => {
    fc.assert(
      fc.property(htmlLike, (input) => {
        const source = load(input).root().text();
        const words = extractArticle(input, URL).text.match(/[\p{L}\p{N}_]+/gu) ?? [];
        for (const word of words) expect(source).toContain(word);
      }),
      { numRuns: 300 },
    );
  });
});

// Each budget is the test's timeout: the runner fails a test that runs longer, also a
// synchronous one, so a bound written as an assertion after the work could never fail.
describe("hostile sizes", () => {
  const paragraph =
    "<p>The council met on Monday, and the vote was close, officials said after it.</p>";

  it("extracts a 5 MB page within a generous budget", { timeout: 60_000 }, () => {
    // Prepare: sections of 50 paragraphs, as long pages are built.
    const section = `<section>${paragraph.repeat(50)}</section>`;
    const page = `<html><body><article>${section.repeat(5_000_000 / section.length)}</article></body></html>`;
    // Act: a few seconds measured; the budget is far above that.
    const article = extractArticle(page, URL);
    // Assess
    expect(article.text.length).toBeGreaterThan(4_000_000);
    // Bounded memory: far below what a runaway copy per element would take.
    expect(process.memoryUsage.rss()).toBeLessThan(2 * 1024 ** 3);
  });

  it("sanitizes a flat 5 MB fragment within a generous budget", { timeout: 30_000 }, () => {
    const fragment = paragraph.repeat(5_000_000 / paragraph.length);
    const out = sanitizeHtml(fragment, URL);
    expect(out.length).toBeGreaterThan(4_000_000);
  });

  it("survives 100 000-deep nesting within a generous budget", { timeout: 10_000 }, () => {
    // Prepare
    const depth = 100_000;
    const page = `<html><body>${"<div><span>".repeat(depth)}text${"</span></div>".repeat(depth)}</body></html>`;
    // Act: about 0.3 s measured; the budget is far above that.
    const article = extractArticle(page, URL);
    // Assess
    expect(typeof article.html).toBe("string");
  });
});
