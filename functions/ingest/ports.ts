/**
 * What the ingest service needs from storage, in its own terms. The adapters implement
 * these (`ArticleTable`, `S3Archive`, `SubmissionQueue`); a test passes small in-memory
 * ones. A conditional write that finds the record changed since it was read throws an
 * `IngestError` with code `version-conflict` (the policy says `reread`). Where an archive
 * keeps things is its own `ArchiveLayout` (functions/core/ingest-decision.ts): another
 * capture format (WARC) brings its own layout without the service changing, and keys
 * already stored stay readable because a record carries its `rawKey` and `articleKey`.
 */
import type { ArticleRecord, VersionedField } from "../core/article-record";
import type { ArchiveLayout, ArticleDocument, RawMetadata } from "../core/ingest-decision";

/** The article records and the URL aliases that resolve to them. */
export interface ArticleStore {
  getLatest(articleId: string): Promise<ArticleRecord | null>;
  /** The record as version `version` stored it, or `null` when there is no such version. */
  getVersion(articleId: string, version: number): Promise<ArticleRecord | null>;
  /** The id of the record a normalized URL resolves to (through its alias), if any. */
  resolveUrl(normalizedUrl: string): Promise<string | null>;
  /**
   * A new version, on condition that the latest record is still `previous` (or none). The
   * latest record becomes `latest` when given (an older capture imported), else `record`.
   */
  putVersion(
    record: ArticleRecord,
    previous: ArticleRecord | null,
    changed: VersionedField[],
    latest?: ArticleRecord,
  ): Promise<void>;
  /** Replaces the latest record without a new version, on the same condition. */
  putLatest(record: ArticleRecord, previous: ArticleRecord | null): Promise<void>;
  /** Adds a submission tag the record has not got (atomic; no condition on the version). */
  addSubmissionTag(articleId: string, tag: string): Promise<void>;
  /** Points every URL variant at the record. Idempotent. */
  putAliases(normalizedUrls: string[], articleId: string): Promise<void>;
  /** Retires a failed record (version 0) that a success under another identity superseded. */
  deleteFailedRecord(articleId: string): Promise<void>;
}

export type { ArchiveLayout, RawMetadata };

export interface RawObject {
  body: Buffer;
  metadata: RawMetadata;
}

/**
 * Raw captures and extraction documents. Raw keys are content-addressed (the layout's
 * `rawKey` names the bytes), so an object already at a raw key holds these bytes.
 */
export interface Archive {
  readonly layout: ArchiveLayout;
  /**
   * Stores a raw capture unless an object of that key exists. Resolves `true` when this call
   * created the object, `false` when one was there already (it is left as it was).
   */
  putRaw(key: string, body: Buffer, metadata: RawMetadata): Promise<boolean>;
  /** Reads a raw capture by its stored key, whatever layout wrote it. */
  getRaw(key: string): Promise<RawObject>;
  /** Removes a raw copy no record points to. Deleting a missing key is not an error. */
  deleteRaw(key: string): Promise<void>;
  putArticle(key: string, document: unknown): Promise<void>;
  /**
   * The extraction document of the version `record` is (by its `articleKey`), or `null` when
   * the archive holds none for that version.
   */
  getDocument(record: ArticleRecord): Promise<ArticleDocument | null>;
  /** Removes an extraction document no record points to. Missing is not an error. */
  deleteArticle(key: string): Promise<void>;
}

/** The submission queue, as far as ingest uses it: re-enqueue a URL after a delay. */
export interface SubmissionQueuePort {
  sendDelayed(body: string, delayMs: number): Promise<void>;
}
