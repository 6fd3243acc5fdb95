/**
 * Redirect, time, size, compression and content-type limits against real loopback servers.
 */
import zlib from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { createDocumentFetcher } from "../../../functions/adapters/fetch/document-fetcher";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import type { FetcherConfig } from "../../../functions/adapters/http-fetcher";
import { createFetcher } from "../../../functions/adapters/http-fetcher";
import { testConfig } from "./fetch-config";
import { html, type LoopbackServer, type Route, redirect, startServer } from "./loopback-server";

const PAGE =
  "<!doctype html><html><head><title>Limits</title></head><body><p>Body text</p></body></html>";
const servers: LoopbackServer[] = [];

async function serve(routes: Record<string, Route>): Promise<LoopbackServer> {
  const server = await startServer(routes);
  servers.push(server);
  return server;
}

function fetcherWith(overrides: Partial<FetcherConfig> = {}) {
  return createFetcher({ config: testConfig(overrides), hostStore: new InMemoryHostStore() });
}

function documentFetcherWith(overrides: Partial<FetcherConfig> = {}) {
  return createDocumentFetcher({
    config: testConfig(overrides),
    hostStore: new InMemoryHostStore(),
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("redirects", () => {
  test("a chain is followed and recorded hop by hop", async () => {
    // Prepare
    const server = await serve({
      "/a": redirect("/b", 301),
      "/b": redirect("/c?x=1", 307),
      "/c?x=1": html(PAGE),
    });

    // Act
    const page = await fetcherWith().fetchPage(server.url("/a"));

    // Assess
    expect(page.finalUrl).toBe(server.url("/c?x=1"));
    expect(page.redirects).toEqual([
      { url: server.url("/a"), status: 301 },
      { url: server.url("/b"), status: 307 },
    ]);
    expect(page.text).toBe(PAGE);
  });

  test("a loop ends as too-many-redirects naming the loop", async () => {
    const server = await serve({ "/a": redirect("/b"), "/b": redirect("/a") });
    await expect(fetcherWith().fetchPage(server.url("/a"))).rejects.toMatchObject({
      code: "too-many-redirects",
      message: expect.stringContaining("loop"),
    });
    expect(server.log.filter((r) => r.path !== "/robots.txt").map((r) => r.path)).toEqual([
      "/a",
      "/b",
    ]);
  });

  test("more than maxRedirects ends as too-many-redirects", async () => {
    const routes: Record<string, Route> = {};
    for (let i = 0; i < 10; i++) routes[`/r${i}`] = redirect(`/r${i + 1}`);
    const server = await serve(routes);
    await expect(
      fetcherWith({ maxRedirects: 3 }).fetchPage(server.url("/r0")),
    ).rejects.toMatchObject({
      code: "too-many-redirects",
    });
    expect(server.log.filter((r) => r.path !== "/robots.txt")).toHaveLength(4);
  });
});

describe("time limits", () => {
  test("a slow body that finishes within the total timeout is read whole", async () => {
    // Prepare: five chunks, 60 ms apart.
    const server = await serve({
      "/slow": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        let sent = 0;
        const timer = setInterval(() => {
          res.write(`<p>chunk ${sent}</p>`);
          if (++sent === 5) {
            clearInterval(timer);
            res.end();
          }
        }, 60);
      },
    });

    // Act
    const page = await fetcherWith().fetchPage(server.url("/slow"));

    // Assess
    expect(page.text).toBe(
      "<p>chunk 0</p><p>chunk 1</p><p>chunk 2</p><p>chunk 3</p><p>chunk 4</p>",
    );
  });

  test("a body that stalls after the headers ends as timeout", async () => {
    const server = await serve({
      "/stall": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html", "content-length": "1000" });
        res.write("<p>first bytes");
      },
    });
    await expect(
      fetcherWith({ totalTimeoutMs: 400 }).fetchPage(server.url("/stall")),
    ).rejects.toMatchObject({
      code: "timeout",
      disposition: "retryable",
      message: expect.stringContaining(server.url("/stall")),
    });
  });

  test("a body that trickles forever ends as timeout", async () => {
    const server = await serve({
      "/trickle": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        const timer = setInterval(() => res.write("<p>.</p>"), 20);
        res.on("close", () => clearInterval(timer));
      },
    });
    await expect(
      fetcherWith({ totalTimeoutMs: 400 }).fetchPage(server.url("/trickle")),
    ).rejects.toMatchObject({
      code: "timeout",
    });
  });

  test("headers that never come end as timeout", async () => {
    const server = await serve({ "/silent": () => {} });
    await expect(
      fetcherWith({ totalTimeoutMs: 400 }).fetchPage(server.url("/silent")),
    ).rejects.toMatchObject({
      code: "timeout",
    });
  });

  test("a connection closed mid-body is a retryable connection-error", async () => {
    const server = await serve({
      "/cut": (req, res) => {
        res.writeHead(200, { "content-type": "text/html", "content-length": "5000" });
        res.write("<p>partial", () => req.socket.destroy());
      },
    });
    await expect(fetcherWith().fetchPage(server.url("/cut"))).rejects.toMatchObject({
      code: "connection-error",
      disposition: "retryable",
    });
  });
});

describe("size limits", () => {
  const max = 16 * 1024;

  test("a declared Content-Length over the limit is refused before reading", async () => {
    const body = "x".repeat(max + 1);
    const server = await serve({ "/big": html(body, { "content-length": String(body.length) }) });
    await expect(
      fetcherWith({ maxBodyBytes: max }).fetchPage(server.url("/big")),
    ).rejects.toMatchObject({
      code: "too-large",
      message: expect.stringContaining("Content-Length"),
    });
  });

  test("a chunked body is cut off as soon as it passes the limit", async () => {
    // Prepare: the server would send 32 MB in 1 KB chunks; we must stop long before.
    const TOTAL = 32 * 1024 * 1024;
    let written = 0;
    let closedEarly = false;
    const server = await serve({
      "/endless": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.on("close", () => {
          closedEarly = written < TOTAL;
        });
        const pump = () => {
          while (written < TOTAL) {
            written += 1024;
            if (!res.write("y".repeat(1024))) return res.once("drain", pump);
          }
          res.end();
        };
        pump();
      },
    });

    // Act
    const attempt = fetcherWith({ maxBodyBytes: max }).fetchPage(server.url("/endless"));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: "too-large", disposition: "permanent" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toBe(true);
  });

  test("a gzip bomb ends as too-large", async () => {
    // Prepare: 50 MB of zeros compress to about 50 KB.
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    const server = await serve({ "/bomb": html(bomb, { "content-encoding": "gzip" }) });

    // Act
    const attempt = fetcherWith({ maxBodyBytes: 1024 * 1024 }).fetchPage(server.url("/bomb"));

    // Assess
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(attempt).rejects.toMatchObject({
      code: "too-large",
      message: expect.stringContaining("gzip"),
    });
  });

  test("a brotli bomb ends as too-large", async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(20 * 1024 * 1024));
    const server = await serve({ "/bomb": html(bomb, { "content-encoding": "br" }) });
    await expect(
      fetcherWith({ maxBodyBytes: 1024 * 1024 }).fetchPage(server.url("/bomb")),
    ).rejects.toMatchObject({
      code: "too-large",
    });
  });
});

describe("content encodings", () => {
  test.each([
    ["gzip", zlib.gzipSync(PAGE)],
    ["x-gzip", zlib.gzipSync(PAGE)],
    ["deflate", zlib.deflateSync(PAGE)],
    ["deflate", zlib.deflateRawSync(PAGE)],
    ["br", zlib.brotliCompressSync(PAGE)],
    ["gzip, br", zlib.brotliCompressSync(zlib.gzipSync(PAGE))],
    ["identity", Buffer.from(PAGE)],
  ])("Content-Encoding %s is undone", async (encoding, body) => {
    // Prepare
    const server = await serve({ "/p": html(body, { "content-encoding": encoding }) });

    // Act
    const page = await fetcherWith().fetchPage(server.url("/p"));

    // Assess
    expect(page.text).toBe(PAGE);
    expect(page.body.length).toBe(Buffer.byteLength(PAGE));
    expect(page.transferBytes).toBe(body.length);
  });

  test.each([
    ["gzip", Buffer.from("this is not gzip at all")],
    ["compress", Buffer.from(PAGE)],
  ])("a broken or unknown %s body is a decode-error", async (encoding, body) => {
    const server = await serve({ "/p": html(body, { "content-encoding": encoding }) });
    await expect(fetcherWith().fetchPage(server.url("/p"))).rejects.toMatchObject({
      code: "decode-error",
    });
  });
});

describe("content types", () => {
  test.each([
    "application/pdf",
    "image/png",
    "application/json; charset=utf-8",
    "text/plain",
    "text/css",
  ])("%s ends as not-html without reading the body", async (type) => {
    const server = await serve({ "/file": html("%PDF-1.7 ...", { "content-type": type }) });
    await expect(fetcherWith().fetchPage(server.url("/file"))).rejects.toMatchObject({
      code: "not-html",
      disposition: "permanent",
      message: expect.stringContaining(type),
    });
  });

  test("application/xhtml+xml is accepted", async () => {
    const server = await serve({ "/x": html(PAGE, { "content-type": "application/xhtml+xml" }) });
    const page = await fetcherWith().fetchPage(server.url("/x"));
    expect(page.contentType).toBe("application/xhtml+xml");
    expect(page.charset).toBe("UTF-8");
  });

  test("a missing Content-Type is sniffed: HTML passes, anything else is not-html", async () => {
    const bare =
      (body: string): Route =>
      (_req, res) => {
        res.removeHeader("content-type");
        res.end(body);
      };
    const server = await serve({
      "/html": bare(`\n  ${PAGE}`),
      "/binary": bare("\u0000\u0001PK zip"),
    });
    const fetcher = fetcherWith();
    const page = await fetcher.fetchPage(server.url("/html"));
    expect(page.contentType).toBeNull();
    expect(page.text).toContain("Body text");
    await expect(fetcher.fetchPage(server.url("/binary"))).rejects.toMatchObject({
      code: "not-html",
    });
  });
});

describe("documents (feeds, sitemaps)", () => {
  test("the document fetcher takes any content type and returns the decompressed bytes undecoded", async () => {
    // Prepare
    const feed = '<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>';
    const server = await serve({
      "/feed.xml": html(zlib.gzipSync(feed), {
        "content-type": "application/rss+xml",
        "content-encoding": "gzip",
      }),
    });

    // Act
    const page = await documentFetcherWith().fetchDocument(server.url("/feed.xml"));

    // Assess
    expect(page.body.toString("utf8")).toBe(feed);
    expect(page).not.toHaveProperty("text");
    expect(page.contentType).toBe("application/rss+xml");
    expect(server.log.at(-1)?.headers.accept).toContain("application/rss+xml");
  });

  test("documents still obey the size limit", async () => {
    const server = await serve({
      "/big.xml": html("x".repeat(20_000), { "content-type": "text/xml" }),
    });
    await expect(
      documentFetcherWith({ maxBodyBytes: 10_000 }).fetchDocument(server.url("/big.xml")),
    ).rejects.toMatchObject({ code: "too-large" });
  });
});

describe("cancellation", () => {
  test("the caller's signal ends a fetch as timeout naming the URL", async () => {
    const server = await serve({ "/silent": () => {} });
    const controller = new AbortController();
    const attempt = fetcherWith().fetchPage(server.url("/silent"), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(attempt).rejects.toMatchObject({
      code: "timeout",
      message: expect.stringContaining("cancelled"),
    });
  });
});

describe("status codes", () => {
  test.each([
    [404, "http-4xx", "permanent"],
    [410, "http-4xx", "permanent"],
    [408, "http-4xx", "retryable"],
    [500, "http-5xx", "retryable"],
    [502, "http-5xx", "retryable"],
  ])("%i ends as %s / %s", async (status, code, disposition) => {
    const server = await serve({ "/s": html("no", {}, status) });
    await expect(fetcherWith().fetchPage(server.url("/s"))).rejects.toMatchObject({
      code,
      disposition,
      httpStatus: status,
    });
  });
});
