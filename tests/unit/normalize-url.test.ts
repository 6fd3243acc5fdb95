import { describe, expect, it } from "vitest";
import { IngestError } from "../../functions/core/errors";
import { articleIdFor, isArticleId, normalizeUrl } from "../../functions/core/normalize-url";

describe("normalizeUrl", () => {
  it.each([
    ["HTTPS://Example.COM:443/a/b", "https://example.com/a/b"],
    ["http://example.com:80/", "http://example.com/"],
    ["http://example.com:8080/x", "http://example.com:8080/x"],
    ["https://example.com/a#section-2", "https://example.com/a"],
    ["https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7"],
    ["https://example.com/a?fbclid=abc&gclid=def&b=2&a=1", "https://example.com/a?a=1&b=2"],
    ["https://example.com/%7euser/%41bc", "https://example.com/~user/Abc"],
    ["https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"],
    ["  https://example.com/story  ", "https://example.com/story"],
    ["<https://example.com/story>", "https://example.com/story"],
    ["https://example.com/story).", "https://example.com/story"],
    ["https://en.example.org/wiki/Foo_(bar)", "https://en.example.org/wiki/Foo_(bar)"],
    ["https://example.com./a", "https://example.com/a"],
    ["https://EXAMPLE.com/Path/Is/Case/Sensitive", "https://example.com/Path/Is/Case/Sensitive"],
    ["https://example.com/a?q=a+b", "https://example.com/a?q=a%20b"],
    ["http://a.aa?=&a", "http://a.aa/?a"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it.each([
    ["not a url", /not an absolute URL/],
    ["ftp://example.com/file", /scheme "ftp" is not allowed/],
    ["javascript:alert(1)", /scheme "javascript" is not allowed/],
    ["https://user:secret@example.com/", /credentials/],
    [`https://example.com/${"a".repeat(9000)}`, /at most 8192/],
  ])("refuses %s", (input, message) => {
    expect(() => normalizeUrl(input)).toThrowError(message);
    try {
      normalizeUrl(input);
    } catch (error) {
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).code).toBe("invalid-url");
    }
  });

  it("is idempotent", () => {
    const once = normalizeUrl("HTTP://Example.com:80/a/../b/?z=1&utm_campaign=x&a=%7e#f");
    expect(normalizeUrl(once)).toBe(once);
  });
});

describe("articleIdFor", () => {
  it("is the first 32 hex characters of the SHA-256 of the normalized URL", () => {
    const id = articleIdFor("https://example.com/a");
    expect(id).toBe("2dce0a4c50441bfccfa9caf4b58c3cba");
    expect(isArticleId(id)).toBe(true);
    expect(articleIdFor(normalizeUrl("https://EXAMPLE.com/a?utm_source=x#top"))).toBe(id);
  });
});
