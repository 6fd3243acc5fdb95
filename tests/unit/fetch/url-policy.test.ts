import { describe, expect, test } from "vitest";
import { checkUrl } from "../../../functions/core/url-policy";

const strict = { allowedPorts: "" };

describe("checkUrl", () => {
  test("accepts http and https on default ports and strips the fragment", () => {
    // Act
    const target = checkUrl("HTTPS://Example.ORG/a/b?q=1#top", strict);

    // Assess
    expect(target.url.href).toBe("https://example.org/a/b?q=1");
    expect(target.hostname).toBe("example.org");
    expect(target.port).toBe(443);
    expect(target.hostKey).toBe("example.org");
  });

  test.each([
    "ftp://example.org/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,x",
    "gopher://example.org/",
  ])("refuses scheme of %s as invalid-url", (url) => {
    expect(() => checkUrl(url, strict)).toThrow(expect.objectContaining({ code: "invalid-url" }));
  });

  test("refuses credentials without echoing the password", () => {
    // Act
    let error: unknown;
    try {
      checkUrl("http://user:s3cret@example.org/", strict);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toMatchObject({ code: "invalid-url" });
    expect((error as Error).message).not.toContain("s3cret");
  });

  test.each(["not a url", "/relative/path", "http://"])("refuses %j as invalid-url", (url) => {
    expect(() => checkUrl(url, strict)).toThrow(expect.objectContaining({ code: "invalid-url" }));
  });

  test("refuses URLs longer than 8192 characters", () => {
    const url = `https://example.org/${"a".repeat(8200)}`;
    expect(() => checkUrl(url, strict)).toThrow(expect.objectContaining({ code: "invalid-url" }));
  });

  test("refuses a non-default port unless allowed", () => {
    expect(() => checkUrl("http://example.org:8080/", strict)).toThrow(
      expect.objectContaining({ code: "blocked-port" }),
    );
    expect(checkUrl("http://example.org:8080/", { allowedPorts: "8000-8999" }).port).toBe(8080);
    expect(checkUrl("http://example.org:22/", { allowedPorts: "*" }).port).toBe(22);
  });

  // WHATWG URL canonicalizes numeric host tricks, so the address policy sees a dotted quad.
  test.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://[::1]/", "::1"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
    ["http://①②⑦.0.0.1/", "127.0.0.1"],
  ])("%s is canonicalized to host %s", (url, host) => {
    expect(checkUrl(url, strict).hostname).toBe(host);
  });
});
