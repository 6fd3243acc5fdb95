import { describe, expect, it } from "vitest";
import { extractArticle } from "../../../functions/core/extract/index";

const URL = "https://news.example.com/2026/11/river.html";

/** A sentence long enough to count as prose. */
function prose(topic: string, n = 1): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `The ${topic} report, number ${i + 1}, says the water rose quickly, and residents moved to higher ground before dawn.`,
  ).join(" ");
}

function page(body: string, head = ""): string {
  return `<!doctype html><html lang="en"><head><title>River rises | Courier</title>${head}</head><body>${body}</body></html>`;
}

const NAV = `<header class="site-header"><nav><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a></nav></header>`;
const FOOTER = `<footer><p>Copyright The Courier. All rights reserved. Contact us for syndication.</p></footer>`;

describe("extractArticle: body", () => {
  it("finds the article among navigation, sidebars and footers, without the headline", () => {
    // Prepare
    const html = page(`${NAV}
      <div class="layout">
        <div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div>
        <div class="story-body">
          <h1>River rises</h1>
          <p>${prose("flood")}</p>
          <h2>What comes next</h2>
          <p>${prose("bridge")}</p>
          <ul><li>Sandbags are available at the town hall.</li><li>Schools stay closed on Tuesday.</li></ul>
          <blockquote><p>We have never seen it this high, said the mayor, standing on the bank.</p></blockquote>
        </div>
      </div>${FOOTER}`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain("The flood report");
    expect(text).toContain("What comes next");
    expect(text).toContain("Sandbags are available at the town hall.");
    expect(text).toContain("We have never seen it this high");
    expect(text).not.toContain("River rises");
    expect(text).not.toContain("Other story one");
    expect(text).not.toContain("Copyright");
    expect(text).not.toContain("Home");
  });

  it("separates blocks with a blank line and keeps subheadings in reading order", () => {
    const html = page(
      `<article><p>${prose("first")}</p><h2>Middle</h2><p>${prose("last")}</p></article>`,
    );
    const { text } = extractArticle(html, URL);
    const blocks = text.split("\n\n");
    expect(blocks).toHaveLength(3);
    expect(blocks[1]).toBe("Middle");
  });

  it("removes share bars, newsletter boxes, comments and ads inside the article", () => {
    const html = page(`<article>
      <p>${prose("council", 2)}</p>
      <div class="share-tools"><a href="https://social.example/share">Share on social</a></div>
      <div class="newsletter-signup"><p>Sign up for our morning briefing, delivered daily to your inbox before breakfast.</p></div>
      <div class="ad-slot">Advertisement</div>
      <p>${prose("budget", 2)}</p>
      <section id="comments"><p>I think the council is wrong about this, and I have said so for many years now.</p></section>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The council report");
    expect(text).toContain("The budget report");
    expect(text).not.toContain("Share on social");
    expect(text).not.toContain("morning briefing");
    expect(text).not.toContain("Advertisement");
    expect(text).not.toContain("I think the council is wrong");
  });

  it("drops related-article teasers inline in the body", () => {
    const html = page(`<article>
      <p>${prose("harbour", 2)}</p>
      <p>Read more: <a href="/2026/11/other.html">Harbour wall to be rebuilt next spring</a></p>
      <ul class="related-links"><li><a href="/x">Storm closes ferry</a></li><li><a href="/y">Port strike ends</a></li></ul>
      <p>${prose("ferry", 2)}</p>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The harbour report");
    expect(text).toContain("The ferry report");
    expect(text).not.toContain("Harbour wall to be rebuilt");
    expect(text).not.toContain("Storm closes ferry");
  });

  it("keeps data tables and figures with captions in HTML, captions out of the text", () => {
    const html = page(`<article>
      <p>${prose("rainfall", 2)}</p>
      <figure><img src="/img/river.jpg" alt="The river"><figcaption>The river at noon. Photo: A. Lens</figcaption></figure>
      <table><tr><th>Town</th><th>Rain (mm)</th></tr><tr><td>Upton</td><td>41</td></tr><tr><td>Downby</td><td>38</td></tr></table>
      <p>${prose("forecast", 2)}</p>
    </article>`);
    const article = extractArticle(html, URL);
    expect(article.text).toContain("Upton");
    expect(article.text).not.toContain("The river at noon");
    expect(article.html).toContain("<figcaption>The river at noon. Photo: A. Lens</figcaption>");
    expect(article.html).toContain('src="https://news.example.com/img/river.jpg"');
    // Parentheses in text are escaped so no renderer can pair them with a bracket.
    expect(article.markdown).toContain("| Town | Rain \\(mm\\) |");
  });

  it("renders Markdown and collects in-body links as absolute URLs", () => {
    const html = page(`<article>
      <p>${prose("vote")} See <a href="/docs/minutes.pdf">the minutes</a> and <strong>act now</strong>.</p>
      <h2>Background</h2>
      <ol><li>First reading in May.</li><li>Second reading in June.</li></ol>
      <p>${prose("appeal")}</p>
    </article>`);
    const article = extractArticle(html, URL);
    expect(article.links).toEqual([
      { href: "https://news.example.com/docs/minutes.pdf", text: "the minutes" },
    ]);
    expect(article.markdown).toContain("[the minutes](https://news.example.com/docs/minutes.pdf)");
    expect(article.markdown).toContain("**act now**");
    expect(article.markdown).toContain("## Background");
    expect(article.markdown).toContain("1. First reading in May.\n2. Second reading in June.");
    expect(article.wordCount).toBeGreaterThan(40);
  });

  it("keeps a body whose wrapper has a furniture-like class name when it holds the prose", () => {
    const html = page(
      `${NAV}<div class="page-ad-margins"><div class="content"><p>${prose("ward", 3)}</p><p>${prose("clinic", 3)}</p></div></div>${FOOTER}`,
    );
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The ward report");
    expect(text).toContain("The clinic report");
  });

  it("joins a body split into parts between ads", () => {
    const part = (topic: string) => `<div class="body-part"><p>${prose(topic, 3)}</p></div>`;
    const html = page(
      `<main><div class="grid">${part("alpha")}</div><div class="ad-rail">Advertisement</div><div class="grid">${part("beta")}</div><div class="grid">${part("gamma")}</div></main>`,
    );
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The alpha report");
    expect(text).toContain("The beta report");
    expect(text).toContain("The gamma report");
    expect(text).not.toContain("Advertisement");
  });

  it("returns an empty body, not an error, for a page without text", () => {
    const article = extractArticle(
      "<html><body><nav><a href='/'>Home</a></nav></body></html>",
      URL,
    );
    expect(article.text).toBe("");
    expect(article.wordCount).toBe(0);
  });

  it("drops a related-links section: its heading and the teaser links after it", () => {
    const html = page(`<article>
      <p>${prose("tunnel", 2)}</p>
      <h3>Related</h3>
      <p><a href="/1">Tunnel opens to cyclists</a></p>
      <p><a href="/2">Bypass plans shelved again</a></p>
      <h2>Costs</h2>
      <p>${prose("cost", 2)}</p>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("Costs");
    expect(text).toContain("The cost report");
    expect(text).not.toContain("Related");
    expect(text).not.toContain("Tunnel opens to cyclists");
  });

  it("drops byline and time-stamp lines but keeps quoted social posts", () => {
    const html = page(`<article>
      <p>By Jane Doe and John Roe</p>
      <p>Updated: 3 May 2026, 10:12</p>
      <div>28. Juni 2025 - 16.03 Uhr</div>
      <p>By noon the water had gone down.</p>
      <p>${prose("mayor", 2)}</p>
      <blockquote class="twitter-tweet"><p>Great day at the river! pic.twitter.com/abc</p>— Someone (@someone) May 3, 2026</blockquote>
      <p>${prose("ferry", 2)}</p>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The mayor report");
    expect(text).not.toContain("Jane Doe");
    expect(text).not.toContain("10:12");
    expect(text).not.toContain("16.03 Uhr");
    expect(text).toContain("By noon the water had gone down.");
    expect(text).toContain("Great day at the river");
  });

  it("drops a list of teaser articles next to the story", () => {
    const teaser = (n: number) =>
      `<article class="card"><h3><a href="/s${n}">Story ${n}</a></h3><p>${prose(`teaser${n}`)}</p></article>`;
    const html = page(`<main>
      <article class="story"><p>${prose("main", 3)}</p></article>
      <section class="more">${teaser(1)}${teaser(2)}${teaser(3)}${teaser(4)}</section>
    </main>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The main report");
    expect(text).not.toContain("teaser2");
  });
});

describe("extractArticle: lead", () => {
  it("adds the standfirst that sits next to the headline, outside the body container", () => {
    const html = page(`<main><div class="article">
      <header><h1>River rises</h1><p class="standfirst">Residents of the lower town were told to leave their homes overnight as water rose.</p></header>
      <div class="article-body"><p>${prose("levee", 3)}</p><p>${prose("shelter", 3)}</p></div>
    </div></main>`);
    const { text } = extractArticle(html, URL);
    expect(text.startsWith("Residents of the lower town were told")).toBe(true);
    expect(text).toContain("The levee report");
  });

  it("recognises an unnamed lead by the page description", () => {
    const lead = "Engineers closed the old bridge after cracks appeared in two of its arches.";
    const html = page(
      `<main><div class="top"><h1>Bridge shut</h1><div class="x1">${lead}</div></div><div class="body"><p>${prose("arch", 3)}</p><p>${prose("traffic", 3)}</p></div></main>`,
      `<meta name="description" content="${lead}">`,
    );
    const { text } = extractArticle(html, URL);
    expect(text.split("\n\n")[0]).toBe(lead);
  });
});

describe("extractArticle: hard pages", () => {
  it("does not take a long comment thread for the story", () => {
    const comment = (n: number) =>
      `<li class="comment"><p>Comment ${n}: I have lived by this river for forty years, and I have never seen the council act this slowly, frankly.</p></li>`;
    const html = page(`<main><article class="story"><p>${prose("levee", 2)}</p></article>
      <section id="comments"><ol class="comment-list">${[1, 2, 3, 4, 5, 6, 7, 8].map(comment).join("")}</ol></section></main>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The levee report");
    expect(text).not.toContain("Comment 3");
  });
});

describe("extractArticle: links and names", () => {
  it("keeps a paragraph that is one linked sentence, drops a linked headline", () => {
    const html = page(`<article>
      <p>${prose("dock", 2)}</p>
      <p><a href="/charges">The harbour master faces a charge of negligence over the collapse of the north dock.</a></p>
      <p><a href="/other">Ferry fares to rise in spring</a></p>
      <p>${prose("crane", 2)}</p>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The harbour master faces a charge of negligence");
    expect(text).not.toContain("Ferry fares to rise");
  });

  it("keeps inline links whose class names look like furniture", () => {
    const html = page(`<article>
      <p>The inquiry into <a class="tag-link" href="/tag/dock">the dock collapse</a> opens on Monday, and the council will give evidence first.</p>
      <p>${prose("inquiry", 3)}</p>
    </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The inquiry into the dock collapse opens on Monday");
  });

  it("falls back to structure when furniture names hide a short story", () => {
    const html =
      page(`<div class="promo-wrapper"><div class="sidebar-text"><p>The ferry will not run on Sunday because of high winds, the operator said on Saturday evening.</p></div></div>
      <div class="promo-box"><p>Tickets can be refunded at the harbour office during opening hours.</p></div>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The ferry will not run on Sunday");
  });
});

describe("extractArticle: word boundaries", () => {
  it("never glues the words on either side of a removed element", () => {
    const html = page(`<article><p>${prose("weir", 2)}</p>
      <div>The water reached the country<div class="ad-slot">Advertisement</div>and the town by noon, officials said on Monday evening.</div>
      <p>${prose("sluice", 2)}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("the country and the town");
    expect(text).not.toContain("countryand");
  });
});

describe("extractArticle: leftovers", () => {
  it("drops a subheading whose section was all furniture", () => {
    const html = page(`<div class="main"><p>${prose("depot", 2)}</p><p>${prose("parts", 2)}</p>
      <h3>Popular</h3><ul><li><a href="/p1">Popular story number one</a></li><li><a href="/p2">Popular story number two</a></li><li><a href="/p3">Popular story number three</a></li></ul></div>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The parts report");
    expect(text).not.toContain("Popular");
  });
});
