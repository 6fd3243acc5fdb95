import { describe, expect, it } from "vitest";
import {
  buildFailedRecord,
  buildOkRecord,
  changedFields,
  itemBytes,
  MAX_ITEM_BYTES,
  type OkRecordInput,
  readingTimeMinutes,
} from "../../functions/core/article-record";
import type { ExtractedArticle } from "../../functions/core/extract/types";

function extraction(overrides: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return {
    isArticle: true,
    pageType: "article",
    pageSignals: ["article-markup"],
    title: "Harbour bridge reopens",
    description: null,
    authors: ["Ana Lima"],
    publishedAt: "2026-11-20T08:00:00.000Z",
    publishedAtLocal: "2026-11-20T09:00:00+01:00",
    modifiedAt: null,
    language: "en",
    section: "Local",
    tags: ["transport"],
    image: null,
    canonicalUrl: null,
    ampUrl: null,
    siteName: "The Gazette",
    isAccessibleForFree: null,
    links: [],
    text: "The bridge reopened on Friday.",
    markdown: "The bridge reopened on Friday.",
    html: "<p>The bridge reopened on Friday.</p>",
    wordCount: 300,
    provenance: { title: "opengraph" },
    ...overrides,
  };
}

function input(overrides: Partial<OkRecordInput> = {}): OkRecordInput {
  return {
    articleId: "a".repeat(32),
    url: "https://news.example.co.uk/bridge",
    canonicalUrl: null,
    submittedUrl: "https://news.example.co.uk/bridge",
    extraction: extraction(),
    fetch: {
      status: 200,
      contentType: "text/html",
      charset: "UTF-8",
      declaredCharset: "utf-8",
      etag: '"e1"',
      lastModified: null,
      fetchedAt: "2026-11-20T10:00:00.000Z",
    },
    rawKey: "raw/a/1.html.gz",
    rawSha256: "1".repeat(64),
    articleKey: "articles/a.json",
    extractorVersion: "1.0.0",
    previous: null,
    now: "2026-11-20T10:00:01.000Z",
    ...overrides,
  };
}

describe("buildOkRecord", () => {
  it("fills the record from the extraction and the fetch, as version 1", () => {
    const record = buildOkRecord(input({ tag: "elections" }));
    expect(record).toMatchObject({
      status: "ok",
      site: "example.co.uk",
      version: 1,
      firstSeenAt: "2026-11-20T10:00:01.000Z",
      submittedUrls: ["https://news.example.co.uk/bridge"],
      submissionTags: ["elections"],
      readingTimeMinutes: 1,
      wordCount: 300,
      failure: null,
    });
  });

  it("counts up from the previous version and keeps when the story was first seen", () => {
    const first = buildOkRecord(input());
    const second = buildOkRecord(
      input({
        previous: first,
        submittedUrl: "https://news.example.co.uk/bridge?amp",
        now: "2026-11-21T00:00:00.000Z",
      }),
    );
    expect(second.version).toBe(2);
    expect(second.firstSeenAt).toBe(first.firstSeenAt);
    expect(second.submittedUrls).toHaveLength(2);
  });

  it("marks a page with next to no article text as skipped with reason not-article", () => {
    const record = buildOkRecord(
      input({
        extraction: extraction({
          text: "© 2026 The Gazette",
          wordCount: 3,
          isArticle: false,
          pageType: null,
          pageSignals: ["too-few-words"],
        }),
      }),
    );
    expect(record.status).toBe("skipped");
    expect(record.failure?.code).toBe("not-article");
    expect(record.failure?.pageType).toBeNull();
  });

  it("skips a long page that is not an article, naming its kind and keeping its raw copy", () => {
    const record = buildOkRecord(
      input({
        extraction: extraction({
          wordCount: 400,
          isArticle: false,
          pageType: "product",
          pageSignals: ["product-markup", "buy-button", "price-tag"],
        }),
      }),
    );
    expect(record.status).toBe("skipped");
    expect(record.failure).toMatchObject({ code: "not-article", pageType: "product" });
    expect(record.failure?.message).toContain("a product page");
    expect(record.failure?.message).toContain("buy-button");
    expect(record.rawKey).not.toBeNull();
    expect(record.wordCount).toBe(400);
  });

  it("records an article with no failure and no page kind on it", () => {
    const record = buildOkRecord(input());
    expect(record.status).toBe("ok");
    expect(record.failure).toBeNull();
  });
});

describe("buildFailedRecord", () => {
  it("keeps a known story's metadata and version when it starts failing", () => {
    const ok = buildOkRecord(input());
    const failed = buildFailedRecord({
      articleId: ok.articleId,
      url: ok.url,
      status: "failed",
      code: "http-4xx",
      message: "HTTP 410",
      attempts: 1,
      httpStatus: 410,
      previous: ok,
      now: "2026-12-01T00:00:00.000Z",
    });
    expect(failed).toMatchObject({
      title: ok.title,
      version: 1,
      status: "failed",
      httpStatus: 410,
    });
    expect(failed.failure).toEqual({ code: "http-4xx", message: "HTTP 410", attempts: 1 });
  });

  it("makes a version-0 record for a URL never fetched", () => {
    const failed = buildFailedRecord({
      articleId: "b".repeat(32),
      url: "notaurl",
      status: "failed",
      code: "invalid-url",
      message: "bad",
      attempts: 1,
      previous: null,
      now: "2026-12-01T00:00:00.000Z",
    });
    expect(failed.version).toBe(0);
    expect(failed.site).toBeTruthy();
  });
});

describe("changedFields", () => {
  it("names the fields that differ", () => {
    const before = buildOkRecord(input());
    const after = buildOkRecord(
      input({ previous: before, extraction: extraction({ title: "Bridge shut again" }) }),
    );
    expect(changedFields(before, after)).toEqual(["title"]);
  });

  it("compares by value: the key order of a map read back from storage is no change", () => {
    const image = { url: "https://example.com/a.jpg", caption: "The bridge", credit: "Ana Lima" };
    const before = buildOkRecord(input({ extraction: extraction({ image }) }));
    const reordered = {
      ...before,
      image: { credit: "Ana Lima", caption: "The bridge", url: image.url },
    };
    const after = buildOkRecord(input({ previous: reordered, extraction: extraction({ image }) }));
    expect(changedFields(reordered, after)).toEqual([]);
  });

  it("still sees a changed member of a map and a changed list order", () => {
    const image = { url: "https://example.com/a.jpg", caption: "The bridge", credit: null };
    const before = buildOkRecord(input({ extraction: extraction({ image, tags: ["a", "b"] }) }));
    const after = buildOkRecord(
      input({
        previous: before,
        extraction: extraction({ image: { ...image, credit: "Ana Lima" }, tags: ["b", "a"] }),
      }),
    );
    expect(changedFields(before, after)).toEqual(["tags", "image"]);
  });

  it("is every versioned field for a first version", () => {
    expect(changedFields(null, buildOkRecord(input()))).toContain("title");
  });
});

describe("record size", () => {
  it("counts an item as DynamoDB does: UTF-8 names and strings, 1 byte for null and booleans", () => {
    expect(itemBytes({ a: "é", b: null, c: true })).toBe(1 + 2 + 1 + 1 + 1 + 1);
    expect(itemBytes({ l: ["ab", "c"] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ m: { k: "v" } })).toBe(1 + 3 + 1 + 1);
    expect(itemBytes({ gone: undefined })).toBe(0);
  });

  it("refuses a record that would not fit as record-too-large, naming its largest field", () => {
    expect(() =>
      buildOkRecord(
        input({ extraction: extraction({ description: "ж".repeat(MAX_ITEM_BYTES / 2) }) }),
      ),
    ).toThrow(
      expect.objectContaining({
        code: "record-too-large",
        message: expect.stringContaining("description"),
      }),
    );
  });
});

describe("readingTimeMinutes", () => {
  it.each([
    [0, 0],
    [10, 1],
    [460, 2],
    [2300, 10],
  ])("%i words → %i min", (words, minutes) => {
    expect(readingTimeMinutes(words)).toBe(minutes);
  });
});
