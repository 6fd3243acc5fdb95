/**
 * A page whose extraction would outgrow its budget, in one SQS batch with ordinary pages:
 * it ends as a `too-complex` failure record within the budget, and the other pages of the
 * batch are stored on their first receive.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountingKey, formatAccounting } from "../../cli/local/accounting";
import { articlePage, prose } from "../../cli/local/article-page";
import { type FaultPipeline, startFaultPipeline } from "./faults/fault-pipeline";

let server: Server;
let origin: string;
let pipeline: FaultPipeline;

/** A long flat run of one void element inside an article: about 5 KB gzipped. */
const FLAT_RUN = `<html><body><article><h1>Flat</h1>${"<br>".repeat(2_000_000)}</article></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/robots.txt") {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    if (path === "/flat-run") return res.end(FLAT_RUN);
    return res.end(articlePage({ title: `Story ${path}`, paragraphs: [prose(`Story ${path}.`)] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pipeline = await startFaultPipeline({
    // A receive that failed would come back only after a minute: longer than the test waits.
    queue: { visibilityTimeoutSeconds: 60, maxReceiveCount: 3 },
    // An element budget the flat run's 2 million start tags fit in: this test is about the
    // deadline (the budget's own ending is in bad-input.test.ts and extract-pool.test.ts).
    env: {
      EXTRACT_TIMEOUT_MS: "1500",
      EXTRACT_MAX_ELEMENTS: "3000000",
      POLITENESS_INTERVAL_MS: "0",
    },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
});

describe("a page over its extraction budget", () => {
  it("ends as too-complex while the rest of its batch is stored on the first receive", {
    timeout: 90_000,
  }, async () => {
    // Prepare
    const bodies = ["/a", "/flat-run", "/b", "/c"].map((p) =>
      JSON.stringify({ url: `${origin}${p}` }),
    );
    pipeline.startPoller(undefined, { concurrency: 1, batchSize: 10 });

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue(45_000);
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result));

    // Assess
    expect(result.problems).toEqual([]);
    const ending = (body: string) => result.urls.find((u) => u.key === accountingKey(body))?.record;
    const [a, flat, b, c] = bodies.map(ending);
    expect(flat).toMatchObject({ status: "failed", failure: { code: "too-complex", attempts: 1 } });
    expect(flat?.failure?.message).toContain("took longer than 1500 ms");
    for (const record of [a, b, c]) expect(record?.status).toBe("ok");
  });
});
