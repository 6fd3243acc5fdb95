/**
 * In-memory implementations of the ingest service's storage ports (functions/ingest/ports.ts),
 * with the same conditional-write rules as the adapters: a write conditional on a record
 * that changed since it was read throws `version-conflict`.
 */

import { isSharedCaptureKey, WARC_LAYOUT } from "../../functions/adapters/s3-archive";
import type { ArticleRecord, VersionedField } from "../../functions/core/article-record";
import { IngestError } from "../../functions/core/errors";
import type { ArticleDocument, CaptureWrite } from "../../functions/core/ingest-decision";
import { articleIdFor } from "../../functions/core/normalize-url";
import type {
  ArchiveLayout,
  ArticleStore,
  GroupArchive,
  RawObject,
  StoredCapture,
  SubmissionQueuePort,
} from "../../functions/ingest/ports";

export class InMemoryArticleStore implements ArticleStore {
  readonly records = new Map<string, ArticleRecord>();
  readonly versions = new Map<string, { record: ArticleRecord; changed: VersionedField[] }[]>();
  readonly aliases = new Map<string, string>();
  /** Runs before each conditional write: a test makes another worker win a race here. */
  beforeWrite: (record: ArticleRecord) => void = () => {};

  async getLatest(articleId: string): Promise<ArticleRecord | null> {
    return this.records.get(articleId) ?? null;
  }

  async getVersion(articleId: string, version: number): Promise<ArticleRecord | null> {
    return (
      (this.versions.get(articleId) ?? []).findLast((v) => v.record.version === version)?.record ??
      null
    );
  }

  async resolveUrl(normalizedUrl: string): Promise<string | null> {
    return this.aliases.get(articleIdFor(normalizedUrl)) ?? null;
  }

  async putVersion(
    record: ArticleRecord,
    previous: ArticleRecord | null,
    changed: VersionedField[],
    latest: ArticleRecord = record,
  ): Promise<void> {
    this.checkUnchanged(record, previous);
    const versions = this.versions.get(record.articleId) ?? [];
    if (versions.some((v) => v.record.version === record.version)) {
      throw new IngestError("version-conflict", `Version ${record.version} exists already`);
    }
    this.records.set(record.articleId, latest);
    versions.push({ record, changed });
    this.versions.set(record.articleId, versions);
  }

  async putLatest(record: ArticleRecord, previous: ArticleRecord | null): Promise<void> {
    this.checkUnchanged(record, previous);
    this.records.set(record.articleId, record);
  }

  async addSubmissionTag(articleId: string, tag: string): Promise<void> {
    const record = this.records.get(articleId);
    if (!record || record.submissionTags.includes(tag)) return;
    this.records.set(articleId, { ...record, submissionTags: [...record.submissionTags, tag] });
  }

  async putAliases(normalizedUrls: string[], articleId: string): Promise<void> {
    for (const url of normalizedUrls) {
      if (articleIdFor(url) !== articleId) this.aliases.set(articleIdFor(url), articleId);
    }
  }

  async deleteFailedRecord(articleId: string): Promise<void> {
    const record = this.records.get(articleId);
    if (!record || record.status === "ok" || record.version !== 0) return;
    this.records.set(articleId, { ...record, status: "skipped" });
  }

  private checkUnchanged(record: ArticleRecord, previous: ArticleRecord | null): void {
    this.beforeWrite(record);
    const stored = this.records.get(record.articleId) ?? null;
    const unchanged =
      previous === null
        ? stored === null
        : stored !== null &&
          stored.version === previous.version &&
          stored.checkedAt === previous.checkedAt;
    if (!unchanged) {
      throw new IngestError(
        "version-conflict",
        `Record ${record.articleId} was changed by another writer`,
      );
    }
  }
}

/**
 * Captures kept as written (no WARC bytes): the record ranges are the capture's key with
 * offset 0 (response) and 1 (document), enough for the service's bookkeeping. A shared
 * object (`putCaptureGroup`) keeps its captures in order: member n at offsets 2n and 2n+1.
 */
export class InMemoryArchive implements GroupArchive {
  readonly captures = new Map<string, CaptureWrite>();
  /** Shared objects (the captures of one invocation), by key. */
  readonly shared = new Map<string, CaptureWrite[]>();
  /** Raw copies stored before WARC (`raw/…html.gz`), by key. */
  readonly legacyRaw = new Map<string, RawObject>();
  /** Set to make the next shared write fail (its captures are then written one by one). */
  failSharedWrites = false;
  private sharedCount = 0;

  constructor(readonly layout: ArchiveLayout = WARC_LAYOUT) {}

  async putCapture(capture: CaptureWrite): Promise<StoredCapture> {
    const existing = this.captures.get(capture.key);
    const created = existing === undefined;
    if (created) this.captures.set(capture.key, capture);
    const stored = existing ?? capture;
    return {
      created,
      ...(stored.response
        ? { response: { key: capture.key, offset: 0, length: 1, digest: "" } }
        : {}),
      document: { key: capture.key, offset: 1, length: 1, digest: "" },
    };
  }

  async putCaptureGroup(captures: CaptureWrite[]): Promise<StoredCapture[]> {
    if (this.failSharedWrites) throw new IngestError("storage-error", "shared write failed");
    const key = `warc/batch/2026-01-01/000000-${String(++this.sharedCount).padStart(16, "0")}.warc.gz`;
    this.shared.set(key, captures);
    return captures.map((capture, n) => ({
      created: true,
      shared: true,
      ...(capture.response ? { response: { key, offset: 2 * n, length: 1, digest: "" } } : {}),
      document: { key, offset: 2 * n + 1, length: 1, digest: "" },
    }));
  }

  async deleteSharedCapture(key: string): Promise<void> {
    this.shared.delete(key);
  }

  /** The capture a record's location names (its own object, or its member of a shared one). */
  private captureAt(key: string | null, offset: number | undefined): CaptureWrite | undefined {
    if (!key) return undefined;
    const members = this.shared.get(key);
    if (members) return members[Math.floor((offset ?? 0) / 2)];
    return this.captures.get(key);
  }

  async getRaw(record: ArticleRecord): Promise<RawObject> {
    const legacy = record.rawKey ? this.legacyRaw.get(record.rawKey) : undefined;
    if (legacy) return legacy;
    const page = this.captureAt(record.rawKey, record.capture?.response?.offset)?.response;
    if (!page) throw new IngestError("not-found", `No raw copy ${record.rawKey}`);
    return {
      body: page.body,
      metadata: {
        url: page.finalUrl,
        status: page.status,
        contentType: page.contentType,
        fetchedAt: page.fetchedAt,
        charset: page.charset,
      },
    };
  }

  async getDocument(record: ArticleRecord): Promise<ArticleDocument | null> {
    return this.captureAt(record.articleKey, record.capture?.document?.offset)?.document ?? null;
  }

  /** Like S3Archive: a shared object is never deleted for one record. */
  async deleteCapture(key: string): Promise<void> {
    if (isSharedCaptureKey(key)) return;
    this.captures.delete(key);
  }
}

export class InMemoryQueue implements SubmissionQueuePort {
  /** Bodies re-enqueued, in order, and the delay each was sent with. */
  readonly bodies: string[] = [];
  readonly delays: number[] = [];

  async sendDelayed(body: string, delayMs: number): Promise<void> {
    this.bodies.push(body);
    this.delays.push(delayMs);
  }
}
