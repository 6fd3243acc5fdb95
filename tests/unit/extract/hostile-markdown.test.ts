import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";

const URL = "https://news.example.com/2026/11/30/markdown";
const PROSE =
  "The council met on Monday to discuss the budget for the coming year and the new tram line. ";

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><title>Budget</title></head><body><article>
    <h1>Budget</h1><p>${PROSE.repeat(4)}</p>${body}<p>${PROSE.repeat(3)}</p>
  </article></body></html>`;
}

describe("extractArticle: Markdown of hostile text", () => {
  it("keeps image and link syntax written as page text as text", () => {
    // Prepare
    const html = page(
      "<p>See ![x](http://evil.example/pixel.png) and [click](javascript:alert(1)) here!</p>" +
        "<p>[ref]: http://evil.example/track</p>",
    );

    // Act
    const { markdown, links } = extractArticle(html, URL);

    // Assess
    expect(markdown).toContain(
      "See \\!\\[x\\]\\(http://evil.example/pixel.png\\) and \\[click\\]\\(javascript:alert\\(1\\)\\) here\\!",
    );
    expect(markdown).toContain("\\[ref\\]: http://evil.example/track");
    expect(markdown).not.toMatch(/(^|[^\\])!\[x/);
    expect(links).toEqual([]);
  });

  it("still renders the links and images the sanitizer kept", () => {
    // Prepare
    const html = page(
      `<p>Read <a href="/report(2026).html">the report (PDF)</a> first. ${PROSE}</p>` +
        '<figure><img src="/img/tram.jpg" alt="A tram [new]"><figcaption>Tram</figcaption></figure>' +
        '<p>Not kept: <a href="javascript:alert(1)">this one</a>.</p>',
    );

    // Act
    const { markdown } = extractArticle(html, URL);

    // Assess
    expect(markdown).toContain(
      "Read [the report \\(PDF\\)](https://news.example.com/report%282026%29.html) first. The council",
    );
    expect(markdown).toContain("![A tram \\[new\\]](https://news.example.com/img/tram.jpg)");
    expect(markdown).toContain("Not kept: this one.");
  });

  it("drops control characters and bidi overrides from the body text and Markdown", () => {
    // Prepare
    const html = page("<p>Rates rose\u001b]52;c;aGk=\u0007 by &#x1b;[2J two \u202epoints.</p>");

    // Act
    const { text, markdown } = extractArticle(html, URL);

    // Assess
    expect(text).toContain("Rates rose]52;c;aGk= by [2J two points.");
    expect(markdown).toContain("Rates rose\\]52;c;aGk= by \\[2J two points.");
    for (const char of ["\u001b", "\u0007", "\u202e"]) {
      expect(`${text}${markdown}`).not.toContain(char);
    }
  });
});
