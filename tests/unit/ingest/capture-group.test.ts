/**
 * The group commit of one invocation's captures (functions/ingest/capture-group.ts) with
 * in-memory ports: one shared object per batch, bounded waits and sizes, the fallback when
 * the shared write fails, and deletion only when no member's record points at the object.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { Fetcher } from "../../../functions/adapters/http-fetcher";
import { MAX_SHARED_MEMBERS } from "../../../functions/adapters/s3-archive";
import type { ArticleRecord } from "../../../functions/core/article-record";
import { IngestError } from "../../../functions/core/errors";
import type { ArticleDocument, CaptureWrite } from "../../../functions/core/ingest-decision";
import {
  CaptureGroup,
  GROUP_MAX_MEMBERS,
  GROUP_MAX_WAIT_MS,
} from "../../../functions/ingest/capture-group";
import {
  createIngestHandler,
  RECORD_TIME_BUDGET_MS,
} from "../../../functions/ingest/ingest-handler";
import type { IngestDeps } from "../../../functions/ingest/ingest-service";
import { fakeExtraction } from "../../support/extraction";
import { htmlPage } from "../../support/fetched-page";
import {
  InMemoryArchive,
  InMemoryArticleStore,
  InMemoryQueue,
} from "../../support/in-memory-ports";
import { sqsRecord } from "../../support/sqs-event";

const SILENT = {
  logger: new Logger({ logLevel: "SILENT" }),
  metrics: { addMetric: () => {}, publishStoredMetrics: () => {} } as unknown as Metrics,
};

/** Every path is a story whose body names its path; `gate` holds a path's fetch. */
function fakeDeps(gates: Map<string, Promise<void>> = new Map()): {
  deps: IngestDeps;
  store: InMemoryArticleStore;
  archive: InMemoryArchive;
} {
  const store = new InMemoryArticleStore();
  const archive = new InMemoryArchive();
  const fetcher: Fetcher = {
    async fetchPage(url) {
      const path = new URL(url).pathname;
      await gates.get(path);
      return htmlPage(url, `<p>story at ${path}</p>`);
    },
  };
  return {
    deps: {
      fetcher,
      store,
      archive,
      queue: new InMemoryQueue(),
      extract: () => fakeExtraction(300),
      now: () => new Date("2026-11-29T00:00:01.000Z"),
      refreshAfterMs: 3_600_000,
    },
    store,
    archive,
  };
}

function batch(paths: string[]): SQSEvent {
  return { Records: paths.map((p, n) => sqsRecord(`m${n}`, `https://news.example${p}`)) };
}

const paths = (n: number) => Array.from({ length: n }, (_, i) => `/story-${i}`);

describe("captures of one batch", () => {
  it("are written as one shared object, each record at its own offsets, read back per record", async () => {
    // Prepare: more records than the handler runs at once (a waiting record frees its slot).
    const { deps, store, archive } = fakeDeps();
    const handler = createIngestHandler(deps, SILENT);

    // Act
    const response = await handler(batch(paths(8)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(archive.shared.size).toBe(1);
    expect(archive.captures.size).toBe(0);
    const [key] = [...archive.shared.keys()];
    const records = [...store.records.values()];
    expect(records).toHaveLength(8);
    const offsets = new Set<number>();
    for (const record of records) {
      expect(record.rawKey).toBe(key);
      expect(record.articleKey).toBe(key);
      expect(record.capture?.response?.key).toBe(key);
      offsets.add(record.capture?.response?.offset ?? -1);
      const raw = await archive.getRaw(record);
      expect(raw.body.toString()).toBe(`<p>story at ${new URL(record.url).pathname}</p>`);
      expect((await archive.getDocument(record))?.articleId).toBe(record.articleId);
    }
    expect(offsets.size).toBe(8);
  });

  it("do not wait for a slow record: the others are written while it is still fetching", async () => {
    // Prepare: the slow page's fetch ends only once the other three records are written.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { deps, store, archive } = fakeDeps(new Map([["/slow", gate]]));
    const putVersion = store.putVersion.bind(store);
    store.putVersion = async (...args) => {
      await putVersion(...args);
      if (store.records.size === 3) open();
    };
    const handler = createIngestHandler(deps, SILENT, { group: { maxWaitMs: 200 } });

    // Act: finishes only if the group was written without the slow record.
    const response = await handler(batch([...paths(3), "/slow"]));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const slow = [...store.records.values()].find((r) => r.url.endsWith("/slow"));
    const others = [...store.records.values()].filter((r) => r !== slow);
    expect(new Set(others.map((r) => r.rawKey)).size).toBe(1);
    expect(archive.shared.has(others[0]?.rawKey ?? "")).toBe(true);
    // Alone in its group: its own content-addressed object, as without grouping.
    expect(slow?.rawKey).toMatch(/^warc\/[0-9a-f]{32}\/0000000001-/);
    expect(archive.captures.has(slow?.rawKey ?? "")).toBe(true);
    expect(GROUP_MAX_WAIT_MS).toBeLessThan(RECORD_TIME_BUDGET_MS / 2);
  });

  it("keep the shared object while one member's record points at it, after another member lost its races", async () => {
    // Prepare: every write of story-0 loses to a worker storing other bytes.
    const { deps, store, archive } = fakeDeps();
    let losses = 0;
    store.beforeWrite = (record) => {
      if (!record.url.endsWith("/story-0")) return;
      losses++;
      store.records.set(record.articleId, {
        ...record,
        rawKey: `warc/${record.articleId}/other-${losses}.warc.gz`,
        articleKey: `warc/${record.articleId}/other-${losses}.warc.gz`,
        rawSha256: `other-${losses}`,
        checkedAt: `2026-11-29T00:00:00.${losses}00Z`,
      });
    };
    const handler = createIngestHandler(deps, SILENT);

    // Act
    const response = await handler(batch(paths(2)));

    // Assess: story-0 handed back; story-1 recorded in the shared object, which stays.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    const kept = [...store.records.values()].find((r) => r.url.endsWith("/story-1"));
    expect(archive.shared.size).toBe(1);
    expect(archive.shared.has(kept?.rawKey ?? "")).toBe(true);
    // story-0's later attempts wrote single objects and removed them after each loss.
    expect(archive.captures.size).toBe(0);
  });

  it("delete the shared object once no member's record points at it", async () => {
    // Prepare: every record write fails for good.
    const { deps, store, archive } = fakeDeps();
    store.putVersion = async (record: ArticleRecord) => {
      throw new IngestError("too-large", `Record ${record.articleId} is too large`);
    };
    const handler = createIngestHandler(deps, SILENT);

    // Act
    const response = await handler(batch(paths(3)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect([...store.records.values()].map((r) => r.status)).toEqual([
      "failed",
      "failed",
      "failed",
    ]);
    expect(archive.shared.size).toBe(0);
    expect(archive.captures.size).toBe(0);
  });

  it("are written one by one when the shared write fails", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    archive.failSharedWrites = true;
    const handler = createIngestHandler(deps, SILENT);

    // Act
    const response = await handler(batch(paths(4)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(archive.shared.size).toBe(0);
    const records = [...store.records.values()];
    expect(new Set(records.map((r) => r.rawKey)).size).toBe(4);
    for (const record of records) expect(archive.captures.has(record.rawKey ?? "")).toBe(true);
  });

  it("store two deliveries of one URL in the batch once", async () => {
    // Prepare
    const { deps, store, archive } = fakeDeps();
    const handler = createIngestHandler(deps, SILENT);

    // Act
    const response = await handler(batch(["/story-0", "/story-0", "/story-1"]));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(archive.shared.size).toBe(1);
    expect([...archive.shared.values()][0]).toHaveLength(2);
    expect(store.records.size).toBe(2);
    for (const record of store.records.values()) expect(record.version).toBe(1);
  });
});

/** A capture of `bytes` body bytes under its own key (documents kept empty). */
function capture(n: number, bytes: number): CaptureWrite {
  const url = `https://news.example/c-${n}`;
  const document = {
    schemaVersion: 1,
    articleId: `a${n}`,
    version: 1,
    record: { url, checkedAt: "2026-11-29T00:00:00.000Z" },
    text: "",
    markdown: "",
    html: "",
  } as unknown as ArticleDocument;
  return {
    key: `warc/a${n}/0000000001-${n}.warc.gz`,
    response: htmlPage(url, "x".repeat(bytes)),
    document,
  };
}

describe("capture group bounds", () => {
  it("starts a new group when the next capture would pass the size bound, and writes a larger one alone", async () => {
    // Prepare: 3000-byte bodies count about 7 KB each (with the document allowance).
    const archive = new InMemoryArchive();
    const group = new CaptureGroup(archive, 4, { maxBytes: 20_000, maxWaitMs: 50 });
    const view = group.view(() => {});

    // Act
    const stored = await Promise.all([
      view.putCapture(capture(0, 3000)),
      view.putCapture(capture(1, 3000)),
      view.putCapture(capture(2, 3000)),
      view.putCapture(capture(3, 30_000)),
    ]);

    // Assess
    expect(stored[0]?.document.key).toBe(stored[1]?.document.key);
    expect(archive.shared.size).toBe(1);
    expect(stored[2]?.shared).toBeUndefined();
    expect(stored[3]?.shared).toBeUndefined();
    expect(archive.captures.size).toBe(2);
  });

  it("holds at most maxMembers captures, within what the object metadata can list", async () => {
    // Prepare
    const archive = new InMemoryArchive();
    const group = new CaptureGroup(archive, 5, { maxMembers: 2, maxWaitMs: 50 });
    const view = group.view(() => {});

    // Act
    await Promise.all([0, 1, 2, 3, 4].map((n) => view.putCapture(capture(n, 10))));

    // Assess
    expect([...archive.shared.values()].map((m) => m.length)).toEqual([2, 2]);
    expect(archive.captures.size).toBe(1);
    expect(GROUP_MAX_MEMBERS).toBeLessThanOrEqual(MAX_SHARED_MEMBERS);
  });

  it("writes a group when its time bound passes, though records of the batch have not arrived", async () => {
    // Prepare: a batch of 3 of which only 2 ever reach the group.
    const archive = new InMemoryArchive();
    const group = new CaptureGroup(archive, 3, { maxWaitMs: 20 });
    const view = group.view(() => {});

    // Act
    const stored = await Promise.all([
      view.putCapture(capture(0, 10)),
      view.putCapture(capture(1, 10)),
    ]);

    // Assess
    expect(stored.map((s) => s.shared)).toEqual([true, true]);
    expect(archive.shared.size).toBe(1);
  });

  it("leaves a shared object to a record's own delete, and deletes it at the last member's release", async () => {
    // Prepare
    const archive = new InMemoryArchive();
    const group = new CaptureGroup(archive, 2);
    const first = group.view(() => {});
    const second = group.view(() => {});
    const [a, b] = await Promise.all([
      first.putCapture(capture(0, 10)),
      second.putCapture(capture(1, 10)),
    ]);
    const key = a?.document.key ?? "";

    // Act and assess: the archive itself never deletes a shared object for one record.
    await archive.deleteCapture(key);
    expect(archive.shared.has(key)).toBe(true);
    await first.deleteCapture(key);
    await first.deleteCapture(key);
    expect(archive.shared.has(key)).toBe(true);
    expect(b?.document.key).toBe(key);
    await second.deleteCapture(key);
    expect(archive.shared.has(key)).toBe(false);
  });
});
