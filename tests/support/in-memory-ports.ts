/**
 * In-memory implementations of the ingest service's storage ports (functions/ingest/ports.ts),
 * with the same conditional-write rules as the adapters: a write conditional on a record
 * that changed since it was read throws `version-conflict`.
 */

import { HTML_GZ_LAYOUT } from "../../functions/adapters/s3-archive";
import type { ArticleRecord, VersionedField } from "../../functions/core/article-record";
import { IngestError } from "../../functions/core/errors";
import type { ArticleDocument } from "../../functions/core/ingest-decision";
import { articleIdFor } from "../../functions/core/normalize-url";
import type {
  Archive,
  ArchiveLayout,
  ArticleStore,
  RawMetadata,
  RawObject,
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
    const versions = this.versions.get(articleId) ?? [];
    return versions.find((v) => v.record.version === version)?.record ?? null;
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

export class InMemoryArchive implements Archive {
  readonly raw = new Map<string, RawObject>();
  readonly documents = new Map<string, unknown>();

  constructor(readonly layout: ArchiveLayout = HTML_GZ_LAYOUT) {}

  async putRaw(key: string, body: Buffer, metadata: RawMetadata): Promise<boolean> {
    if (this.raw.has(key)) return false;
    this.raw.set(key, { body, metadata });
    return true;
  }

  async getRaw(key: string): Promise<RawObject> {
    const object = this.raw.get(key);
    if (!object) throw new IngestError("not-found", `No object ${key}`);
    return object;
  }

  async deleteRaw(key: string): Promise<void> {
    this.raw.delete(key);
  }

  async putArticle(key: string, document: unknown): Promise<void> {
    this.documents.set(key, document);
  }

  async getDocument(record: ArticleRecord): Promise<ArticleDocument | null> {
    const document = record.articleKey
      ? (this.documents.get(record.articleKey) as ArticleDocument | undefined)
      : undefined;
    return document?.version === record.version ? document : null;
  }

  async deleteArticle(key: string): Promise<void> {
    this.documents.delete(key);
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
