/**
 * Article pages made up on the spot, for the loopback sites the tests and the load script
 * serve: plain HTML the extractor reads as an article (title, author, date, canonical URL).
 */

export function articlePage(options: {
  title: string;
  paragraphs: string[];
  canonical?: string;
  published?: string;
  author?: string;
}): string {
  const body = options.paragraphs.map((p) => `<p>${p}</p>`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${options.title} | The Test Gazette</title>
${options.canonical ? `<link rel="canonical" href="${options.canonical}">` : ""}
<meta property="og:title" content="${options.title}">
${options.published ? `<meta property="article:published_time" content="${options.published}">` : ""}
${options.author ? `<meta name="author" content="${options.author}">` : ""}
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>${options.title}</h1>${body}</article></main>
<footer>© The Test Gazette</footer></body></html>`;
}

/** A paragraph of ordinary prose long enough to count as article text. */
export function prose(seed: string): string {
  return `${seed} The council met on Tuesday evening to discuss the plan, which residents have debated for months. Several speakers said the proposal would change how the neighbourhood works, and the chair promised a written answer before the next meeting.`;
}
