/**
 * What happens to one queue message (DESIGN.md retry semantics), as a pipeline:
 *
 * 1. parse the message and normalize its URL;
 * 2. look up what is known: the record the URL resolves to (through its alias);
 * 3. decide (functions/core/ingest-decision.ts): a fresh record is not fetched again;
 *    otherwise fetch, conditionally when an `ok` record is known;
 * 4. extract (skipped on a 304) and resolve the identity;
 * 5. decide what to write, and write it in one place (`write`): raw copy, document, record
 *    (conditional on what was read), tag, aliases, a superseded failure record, a re-enqueue.
 *
 * Whatever is thrown is classified once (`classify` with the message's deferrals and write
 * attempt) and the decision acts on the disposition: `permanent` writes a `failed`/`skipped`
 * record, `throttled` re-enqueues the URL with a delay; anything else (`retryable`,
 * `dead-letter`) is thrown for the handler to report in `batchItemFailures`. A conditional
 * write that lost a race (`reread`) is read and decided again, up to `MAX_WRITE_ATTEMPTS`.
 *
 * No orphans: capture keys are determined by their content (article, version, body hash,
 * extractor), so a redelivery after a crash between the capture and the record writes names
 * the same object and writes no second copy. In the handler the captures of one invocation
 * share one object (capture-group.ts); the record names where its capture landed, and a
 * shared object is deleted only when no member's record points at it. The captures an attempt created are listed
 * (`Written`); when a write loses its race, or the message ends as a `failed`/`skipped`
 * record, each one that the latest record of its article does not point at is deleted
 * (`discardUnreferenced`). A capture this attempt found already there is never deleted: a
 * record may point at it.
 */
import { createHash } from "node:crypto";
import type { Fetcher } from "../adapters/http-fetcher";
import { type ArticleRecord, nextVersion } from "../core/article-record";
import { decodeBody } from "../core/charset";
import { parseContentType } from "../core/content-type";
import { classify, IngestError, type PolicyContext } from "../core/errors";
import type { ExtractedArticle } from "../core/extract/types";
import { EXTRACTOR_VERSION } from "../core/extract/version";
import type { FetchedPage } from "../core/fetch-types";
import { resolveIdentity } from "../core/identity";
import {
  decideIngest,
  type ExtractedPage,
  failureRecordId,
  type LostRace,
  lostRace,
  type Outcome,
  type RecordWrite,
  type WritePlan,
  type Writes,
} from "../core/ingest-decision";
import { articleIdFor, normalizeUrl } from "../core/normalize-url";
import { type IngestMessage, parseQueueMessage, type QueueMessage } from "../core/queue-message";
import type { Archive, ArticleStore, SubmissionQueuePort } from "./ports";

export type { Outcome, OutcomeKind } from "../core/ingest-decision";

export interface IngestDeps {
  fetcher: Fetcher;
  archive: Archive;
  store: ArticleStore;
  queue: SubmissionQueuePort;
  /** Extraction, bounded in time and memory (extract-pool.ts) in production. */
  extract: (html: string, url: string) => ExtractedArticle | Promise<ExtractedArticle>;
  now: () => Date;
  /** A record checked more recently than this is not fetched again without `force`. */
  refreshAfterMs: number;
}

/**
 * Processes one message body. Returns the outcome for permanent results and deferrals;
 * throws (an `IngestError` or what the adapters threw) when SQS should deliver the message
 * again or move it to the dead-letter queue.
 */
export async function processMessage(
  body: string,
  receiveCount: number,
  deps: IngestDeps,
): Promise<Outcome> {
  const context: PolicyContext = {};
  const wrote: Written[] = [];
  let message: QueueMessage | null = null;
  try {
    message = parseQueueMessage(body);
    if (message.kind === "reprocess") {
      return await reprocess(message.articleId, context, wrote, deps);
    }
    context.deferrals = message.deferrals;
    return await ingest(message, context, wrote, deps);
  } catch (error) {
    const plan = decideIngest({
      kind: "failed",
      message,
      verdict: classify(error, context),
      receiveCount,
    });
    if (plan.kind === "hand-back") throw error;
    if (plan.kind === "write") return await written(plan, [], deps);
    const { url } = plan.failure;
    const articleId = await failureRecordIdOf(url, deps.store);
    const outcome = await writeWithRetry(
      {},
      [],
      () => deps.store.getLatest(articleId),
      (current) =>
        decideIngest({
          kind: "failure-record",
          failure: plan.failure,
          articleId,
          current,
          now: now(deps),
        }),
      deps,
    );
    // The message ends here, as a failure: nothing this attempt wrote is left unreferenced.
    await discardUnreferenced(wrote, deps);
    return outcome;
  }
}

async function ingest(
  message: IngestMessage,
  context: PolicyContext,
  wrote: Written[],
  deps: IngestDeps,
): Promise<Outcome> {
  const submitted = normalizeUrl(message.url);
  const submittedId = (await deps.store.resolveUrl(submitted)) ?? articleIdFor(submitted);
  const known = await deps.store.getLatest(submittedId);
  const next = decideIngest({
    kind: "known",
    message,
    known,
    now: now(deps),
    refreshAfterMs: deps.refreshAfterMs,
  });
  if (next.kind === "write") return await written(next, wrote, deps);

  const page = await deps.fetcher.fetchPage(submitted, { conditional: next.conditional });
  const fetched =
    page.notModified && known
      ? { extracted: null, known }
      : { extracted: await extractPage(page, submitted, deps), known };
  const articleId = fetched.extracted?.identity.articleId ?? submittedId;
  return await writeWithRetry(
    context,
    wrote,
    (attempt) =>
      attempt === 1 && articleId === submittedId ? known : deps.store.getLatest(articleId),
    (current, lost) =>
      decideIngest({
        kind: "fetched",
        message,
        submitted,
        submittedId,
        ...fetched,
        current,
        ...(lost ? { lost } : {}),
        now: now(deps),
        extractorVersion: EXTRACTOR_VERSION,
        layout: deps.archive.layout,
      }),
    deps,
  );
}

export async function extractPage(
  page: FetchedPage,
  submitted: string,
  deps: Pick<IngestDeps, "extract">,
): Promise<ExtractedPage> {
  const extraction = await deps.extract(page.text, page.finalUrl);
  return {
    page,
    extraction,
    identity: resolveIdentity(submitted, page.finalUrl, extraction.canonicalUrl),
    sha256: createHash("sha256").update(page.body).digest("hex"),
  };
}

/** Re-runs extraction on the stored raw copy, recording the current extractor version. */
async function reprocess(
  articleId: string,
  context: PolicyContext,
  wrote: Written[],
  deps: IngestDeps,
): Promise<Outcome> {
  const stored = await deps.store.getLatest(articleId);
  if (!stored?.rawKey || !stored.rawSha256) {
    throw new IngestError(
      "invalid-message",
      `Cannot reprocess ${articleId}: no stored raw copy (expected the id of a fetched article)`,
    );
  }
  const withRaw = { ...stored, rawKey: stored.rawKey, rawSha256: stored.rawSha256 };
  const page = await storedPage(withRaw, deps.archive);
  const extraction = await deps.extract(page.text, page.finalUrl);
  return await writeWithRetry(
    context,
    wrote,
    (attempt) => (attempt === 1 ? stored : deps.store.getLatest(articleId)),
    (current) =>
      decideIngest({
        kind: "reprocessed",
        stored: withRaw,
        current,
        page,
        extraction,
        now: now(deps),
        extractorVersion: EXTRACTOR_VERSION,
        layout: deps.archive.layout,
      }),
    deps,
  );
}

/** The stored raw capture of a record, decoded as the fetcher would have. */
async function storedPage(
  record: ArticleRecord & { rawKey: string },
  archive: Archive,
): Promise<FetchedPage> {
  const raw = await archive.getRaw(record);
  const contentType = parseContentType(raw.metadata.contentType);
  const decoded = decodeBody(raw.body, {
    contentTypeCharset: contentType.charset,
    xhtml: contentType.essence === "application/xhtml+xml",
    url: raw.metadata.url || record.url,
  });
  return {
    requestedUrl: record.url,
    finalUrl: raw.metadata.url || record.url,
    redirects: [],
    status: raw.metadata.status,
    contentType: raw.metadata.contentType,
    body: raw.body,
    text: decoded.text,
    declaredCharset: decoded.declaredCharset,
    charset: decoded.charset,
    etag: record.etag,
    lastModified: record.lastModified,
    fetchedAt: raw.metadata.fetchedAt || record.fetchedAt || record.checkedAt,
    durationMs: 0,
    notModified: false,
  };
}

/** Where a permanent failure of `url` is recorded (`failureRecordId`), after its lookups. */
async function failureRecordIdOf(url: string, store: ArticleStore): Promise<string> {
  const resolvedId = await store.resolveUrl(url).catch(() => null);
  const resolved =
    resolvedId && resolvedId !== articleIdFor(url) ? await store.getLatest(resolvedId) : null;
  return failureRecordId(url, resolvedId, resolved);
}

/**
 * The optimistic write: read, decide, write; when the conditional write lost a race the
 * policy answers `reread` and the record is read and decided again, until the policy (at
 * `MAX_WRITE_ATTEMPTS`) says otherwise.
 */
/** What writing a plan needs: the storage ports, and the queue when a plan re-enqueues. */
export type WriteDeps = Pick<IngestDeps, "archive" | "store"> & { queue?: SubmissionQueuePort };

export async function writeWithRetry(
  context: PolicyContext,
  wrote: Written[],
  read: (attempt: number) => Promise<ArticleRecord | null> | ArticleRecord | null,
  decide: (current: ArticleRecord | null, lost: LostRace | undefined) => WritePlan,
  deps: WriteDeps,
): Promise<Outcome> {
  let lost: LostRace | undefined;
  for (let attempt = 1; ; attempt++) {
    context.writeAttempt = attempt;
    const plan = decide(await read(attempt), lost);
    try {
      return await written(plan, wrote, deps);
    } catch (error) {
      if (classify(error, context).disposition !== "reread") throw error;
      lost = lostRace(plan);
    }
  }
}

/** A capture a message's attempt created, and the article whose record should point at it. */
interface Written {
  key: string;
  articleId: string;
  /** The version whose record points at it (an imported older capture is not the latest). */
  version?: number;
}

/**
 * The one place a plan is written, in order; returns the plan's outcome. The capture it
 * created is added to `wrote`; the record points at where the capture's records landed.
 */
async function written(plan: WritePlan, wrote: Written[], deps: WriteDeps): Promise<Outcome> {
  const w: Writes = plan.writes;
  const mine: Written[] = [];
  let recordWrite = w.record;
  if (w.capture) {
    const stored = await deps.archive.putCapture(w.capture);
    const articleId = recordWrite?.record.articleId;
    if (stored.created && articleId) {
      mine.push({ key: stored.document.key, articleId, version: w.capture.document.version });
    }
    if (recordWrite) {
      // The record names the object its capture landed in: the capture's own key, or the
      // shared object of the invocation's captures (capture-group.ts).
      const record = recordWrite.record;
      const capture = {
        ...(stored.response
          ? { response: stored.response }
          : record.capture?.response
            ? { response: record.capture.response }
            : {}),
        document: stored.document,
      };
      const rawKey = stored.response ? stored.response.key : record.rawKey;
      recordWrite = {
        ...recordWrite,
        record: { ...record, rawKey, articleKey: stored.document.key, capture },
      };
    }
  }
  wrote.push(...mine);
  if (recordWrite) {
    try {
      await putRecord(recordWrite, deps.store);
    } catch (error) {
      // Another worker wrote first: what this attempt created and the winner's record does
      // not point at is referenced by nothing. The winner may point at the very capture this
      // attempt created (same key, same content); then it stays.
      if (isVersionConflict(error)) await discardUnreferenced(mine, deps);
      throw error;
    }
  }
  if (w.tag) await deps.store.addSubmissionTag(w.tag.articleId, w.tag.tag);
  if (w.aliases) await deps.store.putAliases(w.aliases.urls, w.aliases.articleId);
  if (w.supersede) await deps.store.deleteFailedRecord(w.supersede);
  // Only a failed submission re-enqueues (`afterFailure`): never an import, which has no queue.
  if (w.requeue) await deps.queue?.sendDelayed(w.requeue.body, w.requeue.delayMs);
  return plan.outcome;
}

/**
 * Deletes each capture that the latest record of its article does not point at (its
 * `rawKey` or `articleKey`), nor a version the latest reaches (an imported capture older
 * than the latest is a version below `lastVersion`, not the latest): nothing a message
 * wrote outlives it unreferenced.
 */
async function discardUnreferenced(objects: Written[], deps: WriteDeps): Promise<void> {
  const latest = new Map<string, ArticleRecord | null>();
  for (const object of objects) {
    if (!latest.has(object.articleId)) {
      latest.set(object.articleId, await deps.store.getLatest(object.articleId));
    }
    const record = latest.get(object.articleId) ?? null;
    if (pointsAt(record, object.key)) continue;
    const version = object.version;
    if (record && version !== undefined && version < nextVersion(record)) {
      if (pointsAt(await deps.store.getVersion(object.articleId, version), object.key)) continue;
    }
    await deps.archive.deleteCapture(object.key);
  }
}

function pointsAt(record: ArticleRecord | null, key: string): boolean {
  return record?.rawKey === key || record?.articleKey === key;
}

async function putRecord(write: RecordWrite, store: ArticleStore): Promise<void> {
  if (write.mode === "version") {
    await store.putVersion(write.record, write.previous, write.changed, write.latest);
  } else {
    await store.putLatest(write.record, write.previous);
  }
}

function isVersionConflict(error: unknown): boolean {
  return error instanceof IngestError && error.code === "version-conflict";
}

export function now(deps: Pick<IngestDeps, "now">): string {
  return deps.now().toISOString();
}
