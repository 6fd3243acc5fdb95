/**
 * What happens to one queue message (DESIGN.md retry semantics). The handler wires the
 * adapters in and maps the outcome; this file holds the order of the steps:
 *
 * 1. parse the message; normalize the URL; find the record it already resolves to;
 * 2. a fresh `ok` record (checked within `refreshAfterMs`) is not fetched again unless
 *    `force` is set — so a duplicate delivery makes no second version;
 * 3. fetch (conditional GET with the stored ETag/Last-Modified); a 304 only records the check;
 * 4. extract; resolve identity (trusted canonical URL, else the final URL);
 * 5. unchanged bytes under the same extractor: record the check, write no object;
 * 6. else store the raw copy, then the full extraction, then the record (a new version,
 *    written on condition that nobody else wrote one since we read), then the aliases.
 *
 * Permanent errors become `failed`/`skipped` records; retryable ones are thrown for the
 * handler to report in `batchItemFailures`; throttled ones are re-enqueued with a delay.
 */
import { createHash } from "node:crypto";
import { type ArticleTable, VersionConflictError } from "../adapters/article-table";
import type { Fetcher } from "../adapters/http-fetcher";
import { articleKeyFor, rawKeyFor, type S3Archive } from "../adapters/s3-archive";
import type { SubmissionQueue } from "../adapters/submission-queue";
import {
  type ArticleRecord,
  buildFailedRecord,
  buildOkRecord,
  changedFields,
  withSubmission,
} from "../core/article-record";
import { decodeBody } from "../core/charset";
import { parseContentType } from "../core/content-type";
import { classify, IngestError, statusForCode } from "../core/errors";
import type { ExtractedArticle } from "../core/extract/types";
import { EXTRACTOR_VERSION } from "../core/extract/version";
import type { FetchedPage } from "../core/fetch-types";
import { resolveIdentity } from "../core/identity";
import { articleIdFor, normalizeUrl } from "../core/normalize-url";
import { type IngestMessage, parseQueueMessage, submissionBody } from "../core/queue-message";

export interface IngestDeps {
  fetcher: Fetcher;
  archive: S3Archive;
  table: ArticleTable;
  queue: SubmissionQueue;
  /** Extraction, bounded in time and memory (extract-pool.ts) in production. */
  extract: (html: string, url: string) => ExtractedArticle | Promise<ExtractedArticle>;
  now: () => Date;
  /** A record checked more recently than this is not fetched again without `force`. */
  refreshAfterMs: number;
}

export type OutcomeKind =
  | "ok"
  | "skipped"
  | "failed"
  | "unchanged"
  | "fresh"
  | "deferred"
  | "reprocessed";

export interface Outcome {
  kind: OutcomeKind;
  articleId: string;
  url?: string;
  version?: number;
  code?: string;
  message?: string;
  delayMs?: number;
}

/** How many times one URL may be deferred for politeness before it counts as a failure. */
export const MAX_DEFERRALS = 24;
/** Shortest deferral, also for a `Retry-After: 0`, so a URL never spins through the queue. */
export const MIN_DEFERRAL_MS = 1000;
/** Attempts at a conditional write before giving up to SQS's retry. */
const WRITE_ATTEMPTS = 3;

/**
 * Processes one message body. Returns the outcome for permanent results and deferrals;
 * throws an `IngestError` (or SDK error) when SQS should deliver the message again.
 */
export async function processMessage(
  body: string,
  receiveCount: number,
  deps: IngestDeps,
): Promise<Outcome> {
  const message = parseQueueMessage(body); // invalid-message: thrown, retried into the DLQ
  if (message.kind === "reprocess") return await reprocess(message.articleId, deps);
  try {
    return await ingest(message, deps);
  } catch (error) {
    const verdict = classify(error);
    if (verdict.disposition === "throttled" && message.deferrals < MAX_DEFERRALS) {
      const delayMs = Math.max(verdict.retryAfterMs ?? MIN_DEFERRAL_MS, MIN_DEFERRAL_MS);
      await deps.queue.sendDelayed(
        submissionBody({ ...message, deferrals: message.deferrals + 1 }),
        delayMs,
      );
      return {
        kind: "deferred",
        articleId: safeId(message.url),
        url: message.url,
        code: verdict.code,
        delayMs,
      };
    }
    if (verdict.disposition !== "permanent") throw error;
    return await recordFailure(message, verdict.code, verdict.message, receiveCount, deps, error);
  }
}

async function ingest(message: IngestMessage, deps: IngestDeps): Promise<Outcome> {
  const submitted = normalizeUrl(message.url);
  const submittedId = (await deps.table.resolveUrl(submitted)) ?? articleIdFor(submitted);
  const known = await deps.table.getLatest(submittedId);
  const now = deps.now();
  if (
    known?.status === "ok" &&
    !message.force &&
    now.getTime() - Date.parse(known.checkedAt) < deps.refreshAfterMs
  ) {
    if (message.tag && !known.submissionTags.includes(message.tag)) {
      await deps.table.addSubmissionTag(known.articleId, message.tag);
    }
    return { kind: "fresh", articleId: known.articleId, url: known.url, version: known.version };
  }

  const conditional =
    known?.status === "ok" && !message.force
      ? { etag: known.etag, lastModified: known.lastModified }
      : null;
  const page = await deps.fetcher.fetchPage(submitted, { conditional });
  if (page.notModified && known) {
    await recordCheck(known, submitted, message.tag, deps);
    return {
      kind: "unchanged",
      articleId: known.articleId,
      url: known.url,
      version: known.version,
    };
  }

  const extraction = await deps.extract(page.text, page.finalUrl);
  const identity = resolveIdentity(submitted, page.finalUrl, extraction.canonicalUrl);
  const sha256 = createHash("sha256").update(page.body).digest("hex");

  for (let attempt = 1; ; attempt++) {
    const previous =
      identity.articleId === submittedId && attempt === 1
        ? known
        : await deps.table.getLatest(identity.articleId);
    try {
      const outcome = await storeFetched({
        attempt,
        message,
        submitted,
        page,
        extraction,
        identity,
        sha256,
        previous,
        deps,
      });
      await deps.table.putAliases(identity.aliases, identity.articleId);
      if (submittedId !== identity.articleId) await deps.table.deleteFailedRecord(submittedId);
      return outcome;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

interface StoreInput {
  /** 1 on the first try; more after losing a write race to another worker. */
  attempt: number;
  message: IngestMessage;
  submitted: string;
  page: FetchedPage;
  extraction: ExtractedArticle;
  identity: ReturnType<typeof resolveIdentity>;
  sha256: string;
  previous: ArticleRecord | null;
  deps: IngestDeps;
}

async function storeFetched(input: StoreInput): Promise<Outcome> {
  const { page, identity, sha256, previous, deps } = input;
  const articleId = identity.articleId;
  if (
    previous !== null &&
    previous.status !== "failed" &&
    previous.rawSha256 === sha256 &&
    previous.extractorVersion === EXTRACTOR_VERSION
  ) {
    const checked = await recordCheck(previous, input.submitted, input.message.tag, deps, page);
    if (input.attempt > 1) {
      // We lost a race after writing articles/<id>.json: put back the winner's document
      // (same bytes, same extractor, so the same extraction).
      await deps.archive.putArticle(
        articleKeyFor(articleId),
        articleDocument(checked, input.extraction, page),
      );
    }
    return { kind: "unchanged", articleId, url: previous.url, version: previous.version };
  }
  const rawKey =
    previous?.rawSha256 === sha256 && previous.rawKey
      ? previous.rawKey
      : rawKeyFor(articleId, page.fetchedAt, sha256);
  const newRaw = rawKey !== previous?.rawKey;
  if (newRaw) {
    await deps.archive.putRaw(rawKey, page.body, {
      url: page.finalUrl,
      status: page.status,
      contentType: page.contentType,
      fetchedAt: page.fetchedAt,
      charset: page.charset,
    });
  }
  const articleKey = articleKeyFor(articleId);
  const record = buildOkRecord({
    articleId,
    url: identity.url,
    canonicalUrl: identity.canonicalUrl,
    submittedUrl: input.submitted,
    ...(input.message.tag ? { tag: input.message.tag } : {}),
    extraction: input.extraction,
    fetch: page,
    rawKey,
    rawSha256: sha256,
    articleKey,
    extractorVersion: EXTRACTOR_VERSION,
    previous,
    now: deps.now().toISOString(),
  });
  try {
    await deps.archive.putArticle(articleKey, articleDocument(record, input.extraction, page));
    await deps.table.putVersion(record, previous, changedFields(previous, record));
  } catch (error) {
    // Another worker wrote first: our raw copy is referenced by nothing, so it goes.
    if (error instanceof VersionConflictError && newRaw) await deps.archive.deleteRaw(rawKey);
    throw error;
  }
  return {
    kind: record.status === "ok" ? "ok" : "skipped",
    articleId,
    url: record.url,
    version: record.version,
    ...(record.failure ? { code: record.failure.code, message: record.failure.message } : {}),
  };
}

/**
 * Records that the page was checked and had not changed: no object, no new version. On a
 * conflict the record is read again and the check recorded on what another worker wrote,
 * unless that worker stored newer content meanwhile (then its check is the newer one).
 */
async function recordCheck(
  record: ArticleRecord,
  submitted: string,
  tag: string | undefined,
  deps: IngestDeps,
  page?: FetchedPage,
): Promise<ArticleRecord> {
  let current = record;
  for (let attempt = 1; ; attempt++) {
    const updated: ArticleRecord = {
      ...withSubmission(current, submitted, tag),
      checkedAt: deps.now().toISOString(),
      ...(page ? { etag: page.etag, lastModified: page.lastModified } : {}),
    };
    try {
      await deps.table.putLatest(updated, current);
      return updated;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      const reread = await deps.table.getLatest(record.articleId);
      if (!reread || reread.version !== record.version) return reread ?? record;
      current = reread;
    }
  }
}

/** The full extraction kept in S3 as `articles/<id>.json`. */
function articleDocument(record: ArticleRecord, extraction: ExtractedArticle, page: FetchedPage) {
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

async function recordFailure(
  message: IngestMessage,
  code: ReturnType<typeof classify>["code"],
  text: string,
  receiveCount: number,
  deps: IngestDeps,
  error: unknown,
): Promise<Outcome> {
  let url: string;
  try {
    url = normalizeUrl(message.url);
  } catch {
    url = message.url.trim().slice(0, 2048);
  }
  const articleId = await failureRecordId(url, deps);
  const status = statusForCode(code);
  const httpStatus = error instanceof IngestError ? error.httpStatus : undefined;
  for (let attempt = 1; ; attempt++) {
    const previous = await deps.table.getLatest(articleId);
    const record = buildFailedRecord({
      articleId,
      url,
      status,
      code,
      message: text,
      attempts: receiveCount,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(message.tag ? { tag: message.tag } : {}),
      previous,
      now: deps.now().toISOString(),
    });
    try {
      await deps.table.putLatest(record, previous);
      return { kind: status, articleId, url, code, message: text };
    } catch (writeError) {
      if (!(writeError instanceof VersionConflictError) || attempt >= WRITE_ATTEMPTS) {
        throw writeError;
      }
    }
  }
}

/**
 * Where a permanent failure of `url` is recorded: on the record the URL is the identity of
 * (a story that was taken down keeps its metadata and shows the failure), but never on a
 * record `url` is only an alias of: an old slug or an AMP variant failing does not make the
 * live canonical story fail. Those failures get a record of their own.
 */
async function failureRecordId(url: string, deps: IngestDeps): Promise<string> {
  const own = articleIdFor(url);
  const resolved = await deps.table.resolveUrl(url).catch(() => null);
  if (!resolved || resolved === own) return own;
  const target = await deps.table.getLatest(resolved);
  return target?.url === url ? resolved : own;
}

/** Re-runs extraction on the stored raw copy, recording the current extractor version. */
async function reprocess(articleId: string, deps: IngestDeps): Promise<Outcome> {
  const previous = await deps.table.getLatest(articleId);
  if (!previous?.rawKey || !previous.rawSha256) {
    throw new IngestError(
      "invalid-message",
      `Cannot reprocess ${articleId}: no stored raw copy (expected the id of a fetched article)`,
    );
  }
  const raw = await deps.archive.getRaw(previous.rawKey);
  const contentType = parseContentType(raw.metadata.contentType);
  const decoded = decodeBody(raw.body, {
    contentTypeCharset: contentType.charset,
    xhtml: contentType.essence === "application/xhtml+xml",
    url: raw.metadata.url || previous.url,
  });
  const page: FetchedPage = {
    requestedUrl: previous.url,
    finalUrl: raw.metadata.url || previous.url,
    redirects: [],
    status: raw.metadata.status,
    contentType: raw.metadata.contentType,
    body: raw.body,
    text: decoded.text,
    declaredCharset: decoded.declaredCharset,
    charset: decoded.charset,
    etag: previous.etag,
    lastModified: previous.lastModified,
    fetchedAt: raw.metadata.fetchedAt || previous.fetchedAt || previous.checkedAt,
    durationMs: 0,
    notModified: false,
  };
  const extraction = await deps.extract(page.text, page.finalUrl);
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 ? previous : await deps.table.getLatest(articleId);
    const articleKey = articleKeyFor(articleId);
    const record = buildOkRecord({
      articleId,
      url: previous.url,
      canonicalUrl: previous.canonicalUrl,
      submittedUrl: previous.url,
      extraction,
      fetch: page,
      rawKey: previous.rawKey,
      rawSha256: previous.rawSha256,
      articleKey,
      extractorVersion: EXTRACTOR_VERSION,
      previous: current,
      now: deps.now().toISOString(),
    });
    const changed = changedFields(current, record);
    try {
      await deps.archive.putArticle(articleKey, articleDocument(record, extraction, page));
      if (changed.length === 0) {
        await deps.table.putLatest({ ...record, version: current?.version ?? 0 }, current);
        return { kind: "reprocessed", articleId, version: current?.version ?? 0 };
      }
      await deps.table.putVersion(record, current, changed);
      return { kind: "reprocessed", articleId, version: record.version };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

function safeId(url: string): string {
  try {
    return articleIdFor(normalizeUrl(url));
  } catch {
    return articleIdFor(url);
  }
}
