import { load } from "cheerio/slim";
import { describe, expect, it } from "vitest";
import { extractMetadata } from "../../../functions/core/extract/metadata/index";

const URL = "https://blog.example.com/2024/05/22/growing-tomatoes";

function run(html: string, url = URL) {
  return extractMetadata(load(html), url);
}

function ld(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
}

function page(head: string, body: string): string {
  return `<html><head>${head}</head><body>${body}</body></html>`;
}

describe("author fields in markup are taken as written", () => {
  it.each([
    ['<meta name="author" content="jane doe">', ["jane doe"]],
    ['<meta name="author" content="site_admin">', ["site_admin"]],
    [
      ld({
        "@type": "BlogPosting",
        headline: "x",
        author: { "@type": "Person", name: "gardener42" },
      }),
      ["gardener42"],
    ],
  ])("keeps the markup author %s", (head, authors) => {
    // Act
    const meta = run(page(head, "<article><h1>Growing tomatoes</h1><p>Text.</p></article>"));
    // Assess
    expect(meta.authors).toEqual(authors);
  });

  it("keeps a desk credit given alone by itemprop=author", () => {
    // Act
    const meta = run(
      page("", '<article><h1>Growing tomatoes</h1><span itemprop="author">Staff</span></article>'),
    );
    // Assess
    expect(meta.authors).toEqual(["Staff"]);
  });

  it("keeps a lower-case name out of running text", () => {
    // Act
    const meta = run(
      page("", '<article><h1>Growing tomatoes</h1><p class="byline">jane doe</p></article>'),
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });

  it("prefers a person named by the visible byline over a user name in markup", () => {
    // Prepare
    const head = '<meta name="author" content="jdoe.admin">';
    const body = '<article><h1>Growing tomatoes</h1><p class="byline">By Jane Doe</p></article>';
    // Act
    const meta = run(page(head, body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("byline");
  });

  it("keeps the user name when no byline names a person", () => {
    // Act
    const meta = run(
      page(
        '<meta name="author" content="jdoe.admin">',
        "<article><h1>Growing tomatoes</h1></article>",
      ),
    );
    // Assess
    expect(meta.authors).toEqual(["jdoe.admin"]);
  });
});

describe("JSON-LD organisation authors", () => {
  it("keeps an organisation's name whole and splits a person's list", () => {
    // Prepare
    const org = ld({
      "@type": "Article",
      headline: "x",
      author: { "@type": "GovernmentOrganization", name: "Office for Research and Policy" },
    });
    const people = ld({
      "@type": "Article",
      headline: "x",
      author: { "@type": "Person", name: "Jane Doe and John Roe" },
    });
    // Act
    const fromOrg = run(page(org, ""));
    const fromPeople = run(page(people, ""));
    // Assess
    expect(fromOrg.authors).toEqual(["Office for Research and Policy"]);
    expect(fromPeople.authors).toEqual(["Jane Doe", "John Roe"]);
  });
});

describe("bylines in the article's own footer", () => {
  it("reads the author link in a footer inside the article", () => {
    // Prepare
    const body = `<article><h1>Growing tomatoes</h1><p>Text.</p>
      <footer class="entry-meta">Posted by <a rel="author" href="/people/jd">Jane Doe</a></footer></article>
      <footer>Site by <a rel="author" href="/people/web">Web Agency Person</a></footer>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("still skips the page footer", () => {
    // Prepare
    const body = `<article><h1>Growing tomatoes</h1><p>Text.</p></article>
      <footer><p class="byline">By John Roe</p></footer>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual([]);
  });

  it("skips an article teaser inside the page footer", () => {
    // Prepare
    const body = `<main><h1>Growing tomatoes</h1><p>Text.</p></main>
      <footer><article><footer><a rel="author" href="/people/jr">John Roe</a></footer></article></footer>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("credits that are not person-shaped", () => {
  it.each([
    ['<div class="byline">Newsdesk</div>', ["Newsdesk"]],
    ['<div class="byline">The Example Team</div>', ["The Example Team"]],
    ['<div class="author">Redaktion</div>', ["Redaktion"]],
    // The site's own name in the byline element: the site credits itself.
    ['<div class="byline">Example Blog</div>', ["Example Blog"]],
    // Page chrome matched by the byline selectors stays out.
    ['<div class="author-tools">Share</div>', []],
    ['<div class="byline">Europe</div>', []],
  ])("reads %s", (byline, authors) => {
    // Prepare
    const head = '<meta property="og:site_name" content="Example Blog">';
    // Act
    const meta = run(
      page(head, `<article><h1>Growing tomatoes</h1>${byline}<p>Text.</p></article>`),
    );
    // Assess
    expect(meta.authors).toEqual(authors);
  });

  it("takes an author link's user name over a publisher-only credit in markup", () => {
    // Prepare
    const head = ld({
      "@type": "Article",
      headline: "x",
      author: { "@type": "Organization", name: "Example Blog" },
    });
    const body =
      '<article><h1>Growing tomatoes</h1><a href="/member/gardenfan/">GardenFan42</a><a rel="author" href="/member/gardenfan/">GardenFan42</a></article>';
    // Act
    const meta = run(page(`${head}<meta property="og:site_name" content="Example Blog">`, body));
    // Assess
    expect(meta.authors).toEqual(["GardenFan42"]);
  });
});

describe("lead-in bylines", () => {
  it("keeps the texts of the line's elements apart", () => {
    // Prepare
    const body =
      "<article><h1>Growing tomatoes</h1><p>By <b>Jane Doe</b><span>Senior Editor</span></p></article>";
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("keeps a name written inside a button of the line", () => {
    // Prepare
    const body = "<article><h1>Growing tomatoes</h1><p>By <button>Jane Doe</button></p></article>";
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });
});

describe("credits of other roles than the author's", () => {
  it.each([
    [
      "a reviewer's link after its label",
      '<p class="byline">By <a rel="author" href="/author/jane-doe">Jane Doe</a>. Reviewed by <a rel="author" href="/author/john-roe">John Roe</a></p>',
    ],
    [
      "a contributor line apart from the byline",
      '<div>By <a href="/author/jane-doe">Jane Doe</a></div><div>Contributions From: <a href="/author/john-roe">John Roe</a></div>',
    ],
    [
      "an editor after a list of writers",
      '<span>Written by: <ul><li><a href="/authors/jane-doe/">Jane Doe</a></li></ul></span><span>Edited by: <a href="/authors/john-roe/">John Roe</a></span>',
    ],
    [
      "an expert reviewer's box",
      '<span class="meta"><a href="/author/jane-doe/" class="author-link">Jane Doe</a></span><span class="meta expert"><a href="/author/john-roe/" class="author-link">John Roe</a></span>',
    ],
    [
      "an author link in a paragraph of the text",
      `<div class="byline"><a href="/author/jane-doe">Jane Doe</a></div><p>Our colleague <a href="/author/john-roe">John Roe</a> keeps this device on his desk and uses it every day to control the lights, the heating and the music in every room of the house, which he says is the best reason to buy it at all.</p>`,
    ],
  ])("leaves out %s", (_, byline) => {
    // Act
    const meta = run(page("", `<article><h1>Growing tomatoes</h1>${byline}<p>Text.</p></article>`));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("keeps every writer the label credits", () => {
    // Prepare
    const byline =
      '<span>Written by: <ul><li><a href="/authors/jane-doe/">Jane Doe</a></li><li><a href="/authors/john-roe/">John Roe</a></li></ul></span>';
    // Act
    const meta = run(page("", `<article><h1>Growing tomatoes</h1>${byline}</article>`));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe", "John Roe"]);
  });
});
