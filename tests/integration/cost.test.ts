/**
 * What one article costs, counted at the SDK clients (UsageMeter) on the stand-ins, so a
 * change that adds a request or a write per article fails here instead of creeping into the
 * bill. The counts are per article and by service and command; `npm run load` prices the
 * same counters (scripts/cost-model.ts, docs/deploy.md "What it costs"). The analytics
 * writer's requests per article written are counted the same way (docs/deploy.md
 * "Analytics (Athena)").
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage, prose } from "../../cli/local/article-page";
import { AnalyticsObjects } from "../../functions/adapters/analytics-objects";
import { ArticleTable } from "../../functions/adapters/article-table";
import { createAwsClients } from "../../functions/adapters/aws-clients";
import { HOST_WRITE_KINDS } from "../../functions/adapters/dynamodb-host-store";
import { S3Archive } from "../../functions/adapters/s3-archive";
import { UsageMeter, type UsageSnapshot } from "../../functions/adapters/usage-meter";
import { writeAnalytics } from "../../functions/analytics/analytics-writer";
import type { ArticleRecord } from "../../functions/core/article-record";
import { articleIdFor, normalizeUrl } from "../../functions/core/normalize-url";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { createIngestHandler } from "../../functions/ingest/ingest-handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import { loadConfig } from "../../functions/shared/config";
import { ANALYTICS_DEFINITION, INGEST_MEMORY_MB } from "../../functions/shared/resources";
import { formatCost, priceRun, requestsPerArticle } from "../../scripts/cost-model";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { sqsBatch } from "../support/sqs-event";
import { createTestResources, type TestResources } from "../support/stand-ins";

const ARTICLES = 6;
/** Write units per new article (see the first test); raise it only with a reason. */
const NEW_ARTICLE_WRU = 6;
/** Write units per re-fetch that finds the same bytes (see the second test). */
const SAME_BYTES_WRU = 6;
/** New articles in one batch through the handler (an SQS batch holds up to 10). */
const BATCH = 8;
let site: MutableSite;
let resources: TestResources;
let usage: UsageMeter;
let deps: IngestDeps;
let clock = new Date("2026-11-20T10:00:00.000Z");

beforeAll(async () => {
  site = await startMutableSite();
  resources = await createTestResources();
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
async function counted(
  work: () => Promise<void>,
  meter: UsageMeter = usage,
): Promise<UsageSnapshot> {
  const before = meter.snapshot();
  await work();
  const after = meter.snapshot();
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
    dynamodbConditionFailures: after.dynamodbConditionFailures - before.dynamodbConditionFailures,
    writesByKind: Object.fromEntries(
      Object.entries(after.writesByKind).flatMap(([kind, entry]) => {
        const was = before.writesByKind[kind] ?? { writes: 0, writeUnits: 0 };
        const writes = entry.writes - was.writes;
        return writes > 0
          ? [[kind, { writes, writeUnits: entry.writeUnits - was.writeUnits }]]
          : [];
      }),
    ),
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
      // One WARC capture per article. The HEAD before it is the local stack's only
      // (S3_IGNORES_IF_NONE_MATCH: s3rver ignores If-None-Match); on AWS the PUT alone is
      // conditional, and the load run's cost model does not price it.
      "s3:HeadObject": 1,
      "s3:PutObject": 1,
    });
    // Write units (1 per KB): the slot claim 1, the version item 1 (its snapshot packed as
    // gzipped JSON), the latest item (the record without provenance) 2, and one small copy
    // in each of the latest item's two indexes (they copy only the listing fields). A
    // bulkier item or another indexed copy shows here.
    expect(snapshot.dynamodbWriteUnits / (ARTICLES - 1)).toBeLessThanOrEqual(NEW_ARTICLE_WRU);
    // The host store's writes: one granted claim per article, on the idle host, nothing
    // refused (a refused condition is billed as a write).
    expect(snapshot.writesByKind).toEqual({
      [HOST_WRITE_KINDS.claimIdle]: { writes: ARTICLES - 1, writeUnits: ARTICLES - 1 },
    });
    expect(snapshot.dynamodbConditionFailures).toBe(0);
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
    // The slot claim 1, the latest item 2, and its index copies: the by-site copy 1, the
    // recent one 2 (its key moves with `checkedAt`: a delete and a put there).
    expect(snapshot.dynamodbWriteUnits / (ARTICLES - 1)).toBeLessThanOrEqual(SAME_BYTES_WRU);
  });
});

describe("the analytics writer, per article written", () => {
  it("reads each article's document once per run that writes its slot, two runs per slot", async () => {
    // Prepare: a steady day of about 33,000 checks (a million articles a month), 350 per
    // 15-minute slot: copies of a real latest record (same size, same WARC capture) checked
    // through the slots 12:00-12:15 and 12:15-12:30 UTC of one day; a run at 12:31 writes
    // both (each slot is written by two runs, this one and the one before or after it).
    const PER_SLOT = 350;
    const day = "2026-11-21";
    const story = articleIdFor(normalizeUrl(`${site.origin}/news/story-1`));
    const config = loadConfig(resources.env);
    const table = new ArticleTable(
      resources.clients.documents,
      config.tableName,
      config.cursorSecret,
    );
    const template = (await table.getLatest(story)) as ArticleRecord;
    expect(template.capture?.document).toBeDefined();
    const slotStart = Date.parse(`${day}T12:00:00.000Z`);
    const slotMs = ANALYTICS_DEFINITION.slotMinutes * 60_000;
    for (let n = 0; n < 2 * PER_SLOT; n++) {
      const checkedAt = new Date(slotStart + Math.floor((n * 2 * slotMs) / (2 * PER_SLOT)));
      const record = {
        ...template,
        articleId: articleIdFor(normalizeUrl(`${site.origin}/analytics/${n}`)),
        checkedAt: checkedAt.toISOString(),
      };
      await table.putLatest(record, null);
    }
    const meter = new UsageMeter();
    const clients = createAwsClients(resources);
    meter.attach(clients);
    const run = () =>
      writeAnalytics({
        table: new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
        archive: new S3Archive(clients.s3, config.bucketName),
        objects: new AnalyticsObjects(clients.s3, config.bucketName),
        now: () => new Date(`${day}T12:31:00.000Z`),
      });

    // Act
    let written: Awaited<ReturnType<typeof run>> = [];
    const started = performance.now();
    const snapshot = await counted(async () => {
      written = await run();
    }, meter);
    const handlerMs = performance.now() - started;

    // Assess: the run wrote 2 slots of 350 rows; per article (PER_SLOT new articles per run
    // in a steady state), two document reads (one byte-range GET of the WARC metadata
    // record, once in each of the two runs that write its slot) and no other S3 read.
    expect(written.map((w) => w.rows)).toEqual([PER_SLOT, PER_SLOT]);
    const measured = {
      usage: snapshot,
      invocations: 1,
      handlerMs,
      memoryMb: 1024,
      logBytes: 0,
      articles: PER_SLOT,
    };
    const counts = perArticle(snapshot, PER_SLOT);
    expect(counts["s3:GetObject"]).toBe(2);
    expect(counts["s3:PutObject"]).toBe(2 / PER_SLOT);
    expect(Object.keys(counts).sort()).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "s3:GetObject",
      "s3:PutObject",
    ]);
    // The recent index (listing fields only) is read by pages of 8 shard queries: about a
    // quarter of a Query per article; the whole records by BatchGetItem, 100 keys a request.
    // Reading a whole day per slot would be hundreds of times that.
    expect(counts["dynamodb:Query"]).toBeLessThan(0.5);
    expect(counts["dynamodb:BatchGetItem"]).toBeLessThan(0.1);
    expect(snapshot.dynamodbReadUnits / PER_SLOT).toBeGreaterThan(0);
    expect(snapshot.dynamodbReadUnits / PER_SLOT).toBeLessThan(6);
    // The figures docs/deploy.md ("Analytics (Athena)") states, priced with the price table.
    console.log(formatCost(measured).join("\n"));
  }, 300_000);
});
