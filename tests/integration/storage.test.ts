/**
 * Identity, versions and idempotency of the ingest service against DynamoDB Local and
 * s3rver, with pages served on loopback.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WARCParser } from "warcio";
import { articlePage, prose } from "../../cli/local/article-page";
import { ArticleTable } from "../../functions/adapters/article-table";
import {
  captureKeyFor,
  isSharedCaptureKey,
  rawObjectMetadata,
  S3Archive,
} from "../../functions/adapters/s3-archive";
import { UsageMeter } from "../../functions/adapters/usage-meter";
import {
  type ArticleRecord,
  MAX_ITEM_BYTES,
  MAX_SUBMISSION_TAGS,
  recordItemBytes,
} from "../../functions/core/article-record";
import { IngestError } from "../../functions/core/errors";
import { METADATA_BOUNDS } from "../../functions/core/extract/metadata/bounds";
import { EXTRACTOR_VERSION } from "../../functions/core/extract/version";
import { articleIdFor, normalizeUrl } from "../../functions/core/normalize-url";
import { sweepSharedCaptures } from "../../functions/ingest/capture-sweep";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { createIngestHandler } from "../../functions/ingest/ingest-handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import type { ArticleStore } from "../../functions/ingest/ports";
import { loadConfig } from "../../functions/shared/config";
import { INDEXED_RECORD_FIELDS, TABLE_INDEXES, TABLE_KEYS } from "../../functions/shared/resources";
import { asLegacyRecord, putLegacyRaw } from "../support/legacy-copies";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { sqsBatch } from "../support/sqs-event";
import { createTestResources, type TestResources } from "../support/stand-ins";
import { localDataDir, runCli } from "./cli/run-cli";

let site: MutableSite;
let resources: TestResources;
let deps: IngestDeps;
let table: ArticleTable;
let archive: S3Archive;
let clock = new Date("2026-11-20T10:00:00.000Z");

beforeAll(async () => {
  site = await startMutableSite();
  resources = await createTestResources();
  const config = loadConfig(resources.env);
  deps = { ...buildIngestDeps(config), now: () => clock };
  table = new ArticleTable(resources.clients.documents, config.tableName, config.cursorSecret);
  archive = new S3Archive(resources.clients.s3, config.bucketName);
});

afterAll(async () => {
  await site?.close();
});

/** Attributes of an index item that are keys, not record fields. */
const indexKeyNames: string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...Object.values(TABLE_INDEXES).flatMap((index) => [index.partitionKey, index.sortKey]),
];

function advance(minutes: number): void {
  clock = new Date(clock.getTime() + minutes * 60_000);
}

/** The article's capture objects (WARC) and raw copies stored before WARC. */
async function rawObjects(articleId: string, prefixes = ["warc/", "raw/"]): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of prefixes) {
    const list = await resources.clients.s3.send(
      new ListObjectsV2Command({ Bucket: resources.bucketName, Prefix: `${prefix}${articleId}/` }),
    );
    keys.push(...(list.Contents ?? []).map((o) => o.Key as string));
  }
  return keys;
}

/** Every object stored for an article: its raw copies and its extraction document. */
async function storedObjects(articleId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [`warc/${articleId}/`, `raw/${articleId}/`, `articles/${articleId}`]) {
    const list = await resources.clients.s3.send(
      new ListObjectsV2Command({ Bucket: resources.bucketName, Prefix: prefix }),
    );
    keys.push(...(list.Contents ?? []).map((o) => o.Key as string));
  }
  return keys.sort();
}

/** Every key the article's latest record and its versions point at. */
async function referencedObjects(articleId: string): Promise<string[]> {
  const latest = await table.getLatest(articleId);
  const versions = await Promise.all(
    (await table.listVersions(articleId)).map((v) => table.getVersion(articleId, v.version)),
  );
  const records = [latest, ...versions];
  const keys = records.flatMap((r) => [r?.rawKey, r?.articleKey]);
  return [...new Set(keys.filter((k): k is string => typeof k === "string"))].sort();
}

/** Every shared capture object in the bucket (the captures of one handler batch). */
async function sharedObjects(): Promise<string[]> {
  const list = await resources.clients.s3.send(
    new ListObjectsV2Command({ Bucket: resources.bucketName, Prefix: "warc/batch/" }),
  );
  return (list.Contents ?? []).map((o) => o.Key as string).sort();
}

/** The service's deps with some of the article store's calls replaced. */
function withStore(overrides: Partial<ArticleStore>): IngestDeps {
  const store = deps.store;
  return {
    ...deps,
    store: {
      getLatest: (id) => store.getLatest(id),
      getVersion: (id, version) => store.getVersion(id, version),
      resolveUrl: (url) => store.resolveUrl(url),
      putVersion: (record, previous, changed, latest) =>
        store.putVersion(record, previous, changed, latest),
      putLatest: (record, previous) => store.putLatest(record, previous),
      addSubmissionTag: (id, tag) => store.addSubmissionTag(id, tag),
      putAliases: (urls, id) => store.putAliases(urls, id),
      deleteFailedRecord: (id) => store.deleteFailedRecord(id),
      ...overrides,
    },
  };
}

describe("identity", () => {
  it("keys a story by its same-site canonical URL and resolves every submitted variant to it", async () => {
    // Prepare
    const canonical = `${site.origin}/news/harbour-bridge`;
    const page = articlePage({
      title: "Harbour bridge reopens",
      paragraphs: [prose("Alpha.")],
      canonical,
    });
    site.set("/news/harbour-bridge", page);
    site.set("/amp/harbour-bridge", page);

    // Act
    const first = await processMessage(
      `${site.origin}/news/harbour-bridge?utm_source=feed`,
      1,
      deps,
    );
    const second = await processMessage(
      JSON.stringify({ url: `${site.origin}/amp/harbour-bridge`, force: true }),
      1,
      deps,
    );

    // Assess
    const id = articleIdFor(normalizeUrl(canonical));
    expect(first.articleId).toBe(id);
    expect(second.articleId).toBe(id);
    for (const variant of [
      canonical,
      `${site.origin}/news/harbour-bridge?utm_medium=x#top`,
      `${site.origin}/amp/harbour-bridge`,
    ]) {
      expect((await table.getByUrl(normalizeUrl(variant)))?.articleId, variant).toBe(id);
    }
    const record = await table.getLatest(id);
    expect(record?.canonicalUrl).toBe(normalizeUrl(canonical));
    expect(record?.submittedUrls).toEqual([
      normalizeUrl(`${site.origin}/news/harbour-bridge`),
      normalizeUrl(`${site.origin}/amp/harbour-bridge`),
    ]);
    expect(record?.version).toBe(1);
  });

  it("does not trust a canonical URL on another site as identity, but keeps it as the original URL", async () => {
    // Prepare
    site.set(
      "/news/borrowed",
      articlePage({
        title: "Borrowed story",
        paragraphs: [prose("Beta.")],
        canonical: "https://other-publisher.example/story",
      }),
    );

    // Act
    const outcome = await processMessage(`${site.origin}/news/borrowed`, 1, deps);

    // Assess
    const own = normalizeUrl(`${site.origin}/news/borrowed`);
    expect(outcome.articleId).toBe(articleIdFor(own));
    const record = await table.getLatest(outcome.articleId);
    expect(record?.url).toBe(own);
    expect(record?.canonicalUrl).toBe("https://other-publisher.example/story");
    expect(await table.resolveUrl("https://other-publisher.example/story")).toBeNull();
  });
});

/** Every record of a capture object, parsed by warcio's own parser over the whole gzip file. */
async function warcRecords(key: string) {
  const object = await resources.clients.s3.send(
    new GetObjectCommand({ Bucket: resources.bucketName, Key: key }),
  );
  const bytes = await (object.Body?.transformToByteArray() ?? new Uint8Array());
  const records: {
    type: string;
    uri: string | null;
    digest: string | null;
    payload: Buffer;
    status: number | null;
  }[] = [];
  async function* source() {
    yield bytes;
  }
  for await (const record of new WARCParser(source())) {
    const payload = Buffer.from(await record.readFully(false));
    records.push({
      type: record.warcType ?? "",
      uri: record.warcTargetURI ?? null,
      digest: record.warcPayloadDigest ?? null,
      payload,
      status: record.httpHeaders ? Number(record.httpHeaders.statusCode) : null,
    });
  }
  return records;
}

describe("WARC captures", () => {
  it("stores each fetch as one WARC object that warcio parses, with the payload digest of the exact bytes", async () => {
    // Prepare: a page served with its exact bytes known.
    const url = `${site.origin}/news/harbour`;
    const html = articlePage({ title: "Harbour wall repaired", paragraphs: [prose("Delta.")] });
    site.set("/news/harbour", html);
    const served = Buffer.from(html, "utf8");

    // Act
    const outcome = await processMessage(url, 1, deps);
    const record = (await table.getLatest(outcome.articleId)) as ArticleRecord;
    const records = await warcRecords(record.rawKey as string);
    const raw = await archive.getRaw(record);
    const document = await archive.getDocument(record);

    // Assess
    expect(record.rawKey).toMatch(/^warc\/.+\.warc\.gz$/);
    expect(record.articleKey).toBe(record.rawKey);
    expect(records.map((r) => r.type)).toEqual(["warcinfo", "request", "response", "metadata"]);
    const response = records[2];
    expect(response?.uri).toBe(url);
    expect(response?.status).toBe(200);
    expect(response?.payload.equals(served)).toBe(true);
    const sha = createHash("sha256").update(served).digest("hex");
    expect(response?.digest).toBe(`sha256:${sha}`);
    expect(record.rawSha256).toBe(sha);
    expect(record.capture?.response?.digest).toBe(`sha256:${sha}`);
    expect(raw.body.equals(served)).toBe(true);
    expect(JSON.parse(records[3]?.payload.toString("utf8") ?? "{}")).toMatchObject({
      articleId: record.articleId,
      version: 1,
    });
    expect(document?.text).toContain("Delta");
    expect(await rawObjects(record.articleId)).toEqual([record.rawKey]);
  });

  it("stores the captures of one handler batch as one WARC object (one PUT) that warcio parses, each record read by its own range", async () => {
    // Prepare: five pages with their exact bytes known, one batch of the handler.
    const served = new Map<string, Buffer>();
    for (let n = 0; n < 5; n++) {
      const html = articlePage({ title: `Quay story ${n}`, paragraphs: [prose(`Quay ${n}.`)] });
      site.set(`/news/quay-${n}`, html);
      served.set(normalizeUrl(`${site.origin}/news/quay-${n}`), Buffer.from(html, "utf8"));
    }
    const usage = new UsageMeter();
    const metered = { ...buildIngestDeps(loadConfig(resources.env), { usage }), now: () => clock };
    const handler = createIngestHandler(metered, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Test", serviceName: "storage" }),
    });

    // Act
    const response = await handler(sqsBatch([...served.keys()]));
    const records = await Promise.all(
      [...served.keys()].map(async (u) => (await table.getByUrl(u)) as ArticleRecord),
    );
    const key = records[0]?.rawKey as string;
    const parsed = await warcRecords(key);
    const printed = await runCli([
      "get",
      records[2]?.articleId as string,
      "--raw",
      "--local",
      "--data-dir",
      localDataDir(resources),
    ]);
    advance(1);
    const reprocessed = await processMessage(
      JSON.stringify({ reprocess: records[3]?.articleId }),
      1,
      deps,
    );

    // Assess: one PUT for the batch, every record in the one object.
    expect(response.batchItemFailures).toEqual([]);
    expect(usage.snapshot().requests["s3:PutObject"]).toBe(1);
    expect(isSharedCaptureKey(key)).toBe(true);
    expect(parsed.map((r) => r.type)).toEqual([
      "warcinfo",
      ...Array.from({ length: 5 }, () => ["request", "response", "metadata"]).flat(),
    ]);
    for (const record of records) {
      expect(record.rawKey).toBe(key);
      expect(record.articleKey).toBe(key);
      const bytes = served.get(record.url) as Buffer;
      const sha = createHash("sha256").update(bytes).digest("hex");
      const inObject = parsed.find((r) => r.type === "response" && r.uri === record.url);
      expect(inObject?.payload.equals(bytes)).toBe(true);
      expect(inObject?.digest).toBe(`sha256:${sha}`);
      expect(record.capture?.response?.digest).toBe(`sha256:${sha}`);
      expect((await archive.getRaw(record)).body.equals(bytes)).toBe(true);
      const document = await archive.getDocument(record);
      expect(document?.articleId).toBe(record.articleId);
      expect(document?.record.rawKey).toBe(key);
    }
    expect(new Set(records.map((r) => r.capture?.response?.offset)).size).toBe(5);
    expect(printed.stdoutBytes.equals(served.get(records[2]?.url as string) as Buffer)).toBe(true);
    expect(reprocessed.kind).toBe("reprocessed");
    const after = (await table.getLatest(records[3]?.articleId as string)) as ArticleRecord;
    expect(after.rawKey).toBe(key);
    expect((await archive.getRaw(after)).body.equals(served.get(after.url) as Buffer)).toBe(true);
  });
});

describe("versions", () => {
  it("makes version 2 when the story changes and keeps version 1 and its raw copy readable", async () => {
    // Prepare
    const url = `${site.origin}/news/budget`;
    site.set(
      "/news/budget",
      articlePage({ title: "Budget agreed", paragraphs: [prose("Gamma.")] }),
    );
    const v1 = await processMessage(url, 1, deps);
    site.set(
      "/news/budget",
      articlePage({
        title: "Budget agreed after late vote",
        paragraphs: [prose("Gamma."), prose("Update.")],
      }),
    );
    advance(120);

    // Act
    const v2 = await processMessage(url, 1, deps);

    // Assess
    expect(v1.version).toBe(1);
    expect(v2.version).toBe(2);
    const latest = await table.getLatest(v2.articleId);
    expect(latest?.title).toBe("Budget agreed after late vote");
    const old = await table.getVersion(v2.articleId, 1);
    expect(old?.title).toBe("Budget agreed");
    const changed = await table.getVersionItem(v2.articleId, 2);
    expect(changed?.changedFields).toEqual(
      expect.arrayContaining(["title", "rawSha256", "wordCount"]),
    );
    expect(old?.rawKey).not.toBe(latest?.rawKey);
    const oldRaw = await archive.getRaw(old as ArticleRecord);
    expect(oldRaw.body.toString("utf8")).toContain("Budget agreed</h1>");
    // Each version's own document stays readable.
    expect((await archive.getDocument(old as ArticleRecord))?.record.title).toBe("Budget agreed");
    expect((await archive.getDocument(latest as ArticleRecord))?.version).toBe(2);
    expect(await rawObjects(v2.articleId)).toHaveLength(2);
  });

  it("writes nothing new when a re-fetch finds the same content", async () => {
    // Prepare
    const url = `${site.origin}/news/weather`;
    site.set(
      "/news/weather",
      articlePage({ title: "Storm warning lifted", paragraphs: [prose("Delta.")] }),
    );
    const first = await processMessage(url, 1, deps);
    advance(120);

    // Act
    const again = await processMessage(JSON.stringify({ url, force: true }), 1, deps);

    // Assess
    expect(again.kind).toBe("unchanged");
    expect(await rawObjects(first.articleId)).toHaveLength(1);
    expect((await table.listVersions(first.articleId)).map((v) => v.version)).toEqual([1]);
    expect((await table.getLatest(first.articleId))?.checkedAt).toBe(clock.toISOString());
  });

  it("makes no new version when a page that is not an article is fetched again unchanged", async () => {
    // Prepare
    const url = `${site.origin}/news/`;
    site.set("/news/", "<html><body><nav><a href='/a'>A</a></nav><p>Index</p></body></html>");
    const first = await processMessage(url, 1, deps);
    advance(120);

    // Act
    const again = await processMessage(JSON.stringify({ url, force: true }), 1, deps);

    // Assess
    expect(first.kind).toBe("skipped");
    expect(again.kind).toBe("unchanged");
    expect((await table.listVersions(first.articleId)).map((v) => v.version)).toEqual([1]);
  });

  it("records a 304 on a conditional re-fetch as a check without a new copy", async () => {
    // Prepare
    const url = `${site.origin}/news/library`;
    site.set(
      "/news/library",
      articlePage({ title: "Library extends hours", paragraphs: [prose("Epsilon.")] }),
    );
    const first = await processMessage(url, 1, deps);
    advance(120); // past the refresh window, so the record is checked again

    // Act
    const again = await processMessage(url, 1, deps);

    // Assess
    expect(again.kind).toBe("unchanged");
    expect(await rawObjects(first.articleId)).toHaveLength(1);
    expect((await table.getLatest(first.articleId))?.version).toBe(1);
  });

  it("makes one version when the same message is delivered twice", async () => {
    // Prepare
    const body = JSON.stringify({
      url: `${site.origin}/news/ferry`,
      submittedAt: clock.toISOString(),
    });
    site.set(
      "/news/ferry",
      articlePage({ title: "Ferry timetable changes", paragraphs: [prose("Zeta.")] }),
    );

    // Act
    const first = await processMessage(body, 1, deps);
    const duplicate = await processMessage(body, 2, deps);

    // Assess
    expect(first.kind).toBe("ok");
    expect(duplicate.kind).toBe("fresh");
    expect(site.hits("/news/ferry")).toBe(1);
    expect((await table.listVersions(first.articleId)).map((v) => v.version)).toEqual([1]);
  });

  it("loses no update when two workers ingest the same URL at once", async () => {
    // Prepare
    const url = `${site.origin}/news/stadium`;
    site.set(
      "/news/stadium",
      articlePage({ title: "Stadium plan approved", paragraphs: [prose("Eta.")] }),
    );
    const body = JSON.stringify({ url, force: true, tag: "worker" });

    // Act
    const outcomes = await Promise.all([
      processMessage(body, 1, deps),
      processMessage(body, 1, deps),
    ]);

    // Assess
    const id = outcomes[0]?.articleId as string;
    expect(outcomes.map((o) => o.articleId)).toEqual([id, id]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["ok", "unchanged"]);
    expect((await table.listVersions(id)).map((v) => v.version)).toEqual([1]);
    expect(await rawObjects(id)).toHaveLength(1);
  });

  it("never takes over the version item an imported older capture wrote past the latest", async () => {
    // Prepare: version 1 fetched; an import of an older capture adds version 2 and leaves
    // version 1 the latest (lastVersion 2); a writer that read the latest before it came in
    // then decides version 2 too.
    const url = `${site.origin}/news/ferry`;
    site.set(
      "/news/ferry",
      articlePage({ title: "Ferry timetable", paragraphs: [prose("Iota.")] }),
    );
    const first = await processMessage(url, 1, deps);
    const v1 = (await table.getLatest(first.articleId)) as ArticleRecord;
    const imported = {
      ...v1,
      version: 2,
      title: "Ferry timetable (older)",
      fetchedAt: "2025-01-01T00:00:00.000Z",
    };
    const checkedAt = "2026-11-20T12:00:00.000Z";
    await table.putVersion(imported, v1, ["title"], { ...v1, lastVersion: 2, checkedAt });
    const stale = { ...v1, version: 2, title: "Ferry timetable (stale writer)" };

    // Act
    const write = table.putVersion(stale, v1, ["title"]);

    // Assess: the stale writer loses, and version 2 is still the import.
    await expect(write).rejects.toMatchObject({ code: "version-conflict" });
    expect((await table.getVersion(first.articleId, 2))?.title).toBe("Ferry timetable (older)");
    expect(await table.getLatest(first.articleId)).toMatchObject({ version: 1, lastVersion: 2 });
  });
});

describe("stored objects", () => {
  it("sweeps a shared capture object no record points at, keeps one a member points at, and never a young one", async () => {
    // Prepare: a batch of three whose record writes all die (a killed process), and a batch
    // of two where one record write dies and the other lands.
    const page = (n: number) =>
      articlePage({ title: `Pier story ${n}`, paragraphs: [prose(`Pier ${n}.`)] });
    for (let n = 0; n < 5; n++) site.set(`/news/pier-${n}`, page(n));
    const urls = Array.from({ length: 5 }, (_, n) => `${site.origin}/news/pier-${n}`);
    const earlier = await sharedObjects();
    const dies = new Set(urls.slice(0, 4).map((u) => articleIdFor(normalizeUrl(u))));
    const killing = withStore({
      putVersion: async (record, previous, changed, latest) => {
        if (dies.has(record.articleId)) throw new Error("killed before the record write");
        await deps.store.putVersion(record, previous, changed, latest);
      },
    });
    const handler = createIngestHandler(killing, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Test", serviceName: "storage" }),
    });
    await handler(sqsBatch(urls.slice(0, 3)));
    await handler(sqsBatch(urls.slice(3)));
    const kept = (await table.getByUrl(normalizeUrl(urls[4] as string))) as ArticleRecord;
    const before = (await sharedObjects()).filter((k) => !earlier.includes(k));

    // Act
    const young = await runCli([
      "sweep",
      "--json",
      "--local",
      "--data-dir",
      localDataDir(resources),
    ]);
    const outside = await sweepSharedCaptures(archive, table, {
      now: new Date(Date.now() + 5_000),
      minAgeMs: 0,
      since: new Date(Date.now() + 4_000),
    });
    const swept = await sweepSharedCaptures(archive, table, {
      now: new Date(Date.now() + 5_000),
      minAgeMs: 0,
    });

    // Assess
    expect(young.code).toBe(0);
    expect(JSON.parse(young.stdout)).toMatchObject({ checked: 0, deleted: [], dryRun: false });
    // Objects written before the window's start are not listed at all.
    expect(outside).toEqual({ checked: 0, deleted: [] });
    expect(isSharedCaptureKey(kept.rawKey as string)).toBe(true);
    expect(before).toContain(kept.rawKey);
    expect(before).toHaveLength(2);
    expect(swept.deleted).toEqual(before.filter((k) => k !== kept.rawKey));
    expect(await sharedObjects()).toEqual([...earlier, kept.rawKey as string].sort());
    expect((await archive.getRaw(kept)).body.toString("utf8")).toBe(page(4));
  });

  it("names a raw copy by its content: a delivery that died before the record write and its redelivery store one", async () => {
    // Prepare: the first delivery dies between the raw write and the record write.
    const url = `${site.origin}/news/tram-line`;
    site.set(
      "/news/tram-line",
      articlePage({ title: "Tram line opens", paragraphs: [prose("Mu.")] }),
    );
    const dying = withStore({
      putVersion: async () => {
        throw new Error("killed");
      },
    });
    await expect(processMessage(url, 1, dying)).rejects.toThrow("killed");
    advance(1);

    // Act
    const outcome = await processMessage(url, 2, deps);

    // Assess
    expect(outcome.kind).toBe("ok");
    const record = (await table.getLatest(outcome.articleId)) as ArticleRecord;
    expect(record.rawKey).toBe(
      captureKeyFor(outcome.articleId, 1, record.rawSha256 as string, EXTRACTOR_VERSION),
    );
    expect(await rawObjects(outcome.articleId)).toEqual([record.rawKey]);
    expect(await storedObjects(outcome.articleId)).toEqual(
      await referencedObjects(outcome.articleId),
    );
  });

  it("leaves no unreferenced object when the record write fails for good", async () => {
    // Prepare
    const url = `${site.origin}/news/pier`;
    site.set("/news/pier", articlePage({ title: "Pier repaired", paragraphs: [prose("Nu.")] }));
    const refusing = withStore({
      putVersion: async (record) => {
        throw new IngestError("too-large", `Record ${record.articleId} is too large`);
      },
    });

    // Act
    const outcome = await processMessage(url, 1, refusing);

    // Assess
    expect(outcome).toMatchObject({ kind: "failed", code: "too-large" });
    expect((await table.getLatest(outcome.articleId))?.status).toBe("failed");
    expect(await storedObjects(outcome.articleId)).toEqual([]);
  });

  it("keeps every copy an earlier version points at when a new version fails for good", async () => {
    // Prepare
    const url = `${site.origin}/news/museum`;
    site.set("/news/museum", articlePage({ title: "Museum reopens", paragraphs: [prose("Xi.")] }));
    const first = await processMessage(url, 1, deps);
    site.set(
      "/news/museum",
      articlePage({ title: "Museum reopens in spring", paragraphs: [prose("Omicron.")] }),
    );
    advance(120);
    const refusing = withStore({
      putVersion: async (record) => {
        throw new IngestError("too-large", `Record ${record.articleId} is too large`);
      },
    });

    // Act
    const outcome = await processMessage(url, 1, refusing);

    // Assess
    expect(outcome).toMatchObject({ kind: "failed", articleId: first.articleId });
    // Version 1's capture (its response and document in one object) and nothing else.
    const referenced = await referencedObjects(first.articleId);
    expect(referenced).toHaveLength(1);
    expect(await storedObjects(first.articleId)).toEqual(referenced);
  });

  it("still reads, re-processes and prints a raw copy stored under the earlier timestamped key", async () => {
    // Prepare: a record as the earlier layout wrote it.
    const url = `${site.origin}/news/lighthouse`;
    site.set(
      "/news/lighthouse",
      articlePage({ title: "Lighthouse relit", paragraphs: [prose("Pi.")] }),
    );
    const first = await processMessage(url, 1, deps);
    const stored = (await table.getLatest(first.articleId)) as ArticleRecord;
    const copy = await archive.getRaw(stored);
    const oldKey = `raw/${first.articleId}/20261120T100000000Z-${stored.rawSha256?.slice(0, 16)}.html.gz`;
    await putLegacyRaw(
      resources.clients.s3,
      resources.bucketName,
      oldKey,
      copy.body,
      copy.metadata,
    );
    await archive.deleteCapture(stored.rawKey as string);
    const old = {
      ...asLegacyRecord(stored, { rawKey: oldKey }),
      articleKey: null,
      extractorVersion: "earlier",
    };
    await table.putLatest(old, stored);
    advance(1);

    // Act
    const reprocessed = await processMessage(
      JSON.stringify({ reprocess: first.articleId }),
      1,
      deps,
    );
    const printed = await runCli([
      "get",
      first.articleId,
      "--raw",
      "--local",
      "--data-dir",
      localDataDir(resources),
    ]);

    // Assess
    expect(reprocessed.kind).toBe("reprocessed");
    const latest = await table.getLatest(first.articleId);
    expect(latest?.rawKey).toBe(oldKey);
    expect(latest?.title).toBe("Lighthouse relit");
    expect(printed.code).toBe(0);
    expect(printed.stdoutBytes.equals(copy.body)).toBe(true);
    expect(await rawObjects(first.articleId, ["raw/"])).toEqual([oldKey]);
  });
});

describe("re-processing", () => {
  it("re-runs extraction on the stored raw copy without fetching", async () => {
    // Prepare
    const url = `${site.origin}/news/orchard`;
    site.set(
      "/news/orchard",
      articlePage({ title: "Community orchard planted", paragraphs: [prose("Theta.")] }),
    );
    const first = await processMessage(url, 1, deps);
    const hitsBefore = site.hits("/news/orchard");
    site.set("/news/orchard", "<html><body>changed since, must not be read</body></html>");
    const extractCalls: string[] = [];
    const counting: IngestDeps = {
      ...deps,
      extract: (html, pageUrl) => {
        extractCalls.push(pageUrl);
        return deps.extract(html, pageUrl);
      },
    };

    // Act
    const outcome = await processMessage(
      JSON.stringify({ reprocess: first.articleId }),
      1,
      counting,
    );

    // Assess
    expect(outcome.kind).toBe("reprocessed");
    expect(site.hits("/news/orchard")).toBe(hitsBefore);
    expect(extractCalls).toEqual([normalizeUrl(url)]);
    expect((await table.getLatest(first.articleId))?.title).toBe("Community orchard planted");
  });
});

describe("re-processing unchanged copies", () => {
  it("makes no new version when a re-process changes no field, however often it runs", async () => {
    // Prepare: a page whose lead image (a map in DynamoDB) has a caption and a credit.
    const url = `${site.origin}/news/lighthouse-relit`;
    site.set(
      "/news/lighthouse-relit",
      `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lighthouse relit | The Test Gazette</title>
<meta property="og:title" content="Lighthouse relit">
<meta property="og:image" content="${site.origin}/img/lighthouse.jpg">
</head><body><main><article><h1>Lighthouse relit</h1>
<figure><img src="/img/lighthouse.jpg" alt="The lighthouse">
<figcaption>The lighthouse at dusk. Photo: Ana Lima</figcaption></figure>
<p>${prose("Iota.")}</p><p>${prose("Kappa.")}</p></article></main></body></html>`,
    );
    const first = await processMessage(url, 1, deps);
    const reprocess = JSON.stringify({ reprocess: first.articleId });

    // Act
    advance(1);
    const second = await processMessage(reprocess, 1, deps);
    advance(1);
    const third = await processMessage(reprocess, 1, deps);

    // Assess
    const latest = await table.getLatest(first.articleId);
    expect(latest?.image?.url).toBe(`${site.origin}/img/lighthouse.jpg`);
    expect([first.version, second.version, third.version]).toEqual([1, 1, 1]);
    expect(latest?.version).toBe(1);
    const versions = await table.listVersions(first.articleId);
    expect(versions.map((v) => v.version)).toEqual([1]);
  });
});

describe("slim items", () => {
  const rawItem = async (articleId: string, sk: string) =>
    (
      await resources.clients.documents.send(
        new GetCommand({
          TableName: resources.tableName,
          Key: { [TABLE_KEYS.partitionKey]: `ARTICLE#${articleId}`, [TABLE_KEYS.sortKey]: sk },
        }),
      )
    ).Item;

  it("keeps provenance in the document, the article's lists off the version item, and only listing fields in the indexes", async () => {
    // Prepare
    site.set(
      "/news/slim-items",
      articlePage({ title: "Slim items agreed", paragraphs: [prose("Delta.")] }),
    );

    // Act
    const result = await processMessage(`${site.origin}/news/slim-items`, 1, deps);

    // Assess
    const id = result.articleId;
    const latest = await rawItem(id, "LATEST");
    const version = await rawItem(id, "VERSION#0000000001");
    expect(latest?.title).toBe("Slim items agreed");
    expect(latest).not.toHaveProperty("provenance");
    // The version item packs its changed fields and snapshot as gzipped JSON, nothing else.
    expect(Object.keys(version ?? {}).sort()).toEqual(["pk", "sk", "version", "versionGz"]);
    const packed = JSON.parse(gunzipSync(version?.versionGz as Uint8Array).toString("utf8"));
    expect(packed.changedFields).toContain("title");
    expect(packed.record.title).toBe("Slim items agreed");
    expect(packed.record).not.toHaveProperty("provenance");
    expect(packed.record).not.toHaveProperty("submittedUrls");
    expect(packed.record).not.toHaveProperty("submissionTags");
    expect((await table.getVersionItem(id, 1))?.changedFields).toEqual(packed.changedFields);
    const record = (await table.getLatest(id)) as ArticleRecord;
    const document = await archive.getDocument(record);
    expect(Object.keys(document?.provenance ?? {}).length).toBeGreaterThan(0);
    expect((await table.getVersion(id, 1))?.submittedUrls).toEqual([]);
    const listed = (await table.listBySite({ site: record.site, limit: 100 })).items.find(
      (r) => r.articleId === id,
    );
    expect(listed?.title).toBe("Slim items agreed");
    for (const field of Object.keys(listed ?? {})) {
      expect([...INDEXED_RECORD_FIELDS, ...indexKeyNames]).toContain(field);
    }
    expect(listed).not.toHaveProperty("capture");
    expect(await table.fullRecords(listed ? [listed] : [])).toEqual([record]);
  });

  it("reads latest and version items stored whole before, provenance and lists included", async () => {
    // Prepare: a record as the earlier layout stored it, written straight to the table.
    site.set(
      "/news/whole-items",
      articlePage({ title: "Whole items kept", paragraphs: [prose("Epsilon.")] }),
    );
    const written = await processMessage(`${site.origin}/news/whole-items`, 1, deps);
    const id = written.articleId;
    const whole: ArticleRecord = {
      ...((await table.getLatest(id)) as ArticleRecord),
      provenance: { title: "opengraph" },
      submissionTags: ["earlier"],
    };
    const latest = await rawItem(id, "LATEST");
    await resources.clients.documents.send(
      new PutCommand({ TableName: resources.tableName, Item: { ...latest, ...whole } }),
    );
    // The earlier version item: its changed fields and the record as attributes, unpacked.
    const { versionGz, ...version } = (await rawItem(id, "VERSION#0000000001")) ?? {};
    const { changedFields } = JSON.parse(gunzipSync(versionGz as Uint8Array).toString("utf8"));
    await resources.clients.documents.send(
      new PutCommand({
        TableName: resources.tableName,
        Item: { ...version, changedFields, record: whole },
      }),
    );

    // Act
    const readLatest = await table.getLatest(id);
    const readVersion = await table.getVersion(id, 1);

    // Assess
    expect(readLatest?.provenance).toEqual({ title: "opengraph" });
    expect(readVersion).toEqual(whole);
    expect((await table.getVersionItem(id, 1))?.changedFields).toEqual(changedFields);
  });
});

describe("records that always fit", () => {
  it("stores an ok record for a page with a 500 KB description and 30,000 tags", async () => {
    // Prepare
    const metas = Array.from(
      { length: 30_000 },
      (_, i) => `<meta property="article:tag" content="topic ${i}">`,
    ).join("\n");
    site.set(
      "/news/stuffed",
      articlePage({ title: "Stuffed metadata", paragraphs: [prose("Lambda.")] }).replace(
        "</head>",
        `<meta name="description" content="${"ж".repeat(500_000)}">${metas}</head>`,
      ),
    );

    // Act
    const outcome = await processMessage(`${site.origin}/news/stuffed`, 1, deps);

    // Assess
    expect(outcome.kind).toBe("ok");
    const record = await table.getLatest(outcome.articleId);
    expect(record?.description).toHaveLength(METADATA_BOUNDS.description);
    expect(record?.tags).toHaveLength(METADATA_BOUNDS.tagCount);
    expect(recordItemBytes(record as NonNullable<typeof record>)).toBeLessThan(MAX_ITEM_BYTES / 10);
  });

  it("records a record that would not fit as a record-too-large failure and writes no copy", async () => {
    // Prepare: an extractor whose output no bound caught (the real one cannot make it).
    const url = `${site.origin}/news/oversized`;
    site.set("/news/oversized", articlePage({ title: "Oversized", paragraphs: [prose("Mu.")] }));
    const oversized: IngestDeps = {
      ...deps,
      extract: async (html, pageUrl) => ({
        ...(await deps.extract(html, pageUrl)),
        description: "x".repeat(MAX_ITEM_BYTES),
      }),
    };

    // Act
    const outcome = await processMessage(url, 1, oversized);

    // Assess
    expect(outcome).toMatchObject({ kind: "failed", code: "record-too-large" });
    const record = await table.getLatest(outcome.articleId);
    expect(record).toMatchObject({ status: "failed", failure: { code: "record-too-large" } });
    expect(record?.failure?.message).toContain("description");
    expect(await rawObjects(outcome.articleId)).toEqual([]);
  });

  it("keeps a raw copy's object metadata under S3's 2 KB with a long URL and a long content type", async () => {
    // Prepare
    const key = `raw/metadata-bound/${"0".repeat(16)}.html.gz`;
    const url = `${site.origin}/news/${"é".repeat(3000)}`;
    const contentType = `text/html; charset=utf-8; ${"x=y; ".repeat(400)}`;
    const metadata = rawObjectMetadata({
      url,
      status: 200,
      contentType,
      fetchedAt: clock.toISOString(),
      charset: "utf-8",
    });

    // Act
    await putLegacyRaw(resources.clients.s3, resources.bucketName, key, Buffer.from("<p>hi</p>"), {
      url,
      status: 200,
      contentType,
      fetchedAt: clock.toISOString(),
      charset: "utf-8",
    });
    const stored = await archive.getRawCopy(key);

    // Assess
    const bytes = Object.entries(metadata).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );
    expect(bytes).toBeLessThanOrEqual(2048);
    expect(url.startsWith(stored.metadata.url)).toBe(true);
    expect(stored.metadata.url.length).toBeGreaterThan(300);
    expect(stored.metadata.contentType?.startsWith("text/html; charset=utf-8")).toBe(true);
    expect(stored.body.toString()).toBe("<p>hi</p>");
  });

  it("adds no submission tag through the atomic append once the list is full", async () => {
    // Prepare
    const url = `${site.origin}/news/popular`;
    site.set("/news/popular", articlePage({ title: "Popular", paragraphs: [prose("Nu.")] }));
    const { articleId } = await processMessage(url, 1, deps);

    // Act
    for (let i = 0; i < MAX_SUBMISSION_TAGS + 10; i++) {
      await table.addSubmissionTag(articleId, `campaign-${i}`);
    }

    // Assess
    const tags = (await table.getLatest(articleId))?.submissionTags ?? [];
    expect(tags).toHaveLength(MAX_SUBMISSION_TAGS);
    expect(tags[0]).toBe("campaign-0");
  });
});

describe("failures", () => {
  it("writes a failed record for a permanent error and lists it in the failures query", async () => {
    // Prepare
    const url = `${site.origin}/news/missing-page`;

    // Act
    const outcome = await processMessage(JSON.stringify({ url }), 1, deps);

    // Assess
    expect(outcome.kind).toBe("failed");
    expect(outcome.code).toBe("http-4xx");
    const record = await table.getLatest(outcome.articleId);
    expect(record?.status).toBe("failed");
    expect(record?.failure?.code).toBe("http-4xx");
    expect(record?.failure?.message).toContain(normalizeUrl(url));
    const failures = await table.listFailures({
      since: "2026-01-01T00:00:00.000Z",
      until: clock.toISOString(),
      code: "http-4xx",
    });
    expect(failures.items.map((r) => r.articleId)).toContain(outcome.articleId);
  });

  it("records the failure of an alias on its own record, leaving the canonical story ok", async () => {
    // Prepare
    const canonical = `${site.origin}/news/market-day`;
    const page = articlePage({
      title: "Market day returns",
      paragraphs: [prose("Iota.")],
      canonical,
    });
    site.set("/news/market-day", page);
    site.set("/amp/market-day", page);
    const stored = await processMessage(`${site.origin}/amp/market-day`, 1, deps);
    site.set("/amp/market-day", "<html><body>gone</body></html>", 404);
    advance(120);

    // Act
    const failed = await processMessage(
      JSON.stringify({ url: `${site.origin}/amp/market-day`, force: true }),
      1,
      deps,
    );

    // Assess
    expect(stored.articleId).toBe(articleIdFor(normalizeUrl(canonical)));
    expect(failed.kind).toBe("failed");
    expect(failed.articleId).not.toBe(stored.articleId);
    expect((await table.getLatest(stored.articleId))?.status).toBe("ok");
  });

  it("keeps a tag given with a duplicate submission of a fresh story", async () => {
    // Prepare
    const url = `${site.origin}/news/tagged`;
    site.set("/news/tagged", articlePage({ title: "Tagged story", paragraphs: [prose("Kappa.")] }));
    const first = await processMessage(JSON.stringify({ url, tag: "one" }), 1, deps);

    // Act
    const again = await processMessage(JSON.stringify({ url, tag: "two" }), 1, deps);

    // Assess
    expect(again.kind).toBe("fresh");
    expect((await table.getLatest(first.articleId))?.submissionTags).toEqual(["one", "two"]);
  });

  it("writes a failed record for an invalid URL and sends an unparseable message back to the queue", async () => {
    // Act
    const invalid = await processMessage(
      JSON.stringify({ url: "ftp://example.com/file" }),
      1,
      deps,
    );
    const unparseable = processMessage("not a url, not json", 1, deps);

    // Assess
    expect(invalid.kind).toBe("failed");
    expect(invalid.code).toBe("invalid-url");
    await expect(unparseable).rejects.toMatchObject({ code: "invalid-message" });
  });
});
