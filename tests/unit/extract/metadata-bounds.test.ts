/**
 * Every metadata field within its bound (functions/core/extract/metadata/bounds.ts), through
 * `extractArticle` on pages that push each field far past it.
 */
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";
import { cutText, METADATA_BOUNDS } from "../../../functions/core/extract/metadata/bounds";

const URL = "https://news.example.com/2026/11/30/hostile-metadata";
const PARAGRAPH =
  "The council met on Monday to discuss the budget for the coming year and the new tram line. ";

function page(head: string, body = ""): string {
  return `<!doctype html><html lang="en"><head>${head}</head><body><article>
    <h1>Council budget</h1><p>${PARAGRAPH.repeat(4)}</p><p>${PARAGRAPH.repeat(3)}</p>${body}
  </article></body></html>`;
}

/** True when `text` holds a high surrogate without its low half, or a low one without its high. */
function hasBrokenSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

describe("metadata bounds", () => {
  it("cuts a 500 KB description to its bound", () => {
    // Prepare
    const html = page(`<meta name="description" content="${"word ".repeat(100_000)}">`);

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.description?.length).toBeLessThanOrEqual(METADATA_BOUNDS.description);
    expect(article.description?.length).toBeGreaterThan(METADATA_BOUNDS.description - 10);
    expect(article.provenance.description).toBe("meta");
  });

  it("keeps the first tags of 30,000 article:tag metas", () => {
    // Prepare
    const metas = Array.from(
      { length: 30_000 },
      (_, i) => `<meta property="article:tag" content="topic ${i}">`,
    ).join("");

    // Act
    const article = extractArticle(page(metas), URL);

    // Assess
    expect(article.tags).toHaveLength(METADATA_BOUNDS.tagCount);
    expect(article.tags.slice(0, 2)).toEqual(["topic 0", "topic 1"]);
  });

  it("bounds authors, site name, section, title and the image caption and credit", () => {
    // Prepare
    const long = (n: number) => "Ab ".repeat(n);
    const graph = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: long(1000),
      articleSection: long(1000),
      author: Array.from({ length: 100 }, (_, i) => ({ "@type": "Person", name: `Writer ${i}` })),
      publisher: { "@type": "Organization", name: long(1000) },
      image: {
        "@type": "ImageObject",
        url: "https://news.example.com/a.jpg",
        caption: long(5000),
        creditText: long(5000),
      },
    };
    const html = page(`<script type="application/ld+json">${JSON.stringify(graph)}</script>`);

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.authors.length).toBeGreaterThan(0);
    expect(article.authors.length).toBeLessThanOrEqual(METADATA_BOUNDS.authorCount);
    expect(article.title?.length ?? 0).toBeLessThanOrEqual(METADATA_BOUNDS.title);
    expect(article.section?.length ?? 0).toBeLessThanOrEqual(METADATA_BOUNDS.section);
    expect(article.siteName?.length ?? 0).toBeLessThanOrEqual(METADATA_BOUNDS.siteName);
    expect(article.image?.url).toBe("https://news.example.com/a.jpg");
    expect(article.image?.caption?.length ?? 0).toBeLessThanOrEqual(METADATA_BOUNDS.caption);
    expect(article.image?.credit?.length ?? 0).toBeLessThanOrEqual(METADATA_BOUNDS.credit);
  });

  it("cuts one very long author name", () => {
    const article = extractArticle(
      page(`<meta name="author" content="Ana ${"Lima".repeat(500)}">`),
      URL,
    );
    for (const author of article.authors) {
      expect(author.length).toBeLessThanOrEqual(METADATA_BOUNDS.authorLength);
    }
  });

  it("drops an image URL, canonical URL and link targets longer than the URL bound", () => {
    // Prepare
    const huge = `https://news.example.com/${"a".repeat(METADATA_BOUNDS.url)}`;
    const html = page(
      `<meta property="og:image" content="${huge}.jpg"><link rel="canonical" href="${huge}">`,
      `<p>${PARAGRAPH}<a href="${huge}">too long</a> ${PARAGRAPH}<a href="/ok">fine</a></p>`,
    );

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.image).toBeNull();
    expect(article.provenance.image).toBeUndefined();
    expect(article.canonicalUrl).toBeNull();
    expect(article.links).toEqual([{ href: "https://news.example.com/ok", text: "fine" }]);
  });

  it("keeps the first links and cuts long link text", () => {
    // Prepare
    const links = Array.from({ length: 3000 }, (_, i) => `<a href="/l/${i}">link ${i}</a>`).join(
      " ",
    );
    const html = page("", `<p>${links}</p><p><a href="/long">${"x".repeat(5000)}</a></p>`);

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.links).toHaveLength(METADATA_BOUNDS.linkCount);
    for (const link of article.links) {
      expect(link.text.length).toBeLessThanOrEqual(METADATA_BOUNDS.linkText);
    }
  });

  it("never cuts inside a surrogate pair", () => {
    // Prepare: emoji (two UTF-16 units each) placed so the bound falls inside one.
    const description = `a${"😀".repeat(METADATA_BOUNDS.description)}`;

    // Act
    const article = extractArticle(page(`<meta name="description" content="${description}">`), URL);

    // Assess
    expect(article.description?.length).toBe(METADATA_BOUNDS.description - 1);
    expect(hasBrokenSurrogate(article.description ?? "")).toBe(false);
  });
});

describe("cutText", () => {
  it.each([
    ["short", 10, "short"],
    ["abcdef", 3, "abc"],
    ["ab😀", 3, "ab"],
    ["ab😀", 4, "ab😀"],
    ["ab cd", 3, "ab"],
  ])("%j cut to %i is %j", (value, max, expected) => {
    expect(cutText(value, max)).toBe(expected);
  });
});
