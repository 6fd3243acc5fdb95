/**
 * Small hand-written pages of each kind, for the page-kind tests: a product, a forum
 * thread, a category grid, a documentation page, a service front page, a news story and a
 * blog post with comments. The text is made up for the purpose.
 */

const SENTENCES = [
  "The committee met on Tuesday evening to weigh the proposal in front of a full room.",
  "Residents who spoke at the meeting were divided on the cost and the timing of the work.",
  "Engineers said the old structure had reached the end of its safe life some years ago.",
  "A decision on the budget is expected before the end of the month, officials said.",
  "Several shop owners on the street asked for the works to avoid the busy summer season.",
  "The council has promised to publish the full report and the tender documents online.",
];

/** `n` paragraphs of made-up prose, each two sentences long. */
export function paragraphs(n: number, offset = 0): string {
  return Array.from({ length: n }, (_, i) => {
    const a = SENTENCES[(i + offset) % SENTENCES.length];
    const b = SENTENCES[(i + offset + 1) % SENTENCES.length];
    return `<p>${a} ${b}</p>`;
  }).join("\n");
}

function page(head: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

const SITE_NAV = `<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about/">About</a></nav></header>`;

/** One product for sale: JSON-LD Product with an Offer, a price, an add-to-cart button. */
export function productPage(): string {
  const ld = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: "Trail Runner 2 hiking shoe",
    offers: { "@type": "Offer", price: "89.90", priceCurrency: "EUR" },
  };
  return page(
    `<title>Trail Runner 2 hiking shoe | Outdoor Shop</title>
     <meta property="og:type" content="product">
     <script type="application/ld+json">${JSON.stringify(ld)}</script>`,
    `${SITE_NAV}
     <main><div class="product">
       <h1>Trail Runner 2 hiking shoe</h1>
       <img src="/img/shoe.jpg" alt="Trail Runner 2">
       <div class="product-price">€89.90</div>
       <form action="/cart/add" method="post">
         <select name="size"><option>41</option><option>42</option></select>
         <button type="submit" class="add-to-cart">Add to cart</button>
       </form>
       <h2>Description</h2>
       <p>A light hiking shoe with a grippy sole for wet rock and muddy forest trails, made to
       last a season of weekend walks and built on a wide last for comfort on long days.</p>
       <h2>Specifications</h2>
       <ul><li>Weight: 310 g</li><li>Drop: 8 mm</li><li>Upper: recycled mesh</li></ul>
     </div></main>`,
  );
}

/** A discussion thread: a question and replies in posts of the same shape. */
export function forumThreadPage(): string {
  const posts = Array.from(
    { length: 6 },
    (_, i) => `<div class="post" id="post-${i + 1}">
      <div class="post-author">member${i + 1}</div>
      <time datetime="2026-03-0${i + 1}T10:00:00Z">${i + 1} March</time>
      <div class="post-body"><p>${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i + 2) % SENTENCES.length]} Has anyone else tried this on their own setup?</p></div>
      <a href="#reply" class="reply">Reply</a>
    </div>`,
  ).join("\n");
  return page(
    `<title>Which router for a small office? - Networking forum</title>
     <meta property="og:type" content="website">`,
    `${SITE_NAV}<main><h1>Which router for a small office?</h1><div class="topic">${posts}</div>
     <form><textarea name="reply"></textarea><button>Post reply</button></form></main>`,
  );
}

/** A category page: a grid of products, each with an image, a name and a price. */
export function categoryGridPage(): string {
  const cards = Array.from(
    { length: 12 },
    (_, i) => `<li class="product-card">
      <a href="/products/shoe-${i + 1}"><img src="/img/shoe-${i + 1}.jpg" alt="">
      <h3>Trail shoe model ${i + 1}</h3></a>
      <span class="price">$${49 + i}.99</span>
    </li>`,
  ).join("\n");
  return page(
    `<title>Hiking shoes | Outdoor Shop</title>`,
    `${SITE_NAV}<main><h1>Hiking shoes</h1><p>Shoes for every kind of trail.</p>
     <ul class="product-grid">${cards}</ul></main>`,
  );
}

/** A documentation page: a side navigation of many links, text and code blocks. */
export function documentationPage(): string {
  const nav = Array.from(
    { length: 30 },
    (_, i) => `<li><a href="/docs/guide/topic-${i + 1}">Topic ${i + 1}</a></li>`,
  ).join("");
  const code = (name: string) =>
    `<pre><code>import { ${name} } from "example-lib";\n\nconst client = ${name}({ retries: 3, timeoutMs: 5000 });\nconst result = await client.fetch("/items", { limit: 20 });\nfor (const item of result.items) {\n  console.log(item.id, item.name, item.updatedAt);\n}\n</code></pre>`;
  return page(
    `<title>Configuration - example-lib documentation</title>`,
    `${SITE_NAV}<aside class="sidebar"><ul>${nav}</ul></aside>
     <main><h1>Configuration</h1>
     <p>The client takes an options object. Every option has a default, so a client made with
     no options at all works against the public endpoint.</p>
     ${code("createClient")}
     <h2>Retries</h2><p>Requests that fail with a timeout are retried up to three times.</p>
     ${code("withRetries")}
     <h2>Timeouts</h2><p>A request that takes longer than the timeout is abandoned.</p>
     ${code("withTimeout")}
     ${code("withLogging")}
     ${code("withCache")}
     ${code("withProxy")}
     </main>`,
  );
}

/** A company's front page: many short sections, calls to action, a contact form. */
export function serviceFrontPage(): string {
  const sections = [
    "Bookkeeping",
    "Payroll",
    "Tax returns",
    "Advisory",
    "Audits",
    "Training",
    "Pricing",
  ]
    .map(
      (name) =>
        `<section><h2>${name}</h2><p>We handle ${name.toLowerCase()} for small firms.</p><a href="/contact">Get started</a></section>`,
    )
    .join("\n");
  return page(
    `<title>Ledger and Co - accounting for small businesses</title>`,
    `${SITE_NAV}<main><h1>Accounting that keeps up with you</h1>${sections}
     <form><input type="text" name="name"><input type="email" name="email"><button>Book a call</button></form></main>`,
  );
}

/** A news story: NewsArticle markup, a byline, a date, paragraphs of text. */
export function newsStoryPage(): string {
  const ld = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: "Harbour bridge to close for repairs",
    datePublished: "2026-03-02T08:00:00Z",
    author: { "@type": "Person", name: "Ana Lima" },
  };
  return page(
    `<title>Harbour bridge to close for repairs | The Gazette</title>
     <meta property="og:type" content="article">
     <meta property="article:published_time" content="2026-03-02T08:00:00Z">
     <script type="application/ld+json">${JSON.stringify(ld)}</script>`,
    `${SITE_NAV}<main><article><h1>Harbour bridge to close for repairs</h1>
     <p class="byline">By Ana Lima</p><time datetime="2026-03-02T08:00:00Z">2 March 2026</time>
     ${paragraphs(8)}
     </article>
     <aside><h2>Most read</h2><ul><li><a href="/news/a">Another story</a></li><li><a href="/news/b">And another</a></li></ul></aside>
     </main>`,
  );
}

/** A blog post followed by readers' comments of the same shape. */
export function blogPostWithCommentsPage(): string {
  const comments = Array.from(
    { length: 8 },
    (_, i) => `<li class="comment" id="comment-${i + 1}">
      <div class="comment-author">Reader ${i + 1}</div>
      <time datetime="2026-03-0${(i % 9) + 1}">March</time>
      <div class="comment-body"><p>${SENTENCES[(i + 3) % SENTENCES.length]} Thanks for writing this up.</p></div>
    </li>`,
  ).join("\n");
  return page(
    `<title>What I learned rebuilding our garden shed - Tom's blog</title>
     <meta property="og:type" content="article">
     <meta name="author" content="Tom Baker">`,
    `${SITE_NAV}<main><article class="post"><h1>What I learned rebuilding our garden shed</h1>
     <div class="entry-meta">By Tom Baker, <time datetime="2026-02-28">28 February 2026</time></div>
     <div class="entry-content">${paragraphs(10, 2)}</div></article>
     <section class="comments"><h2>8 comments</h2><ol class="comment-list">${comments}</ol></section></main>`,
  );
}
