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

  it("takes no unfilled template placeholder for a name, but a dotted user name", () => {
    // Act
    const meta = run(
      page(
        '<meta name="author" content="{{ page.author }}">',
        `<article><h1>Growing tomatoes</h1><p>Text.</p></article>`,
      ),
    );
    // Assess
    expect(meta.authors).toEqual([]);
    expect(
      run(
        page(
          '<meta name="author" content="jane.q.doe">',
          "<article><h1>Growing tomatoes</h1></article>",
        ),
      ).authors,
    ).toEqual(["jane.q.doe"]);
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

describe("author boxes", () => {
  it("reads the name heading an author box too long to be a byline", () => {
    // Prepare
    const bio =
      "Jane has grown vegetables on her allotment for twenty years and writes about soil, seeds and the weather that ruins them. ".repeat(
        3,
      );
    const body = `<article><h1>Growing tomatoes</h1><p>Text.</p>
      <div class="post-author-box"><img src="/jane.jpg" alt=""><div><h4>Jane Doe</h4><p>${bio}</p></div></div></article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("byline");
  });

  it("finds no name in a box that holds none", () => {
    // Prepare
    const text =
      "Subscribe to our letters about the garden, the kitchen and the orchard, sent every Friday morning. ".repeat(
        3,
      );
    const body = `<article><h1>Growing tomatoes</h1><div class="author-signup"><p>${text}</p><a href="/signup">Sign up now</a></div></article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual([]);
  });

  it("reads at most a few boxes and a bounded number of elements in each", () => {
    // Prepare: many large author-classed boxes with no name inside.
    const filler = "<span>one two three</span>".repeat(300);
    const boxes = `<div class="author-x">${filler}</div>`.repeat(50);
    // Act
    const meta = run(page("", `<article><h1>Growing tomatoes</h1>${boxes}</article>`));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("a site named after a person", () => {
  it("credits the person the site is named after when nothing else credits anyone", () => {
    // Prepare
    const body =
      '<header><a href="/">Jane Doe</a><a href="/about">About</a></header><article><h1>Growing tomatoes</h1><p>Text.</p></article>';
    // Act
    const meta = run(page("", body), "https://janedoe.example/posts/tomatoes");
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("site-name");
  });

  it("reads the declared site name too", () => {
    // Act
    const meta = run(
      page(
        '<meta property="og:site_name" content="Jane Doe">',
        "<article><h1>Growing tomatoes</h1></article>",
      ),
      "https://jane.blog.example/tomatoes",
    );
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it.each([
    // A brand of two capitalised words that is not in the host name.
    ["https://gardenshop.example/tomatoes", '<a href="/">Proven Growers</a>'],
    // A person-shaped brand, but the host is another name.
    ["https://example.com/tomatoes", '<a href="/">Jane Doe</a>'],
  ])("credits no one on %s", (url, header) => {
    // Act
    const meta = run(
      page("", `<header>${header}</header><article><h1>Growing tomatoes</h1></article>`),
      url,
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });

  it("gives way to any other credit", () => {
    // Prepare
    const body =
      '<header><a href="/">Jane Doe</a></header><article><h1>Growing tomatoes</h1><p class="byline">By John Roe</p></article>';
    // Act
    const meta = run(page("", body), "https://janedoe.example/posts/tomatoes");
    // Assess
    expect(meta.authors).toEqual(["John Roe"]);
  });
});

describe("a site named after a brand", () => {
  it("is no person even when its words are in the host name", () => {
    // Act
    const meta = run(
      page(
        '<meta property="og:site_name" content="Example Blog">',
        "<article><h1>Growing tomatoes</h1></article>",
      ),
      "https://blog.example.com/tomatoes",
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("bylines of a list of posts", () => {
  it.each([
    ["cards side by side", (card: string) => `<main>${card}${card}${card}</main>`],
    [
      "cards in list items",
      (card: string) => `<ul><li><div>${card}</div></li><li><div>${card}</div></li></ul>`,
    ],
  ])("skips the footer of %s", (_, layout) => {
    // Prepare
    const card =
      '<article><h2>A post</h2><footer><a href="/author/jdoe/">Jane Doe</a></footer></article>';
    // Act
    const meta = run(page("", `<h1>The Example Blog</h1>${layout(card)}`));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

const PARAGRAPH =
  "<p>Tomatoes want a warm, sheltered bed, steady water and a stake put in before the roots spread, not after the first storm.</p>";

describe("markup authors of one article", () => {
  it("reads the authors of the article holding the headline, not those of the cards beside it", () => {
    // Prepare
    const card = (name: string) =>
      `<article itemscope itemtype="https://schema.org/Article"><h4>Another post</h4><span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${name}</span></span></article>`;
    const body = `<main>${card("Max Muster")}<article itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">Growing tomatoes</h1><span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Doe</span></span>${PARAGRAPH}</article>${card("John Roe")}</main>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("microdata");
  });

  it("skips markup authors in a related-stories box and on a story's linked card", () => {
    // Prepare
    const related =
      '<section class="related-posts"><span itemprop="author">John Roe</span></section>';
    const linkedCard =
      '<a href="/another-post"><h3>Another post</h3><div itemprop="author">By Max Muster</div></a>';
    const body = `<article><h1>Growing tomatoes</h1><p class="byline">By Jane Doe</p>${PARAGRAPH}${related}${linkedCard}</article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("skips a markup author after a reviewer's label", () => {
    // Prepare
    const body = `<article><h1>Growing tomatoes</h1><div><span itemprop="author">Jane Doe</span></div><div>Reviewed by <span itemprop="author">John Roe</span></div>${PARAGRAPH}</article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });
});

describe("bylines on story cards", () => {
  it("skips a lead-in byline inside a link that holds another story's headline", () => {
    // Prepare
    const card = '<a href="/another-post"><h3>Another post</h3><div>By Max Muster</div></a>';
    const body = `<main><article><h1>Growing tomatoes</h1><p>By Jane Doe</p>${PARAGRAPH}</article>${card}</main>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("keeps a name heading inside the author's own link", () => {
    // Act
    const meta = run(
      page(
        "",
        `<article><h1>Growing tomatoes</h1>${PARAGRAPH}<div class="author-card"><a href="/team/jane"><h4 class="author-name">Jane Doe</h4></a></div></article>`,
      ),
    );
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("reads only the first of several date-and-author lines", () => {
    // Prepare
    const line = (date: string, name: string) => `<div class="date-author">${date} ${name}</div>`;
    const body = `<main><h1>Growing tomatoes</h1>${line("May 22, 2024", "Jane Doe")}${PARAGRAPH}<section>${line("May 2, 2024", "John Roe")}${line("April 30, 2024", "Max Muster and Jane Doe")}</section></main>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });
});

describe("author boxes after a byline element that names no one", () => {
  it("reads the box when the author-classed element holds only the date", () => {
    // Prepare
    const bio = "<p>Jane writes about vegetables, soil and the weather that ruins them both.</p>";
    const body = `<article><h1>Growing tomatoes</h1>${PARAGRAPH}<div class="post-author"><img src="/jane.jpg" alt=""><div class="post-author-text"><div>Jane Doe</div><div class="post-author-date">May 22, 2024 • 5 min read</div>${bio}</div></div></article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("skips the author of a testimonial or a quote", () => {
    // Prepare
    const body = `<article><h1>Garden design services</h1>${PARAGRAPH}<div class="testimonial"><p>They planned our garden beautifully and on time.</p><div class="author-details"><span>Max Muster</span>, <span>Head of Facilities</span></div></div></article>`;
    // Act
    const meta = run(page("", body));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("a signature at the end of the text", () => {
  it("reads a short bold name closing the text", () => {
    // Act
    const meta = run(
      page(
        "",
        `<article><h1>Growing tomatoes</h1>${PARAGRAPH.repeat(3)}<p style="text-align:right"><strong>Jane Doe</strong></p></article>`,
      ),
    );
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
    expect(meta.provenance.authors).toBe("byline");
  });

  it.each([
    ["a bold line with text after it", `<p><strong>Jane Doe</strong></p>${PARAGRAPH}`],
    ["a bold heading of four words", "<p><strong>Simple Summer Porch Refresh</strong></p>"],
    ["a line partly in bold", "<p><strong>Jane</strong> Doe wrote this.</p>"],
  ])("does not read %s", (_, tail) => {
    // Act
    const meta = run(
      page("", `<article><h1>Growing tomatoes</h1>${PARAGRAPH.repeat(3)}${tail}</article>`),
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });

  it("does not read a bold name after fewer than three paragraphs", () => {
    // Act
    const meta = run(
      page("", `<article><h1>Growing tomatoes</h1>${PARAGRAPH}<p><b>Jane Doe</b></p></article>`),
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("a name beside the headline's date line", () => {
  it.each([
    [
      "the date line",
      '<div><span>2024-05-22</span><span>·</span><a title="Jane Doe">Jane Doe</a></div>',
    ],
    ["a name before the date", "<div><span>Jane Doe |</span> <span>22.05.2024</span></div>"],
    [
      "a line of its own",
      "<p>Jane Doe</p><div><p><span>22.05.2024</span> · <span>6 min read</span></p></div>",
    ],
    [
      "a date line with a category link",
      '<p>May 22, 2024 • Jane Doe in <a href="/category/garden">Garden Care</a></p>',
    ],
  ])("reads the name in %s", (_, header) => {
    // Act
    const meta = run(page("", `<main><h1>Growing tomatoes</h1>${header}${PARAGRAPH}</main>`));
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it.each([
    [
      "a dek with a date",
      "<p>Managing Legal Issues in the Garden and Orchard Industry May 22, 2024</p>",
    ],
    ["a category link", '<p><a href="/category/garden">Garden Care</a> · May 22, 2024</p>'],
    ["a date line far below the headline", `${PARAGRAPH.repeat(4)}<p>Jane Doe · May 22, 2024</p>`],
  ])("credits no one for %s", (_, header) => {
    // Act
    const meta = run(page("", `<main><h1>Growing tomatoes</h1>${header}${PARAGRAPH}</main>`));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("a user name after a lower-case lead-in", () => {
  it("credits the account a blog names", () => {
    // Act
    const meta = run(
      page("", `<article><h1>Growing tomatoes</h1><div>by jdoe42</div>${PARAGRAPH}</article>`),
    );
    // Assess
    expect(meta.authors).toEqual(["jdoe42"]);
  });

  it("takes no words from a menu of lead-in lines", () => {
    // Prepare
    const menu = "<div><div>By industry</div><div>By role</div></div>";
    // Act
    const meta = run(page("", `${menu}<article><h1>Growing tomatoes</h1>${PARAGRAPH}</article>`));
    // Assess
    expect(meta.authors).toEqual([]);
  });
});

describe("bounds of the last-resort credits", () => {
  it("reads one signature from a page of thousands of bold lines and empty siblings", () => {
    // Prepare: bold name lines each followed by many empty elements, after body paragraphs.
    const empties = "<span></span>".repeat(200);
    const lines = `<p><strong>Jane Doe</strong></p>${empties}`.repeat(3000);
    const body = `<article><h1>Growing tomatoes</h1>${PARAGRAPH.repeat(3)}${lines}</article>`;
    // Act
    const meta = run(page("", body));
    // Assess: the first line has more bold lines after it, so it is no signature; the walk
    // after each line stops after a bounded number of siblings.
    expect(meta.authors.length).toBeLessThanOrEqual(1);
  });

  it("reads no date line past a huge sibling of the headline", () => {
    // Prepare
    const huge = `<div>${"<p>word </p>".repeat(20000)}</div>`;
    const body = `<main><h1>Growing tomatoes</h1>${huge}<p>Jane Doe · May 22, 2024</p></main>`;
    // Act
    const meta = run(page("", body));
    // Assess: more than a dek stands between the headline and the line.
    expect(meta.authors).toEqual([]);
  });
});

describe("lead-in bylines in headings", () => {
  it("reads a heading that credits the writer", () => {
    // Act
    const meta = run(
      page(
        "",
        `<article><h1>Growing tomatoes</h1>${PARAGRAPH}<h3>Written by Jane Doe</h3><p>Jane writes about vegetables.</p></article>`,
      ),
    );
    // Assess
    expect(meta.authors).toEqual(["Jane Doe"]);
  });

  it("reads no menu heading opening with a bare By", () => {
    // Act
    const meta = run(
      page(
        "",
        `<div class="menu"><h4>By Team Size</h4></div><article><h1>Growing tomatoes</h1>${PARAGRAPH}</article>`,
      ),
    );
    // Assess
    expect(meta.authors).toEqual([]);
  });
});
