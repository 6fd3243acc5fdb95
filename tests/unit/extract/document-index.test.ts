import { type CheerioAPI, load } from "cheerio/slim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDocumentIndex,
  documentIndexOf,
  indexedDocument,
  perDocument,
} from "../../../functions/core/extract/document-index";
import { readJsonLd } from "../../../functions/core/extract/metadata/json-ld";
import { htmlLike } from "./html-arbitrary";

const PAGE = `<!doctype html><html lang="en"><head>
<title>Night buses | Example Times</title>
<meta property="og:title" content="Night buses">
<link rel="canonical" href="https://example.org/a"><link REL="AMPHTML" href="/a/amp">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Night buses"}</script>
</head><body>
<nav class="Main-Nav"><a href="/tag/transport">Transport</a></nav>
<main role="main"><article class="story">
<h1>Night buses <span class="kicker">Update</span></h1>
<p class="byline">By <a rel="author" href="/author/jane-doe"><span class="author-name">Jane Doe</span></a></p>
<time datetime="2026-11-27T08:00:00Z" class="publish-date">27 Nov</time>
<span class="date updated">28 Nov</span>
<div itemprop="articleBody author" itemscope itemtype="https://schema.org/Person"><p>Text <em>here</em>.</p></div>
<figure><picture><source srcset="a.webp"><img src="a.jpg"></picture><figcaption>Bus. Foto: Max</figcaption></figure>
<ul class="tags"><li><a href="/tags/buses" rel="tag noopener">Buses</a></li></ul>
</article></main>
<footer id="site-footer"><div class="tag-list"><a href="/x">X</a></div></footer>
</body></html>`;

/** Selectors of the forms the metadata rules use, and forms the index must hand back to cheerio. */
const SELECTORS = [
  "article",
  "main, [role=main]",
  "h1",
  "head title",
  "title",
  "html",
  "meta",
  "link[rel][href]",
  'script[type="application/ld+json" i], script[type="application/json+ld" i]',
  '[rel="author"]',
  '[class*="byline" i] [class*="name" i]',
  '[class*="byline" i]',
  '[class*="author-name" i], [class*="authorname" i], [class*="author__name" i]',
  '[class*="author" i]:not([class*="authorize" i])',
  'a[href*="/author/" i], a[href*="/autor/" i]',
  "article time[datetime], main time[datetime], header time[datetime]",
  '[class*="publish" i][class*="date" i], [class*="pubdate" i]',
  '[class*="date" i]:not([class*="update" i])',
  'a[rel~="tag"]',
  '[class*="tags" i] a, [class*="tag-list" i] a',
  '[itemprop~="author"], [itemprop~="creator"]',
  '[itemprop~="articleBody"]',
  "figure img, figure picture source",
  "p, span, div, li, address, strong, em, small",
  "a[href]",
  // Forms the rules do not use today: child, sibling and chained combinators, case,
  // classes, ids, pseudo-classes, the universal selector.
  "main > article > h1",
  "h1 + p",
  "h1 ~ span",
  "body   article\n p em",
  "DIV",
  "[CLASS*=NAV i]",
  ".story",
  "#site-footer div",
  "*",
  "article *",
  "p:has(a)",
  "li:nth-child(1) a",
  ":not(p)",
  "[data-x!=y]",
  "[lang|=en]",
  "a[rel=AUTHOR i]",
  "[itemprop~='articleBody'] em",
  "[class$=date]",
  "[class^=Main]",
  "link[rel=amphtml]",
];

/** The nodes `$` finds for `selector` through cheerio's own search. */
function direct($: CheerioAPI, selector: string) {
  return $.root().find(selector).toArray();
}

describe("document index", () => {
  it("answers every selector with the elements cheerio finds, in the same order", () => {
    const $ = load(PAGE);
    const indexed = indexedDocument($);
    const answered = SELECTORS.filter((s) => documentIndexOf(indexed)?.select(s) !== null);
    for (const selector of SELECTORS) {
      expect(indexed(selector).toArray(), selector).toEqual(direct($, selector));
    }
    // The index itself answers the rules' forms (only `|=` and positionals go to cheerio).
    expect(answered.length).toBe(SELECTORS.length - 1);
    expect(indexed('[class*="byline" i] [class*="name" i]').text()).toBe("Jane Doe");
    expect(indexed('[class*="date" i]:not([class*="update" i])').length).toBe(1);
  });

  it("leaves positional filters, contexts and HTML to cheerio", () => {
    const $ = load(PAGE);
    const indexed = indexedDocument($);
    const index = documentIndexOf(indexed);
    expect(index?.select("p:first")).toBeNull();
    expect(index?.select("li:eq(0) a")).toBeNull();
    expect(index?.select("<p>x</p>")).toBeNull();
    expect(indexed("p:first").text()).toBe($("p:first").text());
    expect(indexed("a", "footer").toArray()).toEqual($("a", "footer").toArray());
    expect(indexed("<p>made</p>").text()).toBe("made");
    expect(indexed(indexed("h1")[0] as never).text()).toContain("Night buses");
  });

  it("throws on a selector cheerio rejects, as cheerio does", () => {
    const indexed = indexedDocument(load(PAGE));
    expect(() => indexed("[class*=")).toThrow();
    const $ = load(PAGE);
    expect(() => $.root().find("[class*=")).toThrow();
    expect(indexedDocument($)("a >").toArray()).toEqual(direct($, "a >"));
  });

  it("computes a per-document value once, and every time without an index", () => {
    const $ = load(PAGE);
    const indexed = indexedDocument($);
    let runs = 0;
    const count = () => ++runs;
    expect(perDocument(indexed, "k", count)).toBe(1);
    expect(perDocument(indexed, "k", count)).toBe(1);
    expect(perDocument($, "k", count)).toBe(2);
    // The structured data is parsed once per indexed document and shared.
    const url = "https://example.org/a";
    expect(readJsonLd(indexed, url)).toBe(readJsonLd(indexed, url));
    expect(readJsonLd(indexed, url).article?.headline).toBe("Night buses");
    expect(readJsonLd($, url)).not.toBe(readJsonLd($, url));
  });

  it("lists every element in document order, a page without elements included", () => {
    expect(buildDocumentIndex(load("")).elements).toEqual([]);
    expect(
      buildDocumentIndex(load("<p>a<b>b</b></p><i>c</i>")).elements.map((e) => e.name),
    ).toEqual(["p", "b", "i"]);
    const $ = load(PAGE);
    expect(buildDocumentIndex($).elements).toEqual(direct($, "*"));
  });

  it("agrees with cheerio on hostile, unbalanced markup", () => {
    fc.assert(
      fc.property(htmlLike, fc.constantFrom(...SELECTORS), (html, selector) => {
        const $ = load(html);
        expect(indexedDocument($)(selector).toArray()).toEqual(direct($, selector));
      }),
      { numRuns: 300 },
    );
  });
});
