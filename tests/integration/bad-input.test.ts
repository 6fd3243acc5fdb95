/**
 * Malformed and hostile input through the whole pipeline: bad messages and hostile pages
 * each end as a clear failure record or a dead-letter message (the accounting invariant),
 * never a crash, a hang or a silent drop.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountingResult, accountingKey, formatAccounting } from "../../cli/local/accounting";
import { articlePage, prose } from "../../cli/local/article-page";
import { type FaultPipeline, startFaultPipeline } from "./faults/fault-pipeline";

let server: Server;
let origin: string;
let pipeline: FaultPipeline;

const MB = 1024 * 1024;

function hostileSite(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/robots.txt":
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("User-agent: *\nAllow: /\n");
      case "/invalid-utf8": {
        const page = Buffer.from(
          articlePage({ title: "Bytes", paragraphs: [prose("Valid."), "@@"] }),
        );
        const at = page.indexOf("@@");
        page[at] = 0xff;
        page[at + 1] = 0xfe;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(page);
      }
      case "/huge-attribute":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          articlePage({
            title: "Attribute",
            paragraphs: [`<span data-x="${"A".repeat(MB)}">x</span>${prose("Big attribute.")}`],
          }),
        );
      case "/deep-nesting":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          `<html><body>${"<div>".repeat(20_000)}${prose("Deep.")}${"</div>".repeat(20_000)}</body></html>`,
        );
      case "/flat-run":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          `<html><body><article><h1>Flat</h1>${"<br>".repeat(150_000)}</article></body></html>`,
        );
      case "/redirect":
        res.writeHead(302, {
          location: `/redirect?n=${Number(url.searchParams.get("n") ?? 0) + 1}`,
        });
        return res.end();
      case "/huge-headers":
        res.writeHead(200, { "content-type": "text/html", "x-padding": "p".repeat(100_000) });
        return res.end(articlePage({ title: "Headers", paragraphs: [prose("Headers.")] }));
      case "/binary": {
        const bytes = Buffer.alloc(64 * 1024);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(bytes);
      }
      case "/empty":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end();
      case "/never-ends":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.write("<html><body><p>");
        return; // keeps the connection open until the fetch times out
      default:
        res.writeHead(404, { "content-type": "text/html" });
        return res.end("<html><body>Not found</body></html>");
    }
  });
}

beforeAll(async () => {
  server = hostileSite();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pipeline = await startFaultPipeline({
    maxAttempts: 3,
    // Long enough that a hostile page still running on a loaded machine is not delivered a
    // second time (which would end it twice); the dead letters take two of these.
    queue: { visibilityTimeoutSeconds: 12, maxReceiveCount: 2 },
    env: { FETCH_TIMEOUT_MS: "1500", MAX_REDIRECTS: "5" },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
});

/** What each input must end as: a record status and failure code, or the dead-letter queue. */
type Expected = { status: "ok" | "failed" | "skipped"; code?: string } | "dead-letter";

function endingOf(result: AccountingResult, body: string): string {
  const entry = result.urls.find((u) => u.key === accountingKey(body));
  if (!entry) return "not accounted";
  if (entry.endings.length !== 1) return entry.endings.join("+");
  if (entry.endings[0] === "dead-letter") return "dead-letter";
  const record = entry.record;
  return record?.failure ? `${record.status}:${record.failure.code}` : String(record?.status);
}

function label(expected: Expected): string {
  return expected === "dead-letter"
    ? expected
    : expected.code
      ? `${expected.status}:${expected.code}`
      : expected.status;
}

describe("bad input", () => {
  it("ends every malformed message and hostile page as a clear failure or a dead letter", {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const page = (path: string) => JSON.stringify({ url: `${origin}${path}` });
    const cases: [string, string, Expected][] = [
      ["not JSON", "{url: nope", "dead-letter"],
      ["JSON array", "[1,2,3]", "dead-letter"],
      ["url of the wrong type", JSON.stringify({ url: 5 }), "dead-letter"],
      ["unknown field", JSON.stringify({ url: `${origin}/empty`, extra: 1 }), "dead-letter"],
      ["blank body", "   ", "dead-letter"],
      [
        "tag too long",
        JSON.stringify({ url: `${origin}/x`, tag: "t".repeat(1000) }),
        "dead-letter",
      ],
      ["bad reprocess id", JSON.stringify({ reprocess: "../../etc" }), "dead-letter"],
      [
        "javascript: URL",
        JSON.stringify({ url: "javascript:alert(1)" }),
        { status: "failed", code: "invalid-url" },
      ],
      [
        "ftp URL",
        JSON.stringify({ url: "ftp://127.0.0.1/file" }),
        { status: "failed", code: "invalid-url" },
      ],
      [
        "credentials in URL",
        JSON.stringify({ url: `http://user:pw@127.0.0.1/` }),
        { status: "failed", code: "invalid-url" },
      ],
      [
        "URL of 100 KB",
        JSON.stringify({ url: `${origin}/${"a".repeat(100_000)}` }),
        { status: "failed", code: "invalid-url" },
      ],
      ["invalid UTF-8", page("/invalid-utf8"), { status: "ok" }],
      ["1 MB attribute value", page("/huge-attribute"), { status: "ok" }],
      ["20 000 nested elements", page("/deep-nesting"), { status: "skipped", code: "not-article" }],
      [
        "150 000 flat elements (over EXTRACT_MAX_ELEMENTS)",
        page("/flat-run"),
        { status: "failed", code: "too-complex" },
      ],
      ["endless redirects", page("/redirect"), { status: "failed", code: "too-many-redirects" }],
      ["100 KB response header", page("/huge-headers"), { status: "failed", code: "too-large" }],
      ["binary served as HTML", page("/binary"), { status: "skipped", code: "not-article" }],
      ["empty body", page("/empty"), { status: "skipped", code: "not-article" }],
      ["body that never ends", page("/never-ends"), "dead-letter"],
    ];
    const bodies = cases.map(([, body]) => body);
    // One message per invocation: a batch of hostile pages can outlast the visibility
    // timeout, and SQS would deliver the whole batch again while it is still running.
    pipeline.startPoller(undefined, { concurrency: 4, batchSize: 1 });

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue(100_000);
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result));

    // Assess
    expect(result.problems).toEqual([]);
    const endings = Object.fromEntries(cases.map(([name, body]) => [name, endingOf(result, body)]));
    const expected = Object.fromEntries(cases.map(([name, , want]) => [name, label(want)]));
    expect(endings).toEqual(expected);
    const flat = result.urls.find((u) => u.key === accountingKey(page("/flat-run")))?.record;
    expect(flat?.failure?.message).toContain("the page has 150004 elements; at most 100000");
    for (const entry of result.urls) {
      expect(entry.record?.failure?.message ?? "a reason").not.toBe("");
    }
  });
});
