import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";
import { ARTICLE_SIGNALS, PAGE_SIGNALS } from "../../../functions/core/extract/page-kind";
import {
  blogPostWithCommentsPage,
  categoryGridPage,
  documentationPage,
  forumThreadPage,
  newsStoryPage,
  paragraphs,
  productPage,
  serviceFrontPage,
} from "../../support/page-kinds";

describe("page kind: pages that are not articles", () => {
  it("calls a page with Product markup, a price and an add-to-cart button a product", () => {
    const page = extractArticle(productPage(), "https://shop.example.com/products/trail-runner-2");
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBe("product");
    expect(page.pageSignals).toEqual(
      expect.arrayContaining(["product-markup", "og-type-product", "buy-button", "price-tag"]),
    );
    expect(page.provenance.pageType).toBe("json-ld");
    // The content is still extracted, for a user who reprocesses it as an article.
    expect(page.text).toContain("grippy sole");
  });

  it("calls a thread of repeated posts a forum", () => {
    const page = extractArticle(
      forumThreadPage(),
      "https://forum.example.com/t/which-router-for-a-small-office/4711",
    );
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBe("forum");
    expect(page.pageSignals).toContain("repeated-posts");
  });

  it("calls a grid of priced items under /collections/ a collection", () => {
    const page = extractArticle(
      categoryGridPage(),
      "https://shop.example.com/collections/hiking-shoes",
    );
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBe("collection");
    expect(page.pageSignals).toContain("priced-item-grid");
  });

  it("calls text with code blocks and a side navigation documentation", () => {
    const page = extractArticle(
      documentationPage(),
      "https://example-lib.dev/docs/guide/configuration",
    );
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBe("documentation");
    expect(page.pageSignals).toEqual(
      expect.arrayContaining(["much-code", "code-with-side-nav", "docs-path"]),
    );
  });

  it("calls a site's front page of short sections a service page", () => {
    const page = extractArticle(serviceFrontPage(), "https://ledger.example.com/");
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBe("service");
    expect(page.pageSignals).toEqual(expect.arrayContaining(["site-front-page"]));
  });

  it("calls a page of next to no text not an article, of no kind", () => {
    const page = extractArticle(
      "<html><head><title>Gallery</title></head><body><p>Photos</p></body></html>",
      "https://example.com/gallery/summer",
    );
    expect(page.isArticle).toBe(false);
    expect(page.pageType).toBeNull();
    expect(page.pageSignals[0]).toBe("too-few-words");
  });
});

describe("page kind: articles stay articles", () => {
  it("keeps a news story with NewsArticle markup, byline and date an article", () => {
    const page = extractArticle(
      newsStoryPage(),
      "https://gazette.example.com/local/harbour-bridge",
    );
    expect(page.isArticle).toBe(true);
    expect(page.pageType).toBe("article");
    expect(page.pageSignals).toEqual(expect.arrayContaining(["article-markup", "byline"]));
  });

  it("keeps a blog post followed by many readers' comments an article", () => {
    const page = extractArticle(
      blogPostWithCommentsPage(),
      "https://tom.example.net/rebuilding-the-garden-shed",
    );
    expect(page.isArticle).toBe(true);
    expect(page.pageType).toBe("article");
  });

  it("keeps a story with a price and a buy link in its text an article", () => {
    // Prepare: a review that names a price and links to a shop, on a dated path.
    const html = `<html><head><title>The best kettle we tested</title>
      <meta property="og:type" content="article"></head><body><article>
      <h1>The best kettle we tested</h1>${paragraphs(6)}
      <p>It costs <span class="price">$49.99</span>. <a href="https://shop.example.com/k" class="buy-now">Buy now</a></p>
      ${paragraphs(4, 3)}</article></body></html>`;

    // Act
    const page = extractArticle(html, "https://reviews.example.com/2026/03/best-kettle");

    // Assess
    expect(page.isArticle).toBe(true);
  });

  it("keeps a story without any markup, by the shape of its text, an article", () => {
    const html = `<html><head><title>A long walk</title></head><body>
      <div class="menu"><a href="/">Home</a> <a href="/about">About</a></div>
      <div class="content"><h1>A long walk</h1>${paragraphs(12)}</div></body></html>`;
    const page = extractArticle(html, "https://walker.example.org/a-long-walk");
    expect(page.isArticle).toBe(true);
  });
});

describe("page kind: bounds", () => {
  it("reads a page of 200 JSON-LD blocks, 5 000 repeated posts and a 1 MB broken JSON-LD block to a verdict", () => {
    // Prepare
    const ld = `<script type="application/ld+json">{"@type": "Product", "offers": {"@type": "Offer"}}</script>`;
    const broken = `<script type="application/ld+json">{"@type": ["${"x".repeat(1_000_000)}</script>`;
    const posts = '<div class="post"><p>short post text here</p></div>'.repeat(5_000);
    const html = `<html><head>${ld.repeat(200)}${broken}</head><body>${posts}</body></html>`;

    // Act
    const page = extractArticle(html, "https://example.com/t/thread/1");

    // Assess
    expect(page.isArticle).toBe(false);
    expect(["product", "forum", null]).toContain(page.pageType);
  });

  it("reads a deeply nested navigation of links to a verdict", () => {
    const nested = `${'<div class="nav"><a href="/x">x</a>'.repeat(1000)}${"</div>".repeat(1000)}`;
    const page = extractArticle(
      `<html><body>${nested}${paragraphs(8)}</body></html>`,
      "https://example.com/2026/03/story",
    );
    expect(typeof page.isArticle).toBe("boolean");
  });

  it("names every signal once", () => {
    const names = [...PAGE_SIGNALS, ...ARTICLE_SIGNALS].map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
