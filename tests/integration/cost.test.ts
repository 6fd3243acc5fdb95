/**
 * What one article costs, counted at the SDK clients (UsageMeter) on the stand-ins, so a
 * change that adds a request or a write per article fails here instead of creeping into the
 * bill. The counts are per article and by service and command; `npm run load` prices the
 * same counters (scripts/cost-model.ts, docs/deploy.md "What it costs").
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage, prose } from "../../cli/local/article-page";
import { UsageMeter, type UsageSnapshot } from "../../functions/adapters/usage-meter";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { createIngestHandler } from "../../functions/ingest/ingest-handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import { loadConfig } from "../../functions/shared/config";
import { INGEST_MEMORY_MB } from "../../functions/shared/resources";
import { priceRun, requestsPerArticle } from "../../scripts/cost-model";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { sqsBatch } from "../support/sqs-event";
import { createTestResources } from "../support/stand-ins";

const ARTICLES = 6;
/** New articles in one batch through the handler (an SQS batch holds up to 10). */
const BATCH = 8;
let site: MutableSite;
let usage: UsageMeter;
let deps: IngestDeps;
let clock = new Date("2026-11-20T10:00:00.000Z");

beforeAll(async () => {
  site = await startMutableSite();
  const resources = await createTestResources();
  // No politeness wait: the slot claims are counted, not timed.
  const config = loadConfig({ ...resources.env, POLITENESS_INTERVAL_MS: "0" });
  usage = new UsageMeter();
  deps = { ...buildIngestDeps(config, { usage }), now: () => clock };
  for (let n = 0; n < ARTICLES + BATCH; n++) {
    site.set(
      `/news/story-${n}`,
      articlePage({ title: `Story ${n} of the day`, paragraphs: [prose(`Story ${n}.`)] }),
    );
  }
  // The host's robots.txt is fetched and cached once; the counts below are per article after it.
  await processMessage(`${site.origin}/news/story-0`, 1, deps);
}, 120_000);

afterAll(async () => {
  await site?.close();
});

/** Requests made by `work`, per article. */
async function counted(work: () => Promise<void>): Promise<UsageSnapshot> {
  const before = usage.snapshot();
  await work();
  const after = usage.snapshot();
  const requests: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.requests)) {
    const delta = n - (before.requests[name] ?? 0);
    if (delta > 0) requests[name] = delta;
  }
  return {
    requests,
    dynamodbReadUnits: after.dynamodbReadUnits - before.dynamodbReadUnits,
    dynamodbWriteUnits: after.dynamodbWriteUnits - before.dynamodbWriteUnits,
    s3BytesPut: after.s3BytesPut - before.s3BytesPut,
  };
}

function perArticle(snapshot: UsageSnapshot, articles: number): Record<string, number> {
  return requestsPerArticle({
    usage: snapshot,
    invocations: 0,
    handlerMs: 0,
    memoryMb: INGEST_MEMORY_MB,
    logBytes: 0,
    articles,
  });
}

describe("requests per article", () => {
  it("a new article: one capture PUT, two record writes, no transaction", async () => {
    // Act
    const snapshot = await counted(async () => {
      for (let n = 1; n < ARTICLES; n++) {
        await processMessage(`${site.origin}/news/story-${n}`, 1, deps);
      }
    });

    // Assess
    const counts = perArticle(snapshot, ARTICLES - 1);
    expect(counts).toEqual({
      // resolveUrl (alias) and getLatest before the fetch, and the host's robots.txt record
      // (shared by all workers); the politeness slot is claimed with one conditional update
      // on an idle host.
      "dynamodb:GetItem": 3,
      "dynamodb:UpdateItem": 1,
      // The version item, then the latest item conditional on the record read.
      "dynamodb:PutItem": 2,
      // One WARC capture per article. The HEAD before it is the stand-in's only (s3rver
      // ignores If-None-Match); on AWS the PUT alone is conditional.
      "s3:HeadObject": 1,
      "s3:PutObject": 1,
    });
    expect(snapshot.dynamodbWriteUnits).toBeGreaterThan(0);
    expect(snapshot.dynamodbReadUnits).toBeGreaterThan(0);
    // Priced, the requests above stay far below the $10 per million budget's storage share.
    const cost = priceRun({
      usage: snapshot,
      invocations: 0,
      handlerMs: 0,
      memoryMb: INGEST_MEMORY_MB,
      logBytes: 0,
      articles: ARTICLES - 1,
    });
    const line = (item: string) => cost.lines.find((l) => l.item === item)?.perMillion ?? NaN;
    expect(line("S3 PUT-class requests")).toBeCloseTo(5, 5);
  });

  it("a batch of new articles through the handler: one capture PUT for the whole batch", async () => {
    // Prepare
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Test", serviceName: "cost" }),
    });
    const urls = Array.from(
      { length: BATCH },
      (_, n) => `${site.origin}/news/story-${ARTICLES + n}`,
    );

    // Act
    const snapshot = await counted(async () => {
      const response = await handler(sqsBatch(urls));
      expect(response.batchItemFailures).toEqual([]);
    });

    // Assess: the S3 lines (the batch's captures share one WARC object, written without a
    // HEAD: its key is new by construction).
    const counts = perArticle(snapshot, BATCH);
    const s3 = Object.fromEntries(
      Object.entries(counts).filter(([name]) => name.startsWith("s3:")),
    );
    expect(s3).toEqual({ "s3:PutObject": 1 / BATCH });
    const cost = priceRun({
      usage: snapshot,
      invocations: 0,
      handlerMs: 0,
      memoryMb: INGEST_MEMORY_MB,
      logBytes: 0,
      articles: BATCH,
    });
    const line = (item: string) => cost.lines.find((l) => l.item === item)?.perMillion ?? NaN;
    expect(line("S3 PUT-class requests")).toBeCloseTo(5 / BATCH, 5);
  });

  it("a re-fetch that finds the same bytes: no object, one record write", async () => {
    // Prepare
    clock = new Date(clock.getTime() + 2 * 3600_000);

    // Act
    const snapshot = await counted(async () => {
      for (let n = 1; n < ARTICLES; n++) {
        await processMessage(`${site.origin}/news/story-${n}`, 1, deps);
      }
    });

    // Assess
    expect(perArticle(snapshot, ARTICLES - 1)).toEqual({
      "dynamodb:GetItem": 3,
      "dynamodb:UpdateItem": 1,
      // The check (new checkedAt, validators) on the latest item only.
      "dynamodb:PutItem": 1,
    });
    expect(snapshot.s3BytesPut).toBe(0);
  });
});
