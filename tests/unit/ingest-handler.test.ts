/**
 * The batch handler and the ingest service with in-memory ports (tests/support): partial
 * batch responses, outcome routing, the metric names the CDK dashboard charts
 * (functions/shared/observability.ts METRICS), and lost write races.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { Fetcher } from "../../functions/adapters/http-fetcher";
import type { ArticleRecord } from "../../functions/core/article-record";
import { IngestError, MAX_WRITE_ATTEMPTS } from "../../functions/core/errors";
import { extractArticle } from "../../functions/core/extract/index";
import type { ExtractedArticle } from "../../functions/core/extract/types";
import { importCapture } from "../../functions/ingest/import-service";
import { createIngestHandler } from "../../functions/ingest/ingest-handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import { METRICS } from "../../functions/shared/observability";
import { fakeExtraction } from "../support/extraction";
import { htmlPage } from "../support/fetched-page";
import { InMemoryArchive, InMemoryArticleStore, InMemoryQueue } from "../support/in-memory-ports";
import { sqsRecord } from "../support/sqs-event";

function extraction(words: number): ExtractedArticle {
  return fakeExtraction(words);
}

/** In-memory ports; the fetcher answers per path. */
function fakeDeps(): {
  deps: IngestDeps;
  records: Map<string, ArticleRecord>;
  delayed: string[];
  store: InMemoryArticleStore;
  archive: InMemoryArchive;
} {
  const store = new InMemoryArticleStore();
  const archive = new InMemoryArchive();
  const queue = new InMemoryQueue();
  const fetcher: Fetcher = {
    async fetchPage(url) {
      const path = new URL(url).pathname;
      if (path === "/slow") throw new IngestError("timeout", `Timed out fetching ${url}`);
      if (path === "/busy") throw new IngestError("host-busy", "busy", { retryAfterMs: 2000 });
      if (path === "/gone")
        throw new IngestError("http-4xx", `HTTP 404 for ${url}`, { httpStatus: 404 });
      return htmlPage(url, path === "/index" ? "<p>menu</p>" : "<p>story</p>");
    },
  };
  return {
    deps: {
      fetcher,
      store,
      archive,
      queue,
      extract: (html) => extraction(html.includes("story") ? 300 : 1),
      now: () => new Date("2026-11-29T00:00:01.000Z"),
      refreshAfterMs: 3_600_000,
    },
    records: store.records,
    delayed: queue.bodies,
    store,
    archive,
  };
}

function recordingMetrics(): { metrics: Metrics; names: string[] } {
  const names: string[] = [];
  const metrics = {
    addMetric: (name: string) => void names.push(name),
    publishStoredMetrics: () => {},
  } as unknown as Metrics;
  return { metrics, names };
}

describe("ingest batch handler", () => {
  it("acknowledges stored, failed, skipped and deferred records and reports only retryable ones", async () => {
    // Prepare
    const { deps, records, delayed } = fakeDeps();
    const { metrics, names } = recordingMetrics();
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics,
    });
    const event: SQSEvent = {
      Records: [
        sqsRecord("ok", "https://news.example/story"),
        sqsRecord("gone", "https://news.example/gone"),
        sqsRecord("index", "https://news.example/index"),
        sqsRecord("busy", "https://news.example/busy"),
        sqsRecord("slow", "https://news.example/slow"),
        sqsRecord("garbage", "{not json"),
        sqsRecord("badurl", JSON.stringify({ url: "ftp://news.example/file" })),
      ],
    };

    // Act
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      "garbage",
      "slow",
    ]);
    const statuses = [...records.values()]
      .map((r) => `${r.status}:${r.failure?.code ?? ""}`)
      .sort();
    expect(statuses).toEqual([
      "failed:http-4xx",
      "failed:invalid-url",
      "ok:",
      "skipped:not-article",
    ]);
    expect(delayed).toHaveLength(1);
    expect(JSON.parse(delayed[0] as string)).toEqual({
      url: "https://news.example/busy",
      deferrals: 1,
    });
    for (const name of Object.values(METRICS.names)) expect(names, name).toContain(name);
    expect(names).toContain(`${METRICS.failureCodePrefix}http-4xx`);
    expect(names).toContain("outcome-deferred");
  });

  it("hands records back to SQS when too little time is left to start them", async () => {
    const { deps, records } = fakeDeps();
    const { metrics } = recordingMetrics();
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics,
    });
    let left = 40_000;
    const response = await handler(
      {
        Records: [
          sqsRecord("first", "https://news.example/story"),
          sqsRecord("second", "https://news.example/story-2"),
        ],
      },
      () => {
        left -= 10_000; // each look at the clock finds 10 s gone
        return left;
      },
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["second"]);
    expect(records.size).toBe(1);
  });

  it("stores a page whose markup names prototype members as ok, not as an internal error", async () => {
    // Prepare: the real extractor on a page with lang="constructor", &constructor; and JSON-LD.
    const { deps, records } = fakeDeps();
    const paragraph = "<p>The council met on Monday, and the vote was close, officials said.</p>";
    const html =
      '<html lang="constructor"><head><meta charset="__proto__">' +
      "<title>Vote &constructor; counted</title>" +
      '<script type="application/ld+json">{"@type":"constructor","author":{"__proto__":{"name":"X"}}}</script>' +
      `</head><body><article>${paragraph.repeat(30)}</article></body></html>`;
    deps.fetcher = { fetchPage: async (url) => htmlPage(url, html) };
    deps.extract = extractArticle;
    const { metrics } = recordingMetrics();
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics,
    });

    // Act
    const response = await handler({
      Records: [sqsRecord("hostile", "https://news.example/2026/11/vote.html")],
    });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [record] = [...records.values()];
    expect(record?.status).toBe("ok");
    expect(record?.title).toBe("Vote &constructor; counted");
    expect(record?.language).toBe("en");
  });

  it("answers an empty batch with no failures", async () => {
    const { deps } = fakeDeps();
    const { metrics } = recordingMetrics();
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics,
    });
    expect(await handler({ Records: [] })).toEqual({ batchItemFailures: [] });
  });
});

describe("ingest service write races", () => {
  it("reads again after losing a race and records a check on the winner's same content", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    store.beforeWrite = (record) => {
      store.beforeWrite = () => {};
      // Another worker stores the same page first.
      store.records.set(record.articleId, { ...record, checkedAt: "2026-11-29T00:00:00.500Z" });
    };

    // Act
    const outcome = await processMessage("https://news.example/story", 1, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: "unchanged", version: 1 });
    expect(store.records.get(outcome.articleId)?.checkedAt).toBe("2026-11-29T00:00:01.000Z");
    // The winner points at the same capture (same key, same content): it stays, once.
    expect([...archive.captures.keys()]).toEqual([store.records.get(outcome.articleId)?.rawKey]);
  });

  it("hands the message back to SQS after losing MAX_WRITE_ATTEMPTS races", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    let writes = 0;
    store.beforeWrite = (record) => {
      writes++;
      // Another worker writes a new check every time.
      store.records.set(record.articleId, {
        ...record,
        checkedAt: `2026-11-29T00:00:00.${writes}00Z`,
      });
    };

    // Act
    const outcome = processMessage("https://news.example/story", 1, deps);

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: "version-conflict" });
    expect(writes).toBe(MAX_WRITE_ATTEMPTS);
    // Every winner points at the same content-addressed object this worker wrote.
    expect([...archive.captures.keys()]).toEqual([[...store.records.values()][0]?.rawKey]);
  });

  it("removes the capture it created when the winners stored other bytes", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    let writes = 0;
    store.beforeWrite = (record) => {
      writes++;
      // Another worker stores other bytes every time.
      store.records.set(record.articleId, {
        ...record,
        rawKey: `warc/${record.articleId}/other-${writes}.warc.gz`,
        articleKey: `warc/${record.articleId}/other-${writes}.warc.gz`,
        rawSha256: `other-${writes}`,
        checkedAt: `2026-11-29T00:00:00.${writes}00Z`,
      });
    };

    // Act
    const outcome = processMessage("https://news.example/story", 1, deps);

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: "version-conflict" });
    expect(writes).toBe(MAX_WRITE_ATTEMPTS);
    expect(archive.captures.size).toBe(0);
  });
});

describe("ingest service leaves no orphans", () => {
  it("writes one raw object when a delivery dies between the raw and the record write", async () => {
    // Prepare: the first record write dies (a killed process); the message is redelivered.
    const { deps, store, archive } = fakeDeps();
    const putVersion = store.putVersion.bind(store);
    let deaths = 0;
    store.putVersion = async (...args) => {
      if (deaths++ === 0) throw new Error("killed");
      await putVersion(...args);
    };
    await expect(processMessage("https://news.example/story", 1, deps)).rejects.toThrow("killed");
    deps.now = () => new Date("2026-11-29T00:00:09.000Z");

    // Act
    const outcome = await processMessage("https://news.example/story", 2, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: "ok", version: 1 });
    const record = store.records.get(outcome.articleId);
    expect([...archive.captures.keys()]).toEqual([record?.rawKey]);
    expect(record?.articleKey).toBe(record?.rawKey);
  });

  it("deletes what it wrote when the record write fails for good", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    store.putVersion = async (record) => {
      throw new IngestError("too-large", `Record ${record.articleId} is too large`);
    };

    // Act
    const outcome = await processMessage("https://news.example/story", 1, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: "failed", code: "too-large" });
    expect(store.records.get(outcome.articleId)?.rawKey).toBeNull();
    expect(archive.captures.size).toBe(0);
  });

  it("keeps an imported older capture that a racing import of the same capture recorded", async () => {
    // Prepare: version 1 fetched; an import of an older capture whose record write loses to
    // another worker that recorded the same capture (same version, same key) just before.
    const { deps, store, archive } = fakeDeps();
    const fetched = await processMessage("https://news.example/story", 1, deps);
    const putVersion = store.putVersion.bind(store);
    let raced = false;
    store.putVersion = async (record, previous, changed, latest) => {
      await putVersion(record, previous, changed, latest);
      if (!raced) {
        raced = true;
        throw new IngestError("version-conflict", "Another worker wrote version 2 first");
      }
    };
    const capturedAt = "2025-01-01T00:00:00.000Z";

    // Act
    const outcome = await importCapture(
      {
        url: "https://news.example/story",
        capturedAt,
        status: 200,
        contentType: "text/html",
        etag: null,
        lastModified: null,
        body: Buffer.from("<p>story, as it was</p>"),
      },
      deps,
    );

    // Assess: the latest is still the fetch, version 2 the import, and its capture stays.
    expect(outcome.kind).toBe("unchanged");
    expect(store.records.get(fetched.articleId)).toMatchObject({ version: 1, lastVersion: 2 });
    const imported = await store.getVersion(fetched.articleId, 2);
    expect(imported?.fetchedAt).toBe(capturedAt);
    expect(archive.captures.has(imported?.articleKey as string)).toBe(true);
    expect((await archive.getDocument(imported as ArticleRecord))?.version).toBe(2);
  });

  it("keeps the copies an earlier version points at when a new version fails for good", async () => {
    // Prepare: version 1 is stored; new bytes arrive and their record cannot be written.
    const { deps, store, archive } = fakeDeps();
    const first = await processMessage("https://news.example/story", 1, deps);
    const stored = store.records.get(first.articleId);
    deps.fetcher = { fetchPage: async (url) => htmlPage(url, "<p>story, corrected</p>") };
    deps.now = () => new Date("2026-11-29T02:00:00.000Z");
    store.putVersion = async (record) => {
      throw new IngestError("too-large", `Record ${record.articleId} is too large`);
    };

    // Act
    const outcome = await processMessage("https://news.example/story", 1, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: "failed", code: "too-large" });
    const record = store.records.get(first.articleId);
    expect(record?.rawKey).toBe(stored?.rawKey);
    expect([...archive.captures.keys()]).toEqual([stored?.rawKey]);
  });

  it("reprocesses a record whose raw copy is stored under the earlier timestamped key", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    const first = await processMessage("https://news.example/story", 1, deps);
    const stored = store.records.get(first.articleId) as ArticleRecord;
    const oldKey = `raw/${first.articleId}/20261129T000000000Z-${stored.rawSha256?.slice(0, 16)}.html.gz`;
    const object = await archive.getRaw(stored);
    archive.captures.clear();
    archive.legacyRaw.set(oldKey, object);
    const { capture: _capture, ...legacy } = stored;
    store.records.set(first.articleId, { ...legacy, rawKey: oldKey, extractorVersion: "old" });

    // Act
    const outcome = await processMessage(JSON.stringify({ reprocess: first.articleId }), 1, deps);

    // Assess
    expect(outcome).toMatchObject({ kind: "reprocessed", articleId: first.articleId });
    expect(store.records.get(first.articleId)?.rawKey).toBe(oldKey);
    expect([...archive.legacyRaw.keys()]).toEqual([oldKey]);
    // The new version's capture holds only its document: the bytes stay where they were.
    const [capture] = [...archive.captures.values()];
    expect(capture?.response).toBeUndefined();
  });
});
