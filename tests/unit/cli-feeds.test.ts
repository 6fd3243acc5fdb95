import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  decodeXmlBytes,
  FeedFormatError,
  MAX_ENTRIES_PER_DOCUMENT,
  parseFeedDocument,
} from "../../functions/core/feeds/parse-feed";
import { type DocumentFetcher, readFeeds } from "../../functions/core/feeds/read-feeds";
import { buildUrlList, linesOf } from "../../functions/core/url-list";

const BASE = "https://news.example.com/feeds/main.xml";

describe("parseFeedDocument", () => {
  it("reads RSS 2.0 links and dates, falling back to a permalink guid", () => {
    // Prepare
    const xml = `<?xml version="1.0"?>
      <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
        <title>T</title><link>https://news.example.com/</link>
        <atom:link href="https://news.example.com/feeds/main.xml" rel="self"/>
        <item><title>A</title><link>https://news.example.com/a.html?x=1&amp;y=2</link>
          <pubDate>Fri, 27 Nov 2026 07:15:00 GMT</pubDate></item>
        <item><title>B</title><guid isPermaLink="true">https://news.example.com/b.html</guid></item>
        <item><title>C</title><guid isPermaLink="false">tag:news,2026:c</guid></item>
      </channel></rss>`;

    // Act
    const doc = parseFeedDocument(xml, BASE);

    // Assess
    expect(doc).toEqual({
      kind: "rss",
      cut: 0,
      entries: [
        { url: "https://news.example.com/a.html?x=1&y=2", date: "2026-11-27T07:15:00.000Z" },
        { url: "https://news.example.com/b.html" },
      ],
    });
  });

  it("reads RSS 1.0 (RDF) items with dc:date", () => {
    // Prepare
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="x"><title>T</title></channel>
        <item rdf:about="https://news.example.com/r.html"><link>https://news.example.com/r.html</link>
          <dc:date>2026-11-20T10:00:00+01:00</dc:date></item>
      </rdf:RDF>`;

    // Act
    const doc = parseFeedDocument(xml, BASE);

    // Assess
    expect(doc).toEqual({
      kind: "rdf",
      cut: 0,
      entries: [{ url: "https://news.example.com/r.html", date: "2026-11-20T09:00:00.000Z" }],
    });
  });

  it("reads Atom alternate links, resolving relative ones against xml:base", () => {
    // Prepare
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.com/2026/">
        <entry><link rel="self" type="application/atom+xml" href="/api/e1"/>
          <link rel="alternate" type="text/html" href="e1.html"/><updated>2026-11-02T00:00:00Z</updated></entry>
        <entry><link href="https://other.example.org/e2"/><published>2026-11-03T00:00:00Z</published></entry>
      </feed>`;

    // Act
    const doc = parseFeedDocument(xml, BASE);

    // Assess
    expect(doc.entries).toEqual([
      { url: "https://news.example.com/2026/e1.html", date: "2026-11-02T00:00:00.000Z" },
      { url: "https://other.example.org/e2", date: "2026-11-03T00:00:00.000Z" },
    ]);
  });

  it("prefers the Google News publication date over lastmod in a sitemap", () => {
    // Prepare
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>https://news.example.com/n1</loc><lastmod>2026-11-10</lastmod>
          <news:news><news:publication_date>2026-11-01T08:00:00Z</news:publication_date></news:news></url>
        <url><loc>https://news.example.com/n2</loc><lastmod>2026-11-11</lastmod></url>
        <url><loc>https://news.example.com/n3</loc></url>
      </urlset>`;

    // Act
    const doc = parseFeedDocument(xml, BASE);

    // Assess
    expect(doc).toEqual({
      kind: "sitemap",
      cut: 0,
      entries: [
        { url: "https://news.example.com/n1", date: "2026-11-01T08:00:00.000Z" },
        { url: "https://news.example.com/n2", date: "2026-11-11T00:00:00.000Z" },
        { url: "https://news.example.com/n3" },
      ],
    });
  });

  it("names the root element of a document that is not a feed", () => {
    // Act
    const act = () => parseFeedDocument("<catalog><book/></catalog>", BASE);

    // Assess
    expect(act).toThrow(FeedFormatError);
    expect(act).toThrow(/root element <catalog> is not a feed or sitemap/);
  });

  it("says an HTML page is not a feed, with the not-feed code", () => {
    const act = () => parseFeedDocument("<!DOCTYPE html><html><body>hi</body></html>", BASE);

    expect(act).toThrow(/HTML page, not a feed or sitemap/);
    try {
      act();
    } catch (error) {
      expect((error as FeedFormatError).code).toBe("not-feed");
    }
  });

  it("reads a JSON Feed's item URLs and dates, and refuses other JSON", () => {
    const feed = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      home_page_url: "https://j.example/",
      items: [
        { id: "1", url: "/a", date_published: "2026-11-30T10:00:00+01:00" },
        { id: "2", external_url: "https://other.example/b" },
        { id: "3" },
      ],
    });

    const parsed = parseFeedDocument(feed, BASE);

    expect(parsed).toEqual({
      kind: "json",
      cut: 0,
      entries: [
        { url: "https://j.example/a", date: "2026-11-30T09:00:00.000Z" },
        { url: "https://other.example/b" },
      ],
    });
    expect(() => parseFeedDocument('{"items": []}', BASE)).toThrow(/not a JSON Feed/);
    expect(() => parseFeedDocument("{nope", BASE)).toThrow(/not valid JSON/);
  });
});

describe("decodeXmlBytes", () => {
  it("undoes gzip and decodes the encoding the XML declaration names", () => {
    // Prepare
    const xml =
      '<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>Вести</title></channel></rss>';
    const bytes = gzipSync(iconv.encode(xml, "windows-1251"));

    // Act
    const text = decodeXmlBytes(bytes, 1_000_000);

    // Assess
    expect(text).toBe(xml);
  });

  it("refuses gzip that inflates beyond the limit", () => {
    // Prepare
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x20));

    // Act
    const act = () => decodeXmlBytes(bomb, 100_000);

    // Assess
    expect(act).toThrow(/could not be decompressed within 100000 bytes/);
  });
});

describe("readFeeds", () => {
  const documents: Record<string, string> = {
    "https://s.example/index.xml": `<sitemapindex><sitemap><loc>https://s.example/new.xml</loc><lastmod>2026-11-20</lastmod></sitemap>
      <sitemap><loc>https://s.example/old.xml</loc><lastmod>2025-01-01</lastmod></sitemap>
      <sitemap><loc>https://s.example/index.xml</loc></sitemap></sitemapindex>`,
    "https://s.example/new.xml": `<urlset><url><loc>https://s.example/1</loc><lastmod>2026-11-21</lastmod></url>
      <url><loc>https://s.example/2</loc><lastmod>2026-10-01</lastmod></url><url><loc>https://s.example/3</loc></url></urlset>`,
    "https://s.example/old.xml": "<urlset><url><loc>https://s.example/ancient</loc></url></urlset>",
  };
  const fetcher: DocumentFetcher = async (url) => {
    const text = documents[url];
    if (text === undefined) throw new Error(`404 for ${url}`);
    return { finalUrl: url, body: Buffer.from(text) };
  };

  it("follows an index once per document and skips entries and sitemaps older than since", async () => {
    // Act
    const report = await readFeeds(["https://s.example/index.xml"], fetcher, {
      since: "2026-11-01",
      maxBytes: 1_000_000,
    });

    // Assess
    expect(report.urls.map((u) => u.url)).toEqual(["https://s.example/1", "https://s.example/3"]);
    expect(report.older).toBe(1);
    expect(report.documents.map((d) => d.url)).toEqual([
      "https://s.example/index.xml",
      "https://s.example/new.xml",
    ]);
    expect(report.problems).toEqual([]);
  });

  it("reports documents it cannot fetch and stops at the document limit", async () => {
    // Act
    const report = await readFeeds(
      ["https://s.example/missing.xml", "https://s.example/index.xml"],
      fetcher,
      { maxBytes: 1_000_000, maxDocuments: 2 },
    );

    // Assess
    expect(report.problems[0]).toEqual({
      url: "https://s.example/missing.xml",
      reason: "404 for https://s.example/missing.xml",
      code: "internal",
    });
    expect(report.problems).toHaveLength(1);
    expect(report.notes).toEqual([
      "2 feed/sitemap documents not read (the first: https://s.example/new.xml): at most 2 are read per submit",
    ]);
  });
});

describe("buildUrlList", () => {
  it("numbers lines, skips blanks and comments, rejects invalid ones and drops duplicates", () => {
    // Prepare
    const lines = linesOf(
      "\uFEFF# list\nhttps://A.example.com/x?utm_campaign=z\n\nmailto:me@example.com\r\nhttps://a.example.com/x\n",
      "urls.txt",
    );

    // Act
    const list = buildUrlList(lines);

    // Assess
    expect(list.accepted).toEqual([
      { url: "https://a.example.com/x", source: "urls.txt", line: 2 },
    ]);
    expect(list.rejected).toEqual([
      {
        source: "urls.txt",
        line: 4,
        text: "mailto:me@example.com",
        reason: expect.stringContaining('scheme "mailto" is not allowed'),
      },
    ]);
    expect(list.duplicates).toEqual([
      {
        source: "urls.txt",
        line: 5,
        text: "https://a.example.com/x",
        url: "https://a.example.com/x",
        firstSeen: { source: "urls.txt", line: 2 },
      },
    ]);
  });
});

describe("readFeeds bounds", () => {
  /** An index of `children` sitemaps; child i lists `perChild` URLs, the first `shared` the same in every child. */
  function hostileSite(children: number, perChild: number, shared: number): DocumentFetcher {
    return async (url) => {
      if (url === "https://big.example/index.xml") {
        const entries = Array.from(
          { length: children },
          (_, i) => `<sitemap><loc>https://big.example/child-${i}.xml</loc></sitemap>`,
        );
        // The index lists itself and its first child twice: each is read once.
        entries.push("<sitemap><loc>https://big.example/index.xml</loc></sitemap>");
        entries.push("<sitemap><loc>https://big.example/child-0.xml</loc></sitemap>");
        return {
          finalUrl: url,
          body: Buffer.from(`<sitemapindex>${entries.join("")}</sitemapindex>`),
        };
      }
      const child = /child-(\d+)\.xml$/.exec(url)?.[1];
      const urls = Array.from({ length: perChild }, (_, j) =>
        j < shared ? `https://big.example/shared-${j}` : `https://big.example/${child}/${j}`,
      );
      const body = `<urlset>${urls.map((u) => `<url><loc>${u}</loc></url>`).join("")}</urlset>`;
      return { finalUrl: url, body: Buffer.from(body) };
    };
  }

  it("reads each document once, cuts entries, URLs and documents at their bounds, and says so once each", async () => {
    // Prepare
    const fetcher = hostileSite(12, 30, 5);

    // Act
    const report = await readFeeds(["https://big.example/index.xml"], fetcher, {
      maxBytes: 1_000_000,
      maxDocuments: 8,
      maxEntriesPerDocument: 20,
      maxUrls: 60,
    });

    // Assess: the index and 7 children read, 20 entries of each child's 30.
    expect(report.documents).toHaveLength(8);
    // 110 distinct URLs among the entries read; children 1-6 repeat the 5 shared ones.
    expect(report.cut).toEqual({ documents: 5, entries: 70, urls: 50, duplicates: 30 });
    expect(report.urls).toHaveLength(60);
    expect(new Set(report.urls.map((u) => u.url)).size).toBe(60);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([
      "5 feed/sitemap documents not read (the first: https://big.example/child-7.xml): at most 8 are read per submit",
      "70 entries left out: at most 20 are read from one document",
      "50 URLs left out: at most 60 are collected per submit",
    ]);
  });

  it("reads at most the sitemap protocol's 50,000 entries of one document", () => {
    // Prepare
    const urls = Array.from(
      { length: 50_010 },
      (_, i) => `<url><loc>https://big.example/${i}</loc></url>`,
    );

    // Act
    const parsed = parseFeedDocument(
      `<urlset>${urls.join("")}</urlset>`,
      "https://big.example/s.xml",
    );

    // Assess
    expect(parsed.entries).toHaveLength(MAX_ENTRIES_PER_DOCUMENT);
    expect(parsed.cut).toBe(10);
  });
});
