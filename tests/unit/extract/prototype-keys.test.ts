/**
 * Hostile-web regressions: page strings that name Object.prototype members (`constructor`,
 * `__proto__`, `toString`, ...) are plain strings to the extractor, never table entries.
 */
import { describe, expect, it } from "vitest";
import { decodeBody } from "../../../functions/core/charset";
import { extractArticle } from "../../../functions/core/extract/index";
import { PROTOTYPE_NAMES } from "./html-arbitrary";

const URL = "https://news.example.com/2026/11/story.html";
const BODY =
  "<p>The council met on Monday, and the vote was close, officials said after it.</p>".repeat(5);

function page(head: string, htmlAttributes = ""): string {
  return `<html${htmlAttributes}><head>${head}</head><body><article>${BODY}</article></body></html>`;
}

describe("prototype-named strings in a page", () => {
  it.each(PROTOTYPE_NAMES)('<html lang="%s"> is no language: the text decides', (name) => {
    // Act
    const article = extractArticle(page("<title>Council vote</title>", ` lang="${name}"`), URL);
    // Assess
    expect(article.language).toBe("en");
    expect(article.title).toBe("Council vote");
  });

  it("keeps unknown entities such as &constructor; in the title as written", () => {
    // Prepare
    const title = "Vote &constructor; &toString; &hasOwnProperty; &valueOf; &__proto__; done";
    // Act
    const fromTitle = extractArticle(page(`<title>${title}</title>`), URL);
    const fromMeta = extractArticle(
      page(`<meta property="og:title" content="Vote &amp;constructor; done">`),
      URL,
    );
    // Assess
    expect(fromTitle.title).toBe(title);
    expect(fromMeta.title).toBe("Vote &constructor; done");
  });

  it('reads a page declaring <meta charset="__proto__"> as the UTF-8 it is', () => {
    // Prepare
    const html = page('<meta charset="__proto__"><title>Café vote</title>');
    // Act
    const decoded = decodeBody(Buffer.from(html, "utf8"), { contentTypeCharset: null, url: URL });
    const article = extractArticle(decoded.text, URL);
    // Assess
    expect(decoded.charset).toBe("UTF-8");
    expect(article.title).toBe("Café vote");
  });

  it("ignores JSON-LD types and keys named like prototype members", () => {
    // Prepare: JSON.parse keeps "__proto__" as an own key; it must not become a prototype.
    const jsonLd = [
      '{"@type":"constructor","headline":"Wrong","author":{"__proto__":{"name":"Injected"}}}',
      '{"@type":"NewsArticle","headline":"Council vote","inLanguage":"constructor",',
      '"author":[{"__proto__":{"name":"Injected"}},{"@type":"__proto__","name":"Ann Lee"}],',
      '"datePublished":"2024-05-05T10:00:00Z","keywords":"constructor, toString"}',
    ];
    const html = page(
      `<script type="application/ld+json">${jsonLd[0]}</script>` +
        `<script type="application/ld+json">${jsonLd.slice(1).join("")}</script>`,
    );
    // Act
    const article = extractArticle(html, URL);
    // Assess
    expect(article.title).toBe("Council vote");
    expect(article.authors).toEqual(["Ann Lee"]);
    expect(article.language).toBe("en");
    expect(article.publishedAt).toBe("2024-05-05T10:00:00.000Z");
    expect(article.tags).toEqual(["constructor", "toString"]);
  });

  it('reads the month of "constructor, May 5, 2024", not the word before it', () => {
    // Act
    const article = extractArticle(
      page('<meta property="article:published_time" content="constructor, May 5, 2024">'),
      URL,
    );
    // Assess
    expect(article.publishedAt).toBe("2024-05-05T00:00:00.000Z");
  });
});
