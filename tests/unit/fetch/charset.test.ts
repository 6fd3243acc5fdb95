import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { decodeBody } from "../../../functions/core/charset";

const url = "https://news.example/a";

describe("decodeBody", () => {
  test("an unknown header label is ignored and the <meta> prescan decides", () => {
    // Prepare
    const body = iconv.encode('<meta charset="windows-1251"><p>Новости</p>', "windows-1251");

    // Act
    const decoded = decodeBody(body, { contentTypeCharset: "no-such-charset", url });

    // Assess
    expect(decoded).toMatchObject({
      text: '<meta charset="windows-1251"><p>Новости</p>',
      declaredCharset: "no-such-charset",
      charset: "windows-1251",
      source: "meta",
    });
  });

  test("XHTML without a declaration defaults to UTF-8", () => {
    const decoded = decodeBody(Buffer.from("<p>plain</p>"), {
      contentTypeCharset: null,
      xhtml: true,
      url,
    });
    expect(decoded).toMatchObject({ charset: "UTF-8", source: "default", declaredCharset: null });
  });

  test("a <meta> beyond the first 1024 bytes is not seen", () => {
    const body = Buffer.concat([
      Buffer.from(`<!--${" ".repeat(1100)}-->`),
      iconv.encode('<meta charset="koi8-r"><p>тест</p>', "koi8-r"),
    ]);
    const decoded = decodeBody(body, { contentTypeCharset: null, url });
    expect(decoded.source).toBe("default");
    expect(decoded.charset).toBe("windows-1252");
  });

  test("x-user-defined maps high bytes to the private use area", () => {
    const decoded = decodeBody(Buffer.from([0x3c, 0x70, 0x3e, 0x80, 0xff]), {
      contentTypeCharset: "x-user-defined",
      url,
    });
    expect(decoded.text).toBe("<p>\uf780\uf7ff");
  });

  test("a few stray bytes are tolerated, garbage is a decode-error naming the URL", () => {
    const stray = Buffer.concat([Buffer.from("<p>".padEnd(2000, "a")), Buffer.from([0xff, 0xfe])]);
    expect(decodeBody(stray, { contentTypeCharset: "utf-8", url }).charset).toBe("UTF-8");
    const garbage = Buffer.from(Array.from({ length: 300 }, (_, i) => 0x80 + (i % 60)));
    expect(() => decodeBody(garbage, { contentTypeCharset: "utf-8", url })).toThrow(
      expect.objectContaining({ code: "decode-error", message: expect.stringContaining(url) }),
    );
  });
});
