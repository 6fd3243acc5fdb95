import { describe, expect, it } from "vitest";
import { siteOf } from "../../functions/core/article-record";
import { resolveIdentity } from "../../functions/core/identity";
import { articleIdFor } from "../../functions/core/normalize-url";

describe("resolveIdentity", () => {
  it("keys the story by a canonical URL on the same site and keeps every variant as an alias", () => {
    const identity = resolveIdentity(
      "https://m.example.co.uk/news/1?utm_source=x",
      "https://m.example.co.uk/news/1",
      "https://www.example.co.uk/news/story-1",
    );
    expect(identity.url).toBe("https://www.example.co.uk/news/story-1");
    expect(identity.articleId).toBe(articleIdFor("https://www.example.co.uk/news/story-1"));
    expect(identity.canonicalUrl).toBe("https://www.example.co.uk/news/story-1");
    expect(identity.aliases).toEqual([
      "https://m.example.co.uk/news/1",
      "https://www.example.co.uk/news/story-1",
    ]);
  });

  it("resolves a relative canonical against the final URL", () => {
    const identity = resolveIdentity(
      "https://example.com/a",
      "https://example.com/a",
      "/stories/a",
    );
    expect(identity.url).toBe("https://example.com/stories/a");
  });

  it("does not let a canonical on another site take the record, but keeps it as metadata", () => {
    const identity = resolveIdentity(
      "https://blog.example.net/copy",
      "https://blog.example.net/copy",
      "https://news.example.org/original?utm_source=x",
    );
    expect(identity.url).toBe("https://blog.example.net/copy");
    expect(identity.articleId).toBe(articleIdFor("https://blog.example.net/copy"));
    expect(identity.canonicalUrl).toBe("https://news.example.org/original");
    expect(identity.aliases).toEqual(["https://blog.example.net/copy"]);
  });

  it("uses the final URL after redirects when there is no canonical", () => {
    const identity = resolveIdentity(
      "http://short.example/x",
      "https://www.example.com/2026/story",
      null,
    );
    expect(identity.url).toBe("https://www.example.com/2026/story");
    expect(identity.aliases).toContain("http://short.example/x");
  });

  it("treats subdomains of a shared hosting suffix as different sites", () => {
    const identity = resolveIdentity(
      "https://evil.github.io/x",
      "https://evil.github.io/x",
      "https://victim.github.io/story",
    );
    expect(identity.url).toBe("https://evil.github.io/x");
    expect(identity.canonicalUrl).toBe("https://victim.github.io/story");
    expect(identity.aliases).not.toContain("https://victim.github.io/story");
  });

  it("ignores a malformed canonical", () => {
    const identity = resolveIdentity(
      "https://example.com/a",
      "https://example.com/a",
      "http://[bad",
    );
    expect(identity.url).toBe("https://example.com/a");
    expect(identity.canonicalUrl).toBeNull();
  });
});

describe("siteOf", () => {
  it.each([
    ["https://news.bbc.co.uk/a", "bbc.co.uk"],
    ["https://www.example.com/a", "example.com"],
    ["http://127.0.0.1:8080/a", "127.0.0.1"],
    ["https://someone.github.io/post", "someone.github.io"],
  ])("%s → %s", (url, site) => {
    expect(siteOf(url)).toBe(site);
  });
});
