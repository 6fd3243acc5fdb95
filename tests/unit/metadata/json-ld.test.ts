import { load } from "cheerio/slim";
import { describe, expect, it } from "vitest";
import { parseLooseJson, readJsonLd } from "../../../functions/core/extract/metadata/json-ld";

function page(...blocks: string[]): string {
  const scripts = blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join("");
  return `<html><head>${scripts}</head><body></body></html>`;
}

describe("parseLooseJson", () => {
  const cases: Array<[string, string, unknown]> = [
    ["valid JSON", '{"a": 1}', { a: 1 }],
    ["trailing commas", '{"a": [1, 2,], }', { a: [1, 2] }],
    ["raw newlines inside strings", '{"a": "line one\nline two"}', { a: "line one line two" }],
    ["HTML comment wrapper", '<!-- {"a": 1} -->', { a: 1 }],
    ["CDATA wrapper", '//<![CDATA[\n{"a": 1}\n//]]>', { a: 1 }],
    ["objects back to back", '{"a": 1}{"b": 2}', [{ a: 1 }, { b: 2 }]],
    ["trailing semicolon", '{"a": 1};', { a: 1 }],
  ];
  it.each(cases)("accepts %s", (_name, raw, expected) => {
    expect(parseLooseJson(raw)).toEqual(expected);
  });

  it("returns undefined for text that is not JSON", () => {
    expect(parseLooseJson("window.dataLayer = [];")).toBeUndefined();
  });
});

describe("readJsonLd", () => {
  const url = "https://news.example.com/2024/05/22/story";

  it("finds the article inside @graph and resolves @id references", () => {
    // Prepare
    const html = page(
      JSON.stringify({
        "@context": "https://schema.org",
        "@graph": [
          { "@type": "WebSite", "@id": "#site", name: "Example News" },
          { "@type": "Person", "@id": "#jane", name: "Jane Doe" },
          { "@type": "NewsArticle", headline: "A headline", author: { "@id": "#jane" } },
        ],
      }),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("A headline");
    expect(doc.byId.get("#jane")?.name).toBe("Jane Doe");
  });

  it("reads top-level arrays and type arrays", () => {
    // Prepare
    const html = page(
      JSON.stringify([
        { "@type": "BreadcrumbList", itemListElement: [] },
        { "@type": ["ReportageNewsArticle", "Article"], headline: "Typed twice" },
      ]),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("Typed twice");
  });

  it("prefers the article whose url is the page over teasers of other articles", () => {
    // Prepare
    const html = page(
      JSON.stringify({
        "@type": "NewsArticle",
        headline: "Teaser",
        url: "https://news.example.com/other",
      }),
      JSON.stringify({ "@type": "NewsArticle", headline: "This page", url: `${url}/` }),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("This page");
  });

  it("prefers the page's own article over teasers listed in an ItemList", () => {
    // Prepare
    const teaser = {
      "@type": "NewsArticle",
      headline: "Teaser",
      image: "a.jpg",
      datePublished: "2024-05-01",
      author: "X",
      keywords: "k",
    };
    const html = page(
      JSON.stringify({
        "@type": "ItemList",
        itemListElement: [{ "@type": "ListItem", item: teaser }],
      }),
      JSON.stringify({ "@type": "NewsArticle", headline: "This page", author: "Jane Doe" }),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("This page");
  });

  it("never picks a live-blog update over the live blog that contains it", () => {
    // Prepare
    const html = page(
      JSON.stringify({
        "@type": "LiveBlogPosting",
        headline: "Live: the main story",
        liveBlogUpdate: [
          {
            "@type": "BlogPosting",
            headline: "Latest entry",
            datePublished: "2024-05-22T12:00:00Z",
          },
        ],
      }),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("Live: the main story");
  });

  it("skips a broken block and still reads the others", () => {
    // Prepare
    const html = page(
      "{ this is not json",
      JSON.stringify({ "@type": "Article", headline: "Still found" }),
    );
    // Act
    const doc = readJsonLd(load(html), url);
    // Assess
    expect(doc.article?.headline).toBe("Still found");
  });
});
