/**
 * Imports: a capture someone already has (a WARC response record, a saved page) ingested
 * without fetching, through the ingest service's extraction, identity, decision and writes.
 * Kept apart from the ingest service so the Lambda bundle does not carry it (the CLI runs it).
 */
import type { ArticleRecord } from "../core/article-record";
import { decodeBody } from "../core/charset";
import { judgeContentType, parseContentType, sniffIsHtml } from "../core/content-type";
import { IngestError } from "../core/errors";
import { EXTRACTOR_VERSION } from "../core/extract/version";
import type { FetchedPage } from "../core/fetch-types";
import { decideIngest, type Outcome, type StoredCapture } from "../core/ingest-decision";
import { articleIdFor, normalizeUrl } from "../core/normalize-url";
import type { IngestMessage } from "../core/queue-message";
import { extractPage, type IngestDeps, now, writeWithRetry } from "./ingest-service";
import type { ArticleStore } from "./ports";

/** A capture someone already has (a WARC response record, a saved page), to import. */
export interface ImportedCapture {
  /** The address it was captured from (a WARC record's `WARC-Target-URI`). */
  url: string;
  /** When it was captured (ISO 8601; a WARC record's `WARC-Date`). */
  capturedAt: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The payload with any Content-Encoding and chunking undone. */
  body: Buffer;
  tag?: string;
}

/** What an import needs of the ingest deps: no fetcher, no queue. */
export type ImportDeps = Pick<IngestDeps, "archive" | "store" | "extract" | "now">;

/** Versions an import reads to find a capture it would duplicate. */
export const MAX_IMPORT_VERSION_READS = 1000;

/**
 * Ingests a capture without fetching: the same extraction, identity, decision and storage
 * as a fetched page. A capture whose bytes and time are stored already adds nothing; one
 * older than the latest record adds a version and leaves the latest as it is. Throws an
 * `IngestError` (`invalid-url`, `not-html`, `too-complex`, a storage error, ...) when the
 * capture cannot be imported; nothing is recorded for it then.
 */
export async function importCapture(capture: ImportedCapture, deps: ImportDeps): Promise<Outcome> {
  const submitted = normalizeUrl(capture.url);
  const submittedId = (await deps.store.resolveUrl(submitted)) ?? articleIdFor(submitted);
  const extracted = await extractPage(importedPage(capture, submitted), submitted, deps);
  const articleId = extracted.identity.articleId;
  const first = await deps.store.getLatest(articleId);
  let captures = await storedCaptures(articleId, first, deps.store);
  const message: IngestMessage = {
    kind: "ingest",
    url: submitted,
    force: true,
    deferrals: 0,
    ...(capture.tag ? { tag: capture.tag } : {}),
  };
  return await writeWithRetry(
    {},
    [],
    async (attempt) => {
      if (attempt === 1) return first;
      // After a lost race the other worker may have stored this very capture: read again.
      const current = await deps.store.getLatest(articleId);
      captures = await storedCaptures(articleId, current, deps.store);
      return current;
    },
    (current, lost) =>
      decideIngest({
        kind: "fetched",
        message,
        submitted,
        submittedId,
        extracted,
        known: current,
        current,
        ...(lost ? { lost } : {}),
        now: now(deps),
        extractorVersion: EXTRACTOR_VERSION,
        layout: deps.archive.layout,
        imported: { captures },
      }),
    deps,
  );
}

/** A capture as the page a fetch would have given: refused unless HTML, then decoded. */
function importedPage(capture: ImportedCapture, url: string): FetchedPage {
  const contentType = parseContentType(capture.contentType);
  const kind = judgeContentType(contentType);
  if (kind === "not-html" || (kind === "sniff" && !sniffIsHtml(capture.body))) {
    throw new IngestError(
      "not-html",
      `The capture of ${url} is ${capture.contentType ? `"${capture.contentType.slice(0, 100)}"` : "untyped and does not start like HTML"}; expected text/html or application/xhtml+xml`,
    );
  }
  const capturedAt = new Date(capture.capturedAt);
  if (Number.isNaN(capturedAt.getTime())) {
    throw new IngestError("invalid-message", `The capture of ${url} has no valid date`);
  }
  const decoded = decodeBody(capture.body, {
    contentTypeCharset: contentType.charset,
    xhtml: kind === "xhtml",
    url,
  });
  return {
    requestedUrl: url,
    finalUrl: url,
    redirects: [],
    status: capture.status,
    contentType: capture.contentType,
    body: capture.body,
    text: decoded.text,
    declaredCharset: decoded.declaredCharset,
    charset: decoded.charset,
    etag: capture.etag,
    lastModified: capture.lastModified,
    fetchedAt: capturedAt.toISOString(),
    durationMs: 0,
    notModified: false,
  };
}

/** The raw hash and capture time of every stored version of an article (bounded). */
async function storedCaptures(
  articleId: string,
  latest: ArticleRecord | null,
  store: ArticleStore,
): Promise<StoredCapture[]> {
  if (!latest) return [];
  const top = Math.min(Math.max(latest.version, latest.lastVersion ?? 0), MAX_IMPORT_VERSION_READS);
  const captures: StoredCapture[] = [];
  for (let start = 1; start <= top; start += 10) {
    const numbers = Array.from({ length: Math.min(10, top - start + 1) }, (_, i) => start + i);
    const records = await Promise.all(numbers.map((n) => store.getVersion(articleId, n)));
    for (const r of records) {
      if (r) captures.push({ rawSha256: r.rawSha256, fetchedAt: r.fetchedAt });
    }
  }
  return captures;
}
