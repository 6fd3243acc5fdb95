/**
 * The article record (DESIGN.md "Article record"): what DynamoDB, the API and the CLI's
 * `--json` share. Pure builders: the clock and all inputs come in as arguments.
 */
import { createHash } from "node:crypto";
import { getDomain, getHostname } from "tldts";
import { type FailureCode, IngestError } from "./errors";
import { MIN_ARTICLE_WORDS } from "./extract/page-kind";
import type { ExtractedArticle, LeadImage, MetadataSource, PageType } from "./extract/types";

export { MIN_ARTICLE_WORDS };

export type ArticleStatus = "ok" | "failed" | "skipped";

export interface ArticleFailure {
  code: FailureCode;
  message: string;
  attempts: number;
  /**
   * On a `not-article` skip: the kind of page it is (`product`, `forum`, ...), null when
   * the kind is unclear. Absent on every other failure.
   */
  pageType?: PageType | null;
}

/**
 * Where one WARC record of a capture lives: the object, the byte range of its gzip member
 * (a member stands alone: `gunzip` of the range is the whole record) and its digest
 * (`WARC-Payload-Digest` of a response, `WARC-Block-Digest` of a document).
 */
export interface WarcRecordLocation {
  key: string;
  offset: number;
  length: number;
  digest: string;
}

/** The WARC records a record points at (docs/archive.md); absent on records stored before WARC. */
export interface CaptureLocations {
  /** The `response` record: the HTTP status line, headers and body as received. */
  response?: WarcRecordLocation;
  /** The `metadata` record holding the extraction document of this version. */
  document?: WarcRecordLocation;
}

export interface ArticleRecord {
  articleId: string;
  /** The record's identity URL: the trusted canonical URL, else the normalized final URL. */
  url: string;
  canonicalUrl: string | null;
  /** Every normalized URL variant that was submitted for this story. */
  submittedUrls: string[];
  /** Registrable domain of `url` (`bbc.co.uk`). */
  site: string;
  siteName: string | null;
  title: string | null;
  description: string | null;
  authors: string[];
  publishedAt: string | null;
  modifiedAt: string | null;
  language: string | null;
  section: string | null;
  tags: string[];
  image: LeadImage | null;
  isAccessibleForFree: boolean | null;
  wordCount: number;
  readingTimeMinutes: number;
  status: ArticleStatus;
  failure: ArticleFailure | null;
  httpStatus: number | null;
  contentType: string | null;
  charset: string | null;
  declaredCharset: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The object of the raw copy: a WARC capture, or a `raw/…html.gz` copy stored before WARC. */
  rawKey: string | null;
  rawSha256: string | null;
  /** The object of the extraction document: a WARC capture, or an `articles/<id>/v<N>-…json` / `articles/<id>.json` stored before WARC. */
  articleKey: string | null;
  /**
   * SHA-256 of the extracted body text, so a change of the text shows in `changedFields`
   * as `text`. Absent on records written before it existed.
   */
  textSha256?: string | null;
  /** Where in the WARC objects the response and the document are (WARC captures only). */
  capture?: CaptureLocations;
  /** When the page was captured: fetched, or the capture date of an imported copy. */
  fetchedAt: string | null;
  /** Last time the page was checked, also when it had not changed (304 or same bytes). */
  checkedAt: string;
  firstSeenAt: string;
  version: number;
  /**
   * The highest version number the article has, when it is not `version`: an import of a
   * capture older than the latest adds a version without becoming the latest, so the
   * latest record (the newest capture) can carry a lower number than the newest version.
   */
  lastVersion?: number;
  extractorVersion: string | null;
  /** Labels given with submissions (`tag` in the queue message). */
  submissionTags: string[];
  /**
   * Which source gave each metadata field. Kept in the version's extraction document (the
   * capture's `metadata` record), not in the table: records read from the table carry it
   * only when they were stored before that (see `latestItemFields`).
   */
  provenance?: Partial<Record<string, MetadataSource>>;
}

/** Fields whose change between two fetches makes a new version (and `text`, below). */
export const VERSIONED_FIELDS = [
  "title",
  "description",
  "authors",
  "publishedAt",
  "modifiedAt",
  "language",
  "section",
  "tags",
  "image",
  "isAccessibleForFree",
  "canonicalUrl",
  "wordCount",
  "rawSha256",
  "extractorVersion",
  "status",
] as const satisfies readonly (keyof ArticleRecord)[];

/**
 * A changed field as `changedFields` names it: a record field, or `text` when the extracted
 * body text changed (compared by `textSha256`).
 */
export type VersionedField = (typeof VERSIONED_FIELDS)[number] | "text";

/** Every name `changedFields` can list, in its order. */
export const CHANGE_NAMES: readonly VersionedField[] = [...VERSIONED_FIELDS, "text"];

/** The SHA-256 (hex) of an article's body text, as `textSha256` records it. */
export function textSha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The number the next version of an article gets (also after an older capture was imported). */
export function nextVersion(previous: ArticleRecord | null): number {
  return Math.max(previous?.version ?? 0, previous?.lastVersion ?? 0) + 1;
}

/** Words a typical adult reads per minute, for `readingTimeMinutes`. */
const WORDS_PER_MINUTE = 230;

export function readingTimeMinutes(wordCount: number): number {
  return wordCount === 0 ? 0 : Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}

/** The registrable domain of a URL (`news.bbc.co.uk` → `bbc.co.uk`, `a.github.io` → itself); the host for IPs. */
export function siteOf(url: string): string {
  // Private suffixes count: evil.github.io and victim.github.io are different sites.
  const domain = getDomain(url, { allowPrivateDomains: true });
  return domain ?? getHostname(url) ?? new URL(url).hostname;
}

export interface FetchFacts {
  status: number;
  contentType: string | null;
  charset: string;
  declaredCharset: string | null;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
}

export interface OkRecordInput {
  articleId: string;
  url: string;
  canonicalUrl: string | null;
  submittedUrl: string;
  tag?: string;
  extraction: ExtractedArticle;
  fetch: FetchFacts;
  rawKey: string;
  rawSha256: string;
  articleKey: string;
  extractorVersion: string;
  previous: ArticleRecord | null;
  now: string;
}

/** Signals named in a `not-article` message, so it stays short. */
const MAX_MESSAGE_SIGNALS = 4;

/** Why a page is not an article: its kind and the signals that said so, or its word count. */
function notArticleFailure(x: ExtractedArticle, url: string): ArticleFailure {
  const pageType = x.pageType === "article" ? null : x.pageType;
  const signals = x.pageSignals.filter((s) => s !== "too-few-words").slice(0, MAX_MESSAGE_SIGNALS);
  const message =
    x.wordCount < MIN_ARTICLE_WORDS
      ? `${x.wordCount} words of article text at ${url}; an article has at least ${MIN_ARTICLE_WORDS}`
      : `${pageType ? `a ${pageType} page` : "a page of unclear kind"}, not an article: ${url} (signals: ${signals.join(", ")})`;
  return { code: "not-article", message, attempts: 1, pageType };
}

/** Builds the record for a successful extraction; `version` is the previous one plus one. */
export function buildOkRecord(input: OkRecordInput): ArticleRecord {
  const { extraction: x, previous } = input;
  const status: ArticleStatus = !x.isArticle || x.wordCount < MIN_ARTICLE_WORDS ? "skipped" : "ok";
  const record: ArticleRecord = {
    articleId: input.articleId,
    url: input.url,
    canonicalUrl: input.canonicalUrl,
    submittedUrls: previous?.submittedUrls ?? [],
    site: siteOf(input.url),
    siteName: x.siteName,
    title: x.title,
    description: x.description,
    authors: x.authors,
    publishedAt: x.publishedAt,
    modifiedAt: x.modifiedAt,
    language: x.language,
    section: x.section,
    tags: x.tags,
    image: x.image,
    isAccessibleForFree: x.isAccessibleForFree,
    wordCount: x.wordCount,
    readingTimeMinutes: readingTimeMinutes(x.wordCount),
    status,
    failure: status === "skipped" ? notArticleFailure(x, input.url) : null,
    httpStatus: input.fetch.status,
    contentType: input.fetch.contentType,
    charset: input.fetch.charset,
    declaredCharset: input.fetch.declaredCharset,
    etag: input.fetch.etag,
    lastModified: input.fetch.lastModified,
    rawKey: input.rawKey,
    rawSha256: input.rawSha256,
    articleKey: input.articleKey,
    textSha256: textSha256(x.text),
    fetchedAt: input.fetch.fetchedAt,
    checkedAt: input.now,
    firstSeenAt: previous?.firstSeenAt ?? input.now,
    version: nextVersion(previous),
    extractorVersion: input.extractorVersion,
    submissionTags: previous?.submissionTags ?? [],
    provenance: x.provenance,
  };
  return fitting(withSubmission(record, input.submittedUrl, input.tag));
}

/** DynamoDB's limit on one item, attribute names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024;
/**
 * What the table adapter adds to a record beyond its fields (table and index keys, a
 * version item's `changedFields`), generously: the keys are ids, dates and the site name.
 */
const ITEM_KEYS_ALLOWANCE_BYTES = 2048;

/**
 * The DynamoDB size of an item, by AWS's rules: attribute names and strings count their
 * UTF-8 bytes, a number at most 21, `null` and booleans 1, a list or map 3 plus 1 per
 * element (and a map its keys). Absent (`undefined`) members are not stored.
 */
export function itemBytes(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) total += Buffer.byteLength(name) + valueBytes(value);
  }
  return total;
}

function valueBytes(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number") return 21;
  if (value === null || typeof value === "boolean") return 1;
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, element) => sum + 1 + valueBytes(element ?? null), 3);
  }
  if (typeof value === "object") return 3 + itemBytes(value as Record<string, unknown>);
  return 0;
}

/**
 * The record fields the latest item stores: all but `provenance`, which the version's
 * extraction document holds (a write is billed per KB, once more per index the item is in).
 */
export function latestItemFields(record: ArticleRecord): Omit<ArticleRecord, "provenance"> {
  const { provenance: _provenance, ...fields } = record;
  return fields;
}

/**
 * Fields a version item leaves out: they belong to the article, not to one version (the
 * latest record lists them), or live in the version's extraction document (`provenance`).
 */
export type VersionSnapshot = Omit<
  ArticleRecord,
  "provenance" | "submittedUrls" | "submissionTags"
>;

/** The record as a version item keeps it: what that version was, without the article's lists. */
export function versionSnapshot(record: ArticleRecord): VersionSnapshot {
  const {
    provenance: _provenance,
    submittedUrls: _urls,
    submissionTags: _tags,
    ...snapshot
  } = record;
  return snapshot;
}

/**
 * The record of a version item: a snapshot lists no submitted URLs or tags (the latest
 * record does); a version item stored whole before snapshots (with them) reads as it was.
 */
export function recordOfSnapshot(stored: VersionSnapshot | ArticleRecord): ArticleRecord {
  return { submittedUrls: [], submissionTags: [], ...stored };
}

/**
 * The size of the larger of the two items a new version writes: the latest item (the
 * record's stored fields and its keys) and the version snapshot (nested in a map, with the
 * changed fields), keys included (`ITEM_KEYS_ALLOWANCE_BYTES`).
 */
export function recordItemBytes(record: ArticleRecord): number {
  const latest = itemBytes({ ...latestItemFields(record) });
  const snapshot = itemBytes({
    version: record.version,
    changedFields: [...CHANGE_NAMES],
    record: { ...versionSnapshot(record) },
  });
  return Math.max(latest, snapshot) + ITEM_KEYS_ALLOWANCE_BYTES;
}

/** The record, when its items fit in DynamoDB; else a `record-too-large` failure naming its largest fields. */
function fitting(record: ArticleRecord): ArticleRecord {
  const bytes = recordItemBytes(record);
  if (bytes <= MAX_ITEM_BYTES) return record;
  const largest = Object.entries(record)
    .map(([name, value]) => ({ name, bytes: valueBytes(value ?? null) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((f) => `${f.name} ${f.bytes} bytes`)
    .join(", ");
  throw new IngestError(
    "record-too-large",
    `Record of ${record.url} would be a ${bytes}-byte DynamoDB item; at most ${MAX_ITEM_BYTES} fit (largest fields: ${largest})`,
  );
}

export interface FailedRecordInput {
  articleId: string;
  url: string;
  status: "failed" | "skipped";
  code: FailureCode;
  message: string;
  attempts: number;
  httpStatus?: number;
  tag?: string;
  previous: ArticleRecord | null;
  now: string;
}

/**
 * Builds the record of a permanent failure. A story that was fetched before keeps its
 * metadata (the failure is the news: it was taken down); its version does not change.
 */
export function buildFailedRecord(input: FailedRecordInput): ArticleRecord {
  const previous = input.previous;
  const base: ArticleRecord = previous ?? {
    articleId: input.articleId,
    url: input.url,
    canonicalUrl: null,
    submittedUrls: [],
    site: siteOfOrHost(input.url),
    siteName: null,
    title: null,
    description: null,
    authors: [],
    publishedAt: null,
    modifiedAt: null,
    language: null,
    section: null,
    tags: [],
    image: null,
    isAccessibleForFree: null,
    wordCount: 0,
    readingTimeMinutes: 0,
    status: input.status,
    failure: null,
    httpStatus: null,
    contentType: null,
    charset: null,
    declaredCharset: null,
    etag: null,
    lastModified: null,
    rawKey: null,
    rawSha256: null,
    articleKey: null,
    fetchedAt: null,
    checkedAt: input.now,
    firstSeenAt: input.now,
    version: 0,
    extractorVersion: null,
    submissionTags: [],
    provenance: {},
  };
  return {
    ...withSubmission(base, input.url, input.tag),
    status: input.status,
    failure: { code: input.code, message: input.message, attempts: input.attempts },
    httpStatus: input.httpStatus ?? base.httpStatus,
    checkedAt: input.now,
  };
}

/**
 * Which versioned fields differ between two records, compared by value: object key order
 * (DynamoDB returns a map's keys in any order) and absent versus `null` do not count; list
 * order does (the first author and tag lead). `text` is listed when the body text's hashes
 * differ; a record written before `textSha256` existed has none, and then `text` is listed
 * whenever the raw bytes changed (the text may have: nothing says it did not).
 */
export function changedFields(
  before: ArticleRecord | null,
  after: ArticleRecord,
): VersionedField[] {
  if (!before) return [...CHANGE_NAMES];
  const changed: VersionedField[] = VERSIONED_FIELDS.filter(
    (field) => canonicalJson(before[field]) !== canonicalJson(after[field]),
  );
  const textChanged =
    before.textSha256 && after.textSha256
      ? before.textSha256 !== after.textSha256
      : before.rawSha256 !== after.rawSha256 || before.extractorVersion !== after.extractorVersion;
  if (textChanged) changed.push("text");
  return changed;
}

/** JSON with object keys sorted and `undefined`/`null` members dropped: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value)) ?? "null";
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value === null || typeof value !== "object") return value ?? null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined && member !== null) out[key] = canonicalValue(member);
  }
  return out;
}

function siteOfOrHost(url: string): string {
  try {
    return siteOf(url);
  } catch {
    return "invalid";
  }
}

/** Submitted URL variants a record lists (the alias items map every one of them anyway). */
export const MAX_SUBMITTED_URLS = 20;
/** Longest submitted URL a record lists in full, so an item stays far under 400 KB. */
const MAX_LISTED_URL_LENGTH = 2048;
/** Submission tags a record lists. */
export const MAX_SUBMISSION_TAGS = 50;

function mergeUnique(existing: string[], added: string[], max: number): string[] {
  const merged = [...new Set([...existing, ...added])];
  return merged.slice(Math.max(0, merged.length - max));
}

/** The record with one more submitted URL and tag listed (bounded lists, newest kept). */
export function withSubmission(
  record: ArticleRecord,
  submittedUrl: string,
  tag: string | undefined,
): ArticleRecord {
  return {
    ...record,
    submittedUrls: mergeUnique(
      record.submittedUrls,
      [submittedUrl.slice(0, MAX_LISTED_URL_LENGTH)],
      MAX_SUBMITTED_URLS,
    ),
    submissionTags: mergeUnique(record.submissionTags, tag ? [tag] : [], MAX_SUBMISSION_TAGS),
  };
}
