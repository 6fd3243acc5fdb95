/**
 * The structural signals of body extraction, each on a small page written for it: collapsed
 * panels, streamed segments, sections as <article>s, disclaimer boxes, the intro between
 * headline and body, structured-data bodies, and the lenient retry after over-cleaning.
 */
import { describe, expect, it } from "vitest";
import { MAX_STRUCTURED_BODY_CHARS } from "../../../functions/core/extract/body/structured-body";
import { extractArticle } from "../../../functions/core/extract/index";
import { P1, P2, P3, P4, P5, page, RIVER_URL as URL } from "../../support/river-story";

describe("hidden text", () => {
  it("keeps the text of collapsed accordion panels and tabs", () => {
    // Prepare: an article whose second half sits in panels hidden until opened
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <button aria-controls="a1" aria-expanded="false">Why did it rise?</button>
      <div id="a1" role="region" aria-labelledby="b1" style="display:none"><p>${P2}</p></div>
      <div class="accordion-collapse collapse" hidden><p>${P3}</p></div>
      <div role="tabpanel" aria-hidden="true" hidden><p>${P4}</p></div></article>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    for (const p of [P1, P2, P3, P4]) expect(text).toContain(p);
  });

  it("still drops hidden blocks that are not panels, and hidden panels of links", () => {
    const html = page(`<article><p>${P1}</p><p>${P2}</p>
      <div style="display:none"><p>Hidden sign-up text nobody sees, offering a weekly letter about the river.</p></div>
      <div class="collapse" hidden><a href="/a">Home page of the river news site</a> <a href="/b">Weather and tides for the week</a></div>
      </article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P2);
    expect(text).not.toContain("Hidden sign-up text");
    expect(text).not.toContain("Weather and tides");
  });

  it("puts React's streamed segments where their placeholders are", () => {
    // Prepare: the server sent paragraphs 2 and 3 late, at the end of the body
    const html = page(`<article><p>${P1}</p><template id="B:0"></template><p>${P4}</p></article>
      <div hidden id="S:0"><p>${P2}</p><p>${P3}</p></div>
      <script>$RC("B:0","S:0")</script>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess: all four, in reading order
    const at = [P1, P2, P3, P4].map((p) => text.indexOf(p));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("ignores a stray segment id on a visible or non-div element", () => {
    const html = page(
      `<article><p>${P1}</p><p>${P2}</p><span hidden id="S:1">Loading the live map of the river</span></article>`,
    );
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P1);
    expect(text).not.toContain("Loading the live map");
  });
});

describe("lists of <article> elements", () => {
  const long = (p: string) => `${p} ${P1} ${P2} ${P3} ${P4}`;

  it("keeps long <article> sections of one guide", () => {
    const html = page(`<main><h1>River guide</h1><div class="items">
      <article><h3>The mill</h3><p>${long(P1)}</p></article>
      <article><h3>The bridge</h3><p>${long(P4)}</p></article>
      <article><h3>The lanes</h3><p>${long(P3)}</p></article></div></main>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("The bridge");
    expect(text).toContain(P4);
  });

  const cards = (n: number, body: (i: number) => string) =>
    Array.from(
      { length: n },
      (_, i) => `<article><h3><a href="/s${i}">Story ${i}</a></h3><p>${body(i)}</p></article>`,
    ).join("");

  it("removes a list of teaser cards, and cards nested in the story", () => {
    const html = page(`<article><h1>River rises</h1><p>${long(P1)}</p><p>${long(P2)}</p><p>${P3}</p>
      <div class="more">${cards(3, (i) => `Short teaser number ${i} about the weather.`)}</div>
      <section>${cards(3, (i) => `${P4} ${P1} Card ${i}.`)}</section></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P3);
    expect(text).not.toContain("Short teaser number");
    expect(text).not.toContain("Card 1.");
  });

  it("keeps a round-up whose items are <article>s holding most of the story", () => {
    // Prepare: a short intro, then the reviewed items, each an <article> inside the story
    const html = page(`<article><h1>Five river walks</h1><p>${P1}</p>
      <div class="guide">${cards(5, (i) => `${long(P4)} Walk ${i}.`)}</div></article>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain(P1);
    for (const i of [0, 2, 4]) expect(text).toContain(`Walk ${i}.`);
  });
});

describe("disclaimers", () => {
  it("never chooses a long disclaimer box over a short article", () => {
    // Prepare: a two-paragraph story, then a longer disclaimer with many commas
    const disclaimer =
      "This material is for informational purposes only, is not intended to provide legal, tax or investment advice, and should not be relied on as such, in whole or in part, by any reader, client, partner, or visitor, for any purpose, at any time.";
    const html = page(`<div class="story"><h1>River rises</h1><p>${P1}</p><p>${P2}</p></div>
      <div class="legal"><p>${disclaimer}</p><p>Information was obtained from sources believed to be reliable, but it is not guaranteed as to accuracy, completeness, timeliness, or fitness, and may change.</p>
      <p>Products, services, rates, terms, and offers are subject to change, without notice, and may not be available in every state, region, or country.</p></div>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain(P1);
    expect(text).toContain(P2);
    expect(text).not.toContain("sources believed to be reliable");
  });

  it("keeps a disclaimer line inside the article it belongs to", () => {
    const html = page(`<article><p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p>
      <p>This article is for informational purposes only.</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("for informational purposes only");
  });
});

describe("the intro between headline and body", () => {
  it("puts the standfirst that sits outside the body first", () => {
    // Prepare: the standfirst is in the header, beside the headline, with no telling name
    const html = page(`<main><header><h1>River rises</h1>
      <div><p>Two metres in one night: the town's worst flood in forty years.</p></div></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text.startsWith("Two metres in one night")).toBe(true);
    expect(text).toContain(P3);
  });

  it("takes neither the lead image's caption nor repeated cards", () => {
    const card = "<p>Includes a free consultation with our team of experts.</p>";
    const html = page(`<main><header><h1>River rises</h1>
      <figure><img src="/r.jpg" alt=""><figcaption><p>Water over the old bridge on Tuesday morning, seen from the mill.</p></figcaption></figure>
      <div class="plans"><div>${card}</div><div>${card}</div></div></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P1);
    expect(text).not.toContain("Water over the old bridge");
    expect(text).not.toContain("free consultation");
  });

  it("removes a first-person affiliate disclosure under the headline", () => {
    const html =
      page(`<main><h1>River rises</h1><p>We may earn a commission when you buy through links on this page.</p>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P1);
    expect(text).not.toContain("commission");
  });
});

describe("bodies only in structured data", () => {
  const ld = (value: unknown) =>
    `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "NewsArticle", headline: "River rises", articleBody: value }).replaceAll("</", "<\\/")}</script>`;

  it("uses JSON-LD articleBody when the page has no article, and says so", () => {
    // Prepare: a client-rendered shell
    const html = page(`<div id="root"></div>`, ld(`${P1}\n${P2}\n\n${P3}`));
    // Act
    const article = extractArticle(html, URL);
    // Assess
    expect(article.text).toBe(`${P1}\n\n${P2}\n\n${P3}`);
    expect(article.provenance.body).toBe("json-ld");
  });

  it("reads HTML inside articleBody as HTML, sanitized", () => {
    const html = page(
      `<div id="root"></div>`,
      ld(`<p>${P1}</p><p>${P2}<script>alert(1)</script></p><img src=x onerror=alert(1)>`),
    );
    const article = extractArticle(html, URL);
    expect(article.text).toContain(P2);
    expect(article.html).not.toMatch(/script|onerror/);
    expect(article.provenance.body).toBe("json-ld");
  });

  it("prefers the DOM when it holds the article", () => {
    const html = page(`<article><p>${P1}</p><p>${P2}</p></article>`, ld(`${P3}\n${P4}`));
    const article = extractArticle(html, URL);
    expect(article.text).toContain(P1);
    expect(article.text).not.toContain(P3);
    expect(article.provenance.body).toBeUndefined();
  });

  it("ignores short, non-string and hostile values, and bounds a huge one", () => {
    for (const value of ["Too short.", 42, { text: 7 }, ["x"], null]) {
      const article = extractArticle(page(`<div id="root"></div>`, ld(value)), URL);
      expect(article.provenance.body).toBeUndefined();
    }
    const huge = `${"word ".repeat(60_000)}\n`.repeat(2);
    const article = extractArticle(page(`<div id="root"></div>`, ld(huge)), URL);
    expect(article.provenance.body).toBe("json-ld");
    expect(article.text.length).toBeLessThanOrEqual(MAX_STRUCTURED_BODY_CHARS);
  });
});

describe("over-cleaning", () => {
  it("retries without names when cleaning empties the chosen container", () => {
    // Prepare: a page builder wraps every paragraph in a "widget" (a negative name)
    const widgets = [P1, P2, P3, P4, P1.replace("river", "canal")]
      .map((p) => `<div class="widget-container"><p>${p}</p></div>`)
      .join("");
    const html = page(
      `<div class="page"><h1>River rises</h1><p>One short line of text before the body starts here.</p>${widgets}</div>`,
    );
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    for (const p of [P2, P3, P4]) expect(text).toContain(p);
  });
});

describe("page-builder bodies and layout names", () => {
  it("joins the sections of a body split over blocks that differ only by an id class", () => {
    // Prepare: each section is its own builder block, with a unique id token in its class
    const block = (id: string, p: string) =>
      `<div class="row"><div class="col"><div class="widget text-editor el-${id}"><p>${p}</p><p>${p}</p></div></div></div>`;
    const html = page(`<div class="site"><h1>River rises</h1>${block("3f2a91", P1)}
      ${block("b81c07", P2)}${block("77d0e4", P3)}</div>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    for (const p of [P1, P2, P3]) expect(text).toContain(p);
  });

  it("keeps a table and prose whose wrappers have layout names", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <div class="table-scroll"><table><tr><td>Gauge</td><td>Level</td></tr>
      <tr><td>Mill</td><td>3.2 m</td></tr><tr><td>Bridge</td><td>2.9 m</td></tr></table></div>
      <div class="text-widget"><p>${P3}</p></div><p>${P4}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("Bridge 2.9 m");
    expect(text).toContain(P3);
  });

  it("keeps an article header's standfirst but drops a site header of links", () => {
    const html = page(`<div class="site-header"><a href="/">Home</a> <a href="/news">News</a></div>
      <article><div class="story-header listing-header"><h1>River rises</h1><p>${P1} ${P4}</p></div>
      <p>${P2}</p><p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P1);
    expect(text).toContain(P3);
    expect(text).not.toContain("Home");
  });

  it("keeps an h1 that heads a later section, not the headline", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <h1>What the council did next</h1><p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("What the council did next");
    expect(text).not.toMatch(/^River rises/);
  });
});

describe("linked text and placeholders", () => {
  it("keeps a linked reference list but drops a list of linked headlines", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p><p>${P3}</p><ol>
      <li><a href="/r1">Doe J, Roe R, Poe P, et al. Floods of the lower valley</a>: a review. 2024.</li>
      <li><a href="/r2">Moe M, Low L, Kay K. Bridges under pressure, a field study</a>. 2023.</li>
      <li>Field notes of the council engineers, kept at the town library, volumes one to three, with the gauge readings of every flood since the old mill was built.</li></ol>
      <ul><li><a href="/s1">Storm closes the coast road again</a></li><li><a href="/s2">Ferry timetable changes this week</a></li>
      <li><a href="/s3">Mayor opens the new harbour steps</a></li></ul></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("Floods of the lower valley");
    expect(text).not.toContain("Ferry timetable");
  });

  it("drops consent placeholders and sign-up small print", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <div class="embed-consent"><p>External content from a video platform is shown here. Click to show it.</p></div>
      <p>${P2}</p><p>By signing up, you agree to receive our letters about the river.</p><p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P3);
    expect(text).not.toContain("External content");
    expect(text).not.toContain("By signing up");
  });
});

describe("leads and headings outside or at the edge of the body", () => {
  const DECK = "Two metres of water in one night and the worst flood in forty years";

  it("takes a deck set as a heading under the headline, without a full stop", () => {
    // Prepare: the deck is an h2 right under the h1, with no telling name and no full stop
    const html = page(`<main><header><h1>River rises</h1><h2>${DECK}</h2></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text.startsWith(DECK)).toBe(true);
    expect(text).toContain(P3);
  });

  it("takes a deck in an h4 too, but not a run of key-point headings", () => {
    const deckInH4 = page(`<main><header><h1>River rises</h1><h4>${DECK}</h4></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    expect(extractArticle(deckInH4, URL).text.startsWith(DECK)).toBe(true);
    const points = page(`<main><header><h1>River rises</h1>
      <h3>Residents of the lower town were moved overnight by boat</h3>
      <h3>The old bridge stays closed until the engineers have checked it</h3></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
    const { text } = extractArticle(points, URL);
    expect(text).toContain(P1);
    expect(text).not.toContain("Residents of the lower town");
  });

  it("leaves out a kicker line that repeats the headline, and takes the lead after it", () => {
    const lead =
      "The water rose two metres in one night. The town had not seen such a flood in forty years.";
    const title = "Flood in the valley: will the river rise again tonight?";
    const html = page(`<main><header><h1>${title}</h1>
      <div><span>Flood in the valley: will the river rise?</span></div><p>${lead}</p></header>
      <div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`).replace(
      "<title>River rises</title>",
      `<title>${title}</title>`,
    );
    const { text } = extractArticle(html, URL);
    expect(text.startsWith(lead)).toBe(true);
    expect(text).not.toContain("will the river rise?");
  });

  it("finds the standfirst in a header further from the body when it holds the headline", () => {
    // Prepare: the body sits nine levels below the article, the header with the deck beside it
    const deep = (inner: string) =>
      `<div><div><div><div><div><div><div><div>${inner}</div></div></div></div></div></div></div></div>`;
    const html =
      page(`<div class="post"><div class="post-top"><h1>River rises</h1><h2>${DECK}</h2></div>
      ${deep(`<div class="content"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div>`)}</div>`);
    const { text } = extractArticle(html, URL);
    expect(text.startsWith(DECK)).toBe(true);
    expect(text).toContain(P3);
  });

  it("keeps section headings whose anchor id spells a furniture word", () => {
    // Prepare: table-of-contents anchors spelled from the heading text ("social", "share")
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <h2 id="social-help-after-the-flood">Social help after the flood</h2><p>${P2}</p>
      <h2 id="h-share-of-homes-flooded">Share of homes flooded</h2><p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("Social help after the flood");
    expect(text).toContain("Share of homes flooded");
    expect(text).toContain(P3);
  });

  it("still drops a heading whose id names furniture rather than its text", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <h3 id="social-links">Follow us everywhere</h3><p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P3);
    expect(text).not.toContain("Follow us everywhere");
  });
});

describe("parts of a split body", () => {
  it("joins a sibling block of questions and answers that scores little on its own", () => {
    // Prepare: the FAQ answers sit three levels down, so the block itself earns few points
    const qa = (q: string, a: string) =>
      `<div class="item"><div class="q"><h3>${q}</h3></div><div class="a"><div><p>${a}</p></div></div></div>`;
    const html = page(`<div class="layout"><div class="story"><h1>River rises</h1>
      <p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p></div>
      <div class="questions"><h2>Questions readers asked</h2>
      ${qa("When will the bridge reopen?", "The council expects the engineers to finish their checks of the piers by the end of the week, weather permitting.")}
      ${qa("Where can residents get sandbags?", "Sandbags are handed out at the fire station and at the rowing club every morning from seven until the water falls again.")}
      ${qa("Who pays for the damage?", "Householders should call their insurer first; the council will help those without cover from its emergency fund.")}
      </div></div>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain(P4);
    expect(text).toContain("Questions readers asked");
    expect(text).toContain("Sandbags are handed out at the fire station");
  });

  it("does not join a sibling block that holds a form", () => {
    // Prepare: prose paragraphs nested as deep as the FAQ answers above, beside a form
    const deep = (p: string) => `<div><div><div><p>${p}</p></div></div></div>`;
    const html = page(`<div class="layout"><div class="story"><h1>River rises</h1>
      <p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p></div>
      <div class="advice"><h2>Talk to our flood advisers</h2>
      ${deep("Our advisers, available every day of the week, help householders plan their repairs and claims after a flood.")}
      ${deep("Leave your name and number and one of them will call you back within a working day to arrange a visit.")}
      ${deep("The visit is free of charge, and the adviser will bring a written list of the repairs that your insurer is likely to cover.")}
      <form action="/call"><label>Name</label><input name="n"></form></div></div>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P4);
    expect(text).not.toContain("Our advisers");
  });

  it("does not join a sibling block that is mostly links", () => {
    const link = (t: string) =>
      `<div class="card"><div><p><a href="/n/${t.length}">${t}</a> and more.</p></div></div>`;
    const html = page(`<div class="layout"><div class="story"><h1>River rises</h1>
      <p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p></div>
      <div class="more">
      ${link("The mill reopens after a summer of repairs to its wheel and its roof")}
      ${link("The rowing club wins the regional cup for the third year in a row")}
      ${link("The school choir travels to the city for the spring festival of music")}
      </div></div>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P4);
    expect(text).not.toContain("rowing club wins");
  });
});

describe("recall: text figures, paragraph runs, gaps between parts", () => {
  it("reads a table set in a figure with its caption, but not a picture's caption", () => {
    // Prepare: a block editor wraps the table in <figure>; a photo has its own figure
    const rows = ["Upton 41", "Downby 38", "Millford 52"]
      .map((r) => `<tr><td>${r.split(" ")[0]}</td><td>${r.split(" ")[1]}</td></tr>`)
      .join("");
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <figure class="wp-block-table"><table><thead><tr><th>Town</th><th>Rain (mm)</th></tr></thead>
      <tbody>${rows}</tbody></table><figcaption>Source: the county gauge network</figcaption></figure>
      <p>${P2}</p><figure><img src="/img/bridge.jpg" alt=""><figcaption>The old bridge at noon</figcaption></figure>
      <p>${P3}</p></article>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain("Millford 52");
    expect(text).toContain("Source: the county gauge network");
    expect(text).not.toContain("The old bridge at noon");
  });

  it("leaves a quote set in a figure (an embedded post) out of the text", () => {
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <figure class="embed"><blockquote><p>Water everywhere on the quay tonight, stay safe everyone.</p></blockquote></figure>
      <p>${P3}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain(P3);
    expect(text).not.toContain("Water everywhere on the quay");
  });

  it("keeps a sentence about newsletters in the paragraph run, drops a newsletter pitch", () => {
    // Prepare: one paragraph of the story names newsletters; a pitch stands apart in a box
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <p>The council warned residents by text message, on local radio and in its weekly newsletter.</p>
      <p>${P2}</p><p>${P3}</p>
      <div class="box"><p>Get our river newsletter every Friday morning.</p></div><p>${P4}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("in its weekly newsletter");
    expect(text).not.toContain("Get our river newsletter");
  });

  it("keeps a sentence about newsletters in a body that sets each paragraph in a widget", () => {
    // Prepare: every paragraph in a wrapper of the same shape, as page builders write them
    const widget = (p: string) => `<div class="widget"><div class="inner"><p>${p}</p></div></div>`;
    const html = page(
      `<article><h1>River rises</h1>${[
        P1,
        "The council warned residents by text message, on local radio and in its weekly newsletter.",
        P2,
        P3,
      ]
        .map(widget)
        .join(
          "",
        )}<div class="box"><p>Get our river newsletter every Friday morning.</p></div>${widget(P4)}</article>`,
    );
    const { text } = extractArticle(html, URL);
    expect(text).toContain("in its weekly newsletter");
    expect(text).not.toContain("Get our river newsletter");
  });

  it("reads a body split over sibling blocks whole, subheadings between the parts included", () => {
    // Prepare: one block per paragraph run or subheading; the subheading blocks score nothing
    const block = (inner: string) => `<section><div>${inner}</div></section>`;
    const html = page(`<div class="column"><h1>River rises</h1>
      ${block(`<p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p>`)}
      ${block("<h2>How the bridge held</h2>")}
      ${block(`<p>${P5}</p>`)}
      ${block('<ul><li><a href="/a">Storm closes the coast road</a></li><li><a href="/b">Ferry timetable changes</a></li></ul>')}
      ${block("<h2>What the shops say</h2>")}
      ${block(`<p>${P1}</p><p>${P2}</p><p>${P3}</p>`)}</div>
      <div class="more"><p>${P3}</p></div>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain("How the bridge held");
    expect(text).toContain("What the shops say");
    expect(text).toContain(P5);
    expect(text).not.toContain("Ferry timetable changes");
  });

  it("keeps a linked list the story announces with a colon, drops a labelled list of links", () => {
    // Prepare: a sentence ending in a colon introduces linked names; "Related:" is a label
    const links = (items: string[]) =>
      `<ul>${items.map((t, i) => `<li><a href="/p/${i}">${t}</a></li>`).join("")}</ul>`;
    const html = page(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <p>The rowing club lent boats to three other clubs on the river:</p>
      ${links(["Upton Sculling Club", "Downby Canoe Club", "Millford Boat House"])}
      <p>${P3}</p><p>Related:</p>
      ${links(["Storm closes the coast road", "Ferry timetable changes", "Harbour steps reopen"])}
      <p>${P4}</p></article>`);
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain("Downby Canoe Club");
    expect(text).not.toContain("Ferry timetable changes");
  });

  it("keeps the space an inline element holds between two words", () => {
    // Prepare: the only space between "from" and the link sits in nested spans
    const html = page(`<article><h1>River rises</h1><p>${P1}</p>
      <p><span>The boats came from</span><span><span> </span></span><a href="/clubs/upton">Upton</a> and from the school by the mill, where they are kept in winter.</p>
      <p>${P2}</p></article>`);
    const { text } = extractArticle(html, URL);
    expect(text).toContain("came from Upton and");
  });
});
