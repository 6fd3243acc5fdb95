import { describe, expect, it } from "vitest";
import { pageKindOf } from "../../cli/commands/get";
import { buildFailedRecord, buildOkRecord } from "../../functions/core/article-record";
import { fakeExtraction } from "../support/extraction";

const NOW = "2026-03-02T10:00:00.000Z";

function okInput(extraction: ReturnType<typeof fakeExtraction>) {
  return {
    articleId: "a".repeat(32),
    url: "https://shop.example.com/products/shoe",
    canonicalUrl: null,
    submittedUrl: "https://shop.example.com/products/shoe",
    extraction,
    fetch: {
      status: 200,
      contentType: "text/html",
      charset: "utf-8",
      declaredCharset: null,
      etag: null,
      lastModified: null,
      fetchedAt: NOW,
    },
    rawKey: `raw/${"a".repeat(32)}/${"b".repeat(64)}.html.gz`,
    rawSha256: "b".repeat(64),
    articleKey: `articles/${"a".repeat(32)}.json`,
    extractorVersion: "1.2.0",
    previous: null,
    now: NOW,
  };
}

describe("the page kind the CLI shows (get: Page kind, failures: KIND)", () => {
  it("shows the kind of a page skipped as not an article", () => {
    const record = buildOkRecord(
      okInput(
        fakeExtraction(300, { isArticle: false, pageType: "product", pageSignals: ["buy-button"] }),
      ),
    );
    expect(pageKindOf(record)).toBe("product");
  });

  it("shows 'unclear' for a page that is not an article of no clear kind", () => {
    const record = buildOkRecord(okInput(fakeExtraction(3)));
    expect(pageKindOf(record)).toBe("unclear");
  });

  it("shows nothing for an article or another failure", () => {
    expect(pageKindOf(buildOkRecord(okInput(fakeExtraction(300))))).toBeUndefined();
    const failed = buildFailedRecord({
      articleId: "c".repeat(32),
      url: "https://example.com/gone",
      status: "failed",
      code: "http-4xx",
      message: "404",
      attempts: 1,
      previous: null,
      now: NOW,
    });
    expect(pageKindOf(failed)).toBeUndefined();
  });
});
