import { gunzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSite, startSampleSite } from "../../cli/local/sample-site";

describe("sample site", () => {
  let site: SampleSite;

  beforeAll(async () => {
    site = await startSampleSite();
  });

  afterAll(async () => {
    await site.close();
  });

  it("listens on a loopback port and lists at least four articles", () => {
    // Assess
    expect(site.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.urls.articles.length).toBeGreaterThanOrEqual(4);
    for (const url of site.urls.articles) expect(url.startsWith(site.origin)).toBe(true);
  });

  it("serves each article with the parts of a real news page", async () => {
    for (const url of site.urls.articles) {
      // Act
      const res = await fetch(url);
      const html = await res.text();

      // Assess
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(html).toContain("<nav");
      expect(html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
      expect(html).toContain('property="article:published_time"');
      expect(html).toContain('"datePublished"');
      expect(html).toMatch(/<time[^>]+datetime="2026-11-/);
      expect(html).toMatch(/<figure[\s\S]*<img[\s\S]*<figcaption[\s\S]*class="credit"/);
      expect(html).toMatch(/class="related"/);
      expect(html).toMatch(/class="share/);
      expect(html).toContain('class="site-footer"');
      // The origin placeholder is filled in: canonical URLs are absolute and point here.
      expect(html).not.toContain("{{origin}}");
      expect(html).toContain(`<link rel="canonical" href="${url}">`);
      // The related teaser sits between body paragraphs.
      const body = html.slice(html.indexOf('class="article-body"'));
      const related = body.indexOf('class="related"');
      expect(body.lastIndexOf("<p>", related)).toBeGreaterThan(0);
      expect(body.indexOf("<p>", related + 1)).toBeGreaterThan(related);
    }
  });

  it("serves the Cyrillic article as windows-1251 bytes", async () => {
    // Act
    const res = await fetch(site.urls.cyrillic);
    const bytes = Buffer.from(await res.arrayBuffer());

    // Assess
    expect(res.headers.get("content-type")).toBe("text/html; charset=windows-1251");
    const text = iconv.decode(bytes, "windows-1251");
    expect(text).toContain("Библиотека на набережной продлевает часы работы");
    expect(text).toContain(`href="${site.urls.cyrillic}"`);
    // "Б" is one byte (0xC1) in windows-1251, two in UTF-8.
    expect(bytes.includes(Buffer.from([0xc1, 0xe8, 0xe1, 0xeb, 0xe8, 0xee]))).toBe(true);
    expect(bytes.includes(Buffer.from("Библиотека", "utf8"))).toBe(false);
  });

  it("serves a section index that is not an article", async () => {
    // Act
    const res = await fetch(site.urls.notArticle);
    const html = await res.text();

    // Assess
    expect(res.status).toBe(200);
    expect(html).toContain('og:type" content="website"');
    expect(html).not.toContain("NewsArticle");
    for (const url of site.urls.articles) expect(html).toContain(new URL(url).pathname);
  });

  it("lists every article in the RSS feed, the sitemap and the gzipped sitemap", async () => {
    // Prepare
    const parser = new XMLParser();
    const everyArticle = [...site.urls.articles, site.urls.cyrillic].sort();

    // Act
    const feed = parser.parse(await (await fetch(site.urls.feed)).text());
    const sitemap = parser.parse(await (await fetch(site.urls.sitemap)).text());
    const gz = await fetch(site.urls.sitemapGz);
    const gzSitemap = parser.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString());

    // Assess
    const links = (feed.rss.channel.item as { link: string }[]).map((i) => i.link).sort();
    const locs = (sitemap.urlset.url as { loc: string }[]).map((u) => u.loc).sort();
    const gzLocs = (gzSitemap.urlset.url as { loc: string }[]).map((u) => u.loc).sort();
    expect(links).toEqual(everyArticle);
    expect(locs).toEqual(everyArticle);
    expect(gz.headers.get("content-type")).toBe("application/gzip");
    expect(gzLocs).toEqual(everyArticle);
  });

  it("allows every crawler in robots.txt", async () => {
    // Act
    const res = await fetch(site.urls.robots);

    // Assess
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text).toContain("User-agent: *");
    expect(text).toContain("Allow: /");
    expect(text).not.toMatch(/Disallow: \//);
  });

  it("answers conditional requests with 304", async () => {
    // Prepare
    const url = site.urls.articles[0] as string;
    const first = await fetch(url);
    await first.arrayBuffer();
    const etag = first.headers.get("etag") as string;
    const lastModified = first.headers.get("last-modified") as string;

    // Act
    const byEtag = await fetch(url, { headers: { "If-None-Match": etag } });
    const byDate = await fetch(url, { headers: { "If-Modified-Since": lastModified } });
    const changed = await fetch(url, { headers: { "If-None-Match": '"something-else"' } });

    // Assess
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe("");
    expect(byDate.status).toBe(304);
    expect(changed.status).toBe(200);
  });

  it("answers 404 for unknown paths and records every request", async () => {
    // Prepare
    const before = site.requests.length;

    // Act
    const res = await fetch(`${site.origin}/no/such/page.html`);
    await res.text();

    // Assess
    expect(res.status).toBe(404);
    expect(site.requests.slice(before)).toEqual([
      { method: "GET", path: "/no/such/page.html", at: expect.any(Number) },
    ]);
  });
});
