import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";

const URL = "https://news.example.com/2026/11/30/hostile-title";
const OSC52 = "\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007";
const RLO = "\u202e";

function page(head: string): string {
  const paragraph =
    "The council met on Monday to discuss the budget for the coming year and the new tram line. ";
  return `<!doctype html><html lang="en"><head>${head}</head><body><article>
    <h1>Council budget</h1><p>${paragraph.repeat(4)}</p><p>${paragraph.repeat(3)}</p>
  </article></body></html>`;
}

/** Every text field a reader sees, joined, to check none carries a control or override. */
function readerText(article: ReturnType<typeof extractArticle>): string {
  return [
    article.title,
    article.description,
    article.siteName,
    article.section,
    ...article.authors,
    ...article.tags,
    article.image?.caption,
    article.image?.credit,
  ].join("|");
}

/** Code points of C0/C1 controls and bidi embeddings, overrides and isolates in `text`. */
function unsafeCodePoints(text: string): number[] {
  return [...text]
    .map((c) => c.codePointAt(0) ?? 0)
    .filter(
      (cp) =>
        cp < 0x20 ||
        (cp >= 0x7f && cp <= 0x9f) ||
        (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069),
    );
}

describe("extractArticle: hostile metadata text", () => {
  it("strips OSC 52 and bidi overrides from a title in <meta>", () => {
    // Prepare
    const html = page(
      `<title>x</title><meta property="og:title" content="Council budget ${OSC52}approved ${RLO}txet${"\u202c"}">`,
    );

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.title).toBe(
      "Council budget ]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==approved txet",
    );
    expect(article.provenance.title).toBe("opengraph");
  });

  it("strips controls and bidi characters from every JSON-LD text field", () => {
    // Prepare
    const ld = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: `Council budget${OSC52}`,
      description: `A vote\u001b[2J\u001b[H${RLO}after debate`,
      author: { "@type": "Person", name: `Jane\u0008\u0008\u0008\u2066Doe\u2069` },
      publisher: { "@type": "Organization", name: `Example\u009b31m News` },
      articleSection: `Politics\r`,
      keywords: `Transport\u001b[8m, \u202dBudget`,
      image: {
        "@type": "ImageObject",
        url: "https://cdn.example.com/tram.jpg",
        caption: `A tram\u0007 crosses${RLO}`,
        creditText: `\u001b]8;;https://evil.example\u0007Max Muster`,
      },
    };
    const html = page(
      `<title>Council budget</title><script type="application/ld+json">${JSON.stringify(ld)}</script>`,
    );

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(unsafeCodePoints(readerText(article))).toEqual([]);
    expect(article.title).toBe("Council budget]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==");
    expect(article.description).toBe("A vote[2J[Hafter debate");
    expect(article.authors).toEqual(["JaneDoe"]);
    expect(article.siteName).toBe("Example31m News");
    expect(article.section).toBe("Politics");
    expect(article.tags).toEqual(["Transport[8m", "Budget"]);
    expect(article.image).toMatchObject({
      caption: "A tram crosses",
      credit: "]8;;https://evil.exampleMax Muster",
    });
  });

  it("keeps right-to-left marks that Hebrew and Arabic titles use", () => {
    // Prepare
    const html = page(`<meta property="og:title" content="\u200fשלום עולם\u200e 2026">`);

    // Act
    const article = extractArticle(html, URL);

    // Assess
    expect(article.title).toBe("\u200fשלום עולם\u200e 2026");
  });
});
