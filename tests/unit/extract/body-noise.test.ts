/**
 * Precision signals of body extraction, each on a small page written for it: boxes that
 * ask for input, buttons and calls to action, call-to-action cards in a story, another story
 * appended to the page, text hidden by a CSS kit's class, notice lines (rights, credits,
 * disclosures, paywalls, tip lines), and bodies read from a framework's JSON payload (with
 * hostile payloads: huge, deep, many).
 */
import { describe, expect, it } from "vitest";
import {
  MAX_STRUCTURED_BODY_CHARS,
  PAYLOAD_BOUNDS,
} from "../../../functions/core/extract/body/structured-body";
import { extractArticle } from "../../../functions/core/extract/index";
import { P1, P2, P3, P4, P5, page, RIVER_URL as URL } from "../../support/river-story";

function textOf(body: string, head = ""): string {
  return extractArticle(page(body, head), URL).text;
}

/** The head of a dated, credited story: its metadata says it is a story. */
const STORY_HEAD = `<meta property="article:published_time" content="2026-11-03T08:00:00Z">
  <meta name="author" content="Jane Doe">`;

describe("boxes that ask for input", () => {
  it("removes a sign-up box with an e-mail field, and keeps the story around it", () => {
    // Prepare: a newsletter box between paragraphs, its only text a pitch and a label
    const text = textOf(`<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      <div class="box"><h3>Stay in the loop</h3><p>The week's river news, every Friday.</p>
      <label>Your e-mail <input type="email" name="e"></label><button>Go</button></div>
      <p>${P3}</p></article>`);
    // Assess
    for (const p of [P1, P2, P3]) expect(text).toContain(p);
    expect(text).not.toContain("Stay in the loop");
    expect(text).not.toContain("every Friday");
  });

  it("removes a poll of radio buttons", () => {
    const text = textOf(`<article><p>${P1}</p><p>${P2}</p><div class="poll">
      <p>Which bridge should reopen first?</p>
      <label><input type="radio" name="a"> The old bridge.</label>
      <label><input type="radio" name="a"> The mill bridge.</label></div><p>${P3}</p></article>`);
    expect(text).toContain(P3);
    expect(text).not.toContain("Which bridge should reopen first?");
    expect(text).not.toContain("The mill bridge.");
  });

  it("keeps a checklist: checkboxes mark items of the text, not a form", () => {
    const items = ["Book the hall", "Order the flowers", "Send the invitations", "Hire a band"]
      .map((item) => `<li><label><input type="checkbox"> ${item}</label></li>`)
      .join("");
    const text = textOf(`<article><p>${P1}</p><ul>${items}</ul><p>${P2}</p></article>`);
    expect(text).toContain("Order the flowers");
    expect(text).toContain("Hire a band");
  });

  it("keeps prose that shares a box with a form, and a story wrapped in a page-wide form", () => {
    // Prepare: the story and a comment form in one wrapper; the whole page in a <form>
    const text = textOf(`<form id="page"><input type="hidden" name="state">
      <div class="story"><p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p>
      <div><textarea name="c"></textarea><input type="text" name="n"><input type="email" name="m"></div>
      </div></form>`);
    for (const p of [P1, P2, P3, P4]) expect(text).toContain(p);
  });
});

describe("buttons and calls to action", () => {
  it("removes short links styled as buttons and role=button controls", () => {
    const text = textOf(`<article><p>${P1}</p>
      <div><a class="btn btn-primary" href="/demo">Book a demo</a></div>
      <p><a class="wp-block-button__link" href="/trial">Start your free trial</a></p>
      <div role="button">Show more</div><p>${P2}</p></article>`);
    expect(text).toContain(P1);
    expect(text).toContain(P2);
    expect(text).not.toContain("Book a demo");
    expect(text).not.toContain("free trial");
    expect(text).not.toContain("Show more");
  });

  it("keeps a short story that ends with a button", () => {
    const text = textOf(`<article><div class="story"><p>${P1}</p>
      <a class="btn" href="/more">Read the report</a></div></article>`);
    expect(text).toContain(P1);
  });

  it("keeps a button-styled link inside a sentence, an accordion's question and long text", () => {
    const text = textOf(`<article><p>${P1}</p>
      <p>The council published <a class="btn" href="/r">the flood report</a> on its website today.</p>
      <div role="button" aria-expanded="false" aria-controls="q1">When will the bridge reopen?</div>
      <div id="q1"><p>${P2}</p></div>
      <div class="cta"><p>${P3}</p></div></article>`);
    expect(text).toContain("The council published the flood report on its website today.");
    expect(text).toContain("When will the bridge reopen?");
    expect(text).toContain(P3);
  });
});

describe("call-to-action cards in a story", () => {
  const card = (heading: string, pitch: string, button: string, cls = "tinted") =>
    `<div class="${cls}"><h3>${heading}</h3><p>${pitch}</p><div><a href="/go">${button}</a></div></div>`;

  it("removes a lone pitch card (subheading, a line, a button) set into a dated story", () => {
    // Prepare: the card stands after two paragraphs of the story, its button a plain link
    const text = textOf(
      `<article><h1>River rises</h1><p>${P1}</p><p>${P2}</p>
      ${card("Ready for the next flood?", "Our planner tells you what to pack and where to go.", "Get the planner")}
      <p>${P3}</p><p>${P4}</p></article>`,
      STORY_HEAD,
    );
    // Assess
    for (const p of [P1, P2, P3, P4]) expect(text).toContain(p);
    expect(text).not.toContain("Ready for the next flood?");
    expect(text).not.toContain("Our planner tells you");
    expect(text).not.toContain("Get the planner");
  });

  it("keeps cards that repeat (a round-up's items), cards shaped like their siblings, and button rows", () => {
    const items = ["Red boat", "Blue boat", "Green boat"]
      .map((name, i) =>
        card(
          name,
          `A sturdy rowing boat, number ${i + 1} in our test.`,
          "Check price",
          `item-${i}`,
        ),
      )
      .join("");
    const sections = ["North bank", "South bank"]
      .map(
        (name) =>
          `<section><h3>${name}</h3><p>The ${name.toLowerCase()} flooded first.</p><div><a href="/m">See the map</a></div></section><section><p>${P5}</p></section>`,
      )
      .join("");
    const row = `<div class="summary"><h3>Rank 1: The mill boat</h3><p>The steadiest boat of the test.</p>
      <div class="buttons"><a href="/offer">To the offer</a><a href="/review">To the review</a></div></div>`;
    const text = textOf(
      `<article><p>${P1}</p><p>${P2}</p>${items}${sections}${row}<p>${P3}</p></article>`,
      STORY_HEAD,
    );
    expect(text).toContain("A sturdy rowing boat, number 2 in our test.");
    expect(text).toContain("The south bank flooded first.");
    expect(text).toContain("The steadiest boat of the test.");
  });

  it("keeps a card in a page with no date or byline (a service's sections), and a hero before the story", () => {
    const pitch = card(
      "Ready for the next flood?",
      "Our planner tells you what to pack and where to go.",
      "Get the planner",
    );
    const service = textOf(`<main><p>${P1}</p><p>${P2}</p>${pitch}<p>${P3}</p></main>`);
    expect(service).toContain("Our planner tells you what to pack and where to go.");
    const hero = textOf(
      `<article>${pitch}<p>${P1}</p><p>${P2}</p><p>${P3}</p></article>`,
      STORY_HEAD,
    );
    expect(hero).toContain("Our planner tells you what to pack and where to go.");
  });

  it("removes a sign-up box whole in a story: its pitch and its status lines go with the form", () => {
    const text = textOf(
      `<article><p>${P1}</p><p>${P2}</p><div class="signup"><p>Never miss a flood warning again.</p>
      <form><input type="email" name="e"><input type="text" name="n"></form>
      <div class="done">Thank you! Please check your inbox.</div><div class="fail">Something went wrong.</div></div>
      <p>${P3}</p></article>`,
      STORY_HEAD,
    );
    for (const p of [P1, P2, P3]) expect(text).toContain(p);
    expect(text).not.toContain("Never miss a flood warning");
    expect(text).not.toContain("check your inbox");
    expect(text).not.toContain("Something went wrong");
  });

  it("keeps a post with its reply form, and a box whose form asks for no address", () => {
    const text = textOf(
      `<article><p>${P1}</p><p>${P2}</p><div class="post"><p>The ferry ran late again today.</p>
      <a href="/u/1">Jane</a> <a href="/p/3">Link to post</a>
      <form><input type="text" name="quote"><input type="text" name="reply"></form></div>
      <div class="box"><p>Rate this story.</p><form><input type="radio" name="r"><input type="radio" name="r"></form>
      <p>Readers rated the flood coverage highly.</p></div><p>${P3}</p></article>`,
      STORY_HEAD,
    );
    expect(text).toContain("The ferry ran late again today.");
    expect(text).toContain("Readers rated the flood coverage highly.");
  });

  it("keeps a page that is mostly its form (a search page) and bounds a huge run of cards", () => {
    const search = textOf(
      `<main><p>Find a boat by name, size or harbour, and book it for the day.</p><form>
      <input type="text" name="q"><input type="text" name="h"></form><p>${P1}</p></main>`,
      STORY_HEAD,
    );
    expect(search).toContain(P1);
    // Break it: 1,500 one-off cards in a row, each unique; extraction still finishes with the story
    const many = Array.from({ length: 1500 }, (_, i) =>
      card(`Offer ${i}`, `Pitch number ${i} for a boat.`, `Button ${i}`, `c${i}`),
    ).join("");
    const text = textOf(
      `<article><p>${P1}</p><p>${P2}</p>${many}<p>${P3}</p></article>`,
      STORY_HEAD,
    );
    expect(text).toContain(P3);
    expect(text).not.toContain("Pitch number 1499 for a boat.");
  });
});

describe("notice lines", () => {
  it("removes rights notices, credits after a caption, disclosures, paywall, messenger and tip lines", () => {
    const text = textOf(`<article><h1>River rises</h1><p>${P1}</p>
      <p>The old bridge at dawn © Jane Doe</p><p>${P2}</p>
      <p>Disclosure: as an affiliate, I earn from qualifying purchases. If you click a link on this page and buy a boat, the shop pays this site a small fee, and you pay the same price. We only ever recommend boats we have rowed ourselves, in all weathers, on this very river and on the lake beyond it.</p>
      <p>This post may contain affiliate links.</p>
      <p>Already a subscriber? Log in to read on.</p><p>La suite est réservée aux abonnés.</p>
      <p>Join us on WhatsApp for the latest flood news.</p>
      <p>Catch up on our river coverage, and follow us on Facebook and Instagram to stay up to date.</p>
      <p>Got a story? Get in touch with our news desk at desk@courier.example.</p>
      <p>${P3}</p><p>© 2026 The Courier. All rights reserved.</p><p>記事・写真の無断転載を禁じます。</p></article>`);
    for (const p of [P1, P2, P3]) expect(text).toContain(p);
    for (const gone of [
      "© Jane Doe",
      "qualifying purchases",
      "affiliate links",
      "Already a subscriber",
      "réservée aux abonnés",
      "WhatsApp",
      "follow us on Facebook",
      "desk@courier.example",
      "All rights reserved",
      "無断転載",
    ]) {
      expect(text).not.toContain(gone);
    }
  });

  it("keeps sentences that mention rights, e-mail or subscribers", () => {
    const lines = [
      "The council said residents keep all rights to claim damages for the flood, whatever the insurers say.",
      "Readers can write to the council at flood@council.example with photos of the damage.",
      "Subscribers to the ferry's text alerts were told of the delay an hour before it sailed.",
      "The report's author, Copyright Office veteran Jane Doe, wrote it in 2013.",
      "Seats in the gallery were reserved for members of parliament and their guests.",
      "Tickets for the regatta are available to club members first, then to the public.",
      "Families can deduct 30 percent of qualifying purchases, such as pumps and sandbags, from their tax.",
      "Asked whether the mill would close? A spokesperson pointed to a statement sent to press@mill.example.",
      "The archive's notice, all rights reserved by the family, hangs in the hall.",
    ];
    const text = textOf(
      `<article><p>${P1}</p>${lines.map((l) => `<p>${l}</p>`).join("")}<p>${P2}</p></article>`,
    );
    for (const l of lines) expect(text).toContain(l);
  });

  it("removes a 'you may also be interested in' heading with its links", () => {
    const text = textOf(`<article><p>${P1}</p><p>${P2}</p><p>${P3}</p>
      <h3>You may be interested in the following topics as well:</h3>
      <p><a href="/a">Floods of the past</a></p><p><a href="/b">How the gates work</a></p></article>`);
    expect(text).toContain(P3);
    expect(text).not.toContain("interested in");
    expect(text).not.toContain("How the gates work");
  });
});

describe("another story appended to the page", () => {
  it("removes an <article> whose own headline is not the title", () => {
    // Prepare: an endless scroll appended the next story, with its own h1
    const html = `<!doctype html><html lang="en"><head><title>River rises</title>
      <meta property="og:title" content="River rises"></head><body><main>
      <article><h1>River rises</h1><p>${P1}</p><p>${P2}</p></article>
      <article id="next"><h1>Library opens late</h1><p>The library on the quay will stay open until ten at night, the city said, starting next month.</p>
      <p>Readers asked for longer hours in a survey last spring, and the staff agreed to take turns on the late shift.</p></article>
      </main></body></html>`;
    // Act
    const { text } = extractArticle(html, URL);
    // Assess
    expect(text).toContain(P1);
    expect(text).toContain(P2);
    expect(text).not.toContain("library on the quay");
  });

  it("keeps <article> sections with headings of their own inside the story", () => {
    const html = `<!doctype html><html lang="en"><head><title>River rises</title></head><body>
      <article><h1>River rises</h1><p>${P1}</p>
      <article><h1>The bridge</h1><p>${P2}</p></article>
      <article><h1>The mill</h1><p>${P3}</p></article></article></body></html>`;
    const { text } = extractArticle(html, URL);
    for (const p of [P1, P2, P3]) expect(text).toContain(p);
  });
});

describe("text hidden by a class", () => {
  it("drops short class-hidden labels, and keeps responsive and long hidden text", () => {
    const long = `${P3} ${P4}`;
    const text = textOf(`<article><p>${P1}</p>
      <span class="sr-only">Opens in a new window</span>
      <div class="player"><div class="label hidden">Video unavailable</div></div>
      <p class="hidden md:block">${P2}</p>
      <div class="d-none"><p>${long}</p></div></article>`);
    expect(text).toContain(P1);
    expect(text).not.toContain("Opens in a new window");
    expect(text).not.toContain("Video unavailable");
    expect(text).toContain(P2);
    expect(text).toContain(P3);
  });
});

describe("bodies only in a framework's JSON payload", () => {
  const shell = `<div id="__next"></div>`;
  const next = (data: unknown) =>
    `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(data).replaceAll("</", "<\\/")}</script>`;
  const articleHead = `<meta property="og:type" content="article"><meta property="article:published_time" content="2026-11-03T08:00:00Z">`;

  it("reads the article from __NEXT_DATA__ when the DOM has none, and says so", () => {
    // Prepare: a client-rendered shell; the story as Markdown deep in the page props
    const body = `${P1}\nIt was wrapped at a fixed width.\n\n${P2}\n\n${P3}\n\n${P5}`;
    const data = { props: { pageProps: { post: { title: "River rises", slug: "river", body } } } };
    // Act
    const article = extractArticle(page(shell, articleHead + next(data)), URL);
    // Assess
    expect(article.provenance.body).toBe("json-payload");
    expect(article.text).toBe(`${P1} It was wrapped at a fixed width.\n\n${P2}\n\n${P3}\n\n${P5}`);
  });

  it("reads HTML from Nuxt's flat state, sanitized", () => {
    const html = `<p>${P1}</p><p>${P2}<script>alert(1)</script></p><p>${P3}</p><p>${P5}</p>`;
    const state = `<script type="application/json" id="__NUXT_DATA__">${JSON.stringify([{ data: 1 }, ["Reactive", 2], html]).replaceAll("</", "<\\/")}</script>`;
    const article = extractArticle(page(shell, articleHead + state), URL);
    expect(article.provenance.body).toBe("json-payload");
    expect(article.text).toContain(P2);
    expect(article.html).not.toMatch(/script|alert/);
  });

  it("prefers the DOM when it holds the article", () => {
    const data = { props: { body: `${P3} ${P4} ${P3} ${P4} ${P3}` } };
    const article = extractArticle(
      page(`<article><p>${P1}</p><p>${P2}</p></article>`, next(data)),
      URL,
    );
    expect(article.text).toContain(P1);
    expect(article.text).not.toContain(P3);
    expect(article.provenance.body).toBeUndefined();
  });

  it("ignores strings that are not prose: code, URLs, base64, short fields", () => {
    const data = {
      a: "x".repeat(5000),
      b: `https://cdn.example.com/${"a1b2c3".repeat(300)}`,
      c: "function f(){return 1;}; ".repeat(100),
      d: "River rises.",
    };
    const article = extractArticle(page(shell, articleHead + next(data)), URL);
    expect(article.provenance.body).toBeUndefined();
  });

  it("leaves a shop's state alone: a product page is not an article", () => {
    const product = `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "Product", name: "Kettle", offers: { "@type": "Offer", price: "20" } })}</script><meta property="og:type" content="product">`;
    const data = { props: { product: { description: `${P1} ${P2} ${P3} ${P4} ${P5}` } } };
    const article = extractArticle(
      page(shell, product + next(data)),
      "https://shop.example.com/products/kettle",
    );
    expect(article.provenance.body).toBeUndefined();
  });

  it("leaves a thread's or a feed's state alone: the longest of many posts is not the article", () => {
    // Prepare: a discussion whose posts (each long enough to be an article) are all in the
    // payload, none of them most of its prose
    const all = [P1, P2, P3, P4, P5];
    const posts = all.map((_, n) => ({
      id: n,
      contentHtml: `<p>${[...all.slice(n), ...all.slice(0, n)].join(" ")}</p>`,
    }));
    // Act
    const thread = extractArticle(page(shell, articleHead + next({ props: { posts } })), URL);
    // Assess
    expect(thread.provenance.body).toBeUndefined();
    // An HTML copy and a plain copy of the same story count once, so the story is still
    // most of the prose beside a long teaser of another one
    const story = all.join(" ");
    const teaser = [P5, P4, P3, P2].join(" ");
    const copies = next({ props: { html: `<p>${story}</p>`, plain: story, teaser } });
    const article = extractArticle(page(shell, articleHead + copies), URL);
    expect(article.provenance.body).toBe("json-payload");
    expect(article.text).toBe(story);
  });

  it("survives hostile payloads: huge, deeply nested, many, and broken", () => {
    const prose = `${P1} ${P2} ${P3} ${P4} ${P5}`;
    // A script over the size bound is skipped unread, even when it holds prose
    const huge = next({ body: prose, pad: "y ".repeat(PAYLOAD_BOUNDS.scriptChars) });
    expect(extractArticle(page(shell, articleHead + huge), URL).provenance.body).toBeUndefined();
    // Nesting far deeper than the bound: no crash, the deep string is not reached
    const deep = `<script type="application/json">${"[".repeat(100_000)}${JSON.stringify(prose)}${"]".repeat(100_000)}</script>`;
    expect(extractArticle(page(shell, articleHead + deep), URL).provenance.body).toBeUndefined();
    // Many blobs: only the first PAYLOAD_BOUNDS.scripts are read
    const noise = `<script type="application/json">{"n":1}</script>`.repeat(PAYLOAD_BOUNDS.scripts);
    const many = noise + next({ body: prose });
    expect(extractArticle(page(shell, articleHead + many), URL).provenance.body).toBeUndefined();
    // A broken blob is skipped; the next one is still read
    const broken = `<script type="application/json">{"body": "unterminated</script>${next({ body: prose })}`;
    const article = extractArticle(page(shell, articleHead + broken), URL);
    expect(article.provenance.body).toBe("json-payload");
    expect(article.text).toBe(prose);
    // A long body is cut at the structured-body bound
    const long = next({ body: `${prose} `.repeat(1000) });
    const cut = extractArticle(page(shell, articleHead + long), URL);
    expect(cut.text.length).toBeLessThanOrEqual(MAX_STRUCTURED_BODY_CHARS);
  });
});
