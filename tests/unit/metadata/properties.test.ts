import { load } from "cheerio/slim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractMetadata, finalizeLanguage } from "../../../functions/core/extract/metadata/index";
import { PROTOTYPE_NAMES } from "../extract/html-arbitrary";

/** Fragments of the markup the metadata reader looks at, filled with arbitrary text. */
function fragment(): fc.Arbitrary<string> {
  // Any text, or a name (or entity) that a lookup in a plain object would find on its prototype.
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.constantFrom(...PROTOTYPE_NAMES).map((name) => `&${name}; ${name} 5, 2024`),
  );
  const attr = text.map((t) => t.replace(/"/g, "&quot;"));
  return fc.oneof(
    attr.map((t) => `<meta property="og:title" content="${t}">`),
    attr.map((t) => `<meta name="author" content="${t}">`),
    attr.map((t) => `<meta property="article:published_time" content="${t}">`),
    attr.map((t) => `<meta name="keywords" content="${t}">`),
    attr.map((t) => `<meta property="article:author" content="https://example.org/author/${t}">`),
    attr.map((t) => `<html lang="${t}">`),
    text.map((t) => `<script type="application/ld+json">${t}</script>`),
    fc
      .record({ headline: text, author: text, datePublished: text, keywords: text })
      .map(
        (v) =>
          `<script type="application/ld+json">${JSON.stringify({ "@type": "NewsArticle", ...v })}</script>`,
      ),
    text.map((t) => `<h1>${t}</h1>`),
    text.map((t) => `<p class="byline">${t}</p>`),
    text.map((t) => `<time datetime="${t.replace(/"/g, "")}">${t}</time>`),
    text.map(
      (t) => `<figure><img src="${t.replace(/"/g, "")}"><figcaption>${t}</figcaption></figure>`,
    ),
    text,
  );
}

describe("extractMetadata properties", () => {
  it("never throws and returns well-formed fields for any mix of metadata markup", () => {
    fc.assert(
      fc.property(
        fc.array(fragment(), { maxLength: 12 }),
        fc.string({ maxLength: 200 }),
        (parts, body) => {
          // Act
          const meta = finalizeLanguage(
            extractMetadata(load(parts.join("")), "https://example.org/a/b"),
            body,
          );
          // Assess
          expect(Array.isArray(meta.authors)).toBe(true);
          expect(Array.isArray(meta.tags)).toBe(true);
          if (meta.publishedAt)
            expect(meta.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          if (meta.language) expect(meta.language).toMatch(/^[a-z]{2}$/);
          for (const name of meta.authors) expect(name.trim()).toBe(name);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pinned counterexample (seed 6): <html lang="__proto__"> is no language', () => {
    // Act: this threw "tag.trim is not a function" (a prototype looked up as a language).
    const meta = finalizeLanguage(
      extractMetadata(load('<html lang="__proto__">'), "https://example.org/a/b"),
      "",
    );
    // Assess
    expect(meta.language).toBeNull();
  });

  it("is stable: the same document gives the same metadata", () => {
    fc.assert(
      fc.property(fc.array(fragment(), { maxLength: 10 }), (parts) => {
        // Prepare
        const html = parts.join("");
        // Act
        const first = extractMetadata(load(html), "https://example.org/a");
        const second = extractMetadata(load(html), "https://example.org/a");
        // Assess
        expect(second).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
