/**
 * Charset sniffing (BOM, Content-Type, <meta> prescan, default) over real HTTP: each page
 * is encoded with iconv-lite on the server side and must come out as the original text.
 */
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import { createFetcher } from "../../../functions/adapters/http-fetcher";
import { testConfig } from "./fetch-config";
import { type LoopbackServer, type Route, startServer } from "./loopback-server";

interface CharsetCase {
  name: string;
  text: string;
  /** iconv-lite encoding used by the server. */
  encoding: string;
  contentType: string | null;
  meta?: string;
  bom?: number[];
  expectCharset: string;
  expectDeclared: string | null;
  expectSource: string;
}

const CASES: CharsetCase[] = [
  {
    name: "windows-1251 from the header",
    text: "Съешь же ещё этих мягких французских булок",
    encoding: "windows-1251",
    contentType: "text/html; charset=windows-1251",
    expectCharset: "windows-1251",
    expectDeclared: "windows-1251",
    expectSource: "content-type",
  },
  {
    name: "Shift_JIS from <meta charset>",
    text: "日本語のページです。漢字とかなを含みます。",
    encoding: "shift_jis",
    contentType: "text/html",
    meta: '<meta charset="Shift_JIS">',
    expectCharset: "Shift_JIS",
    expectDeclared: "Shift_JIS",
    expectSource: "meta",
  },
  {
    name: "GB18030 from the header",
    text: "这是一个中文测试页面，价格€五元",
    encoding: "gb18030",
    contentType: "text/html; charset=GB18030",
    expectCharset: "gb18030",
    expectDeclared: "GB18030",
    expectSource: "content-type",
  },
  {
    name: "gb2312 label decoded as GBK",
    text: "简体中文新闻标题",
    encoding: "gbk",
    contentType: 'text/html; charset="gb2312"',
    expectCharset: "GBK",
    expectDeclared: "gb2312",
    expectSource: "content-type",
  },
  {
    name: "ISO-8859-2 from <meta http-equiv>",
    text: "Zażółć gęślą jaźń; Příliš žluťoučký kůň",
    encoding: "iso-8859-2",
    contentType: null,
    meta: '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">',
    expectCharset: "ISO-8859-2",
    expectDeclared: "ISO-8859-2",
    expectSource: "meta",
  },
  {
    name: "ISO-8859-7 from the header",
    text: "Καλημέρα κόσμε, ελληνικό κείμενο",
    encoding: "iso-8859-7",
    contentType: "text/html; charset=ISO-8859-7",
    expectCharset: "ISO-8859-7",
    expectDeclared: "ISO-8859-7",
    expectSource: "content-type",
  },
  {
    name: "ISO-8859-15 (euro sign) from <meta>",
    text: "Prix: 5 € - œuvre",
    encoding: "iso-8859-15",
    contentType: "text/html",
    meta: '<meta charset="iso-8859-15">',
    expectCharset: "ISO-8859-15",
    expectDeclared: "ISO-8859-15",
    expectSource: "meta",
  },
  {
    name: "KOI8-R from <meta>",
    text: "Русский текст в кодировке КОИ-8",
    encoding: "koi8-r",
    contentType: "text/html",
    meta: '<meta charset="koi8-r">',
    expectCharset: "KOI8-R",
    expectDeclared: "KOI8-R",
    expectSource: "meta",
  },
  {
    name: "EUC-KR from the header",
    text: "한국어 기사 제목입니다",
    encoding: "cp949",
    contentType: "text/html; charset=euc-kr",
    expectCharset: "EUC-KR",
    expectDeclared: "euc-kr",
    expectSource: "content-type",
  },
  {
    name: "iso-8859-1 label means windows-1252 (curly quotes in 0x80-0x9f)",
    text: "“Quoted” café – naïve",
    encoding: "windows-1252",
    contentType: "text/html; charset=ISO-8859-1",
    expectCharset: "windows-1252",
    expectDeclared: "ISO-8859-1",
    expectSource: "content-type",
  },
  {
    name: "no declaration, not valid UTF-8: windows-1252 default",
    text: "Crème brûlée à la carte",
    encoding: "windows-1252",
    contentType: "text/html",
    expectCharset: "windows-1252",
    expectDeclared: null,
    expectSource: "default",
  },
  {
    name: "no declaration, valid UTF-8: UTF-8 default",
    text: "Crème brûlée — 東京",
    encoding: "utf-8",
    contentType: "text/html",
    expectCharset: "UTF-8",
    expectDeclared: null,
    expectSource: "default",
  },
  {
    name: "a UTF-8 BOM wins over a wrong header",
    text: "Байт-метка порядка важнее заголовка",
    encoding: "utf-8",
    contentType: "text/html; charset=windows-1251",
    bom: [0xef, 0xbb, 0xbf],
    expectCharset: "UTF-8",
    expectDeclared: "windows-1251",
    expectSource: "bom",
  },
  {
    name: "a UTF-16LE BOM",
    text: "UTF-16 страница",
    encoding: "utf-16le",
    contentType: "text/html",
    bom: [0xff, 0xfe],
    expectCharset: "UTF-16LE",
    expectDeclared: null,
    expectSource: "bom",
  },
  {
    name: "the header wins over <meta>",
    text: "Заголовок важнее мета-тега",
    encoding: "windows-1251",
    contentType: "text/html; charset=windows-1251",
    meta: '<meta charset="utf-8">',
    expectCharset: "windows-1251",
    expectDeclared: "windows-1251",
    expectSource: "content-type",
  },
];

function pageFor(c: CharsetCase): Buffer {
  const html = `<!doctype html><html><head>${c.meta ?? ""}<title>${c.text}</title></head><body><p>${c.text}</p></body></html>`;
  const encoded = iconv.encode(html, c.encoding, { addBOM: false });
  return c.bom ? Buffer.concat([Buffer.from(c.bom), encoded]) : encoded;
}

function sendRaw(body: Buffer, contentType: string | null): Route {
  return (_req, res) => {
    if (contentType === null) res.removeHeader("content-type");
    else res.setHeader("content-type", contentType);
    res.end(body);
  };
}

let server: LoopbackServer;

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  CASES.forEach((c, i) => {
    routes[`/case/${i}`] = sendRaw(pageFor(c), c.contentType);
  });
  routes["/bad-utf8"] = sendRaw(
    Buffer.concat([
      Buffer.from("<html><body><p>"),
      Buffer.from(Array.from({ length: 400 }, (_, i) => 0x80 + (i % 64))),
    ]),
    "text/html; charset=utf-8",
  );
  routes["/replacement"] = sendRaw(
    Buffer.from("<html><body>x</body></html>"),
    "text/html; charset=iso-2022-kr",
  );
  server = await startServer(routes);
});

afterAll(async () => {
  await server.close();
});

describe("charset sniffing", () => {
  test.each(CASES.map((c, i) => [c.name, i, c] as const))("%s", async (_name, index, c) => {
    // Prepare
    const fetcher = createFetcher({ config: testConfig(), hostStore: new InMemoryHostStore() });

    // Act
    const page = await fetcher.fetchPage(server.url(`/case/${index}`));

    // Assess
    expect(page.text).toContain(`<title>${c.text}</title>`);
    expect(page.text).toContain(`<p>${c.text}</p>`);
    expect(page.text.startsWith("\ufeff")).toBe(false);
    expect(page.charset).toBe(c.expectCharset);
    expect(page.declaredCharset).toBe(c.expectDeclared);
    expect(page.charsetSource).toBe(c.expectSource);
    expect(page.body.equals(pageFor(c))).toBe(true);
  });

  test("a body that is not valid in its declared charset is a decode-error", async () => {
    const fetcher = createFetcher({ config: testConfig(), hostStore: new InMemoryHostStore() });
    await expect(fetcher.fetchPage(server.url("/bad-utf8"))).rejects.toMatchObject({
      code: "decode-error",
      disposition: "permanent",
      message: expect.stringContaining("UTF-8"),
    });
  });

  test("a charset WHATWG maps to 'replacement' is a decode-error", async () => {
    const fetcher = createFetcher({ config: testConfig(), hostStore: new InMemoryHostStore() });
    await expect(fetcher.fetchPage(server.url("/replacement"))).rejects.toMatchObject({
      code: "decode-error",
      message: expect.stringContaining("iso-2022-kr"),
    });
  });
});
