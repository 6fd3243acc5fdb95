/**
 * The ingest decision: from what is known about a URL and what the fetch brought, what to
 * write. Pure: no I/O, no clock (the time comes in as `now`), no logging. The service reads
 * and fetches, asks `decideIngest`, and writes the plan it gets through its storage ports.
 *
 * Situations and what they come to (tests/unit/ingest-decision.test.ts holds the table):
 *
 * - `known` (before fetching): a fresh `ok` record (checked within `refreshAfterMs`, no
 *   `force`) is not fetched again; only a new submission tag is added. Otherwise: fetch,
 *   conditionally (the stored ETag/Last-Modified) when an `ok` record is known.
 * - `fetched`: a 304, or the same bytes under the same extractor, only records the check on
 *   the stored record (no object, no new version); anything else is a new version: the raw
 *   copy (unless the stored record already points at these bytes), the extraction document,
 *   the record conditional on what was read, then the URL aliases (and a superseded failure
 *   record of the submitted URL is retired).
 * - `reprocessed`: the document again and the record with the current extractor: a new
 *   version if a versioned field changed, else the same version with the new check time.
 * - `failed`: the policy's disposition (`classify` in errors.ts) is acted on: `throttled`
 *   re-enqueues the URL with one more deferral; `permanent` records a `failed`/`skipped`
 *   record (on the record `failureRecordId` chooses); everything else, and every failure of
 *   a message that names no URL (a bad message, a re-process request), goes back to SQS.
 *
 * A conditional write that lost a race is decided again on a fresh read (`lost` says what
 * was lost). A lost check gives way when the record's version moved on meanwhile: the other
 * worker stored newer content, and its check is the newer one.
 */
import {
  type ArticleRecord,
  buildFailedRecord,
  buildOkRecord,
  changedFields,
  nextVersion,
  type VersionedField,
  withSubmission,
} from "./article-record";
import { type Classification, type FailureCode, MIN_DEFERRAL_MS, statusForCode } from "./errors";
import type { ExtractedArticle } from "./extract/types";
import type { ConditionalHeaders, FetchedPage } from "./fetch-types";
import type { Identity } from "./identity";
import { articleIdFor, normalizeUrl } from "./normalize-url";
import { type IngestMessage, type QueueMessage, submissionBody } from "./queue-message";

export type OutcomeKind =
  | "ok"
  | "skipped"
  | "failed"
  | "unchanged"
  | "fresh"
  | "deferred"
  | "reprocessed";

/** What one message came to (logged and counted by the handler). */
export interface Outcome {
  kind: OutcomeKind;
  articleId: string;
  url?: string;
  version?: number;
  code?: string;
  message?: string;
  delayMs?: number;
}

/** Where an archive keeps things; the archive owns its layout (see functions/ingest/ports.ts). */
export interface ArchiveLayout {
  /**
   * Key of the capture object of a version: determined by what it holds (the article, the
   * version, the body hash, the extractor), so a redelivery after a crash names the same
   * object, and the archive creates it only when the key is free (never a second copy).
   */
  captureKey(articleId: string, version: number, sha256: string, extractorVersion: string): string;
}

/** Facts about a raw capture kept with it. */
export interface RawMetadata {
  url: string;
  status: number;
  contentType: string | null;
  fetchedAt: string;
  charset: string;
}

/**
 * The full extraction of a version, kept in the archive with its capture (a WARC `metadata`
 * record; `articles/<id>/v<N>-<sha16>.json` or `articles/<id>.json` for records stored
 * before WARC).
 */
export interface ArticleDocument {
  schemaVersion: 1;
  articleId: string;
  version: number;
  record: ArticleRecord;
  text: string;
  markdown: string;
  html: string;
  links: ExtractedArticle["links"];
  provenance: ExtractedArticle["provenance"];
  fetch: {
    requestedUrl: string;
    finalUrl: string;
    redirects: FetchedPage["redirects"];
    durationMs: number;
  };
}

/** A record write, conditional on the latest record still being `previous` (or none). */
export type RecordWrite =
  | {
      mode: "version";
      record: ArticleRecord;
      previous: ArticleRecord | null;
      changed: VersionedField[];
      /**
       * The latest record to write with the version, when it is not `record` itself: an
       * imported capture older than the latest adds a version and leaves the latest in place.
       */
      latest?: ArticleRecord;
    }
  | { mode: "latest"; record: ArticleRecord; previous: ArticleRecord | null };

/** Everything one plan writes, in the order the service writes it. */
export interface Writes {
  /**
   * The capture object of a new version (one S3 PUT): the response when the bytes are new,
   * and the extraction document. Kept as is when an object of that key exists (same key,
   * same content); removed again when this attempt created it and the message ends without
   * a record pointing at it. The service adds where its records landed to `record`.
   */
  capture?: CaptureWrite;
  record?: RecordWrite;
  /** A submission tag added to a record that is not written otherwise. */
  tag?: { articleId: string; tag: string };
  aliases?: { urls: string[]; articleId: string };
  /** A failed record of the submitted URL, superseded by a success under another identity. */
  supersede?: string;
  /** The URL back on the queue after a delay. */
  requeue?: { body: string; delayMs: number };
}

export interface CaptureWrite {
  key: string;
  /** The fetched page, when its bytes are new to the record (else the record keeps its response). */
  response?: FetchedPage;
  document: ArticleDocument;
}

export interface WritePlan {
  kind: "write";
  outcome: Outcome;
  writes: Writes;
}

/** Fetch the page, with these conditional headers. */
export interface FetchPlan {
  kind: "fetch";
  conditional: ConditionalHeaders | null;
}

/** A permanent failure to record: find the record it belongs on, then decide the write. */
export interface RecordFailurePlan {
  kind: "record-failure";
  failure: FailureToRecord;
}

/** Give the message back to SQS (report it in `batchItemFailures`). */
export interface HandBackPlan {
  kind: "hand-back";
}

export type IngestPlan = FetchPlan | WritePlan | RecordFailurePlan | HandBackPlan;

export interface FailureToRecord {
  /** The normalized URL, or the submitted text when it does not normalize. */
  url: string;
  code: FailureCode;
  message: string;
  /** The message's receive count. */
  attempts: number;
  httpStatus?: number;
  tag?: string;
}

/** What an earlier write of the same message lost to another worker. */
export interface LostRace {
  /** The lost write only recorded a check (no new version). */
  check: boolean;
  /** The version of the record the lost write was conditional on (null: none). */
  basisVersion: number | null;
  /** The outcome the lost write would have reported. */
  outcome: Outcome;
}

/** What the fetched page is: its extraction, identity and content hash. */
export interface ExtractedPage {
  page: FetchedPage;
  extraction: ExtractedArticle;
  identity: Identity;
  sha256: string;
}

export interface KnownSituation {
  kind: "known";
  message: IngestMessage;
  /** The record the submitted URL resolves to, if any. */
  known: ArticleRecord | null;
  now: string;
  refreshAfterMs: number;
}

interface FetchedBase {
  kind: "fetched";
  message: IngestMessage;
  /** The normalized submitted URL and the id it resolved to before fetching. */
  submitted: string;
  submittedId: string;
  /** The record of the identity as read for this write attempt. */
  current: ArticleRecord | null;
  lost?: LostRace;
  now: string;
  extractorVersion: string;
  layout: ArchiveLayout;
  /**
   * Set when the page is an imported capture (a WARC record or a saved file), not a fetch:
   * the captures already stored for the identity (raw hash and capture time of each version).
   */
  imported?: { captures: StoredCapture[] };
}

/** A capture a version of a record holds. */
export interface StoredCapture {
  rawSha256: string | null;
  fetchedAt: string | null;
}

/** After the fetch: the extracted page, or `null` for a 304 on a known record. */
export type FetchedSituation = FetchedBase &
  (
    | { extracted: ExtractedPage; known: ArticleRecord | null }
    | { extracted: null; known: ArticleRecord }
  );

export interface ReprocessedSituation {
  kind: "reprocessed";
  /** The record whose raw copy was extracted again. */
  stored: ArticleRecord & { rawKey: string; rawSha256: string };
  /** The record as read for this write attempt. */
  current: ArticleRecord | null;
  /** The stored capture as a fetched page. */
  page: FetchedPage;
  extraction: ExtractedArticle;
  now: string;
  extractorVersion: string;
  layout: ArchiveLayout;
}

export interface FailedSituation {
  kind: "failed";
  /** The parsed message; `null` when the body did not parse. */
  message: QueueMessage | null;
  verdict: Classification;
  receiveCount: number;
}

export interface FailureRecordSituation {
  kind: "failure-record";
  failure: FailureToRecord;
  /** Where `failureRecordId` put it, and that record as read for this attempt. */
  articleId: string;
  current: ArticleRecord | null;
  now: string;
}

export type IngestSituation =
  | KnownSituation
  | FetchedSituation
  | ReprocessedSituation
  | FailedSituation
  | FailureRecordSituation;

/** The one decision of the ingest pipeline: what to do next, or what to write. */
export function decideIngest(situation: KnownSituation): FetchPlan | WritePlan;
export function decideIngest(
  situation: FetchedSituation | ReprocessedSituation | FailureRecordSituation,
): WritePlan;
export function decideIngest(
  situation: FailedSituation,
): WritePlan | RecordFailurePlan | HandBackPlan;
export function decideIngest(situation: IngestSituation): IngestPlan;
export function decideIngest(situation: IngestSituation): IngestPlan {
  switch (situation.kind) {
    case "known":
      return beforeFetch(situation);
    case "fetched":
      return afterFetch(situation);
    case "reprocessed":
      return afterReprocess(situation);
    case "failed":
      return afterFailure(situation);
    case "failure-record":
      return failureRecord(situation);
  }
}

/** What a plan that lost its conditional write leaves for the next attempt to know. */
export function lostRace(plan: WritePlan): LostRace {
  const record = plan.writes.record;
  return {
    check: record?.mode === "latest",
    basisVersion: record?.previous?.version ?? null,
    outcome: plan.outcome,
  };
}

/**
 * Where a permanent failure of `url` is recorded: on the record the URL is the identity of
 * (a story that was taken down keeps its metadata and shows the failure), but never on a
 * record `url` is only an alias of: an old slug or an AMP variant failing does not make the
 * live canonical story fail. Those failures get a record of their own.
 */
export function failureRecordId(
  url: string,
  resolvedId: string | null,
  resolved: ArticleRecord | null,
): string {
  const own = articleIdFor(url);
  if (!resolvedId || resolvedId === own) return own;
  return resolved?.url === url ? resolvedId : own;
}

function write(outcome: Outcome, writes: Writes): WritePlan {
  return { kind: "write", outcome, writes };
}

function beforeFetch(s: KnownSituation): FetchPlan | WritePlan {
  const { known, message } = s;
  if (
    known?.status === "ok" &&
    !message.force &&
    Date.parse(s.now) - Date.parse(known.checkedAt) < s.refreshAfterMs
  ) {
    const tag =
      message.tag && !known.submissionTags.includes(message.tag)
        ? { tag: { articleId: known.articleId, tag: message.tag } }
        : {};
    return write(
      { kind: "fresh", articleId: known.articleId, url: known.url, version: known.version },
      tag,
    );
  }
  const conditional =
    known?.status === "ok" && !message.force
      ? { etag: known.etag, lastModified: known.lastModified }
      : null;
  return { kind: "fetch", conditional };
}

/** The record with this submission listed and the check time moved on. */
function checked(record: ArticleRecord, s: FetchedBase): ArticleRecord {
  return { ...withSubmission(record, s.submitted, s.message.tag), checkedAt: s.now };
}

/** A lost check gives way when the record's version moved on (or the record went). */
function givesWay(s: FetchedBase): boolean {
  return (
    s.lost?.check === true && (s.current === null || s.current.version !== s.lost.basisVersion)
  );
}

function afterFetch(s: FetchedSituation): WritePlan {
  if (s.extracted === null) {
    const known = s.known;
    if (givesWay(s) && s.lost) return write(s.lost.outcome, {});
    const basis = s.current ?? known;
    return write(
      { kind: "unchanged", articleId: known.articleId, url: known.url, version: known.version },
      { record: { mode: "latest", record: checked(basis, s), previous: basis } },
    );
  }
  const { page, extraction, identity, sha256 } = s.extracted;
  const articleId = identity.articleId;
  const links: Writes = {
    aliases: { urls: identity.aliases, articleId },
    ...(s.submittedId !== articleId ? { supersede: s.submittedId } : {}),
  };
  if (givesWay(s) && s.lost) return write(s.lost.outcome, links);

  const current = s.current;
  if (s.imported && isStoredCapture(s.imported.captures, current, sha256, page.fetchedAt)) {
    // The same bytes captured at the same time are stored already: an import run twice.
    return write(
      {
        kind: "unchanged",
        articleId,
        url: current?.url ?? identity.url,
        version: current?.version ?? 0,
      },
      links,
    );
  }
  if (
    current !== null &&
    current.status !== "failed" &&
    current.rawSha256 === sha256 &&
    current.extractorVersion === s.extractorVersion
  ) {
    const record = { ...checked(current, s), etag: page.etag, lastModified: page.lastModified };
    return write(
      { kind: "unchanged", articleId, url: current.url, version: current.version },
      { record: { mode: "latest", record, previous: current }, ...links },
    );
  }

  // The same bytes as the stored record (a new extractor): the record keeps its response.
  const sameBytes = current?.rawSha256 === sha256 && current.rawKey !== null;
  const version = nextVersion(current);
  const key = s.layout.captureKey(articleId, version, sha256, s.extractorVersion);
  const built = buildOkRecord({
    articleId,
    url: identity.url,
    canonicalUrl: identity.canonicalUrl,
    submittedUrl: s.submitted,
    ...(s.message.tag ? { tag: s.message.tag } : {}),
    extraction,
    fetch: page,
    rawKey: sameBytes && current?.rawKey ? current.rawKey : key,
    rawSha256: sha256,
    articleKey: key,
    extractorVersion: s.extractorVersion,
    previous: current,
    now: s.now,
  });
  const record = withKeptResponse(built, sameBytes ? current : null);
  // An imported capture older than the latest adds a version; the latest stays the newest
  // capture, and carries the highest version number so the next version gets a new one.
  const older = s.imported !== undefined && isOlderCapture(page.fetchedAt, current);
  const latest =
    older && current ? { ...current, lastVersion: record.version, checkedAt: s.now } : undefined;
  return write(
    {
      kind: record.status === "ok" ? "ok" : "skipped",
      articleId,
      url: record.url,
      version: record.version,
      ...(record.failure ? { code: record.failure.code, message: record.failure.message } : {}),
    },
    {
      capture: {
        key,
        ...(sameBytes ? {} : { response: page }),
        document: articleDocument(record, extraction, page),
      },
      record: {
        mode: "version",
        record,
        previous: current,
        changed: changedFields(current, record),
        ...(latest ? { latest } : {}),
      },
      ...links,
    },
  );
}

/** Whether a capture taken at `capturedAt` is older than the latest record's capture. */
export function isOlderCapture(capturedAt: string, current: ArticleRecord | null): boolean {
  if (!current?.fetchedAt) return false;
  return Date.parse(capturedAt) < Date.parse(current.fetchedAt);
}

function isStoredCapture(
  captures: StoredCapture[],
  current: ArticleRecord | null,
  sha256: string,
  capturedAt: string,
): boolean {
  // `fetchedAt` is ISO 8601 UTC as stored, and so is an import's capture time.
  return [...captures, current].some((c) => c?.rawSha256 === sha256 && c.fetchedAt === capturedAt);
}

/** The record pointing at `kept`'s response record (a version that stored no new bytes). */
function withKeptResponse(record: ArticleRecord, kept: ArticleRecord | null): ArticleRecord {
  const { capture: _none, ...rest } = record;
  const response = kept?.capture?.response;
  return response ? { ...rest, capture: { response } } : rest;
}

function afterReprocess(s: ReprocessedSituation): WritePlan {
  const { stored, current, page, extraction } = s;
  const articleId = stored.articleId;
  const base = {
    articleId,
    url: stored.url,
    canonicalUrl: stored.canonicalUrl,
    submittedUrl: stored.url,
    extraction,
    fetch: page,
    rawKey: stored.rawKey,
    rawSha256: stored.rawSha256,
    extractorVersion: s.extractorVersion,
    previous: current,
    now: s.now,
  };
  const probe = buildOkRecord({ ...base, articleKey: stored.articleKey ?? stored.rawKey });
  const changed = changedFields(current, probe);
  const version = changed.length === 0 ? (current?.version ?? 0) : probe.version;
  const key = s.layout.captureKey(articleId, version, stored.rawSha256, s.extractorVersion);
  const record = withKeptResponse({ ...probe, articleKey: key, version }, stored);
  const capture = { key, document: articleDocument(record, extraction, page) };
  if (changed.length === 0) {
    const same = current?.lastVersion ? { ...record, lastVersion: current.lastVersion } : record;
    const sameCapture = { key, document: articleDocument(same, extraction, page) };
    return write(
      { kind: "reprocessed", articleId, version },
      { capture: sameCapture, record: { mode: "latest", record: same, previous: current } },
    );
  }
  return write(
    { kind: "reprocessed", articleId, version },
    { capture, record: { mode: "version", record, previous: current, changed } },
  );
}

function afterFailure(s: FailedSituation): WritePlan | RecordFailurePlan | HandBackPlan {
  const { message, verdict } = s;
  // Only a submission names a URL to defer or to record a failure under.
  if (message?.kind !== "ingest") return { kind: "hand-back" };
  switch (verdict.disposition) {
    case "throttled": {
      const delayMs = verdict.retryAfterMs ?? MIN_DEFERRAL_MS;
      return write(
        {
          kind: "deferred",
          articleId: idOfSubmitted(message.url),
          url: message.url,
          code: verdict.code,
          delayMs,
        },
        {
          requeue: {
            body: submissionBody({ ...message, deferrals: message.deferrals + 1 }),
            delayMs,
          },
        },
      );
    }
    case "permanent":
      return {
        kind: "record-failure",
        failure: {
          url: recordableUrl(message.url),
          code: verdict.code,
          message: verdict.message,
          attempts: s.receiveCount,
          ...(verdict.httpStatus !== undefined ? { httpStatus: verdict.httpStatus } : {}),
          ...(message.tag ? { tag: message.tag } : {}),
        },
      };
    default:
      return { kind: "hand-back" };
  }
}

function failureRecord(s: FailureRecordSituation): WritePlan {
  const { failure, articleId } = s;
  const status = statusForCode(failure.code);
  const record = buildFailedRecord({
    articleId,
    url: failure.url,
    status,
    code: failure.code,
    message: failure.message,
    attempts: failure.attempts,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(failure.tag ? { tag: failure.tag } : {}),
    previous: s.current,
    now: s.now,
  });
  return write(
    { kind: status, articleId, url: failure.url, code: failure.code, message: failure.message },
    { record: { mode: "latest", record, previous: s.current } },
  );
}

/** The URL a failure is recorded under: normalized, else the submitted text (bounded). */
function recordableUrl(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url.trim().slice(0, 2048);
  }
}

function idOfSubmitted(url: string): string {
  try {
    return articleIdFor(normalizeUrl(url));
  } catch {
    return articleIdFor(url);
  }
}

function articleDocument(
  record: ArticleRecord,
  extraction: ExtractedArticle,
  page: FetchedPage,
): ArticleDocument {
  return {
    schemaVersion: 1,
    articleId: record.articleId,
    version: record.version,
    record,
    text: extraction.text,
    markdown: extraction.markdown,
    html: extraction.html,
    links: extraction.links,
    provenance: extraction.provenance,
    fetch: {
      requestedUrl: page.requestedUrl,
      finalUrl: page.finalUrl,
      redirects: page.redirects,
      durationMs: page.durationMs,
    },
  };
}
