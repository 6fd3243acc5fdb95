/**
 * What the ingest service needs from storage, in its own terms. The adapters implement
 * these (`ArticleTable`, `S3Archive`, `SubmissionQueue`); a test passes small in-memory
 * ones. A conditional write that finds the record changed since it was read throws an
 * `IngestError` with code `version-conflict` (the policy says `reread`). Where an archive
 * keeps things is its own `ArchiveLayout` (functions/core/ingest-decision.ts); objects
 * already stored stay readable because a record carries its `rawKey` and `articleKey` (and,
 * for WARC captures, the byte ranges in `capture`).
 */
import type {
  ArticleRecord,
  CaptureLocations,
  VersionedField,
  WarcRecordLocation,
} from "../core/article-record";
import type {
  ArchiveLayout,
  ArticleDocument,
  CaptureWrite,
  RawMetadata,
} from "../core/ingest-decision";

/** The article records and the URL aliases that resolve to them. */
export interface ArticleStore {
  getLatest(articleId: string): Promise<ArticleRecord | null>;
  /** The record as it was at `version` (its version item), or null when there is none. */
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

export type { ArchiveLayout, ArticleDocument, CaptureLocations, RawMetadata, WarcRecordLocation };

export interface RawObject {
  body: Buffer;
  metadata: RawMetadata;
}

/** Where a stored capture's records are, and whether this call created the object. */
export interface StoredCapture {
  created: boolean;
  /**
   * The object is shared: it holds the captures of several records (one invocation's). It is
   * never deleted for one record (`Archive.deleteCapture` leaves it), only once no member's
   * record points at it.
   */
  shared?: boolean;
  response?: WarcRecordLocation;
  document: WarcRecordLocation;
}

/**
 * Captures (WARC objects holding the response and the extraction document of a version) and
 * the copies stored before WARC (`raw/<id>/<sha>.html.gz`, `articles/<id>.json`), read by
 * what a record points at.
 */
export interface Archive {
  readonly layout: ArchiveLayout;
  /**
   * Stores a capture in one object unless an object of that key exists (capture keys are
   * determined by their content: it is then the same capture, left as it was, and its
   * records' locations are returned).
   */
  putCapture(capture: CaptureWrite): Promise<StoredCapture>;
  /** The raw response body of a record (exactly the bytes received) and its facts. */
  getRaw(record: ArticleRecord): Promise<RawObject>;
  /** The extraction document of a record (any version); null when it has none. */
  getDocument(record: ArticleRecord): Promise<ArticleDocument | null>;
  /** Removes a capture no record points to. Deleting a missing key is not an error. */
  deleteCapture(key: string): Promise<void>;
}

/** A capture in a shared object: the article and version whose record should point at it. */
export interface CaptureMember {
  articleId: string;
  version: number;
}

/** An archive that can store the captures of one invocation as one shared object. */
export interface GroupArchive extends Archive {
  /**
   * Stores the captures in ONE new object (one write) and returns each one's locations in
   * order (`shared: true`); throws when the write failed (nothing of it is then referenced).
   */
  putCaptureGroup(captures: CaptureWrite[]): Promise<StoredCapture[]>;
  /** Deletes a shared object: only when no member's record points at it. */
  deleteSharedCapture(key: string): Promise<void>;
}

export function isGroupArchive(archive: Archive): archive is GroupArchive {
  const candidate = archive as Partial<GroupArchive>;
  return (
    typeof candidate.putCaptureGroup === "function" &&
    typeof candidate.deleteSharedCapture === "function"
  );
}

/** The submission queue, as far as ingest uses it: re-enqueue a URL after a delay. */
export interface SubmissionQueuePort {
  sendDelayed(body: string, delayMs: number): Promise<void>;
}
