import { load } from "cheerio/slim";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";
import { extractMetadata, finalizeLanguage } from "../../../functions/core/extract/metadata/index";
import { repairDoubleEncoding } from "../../../functions/core/extract/metadata/title";

const URL = "https://news.example.com/politics/2024/05/22/council-budget";

function run(html: string, url = URL) {
  return extractMetadata(load(html), url);
}

function ld(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
}

const FULL_JSON_LD = ld({
  "@context": "https://schema.org",
  "@graph": [
    { "@type": "Organization", "@id": "#org", name: "Example News" },
    {
      "@type": "NewsArticle",
      headline: "Council approves transport budget",
      description: "The vote came after a long debate.",
      datePublished: "2024-05-22T10:15:00+02:00",
      dateModified: "2024-05-22T12:00:00+02:00",
      inLanguage: "en-GB",
      author: [
        { "@type": "Person", name: "Jane Doe" },
        { "@type": "Person", name: "John Roe" },
        { "@id": "#org" },
      ],
      publisher: { "@id": "#org" },
      keywords: "Transport, Budget, City council",
      articleSection: "Politics",
      isAccessibleForFree: "False",
      image: {
        "@type": "ImageObject",
        url: "https://cdn.example.com/img/tram.jpg",
        caption: "A tram crosses the bridge",
        creditText: "Max Muster",
      },
    },
  ],
});

describe("extractMetadata from JSON-LD", () => {
  it("reads every field and records json-ld as the source", () => {
    // Prepare
    const html = `<html lang="en"><head>${FULL_JSON_LD}
      <meta property="og:title" content="Council approves transport budget | Example News">
      <link rel="canonical" href="/politics/council-budget">
      <link rel="amphtml" href="https://news.example.com/amp/council-budget">
      </head><body><h1>Council approves transport budget</h1></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta).toMatchObject({
      title: "Council approves transport budget",
      description: "The vote came after a long debate.",
      authors: ["Jane Doe", "John Roe"],
      publishedAt: "2024-05-22T08:15:00.000Z",
      publishedAtLocal: "2024-05-22T10:15:00+02:00",
      modifiedAt: "2024-05-22T10:00:00.000Z",
      language: "en",
      section: "Politics",
      tags: ["Transport", "Budget", "City council"],
      isAccessibleForFree: false,
      siteName: "Example News",
      canonicalUrl: "https://news.example.com/politics/council-budget",
      ampUrl: "https://news.example.com/amp/council-budget",
      image: {
        url: "https://cdn.example.com/img/tram.jpg",
        caption: "A tram crosses the bridge",
        credit: "Max Muster",
      },
    });
    expect(meta.provenance).toMatchObject({
      // og:title (site name stripped) leads the title sources; the rest come from JSON-LD.
      title: "opengraph",
      authors: "json-ld",
      publishedAt: "json-ld",
      language: "json-ld",
      tags: "json-ld",
      canonicalUrl: "link",
    });
  });
});

describe("extractMetadata from OpenGraph and meta tags", () => {
  it("reads og:*, article:* and <meta name> when there is no JSON-LD", () => {
    // Prepare
    const html = `<html><head>
      <title>Council approves budget - Example News</title>
      <meta property="og:site_name" content="Example News">
      <meta property="og:title" content="Council approves budget - Example News">
      <meta property="og:description" content="After a long debate.">
      <meta property="og:image" content="/img/tram.jpg">
      <meta property="og:locale" content="de_DE">
      <meta property="article:published_time" content="2024-05-22T10:15:00+02:00">
      <meta property="article:modified_time" content="2024-05-23T09:00:00+02:00">
      <meta property="article:tag" content="Verkehr">
      <meta property="article:tag" content="Haushalt">
      <meta property="article:section" content="Politik">
      <meta name="author" content="Von Max Muster und Erika Musterfrau">
      </head><body></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta).toMatchObject({
      title: "Council approves budget",
      authors: ["Max Muster", "Erika Musterfrau"],
      publishedAt: "2024-05-22T08:15:00.000Z",
      modifiedAt: "2024-05-23T07:00:00.000Z",
      language: "de",
      section: "Politik",
      tags: ["Verkehr", "Haushalt"],
      image: { url: "https://news.example.com/img/tram.jpg" },
    });
    expect(meta.provenance).toMatchObject({
      title: "opengraph",
      authors: "meta",
      publishedAt: "opengraph",
      tags: "opengraph",
      image: "opengraph",
    });
  });

  it("reads Dublin Core and news_keywords", () => {
    // Prepare
    const html = `<html><head>
      <meta name="DC.title" content="A Dublin Core title">
      <meta name="DC.creator" content="Jane Doe">
      <meta name="DCTERMS.issued" content="2024-05-22">
      <meta name="news_keywords" content="alpha, beta">
      <meta name="keywords" content="gamma">
      </head><body></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta).toMatchObject({
      title: "A Dublin Core title",
      authors: ["Jane Doe"],
      publishedAtLocal: "2024-05-22",
      tags: ["alpha", "beta"],
    });
    expect(meta.provenance).toMatchObject({ title: "dublin-core", authors: "dublin-core" });
  });

  it("upgrades a bare date to the same day's full timestamp from another source", () => {
    // Prepare
    const html = `<html><head>
      ${ld({ "@type": "Article", headline: "x", datePublished: "2024-05-22" })}
      <meta property="article:published_time" content="2024-05-22T23:30:00-04:00">
      </head><body></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta.publishedAt).toBe("2024-05-23T03:30:00.000Z");
    expect(meta.publishedAtLocal).toBe("2024-05-22T23:30:00-04:00");
    expect(meta.provenance.publishedAt).toBe("opengraph");
  });
});

describe("extractMetadata from microdata and the visible page", () => {
  it("reads itemprop values and ignores the author of a photo", () => {
    // Prepare
    const html = `<html><body>
      <article itemscope itemtype="https://schema.org/NewsArticle">
        <h1 itemprop="headline">Microdata headline</h1>
        <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Doe</span></span>
        <time itemprop="datePublished" datetime="2024-05-22T10:15:00Z">22 May</time>
        <figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject">
          <span itemprop="author">Photo Agency</span>
        </figure>
      </article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.title).toBe("Microdata headline");
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.publishedAt).toBe("2024-05-22T10:15:00.000Z");
    expect(meta.provenance).toMatchObject({ authors: "microdata", publishedAt: "microdata" });
  });

  it.each([
    ['<p class="byline">By Jane Doe and John Roe</p>', ["Jane Doe", "John Roe"]],
    ['<div class="article-author">Von <a href="/autor/max">Max Muster</a></div>', ["Max Muster"]],
    ['<p>Text: <a href="/autoren/erika-musterfrau">Erika Musterfrau</a></p>', ["Erika Musterfrau"]],
    ["<p>By Jane Doe</p><p>The council met on Tuesday.</p>", ["Jane Doe"]],
  ])("reads the visible byline %s", (byline, authors) => {
    // Prepare
    const html = `<html><body><article><h1>Headline of the story</h1>${byline}</article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.authors).toEqual(authors);
    expect(meta.provenance.authors).toBe("byline");
  });

  it("reads a publication time without offset in the zone the page states elsewhere", () => {
    // Prepare
    const html = `<html><head>
      ${ld({ "@type": "Article", headline: "x", datePublished: "2024-05-22T10:15:00", dateModified: "2024-05-22T12:00:00+02:00" })}
      </head><body></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta.publishedAt).toBe("2024-05-22T08:15:00.000Z");
    expect(meta.publishedAtLocal).toBe("2024-05-22T10:15:00+02:00");
  });

  it.each(["datum", "fecha", "tarih"])("reads a dateline in an element classed %s", (cls) => {
    // Prepare
    const html = `<html><body><article><h1>Headline</h1><span class="article-${cls}">05.04.2025 - 10:15</span></article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.publishedAtLocal).toBe("2025-04-05T10:15:00");
  });

  it("records a <time datetime> dateline as time-element", () => {
    // Prepare
    const html = `<html><body><article><h1>Headline</h1>
      <time datetime="2024-05-22T10:15:00+02:00">22 May</time></article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.publishedAt).toBe("2024-05-22T08:15:00.000Z");
    expect(meta.provenance.publishedAt).toBe("time-element");
  });

  it("falls back to the visible dateline and then to the URL", () => {
    // Prepare
    const dateline = `<html><body><article><h1>Headline</h1>
      <span class="date">22. Mai 2024, 10:15 Uhr</span></article></body></html>`;
    const bare = "<html><body><article><h1>Headline</h1></article></body></html>";
    // Act
    const fromDateline = run(dateline, "https://example.org/story");
    const fromUrl = run(bare, "https://example.org/2024/05/21/story");
    // Assess
    expect(fromDateline.publishedAtLocal).toBe("2024-05-22T10:15:00");
    expect(fromDateline.provenance.publishedAt).toBe("byline");
    expect(fromUrl.publishedAtLocal).toBe("2024-05-21");
    expect(fromUrl.provenance.publishedAt).toBe("url");
  });

  it("takes the lead image's caption and credit from its figure", () => {
    // Prepare
    const html = `<html><head><meta property="og:image" content="https://cdn.example.com/a/tram-1200x800.jpg"></head>
      <body><article><figure><img src="https://cdn.example.com/a/tram-640x480.jpg">
      <figcaption>A tram crosses the bridge. <span class="credit">Photo: Max Muster</span></figcaption>
      </figure></article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.image).toEqual({
      url: "https://cdn.example.com/a/tram-1200x800.jpg",
      caption: "A tram crosses the bridge.",
      credit: "Max Muster",
    });
  });

  it.each([
    ["Credits: Example Agency", "Example Agency"],
    ["© Jane Doe/Example Agency", "Jane Doe/Example Agency"],
    ["/Jane Doe", "Jane Doe"],
  ])("cleans the credit %j", (raw, credit) => {
    // Prepare
    const html = `<html><head>${ld({ "@type": "NewsArticle", headline: "x", image: { "@type": "ImageObject", url: "https://cdn.example.com/a.jpg", creditText: raw } })}</head><body></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta.image?.credit).toBe(credit);
  });

  it("splits a credit written inside the caption", () => {
    // Prepare
    const html = `<html><head><meta property="og:image" content="https://cdn.example.com/a/tram.jpg"></head>
      <body><figure><img src="https://cdn.example.com/a/tram.jpg">
      <figcaption>A tram crosses the bridge. Foto: Erika Musterfrau</figcaption></figure></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.image?.caption).toBe("A tram crosses the bridge.");
    expect(meta.image?.credit).toBe("Erika Musterfrau");
  });
});

describe("title choice", () => {
  it.each([
    ["site suffix", "<title>Budget approved | Example News</title>", "", "Budget approved"],
    ["site prefix", "<title>Example News - Budget approved</title>", "", "Budget approved"],
    [
      "suffix the site name list misses",
      '<meta property="og:title" content="Budget approved by the council - Regional Daily">',
      "<h1>Budget approved by the council</h1>",
      "Budget approved by the council",
    ],
    ["only an h1", "", "<h1>Budget approved</h1>", "Budget approved"],
    [
      "og:title that is only the site name",
      '<meta property="og:title" content="Example News"><title>Budget approved | Example News</title>',
      "",
      "Budget approved",
    ],
    [
      "og:title cut with an ellipsis",
      '<meta property="og:title" content="Council approves the transport budget after a…">',
      "<h1>Council approves the transport budget after a long debate</h1>",
      "Council approves the transport budget after a long debate",
    ],
    [
      "short segments are not taken for the site",
      "<title>Plan B - A - Example News</title>",
      "",
      "Plan B - A",
    ],
    [
      "a headline naming the site keeps its words",
      "<title>Example News editor resigns | Example News</title>",
      "",
      "Example News editor resigns",
    ],
    [
      "kicker span inside the h1",
      "",
      '<h1><span class="kicker">Transport</span> Budget approved</h1>',
      "Budget approved",
    ],
    [
      "an h1 whose only text sits in an element with a kicker-like class",
      "",
      '<h1><span class="field field--name-title field--label-hidden">Budget approved</span></h1>',
      "Budget approved",
    ],
  ])("%s", (_name, head, body, title) => {
    // Prepare
    const html = `<html><head><meta property="og:site_name" content="Example News">${head}</head><body>${body}</body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.title).toBe(title);
  });
});

describe("authors across sources", () => {
  it("drops the publisher from the byline when a person is named", () => {
    // Prepare
    const html = `<html><head><meta property="og:site_name" content="Example News">
      ${ld({
        "@type": "NewsArticle",
        headline: "x",
        author: [
          { "@type": "Organization", name: "Example News" },
          { "@type": "Person", name: "Jane Doe" },
        ],
      })}
      </head><body></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("uses a visible byline naming a person over markup that only credits the publisher", () => {
    // Prepare
    const html = `<html><head><meta property="og:site_name" content="Example News">
      <meta name="author" content="Example News"></head>
      <body><article><p class="byline">By Jane Doe</p></article></body></html>`;
    // Act
    const meta = run(html);
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("byline");
  });

  it("keeps the texts of adjacent byline elements apart", () => {
    // Prepare
    const html = `<html><body><article><div class="byline"><span>Jeff Doe</span><span>Monday, May 22, 2024</span></div></article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.authors).toEqual(["Jeff Doe"]);
  });

  it("recognises the publisher by its registrable domain on a subdomain", () => {
    // Prepare
    const html = `<html><head>${ld({ "@type": "NewsArticle", headline: "x", author: "Jane Doe, CNN" })}</head><body></body></html>`;
    // Act
    const meta = run(html, "https://edition.cnn.com/2024/05/22/story");
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("reads a name from an author profile URL", () => {
    // Prepare
    const html = `<html><head><meta property="article:author" content="https://example.org/author/jane-doe/"></head><body></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });
});

describe("tags", () => {
  it.each([
    [
      "a comma list in one value",
      '<meta name="keywords" content="alpha, beta; gamma">',
      ["alpha", "beta", "gamma"],
    ],
    [
      "CMS flags and ids dropped",
      '<meta name="keywords" content="alpha, _internal, paywall-exclude, 12345, p, beta">',
      ["alpha", "beta"],
    ],
    [
      "labelled topics kept, other labels dropped",
      '<meta name="keywords" content="Subject: Justice, Day: Friday">',
      ["Justice"],
    ],
    [
      "stray flags in a labelled list dropped",
      '<meta name="keywords" content="Subject: Justice, Medium, Day: Friday, Subject: Politics">',
      ["Justice", "Politics"],
    ],
    [
      "CJK keywords separated by spaces",
      '<meta name="keywords" content="东京 地震 交通">',
      ["东京", "地震", "交通"],
    ],
  ])("%s", (_name, head, tags) => {
    // Prepare
    const html = `<html><head>${head}</head><body></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.tags).toEqual(tags);
  });

  it("reads a 'related tags' box outside the article", () => {
    // Prepare
    const html = `<html><body><article><p>Text.</p></article>
      <div class="p-related-tags"><ul><li><a href="/keyword/1/">#Transport</a></li><li><a href="/keyword/2/">#Budget</a></li></ul></div>
      </body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.tags).toEqual(["#Transport", "#Budget"]);
  });

  it("reads a visible tag list when markup has none", () => {
    // Prepare
    const html = `<html><body><article><p>Text.</p>
      <ul class="article-tags"><li><a href="/tag/transport">Transport</a></li><li><a href="/tag/budget">Budget</a></li></ul>
      </article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.tags).toEqual(["Transport", "Budget"]);
  });
});

describe("finalizeLanguage", () => {
  const GERMAN =
    "Der Stadtrat hat am Dienstagabend über den neuen Haushalt für den öffentlichen Nahverkehr " +
    "beraten. Mehrere Mitglieder sagten, dass der Plan die Fahrpreise für Familien erhöhen würde, " +
    "die jeden Tag auf Busse angewiesen sind, während andere meinten, das Geld werde für die " +
    "Reparatur alter Straßenbahnlinien und Brücken gebraucht. Eine Abstimmung wird erwartet.";

  it("detects the language from the body when the markup has none", () => {
    // Prepare
    const meta = run("<html><body></body></html>", "https://example.org/story");
    // Act
    const final = finalizeLanguage(meta, GERMAN);
    // Assess
    expect(final.language).toBe("de");
    expect(final.provenance.language).toBe("text");
  });

  it("keeps an agreeing markup language and its source", () => {
    // Prepare
    const meta = run('<html lang="de-AT"><body></body></html>', "https://example.org/story");
    // Act
    const final = finalizeLanguage(meta, GERMAN);
    // Assess
    expect(final.language).toBe("de");
    expect(final.provenance.language).toBe("html-lang");
  });
});

describe("robustness", () => {
  it.each([
    ["empty document", ""],
    [
      "broken JSON-LD",
      '<script type="application/ld+json">{"@type": "Article", "headline": </script>',
    ],
    [
      "JSON-LD of the wrong shape",
      '<script type="application/ld+json">[1, "two", null, {"@graph": 3}]</script>',
    ],
    ["meta tags without content", '<meta property="og:title"><meta name="author">'],
  ])("returns empty fields for %s", (_name, html) => {
    // Act
    const meta = run(`<html><head>${html}</head><body></body></html>`, "https://example.org/story");
    // Assess
    expect(meta.title).toBeNull();
    expect(meta.authors).toEqual([]);
    expect(meta.publishedAt).toBeNull();
    expect(meta.tags).toEqual([]);
  });
});

describe("hostile pages", () => {
  it("reads deeply nested byline-like containers without blowing up", () => {
    // Prepare: 2 000 nested elements whose classes match the byline and dateline selectors.
    const depth = 2000;
    const html = `<html><body><article>${'<div class="author date">x '.repeat(depth)}${"</div>".repeat(depth)}</article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.authors).toEqual([]);
    expect(meta.publishedAt).toBeNull();
  });

  it("handles a page of many thousand candidate elements", () => {
    // Prepare
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `<p><span class="byline-x">row ${i}</span></p>`,
    );
    const html = `<html><body><article>${rows.join("")}</article></body></html>`;
    // Act
    const meta = run(html, "https://example.org/story");
    // Assess
    expect(meta.title).toBeNull();
    expect(meta.authors).toEqual([]);
  });
});

describe("a byline whose surname is a role word", () => {
  it("keeps the name that the meta author and the visible byline give whole", () => {
    // Prepare
    const html = `<html><head><title>Quay</title><meta name="author" content="Ada Writer"></head>
      <body><article><h1>Quay</h1><p class="byline">By Ada Writer</p>
      <p>The quay reopened on Monday after a year of repairs to its stone wall, the harbour master said.</p>
      </article></body></html>`;

    // Act
    const { authors } = extractArticle(html, "https://news.example/quay");

    // Assess
    expect(authors).toEqual(["Ada Writer"]);
  });
});

describe("visible headline on pages that are not news articles", () => {
  const blog = (type: string, h1: string) =>
    `<html><head>${ld({ "@type": type, headline: "Ten tips for a spring garden" })}
      <meta property="og:title" content="Spring garden tips for 2024"></head>
      <body><article><h1>${h1}</h1><p>Text.</p></article></body></html>`;

  it("takes the h1 that another declared source confirms", () => {
    // Act
    const meta = run(
      blog("BlogPosting", "Ten tips for a spring garden"),
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.title).toBe("Ten tips for a spring garden");
    expect(meta.provenance.title).toBe("heading");
  });

  it("takes an h1 worded differently when it shares words with the declared title", () => {
    // Act
    const meta = run(
      blog("BlogPosting", "Our spring garden checklist"),
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.title).toBe("Our spring garden checklist");
  });

  it("keeps the declared title when the h1 shares no words (a blog's name)", () => {
    // Act
    const meta = run(
      blog("BlogPosting", "Notes from the allotment"),
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.title).toBe("Spring garden tips for 2024");
  });

  it("keeps og:title on a news article", () => {
    // Act
    const meta = run(blog("NewsArticle", "Ten tips for a spring garden"));
    // Assess
    expect(meta.title).toBe("Spring garden tips for 2024");
  });

  it("drops a long suffix after the visible headline and a site name inside the h1", () => {
    // Prepare
    const html = `<html><head><title>Ten tips for a spring garden – Green Thumbs – Grow what you love</title>
      <meta property="og:site_name" content="Green Thumbs"></head>
      <body><h1>Ten tips for a spring garden – Green Thumbs</h1></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.title).toBe("Ten tips for a spring garden");
  });
});

describe("visible dates", () => {
  const page = (body: string, url = "https://blog.example.org/garden") =>
    run(
      `<html><head></head><body><article><h1>Ten tips for a spring garden</h1>${body}<p>${"Text. ".repeat(20)}</p></article></body></html>`,
      url,
    );

  it("leaves out a dateline labelled as the update and reads the published one", () => {
    // Act
    const meta = page(
      '<p class="post-date">March 3, 2024</p><p class="date">Last updated: May 5, 2024</p>',
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
  });

  it("cuts the update off a dateline that states both", () => {
    // Act
    const meta = page('<p class="date">March 3, 2024 Updated: May 5, 2024</p>');
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
  });

  it("reads a date on a line next to the headline when no element is marked", () => {
    // Act
    const meta = page("<p>Published March 3, 2024 by Jane Doe</p>");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
    expect(meta.provenance.publishedAt).toBe("byline");
  });

  it("takes a page's only date, an update, when nothing else dates it", () => {
    // Act
    const meta = page("<p>Last updated: May 5, 2024</p>");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-05-05");
  });

  it("gives no date for a page that shows none", () => {
    // Act
    const meta = page("<p>Copyright notice without a day</p>");
    // Assess
    expect(meta.publishedAt).toBeNull();
  });

  it("prefers the URL's date to a visible dateline that disagrees", () => {
    // Act
    const meta = page(
      '<p class="date">May 5, 2024</p>',
      "https://blog.example.org/2024/03/03/garden",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
    expect(meta.provenance.publishedAt).toBe("url");
  });
});

describe("dates that sources agree on", () => {
  const page = (head: string, body: string, url = "https://blog.example.org/garden", lang = "en") =>
    run(
      `<html lang="${lang}"><head>${head}</head><body><article><h1>Ten tips for a spring garden</h1>${body}<p>${"Text. ".repeat(20)}</p></article></body></html>`,
      url,
    );
  const stamp = (published: string, modified: string) =>
    ld({ "@type": "BlogPosting", headline: "x", datePublished: published, dateModified: modified });

  it("takes the date shown beside the headline over markup that stamps one day for both", () => {
    // Act: the system wrote its rebuild day as published and modified; the page shows the post's day.
    const meta = page(stamp("Jun 24, 2025", "Jun 24, 2025"), "<p>August 25, 2024</p>");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-08-25");
    expect(meta.provenance.publishedAt).toBe("byline");
  });

  it("states a UTC stamp's instant in the page's zone when the shown time is the same instant", () => {
    // Act: 11:03 PM on the 18th beside 07:03 UTC on the 19th: the page is at UTC-08:00.
    const meta = page(
      stamp("2019-11-19T07:03:25+00:00", "2019-11-19T07:03:25+00:00"),
      "<p>November 18, 2019 11:03 PM</p>",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2019-11-18T23:03:00-08:00");
    expect(meta.publishedAt).toBe("2019-11-19T07:03:00.000Z");
  });

  it("keeps the markup date when published and modified differ (an edited article)", () => {
    // Act
    const meta = page(
      stamp("2024-08-25T10:00:00Z", "2025-06-24T10:00:00Z"),
      "<p>March 2, 2024</p>",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-08-25T10:00:00+00:00");
    expect(meta.provenance.publishedAt).toBe("json-ld");
  });

  it("keeps a stamped markup date when the shown date is not earlier", () => {
    // Act: a later day beside the headline is not the article's original date.
    const meta = page(stamp("2024-08-25T10:00:00Z", "2024-08-25T11:00:00Z"), "<p>May 5, 2025</p>");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-08-25T10:00:00+00:00");
  });

  it("keeps a stamped markup date when no date is shown beside the headline", () => {
    // Act
    const meta = page(stamp("2024-08-25T10:00:00Z", "2024-08-25T10:00:00Z"), "<p>No day here.</p>");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-08-25T10:00:00+00:00");
  });

  it("reads an ambiguous numeric date the other way when a shown date names that day", () => {
    // Act: 03-09-2026 is 3 September by default, but the page shows 9 March.
    const meta = page(
      '<meta property="article:published_time" content="03-09-2026">',
      "<p>Published March 9, 2026</p>",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2026-03-09");
  });

  it("keeps the reading an ambiguous numeric date has when nothing names the other day", () => {
    // Act
    const meta = page('<meta property="article:published_time" content="03-09-2026">', "");
    // Assess
    expect(meta.publishedAtLocal).toBe("2026-09-03");
  });

  it("reads slashed numeric dates day first on pages in other languages than US English", () => {
    // Act
    const spanish = page("", '<p class="date">10/07/2026</p>', undefined, "es");
    const british = page("", '<p class="date">10/07/2026</p>', undefined, "en-GB");
    const american = page("", '<p class="date">10/07/2026</p>', undefined, "en-US");
    // Assess
    expect(spanish.publishedAtLocal).toBe("2026-07-10");
    expect(british.publishedAtLocal).toBe("2026-07-10");
    expect(american.publishedAtLocal).toBe("2026-10-07");
  });

  it("reads other meta keys that name the publication date, not the publisher", () => {
    // Act
    const meta = page(
      '<meta name="publisher" content="2020-01-01"><meta name="w-published-date" content="2025-05-27T06:03:43Z">',
      "",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2025-05-27T06:03:43+00:00");
    expect(meta.provenance.publishedAt).toBe("meta");
  });

  it("takes none of those meta keys when they name different days", () => {
    // Act
    const meta = page(
      '<meta name="published-time" content="2026-03-09T08:45:32Z"><meta name="published-date" content="2021-02-16">',
      "",
    );
    // Assess
    expect(meta.publishedAt).toBeNull();
  });

  it("reads thousands of date-like meta keys without failing", () => {
    // Prepare: 5 000 keys the pattern accepts, each naming another day, some values hostile.
    const metas = Array.from({ length: 5000 }, (_, i) => {
      const value =
        i % 3 === 0 ? "9".repeat(300) : `2024-01-${String((i % 28) + 1).padStart(2, "0")}`;
      return `<meta name="x${i}-published-date" content="${value}">`;
    }).join("");
    // Act
    const meta = page(metas, "");
    // Assess: they disagree, so none of them dates the page.
    expect(meta.publishedAt).toBeNull();
  });

  it("reads a time without offset in the zone of the site's country domain", () => {
    // Act: Rome is two hours ahead of UTC in April (summer time), one in January.
    const summer = page(
      "",
      '<p class="date">01. April 2025, 15:25</p>',
      "https://www.example.it/a",
    );
    const winter = page(
      "",
      '<p class="date">15. Januar 2025, 15:25</p>',
      "https://www.example.it/b",
    );
    const generic = page(
      "",
      '<p class="date">01. April 2025, 15:25</p>',
      "https://www.example.com/a",
    );
    // Assess
    expect(summer.publishedAt).toBe("2025-04-01T13:25:00.000Z");
    expect(summer.publishedAtLocal).toBe("2025-04-01T15:25:00+02:00");
    expect(winter.publishedAt).toBe("2025-01-15T14:25:00.000Z");
    expect(generic.publishedAtLocal).toBe("2025-04-01T15:25:00");
  });

  it("prefers the offset the page states on another date to its domain's zone", () => {
    // Act
    const meta = page(
      ld({
        "@type": "Article",
        headline: "x",
        datePublished: "2025-04-01T15:25:00",
        dateModified: "2025-04-01T18:00:00+03:00",
      }),
      "",
      "https://www.example.it/a",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2025-04-01T15:25:00+03:00");
  });

  it("reads a dateline in the article's own footer", () => {
    // Act
    const meta = run(
      `<html><body><article><h1>Ten tips</h1><p>${"Text. ".repeat(20)}</p>
      <footer><span class="meta-date">March 30, 2023</span></footer></article>
      <footer><span class="date">January 1, 2020</span></footer></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2023-03-30");
  });

  it("reads a dateline in an aside of the article, not in one beside it", () => {
    // Act
    const inside = run(
      `<html><body><article><aside><time datetime="2021-06-06">June 6, 2021</time></aside>
      <h1>Ten tips</h1><p>${"Text. ".repeat(20)}</p></article></body></html>`,
      "https://blog.example.org/garden",
    );
    const beside = run(
      `<html><body><article><h1>Ten tips</h1><p>${"Text. ".repeat(20)}</p></article>
      <aside><time datetime="2021-06-06">June 6, 2021</time></aside></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(inside.publishedAtLocal).toBe("2021-06-06");
    expect(beside.publishedAt).toBeNull();
  });

  it("does not read a page-wide class on <body> as a related-items region", () => {
    // Act
    const meta = run(
      `<html><body class="theme-related-columns-4"><div class="post"><h1>Ten tips</h1>
      <span class="published-date">Published On: 15 August 2025</span>
      <p>${"Text. ".repeat(20)}</p></div><div class="related"><span class="date">May 1, 2020</span></div></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2025-08-15");
  });

  it("does not take a midnight timestamp for a more precise statement of the same day", () => {
    // Act
    const meta = page(
      ld({ "@type": "Article", headline: "x", datePublished: "2025-09-25T11:38:00" }),
      '<time datetime="2025-09-25T00:00:00Z">September 25, 2025</time>',
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2025-09-25T11:38:00+00:00");
    expect(meta.provenance.publishedAt).toBe("json-ld");
  });

  it("takes a dateline element stating only the update when the page shows no other date", () => {
    // Act: the update line is far below the headline, in a dateline element.
    const only = run(
      `<html><body><article><h1>Ten tips</h1>${"<p>Text. Text.</p>".repeat(45)}
      <p class="byline__pub-dates">Updated March 13, 2024</p></article></body></html>`,
      "https://blog.example.org/garden",
    );
    const withPublished = run(
      `<html><body><article><h1>Ten tips</h1>${"<p>Text. Text.</p>".repeat(45)}
      <p class="pub-date">March 1, 2024</p><p class="byline__pub-dates">Updated March 13, 2024</p></article></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(only.publishedAtLocal).toBe("2024-03-13");
    expect(withPublished.publishedAtLocal).toBe("2024-03-01");
  });

  it("reads the first part of a dateline element that also holds a long tag list", () => {
    // Act
    const tags = Array.from({ length: 12 }, (_, i) => `<a href="/tag/t${i}">Topic number ${i}</a>`);
    const meta = run(
      `<html><body><article><h1>Ten tips</h1>${"<p>Text. Text.</p>".repeat(45)}
      <div class="meta date-header"><span>Posted on April 13, 2023</span><div>${tags.join("")}</div></div>
      </article></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2023-04-13");
  });

  it("still skips a dateline in the page's footer", () => {
    // Act
    const meta = run(
      `<html><body><article><h1>Ten tips</h1><p>${"Text. ".repeat(20)}</p></article>
      <footer><span class="date">January 1, 2020</span></footer></body></html>`,
      "https://blog.example.org/garden",
    );
    // Assess
    expect(meta.publishedAt).toBeNull();
  });
});

describe("titles from general signals", () => {
  const page = (title: string, h1: string) =>
    run(
      `<html><head><meta property="og:title" content="${title}"></head><body><article><h1>${h1}</h1><p>Text.</p></article></body></html>`,
      "https://blog.example.org/garden",
    );

  it("cuts a short section label behind a pipe", () => {
    // Act
    const meta = page("How compost feeds a spring garden | Opinion", "Compost");
    // Assess
    expect(meta.title).toBe("How compost feeds a spring garden");
  });

  it("keeps a long part behind a pipe", () => {
    // Act
    const meta = page(
      "Spring garden tips | What we learned from ten years of growing vegetables",
      "Compost",
    );
    // Assess
    expect(meta.title).toBe(
      "Spring garden tips | What we learned from ten years of growing vegetables",
    );
  });

  it("keeps the declared case over an h1 set in capitals", () => {
    // Act
    const meta = page("Ten Tips for a Spring Garden", "TEN TIPS FOR A SPRING GARDEN");
    // Assess
    expect(meta.title).toBe("Ten Tips for a Spring Garden");
  });

  it("leaves out a dateline or a label the h1 adds to the declared title", () => {
    // Act
    const dated = page("Ten tips for a spring garden", "Ten tips for a spring garden May 3, 2024");
    const labelled = page("Ten tips for a spring garden", "Blog: Ten tips for a spring garden");
    const subtitled = page(
      "Ten tips for a spring garden",
      "Ten tips for a spring garden, tried by our readers",
    );
    // Assess
    expect(dated.title).toBe("Ten tips for a spring garden");
    expect(labelled.title).toBe("Ten tips for a spring garden");
    expect(subtitled.title).toBe("Ten tips for a spring garden, tried by our readers");
  });

  it("strips a suffix the h1 leaves out, whatever the h1's case", () => {
    // Act
    const meta = page(
      "History of compost | Origins, Uses, Facts and a Timeline",
      "history of compost",
    );
    // Assess
    expect(meta.title).toBe("History of compost");
  });
});

describe("visible headline and declared title in part the same", () => {
  const page = (head: string, h1: string) =>
    run(
      `<html><head>${head}</head><body><article><h1>${h1}</h1><p>Text.</p></article></body></html>`,
      "https://blog.example.org/compost",
    ).title;
  const og = (title: string) => `<meta property="og:title" content="${title}">`;

  it("takes the h1 when the declared title adds a tail after a comma, a bracket or a question", () => {
    // Act
    const comma = page(
      og("Best compost bins of 2024, Tested &amp; Reviewed"),
      "Best compost bins of 2024",
    );
    const bracket = page(og("Best compost bins of 2024 (Our Guide)"), "Best compost bins of 2024");
    const question = page(og("Is compost worth it? Our complete guide"), "Is compost worth it?");
    // Assess
    expect(comma).toBe("Best compost bins of 2024");
    expect(bracket).toBe("Best compost bins of 2024");
    expect(question).toBe("Is compost worth it?");
  });

  it("strips a suffix after a declared segment that leaves out the h1's question mark", () => {
    // Act
    const title = page(
      og("Is compost worth the effort | A guide for small gardens and balconies"),
      "Is compost worth the effort?",
    );
    // Assess
    expect(title).toBe("Is compost worth the effort");
  });

  it("keeps the declared title when the h1 is only its topic before a colon", () => {
    // Act
    const title = page(og("Compost bins: what to buy this spring"), "Compost bins");
    // Assess
    expect(title).toBe("Compost bins: what to buy this spring");
  });

  it("takes the h1 of a news article that the JSON-LD headline confirms and that holds og:title", () => {
    // Prepare
    const news = (headline: string) =>
      `${ld({ "@type": "NewsArticle", headline })}${og("Why the vote on the tram matters")}`;
    // Act
    const fuller = page(
      news("Council election: Why the vote on the tram matters"),
      "Council election: Why the vote on the tram matters",
    );
    const unconfirmed = page(
      news("Why the vote on the tram matters"),
      "Politics: Why the vote on the tram matters",
    );
    // Assess
    expect(fuller).toBe("Council election: Why the vote on the tram matters");
    expect(unconfirmed).toBe("Why the vote on the tram matters");
  });

  it("takes the page's own headline on a news article whose sharing headline is worded differently", () => {
    // Prepare
    const news = (headline: string, extra = "") =>
      `${ld({ "@type": "NewsArticle", headline })}${og("Why riders should care about the tram vote")}` +
      '<meta name="twitter:title" content="Why riders should care about the tram vote">' +
      `<title>${headline} | Example News</title>${extra}`;
    // Act
    const split = page(news("Council backs tram line after a long debate"), "Tram line");
    const kicker = page(news("Tram vote: Why riders should care about the tram vote"), "Tram line");
    const outvoted = page(
      news(
        "Council backs tram line after a long debate",
        '<meta name="parsely-title" content="Why riders should care about the tram vote">',
      ),
      "Why riders should care about the tram vote",
    );
    const noSocialPair = page(
      `${ld({ "@type": "NewsArticle", headline: "Council backs tram line after a long debate" })}${og("Why riders should care about the tram vote")}<title>Council backs tram line after a long debate</title>`,
      "Tram line",
    );
    // Assess
    expect(split).toBe("Council backs tram line after a long debate");
    expect(kicker).toBe("Why riders should care about the tram vote");
    expect(outvoted).toBe("Why riders should care about the tram vote");
    expect(noSocialPair).toBe("Why riders should care about the tram vote");
  });

  it("takes the shown JSON-LD headline of a news article whose og:title and <title> are worded differently again", () => {
    // Prepare
    const head = (type: string) =>
      `${ld({ "@type": type, headline: "The 9 best compost bins of 2024, tested" })}` +
      og("These compost bins turned our kitchen scraps into gold") +
      "<title>9 Top Compost Bins for 2024 - Reviews</title>";
    // Act
    const shown = page(head("NewsArticle"), "The 9 best compost bins of 2024, tested");
    const notShown = page(head("NewsArticle"), "Compost bins");
    const liveBlog = page(head("LiveBlogPosting"), "The 9 best compost bins of 2024, tested");
    // Assess
    expect(shown).toBe("The 9 best compost bins of 2024, tested");
    expect(notShown).toBe("These compost bins turned our kitchen scraps into gold");
    expect(liveBlog).toBe("These compost bins turned our kitchen scraps into gold");
  });

  it("keeps the declared title over an h1 in capitals worded differently", () => {
    // Act
    const title = page(
      og("Best Compost Bins 2024: Tips From Gardeners"),
      "BEST COMPOST BINS IN 2024: TIPS FROM GARDENERS",
    );
    // Assess
    expect(title).toBe("Best Compost Bins 2024: Tips From Gardeners");
  });

  it("repairs UTF-8 that the site encoded twice", () => {
    // Prepare: "’" (E2 80 99) read as three Latin-1 characters, and a lone "Â" that is real text.
    const twice = Buffer.from("A Gardener’s Guide to Compost in 2024", "utf8").toString("latin1");
    // Act
    const repaired = page(og("A Gardener’s Guide to Compost 2024"), twice);
    const kept = page(
      og("Ârhus compost: a guide to the city bins"),
      "Ârhus compost: a guide to the city bins",
    );
    // Assess
    expect(repaired).toBe("A Gardener’s Guide to Compost in 2024");
    expect(kept).toBe("Ârhus compost: a guide to the city bins");
  });

  it("leaves text alone that holds no double-encoded character", () => {
    // Act
    const latin1 = repairDoubleEncoding("Café crème Â© 2024");
    const stray = repairDoubleEncoding("Compost \u0085 bins \u00e2\u0080 and more");
    // Assess
    expect(latin1).toBe("Café crème Â© 2024");
    expect(stray).toBe("Compost \u0085 bins \u00e2\u0080 and more");
  });

  it("decodes every double-encoded character once one of them proves the encoding", () => {
    // Prepare: "—" and "¶" encoded twice.
    const twice = Buffer.from("Compost — a guide¶", "utf8").toString("latin1");
    // Act
    const repaired = repairDoubleEncoding(twice);
    // Assess
    expect(repaired).toBe("Compost — a guide¶");
  });

  it("separates the words on both sides of a line break inside the h1", () => {
    // Act
    const title = page("", "Best compost bins of 2024<br>Our guide to the bins that last");
    // Assess
    expect(title).toBe("Best compost bins of 2024 Our guide to the bins that last");
  });

  it("takes the declared title-case rendering of an h1 set in sentence case", () => {
    // Act
    const sentence = page(
      og("How Much Should I Pay For Compost Delivery?"),
      "How much should I pay for compost delivery?",
    );
    const smallWords = page(
      og("Compost Review And Approval Process"),
      "Compost Review and Approval Process",
    );
    // Assess
    expect(sentence).toBe("How Much Should I Pay For Compost Delivery?");
    expect(smallWords).toBe("Compost Review and Approval Process");
  });
});

describe("site names set off without a separator", () => {
  const page = (head: string, url = "https://janegardener.org/compost") =>
    run(`<html><head>${head}</head><body><p>Text.</p></body></html>`, url).title;

  it("strips a site name in brackets at the end, with or without 'via'", () => {
    // Act
    const via = page(
      '<meta property="og:site_name" content="Green Thumbs"><meta property="og:title" content="Ten tips for a spring garden (via Green Thumbs)">',
    );
    const host = page("<title>The compost question (Jane Gardener)</title>");
    const year = page("<title>Best compost bins (2024)</title>");
    // Assess
    expect(via).toBe("Ten tips for a spring garden");
    expect(host).toBe("The compost question");
    expect(year).toBe("Best compost bins (2024)");
  });

  it("strips the site's web address before or after the headline", () => {
    // Act
    const before = page("<title>janegardener.org Compost notes</title>");
    const after = page("<title>Compost notes janegardener.org</title>");
    // Assess
    expect(before).toBe("Compost notes");
    expect(after).toBe("Compost notes");
  });

  it("strips a short label naming the site before a colon, not a sentence about the site", () => {
    // Prepare
    const site = '<meta property="og:site_name" content="Greenthumbs">';
    // Act
    const label = page(`${site}<meta property="og:title" content="Greenthumbs Blog: Ten tips">`);
    const sentence = page(
      `${site}<meta property="og:title" content="Greenthumbs opens library: what it means">`,
    );
    // Assess
    expect(label).toBe("Ten tips");
    expect(sentence).toBe("Greenthumbs opens library: what it means");
  });

  it("narrows fullwidth punctuation in a Latin-script title, not in a CJK one", () => {
    // Act
    const latin = page('<meta property="og:title" content="Does compost need turning？">');
    const japanese = page('<meta property="og:title" content="堆肥は必要ですか？">');
    // Assess
    expect(latin).toBe("Does compost need turning?");
    expect(japanese).toBe("堆肥は必要ですか？");
  });
});

describe("site-name stripping on hostile titles", () => {
  it("reads a 300 KB title of brackets, colons and addresses in bounded time and keeps none of it", () => {
    // Prepare
    const junk = "(a (via b [c: d.e ".repeat(20_000);
    const html = `<html><head><meta property="og:site_name" content="d.e"><meta property="og:title" content="${junk}"><title>${junk})</title></head><body><h1>Budget approved: ${junk}?</h1></body></html>`;
    // Act
    const meta = run(html, "https://d.e/story");
    // Assess: too long for a headline, from every source
    expect(meta.title).toBeNull();
  });
});

describe("dates from general signals", () => {
  const page = (head: string, body: string, url = "https://blog.example.org/garden") =>
    run(
      `<html><head>${head}</head><body><article><h1>Ten tips for a spring garden</h1>${body}<p>${"Text. ".repeat(20)}</p></article></body></html>`,
      url,
    );

  it("reads the scholarly citation date", () => {
    // Act
    const meta = page('<meta name="citation_publication_date" content="2019/1/22">', "");
    // Assess
    expect(meta.publishedAtLocal).toBe("2019-01-22");
    expect(meta.provenance.publishedAt).toBe("meta");
  });

  it("reads the day from a URL that names the month", () => {
    // Act
    const meta = page("", "", "https://blog.example.org/2023/october/03/garden-tips/");
    // Assess
    expect(meta.publishedAtLocal).toBe("2023-10-03");
    expect(meta.provenance.publishedAt).toBe("url");
  });

  it("takes the dateline beside the headline over a list of other posts' dates", () => {
    // Prepare: the article's date sits under the headline; the sidebar lists recent posts first.
    const html = `<html><body><div class="sidebar"><span class="date">June 9, 2024</span><span class="date">June 2, 2024</span></div>
      <main><h1>Ten tips for a spring garden</h1><span class="date">March 3, 2024</span><p>${"Text. ".repeat(20)}</p></main></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
  });

  it("does not take a time element marked as the changed date for the publication", () => {
    // Act
    const meta = page(
      "",
      '<div class="field field--name-changed"><time datetime="2025-02-12T14:36:23-05:00">February 12, 2025</time></div><span class="entry-date">March 3, 2024</span>',
    );
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
  });
});

describe("dates that are periods or shown without an h1", () => {
  it("gives no date for a line beside the headline that states a period or a run of numbers", () => {
    // Prepare: an offer's validity and a service's hours are not the day the page was written.
    for (const line of ["Offer valid 3/03/26 - 3/23/26", "Open 24/7/365 for emergencies"]) {
      const html = `<html><body><article><h1>Ten tips for a spring garden</h1><p>${line}</p><p>${"Text. ".repeat(20)}</p></article></body></html>`;
      // Act
      const meta = run(html, "https://blog.example.org/garden");
      // Assess
      expect(meta.publishedAt).toBeNull();
    }
  });

  it("reads the date beside the shown title on a page without an h1", () => {
    // Prepare: a page builder writes the headline as a styled paragraph.
    const html = `<html><head><title>Ten tips for a spring garden | Example Blog</title></head><body>
      <nav><a href="/">Home</a> / <span>Ten tips for a spring garden</span></nav><p>Sale ends 5/1/2024</p>
      <div class="hero"><p class="text-xl">Ten tips for a spring garden</p><p>Jane Doe</p><p>Mar 3, 2024</p></div>
      <div><p>${"Text. ".repeat(20)}</p></div></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
    expect(meta.provenance.publishedAt).toBe("byline");
  });

  it("reads the date beside the page's first h1 when the article's own h1 has none", () => {
    // Prepare: the headline and byline stand above the <article>, which repeats the headline.
    const html = `<html><body><div class="post-head"><h1>Ten tips for a spring garden</h1>
      <div class="info"><a href="/authors/jane">Jane Doe</a><span>Mar 3, 2024</span></div></div>
      <main><article><h1>Ten tips for a spring garden</h1><p>${"Text. ".repeat(20)}</p></article></main></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.publishedAtLocal).toBe("2024-03-03");
  });

  it("reads a page without an h1 of many thousand text nodes, the title among the last", () => {
    // Prepare: 12,000 spans (24,000 nodes, more than the walk reads), then the title and a date.
    const title = "Ten tips for a spring garden";
    const filler = Array.from({ length: 12_000 }, (_, i) => `<span>${i}</span>`).join("");
    const html = `<html><head><title>${title}</title></head><body><div>${filler}</div>
      <p>${title}</p><p>Mar 3, 2024</p></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess: the walk stops at its bound; the title far down is not reached, so no date.
    expect(meta.title).toBe(title);
    expect(meta.publishedAt).toBeNull();
  });

  it("finds no shown title in the head nor in a block that only contains it", () => {
    // Prepare: the title text is only in <title> and inside a longer paragraph.
    const html = `<html><head><title>Ten tips for a spring garden</title></head><body>
      <p>Our guide, Ten tips for a spring garden, was updated.</p><p>Mar 3, 2024</p>
      <p>${"Text. ".repeat(20)}</p></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.publishedAt).toBeNull();
  });
});

describe("visible author credits", () => {
  it("takes a user name from an author link", () => {
    // Prepare
    const html = `<html><body><article><h1>Title here</h1>
      <span class="meta">by <a href="/author/gardenfan/">gardenfan</a></span></article></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.authors).toEqual(["gardenfan"]);
  });

  it("takes a single name from a 'Posted by' line", () => {
    // Prepare
    const html = `<html><body><article><h1>Title here</h1>
      <p>Posted by Amanda · May 5, 2024</p></article></body></html>`;
    // Act
    const meta = run(html, "https://blog.example.org/garden");
    // Assess
    expect(meta.authors).toEqual(["Amanda"]);
  });
});
