/**
 * Bulk lists: a URL list uploaded under `submissions/` is worked through in chunks, one
 * chunk per invocation, each handing on to the next with a message on the bulk-list queue,
 * so a list of millions of lines never makes one function run long:
 *
 *   S3 notification -> `startList`: the list's format, whether it is gzip, its work folder
 *   -> chunk 0, 1, ...: read up to `chunkLines` lines from the chunk's byte offset (a Range
 *   request; for gzip the stream from the start, decompressed and skipped to the offset),
 *   check and normalize each URL, drop the ones an earlier line gave (a set of URL hashes
 *   handed from chunk to chunk in the work folder), send the rest to the submission queue at
 *   no more than `urlsPerSecond`, store the chunk's part of the report -> the last chunk
 *   writes `<list>.report.json` beside the list and removes the work folder.
 *
 * A chunk reads the set its predecessor wrote and writes its own, so a chunk delivered
 * again does the same work and writes the same part: the report is exact whatever SQS
 * redelivers (a redelivered chunk may send its URLs twice; the ingest skips a URL it just
 * checked).
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ListChangedError, type ListStore } from "../adapters/list-store";
import type { SendResult } from "../adapters/submission-queue";
import {
  buildReport,
  type ChunkMessage,
  type ChunkPart,
  chunkBody,
  csvUrlColumn,
  type ListRef,
  type ListReport,
  listFormatOf,
  MAX_LINE_BYTES,
  MAX_LIST_LINES,
  MAX_LIST_URLS,
  MAX_REPORT_DETAILS,
  readListLine,
  rejected,
  urlKey,
} from "../core/bulk-list";
import { submissionBody } from "../core/queue-message";
import { BUCKET_DEFINITION } from "../shared/resources";

/** Most decompressed bytes one chunk reads (a chunk of very long lines stops here). */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
/** URLs per sending worker per step of the rate limit. */
const SEND_SLICE = 100;
/** Batch calls to the submission queue in flight at once. */
const SEND_CONCURRENCY = 8;
const KEY_BYTES = 12;

export interface BulkListDeps {
  store: Pick<ListStore, "head" | "stream" | "getBytes" | "putBytes" | "deleteAll">;
  submissions: { sendAll(bodies: string[]): Promise<SendResult> };
  /** The bulk-list queue, for the next chunk. */
  chunks: { sendAll(bodies: string[]): Promise<SendResult> };
  chunkLines: number;
  urlsPerSecond: number;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export type ChunkOutcome =
  | { kind: "next"; part: ChunkPart; next: ChunkMessage }
  | { kind: "done"; part: ChunkPart; report: ListReport; reportKey: string }
  | { kind: "ignored"; reason: string };

/** Whether an object key is a list to submit (under submissions/, not a report). */
export function isListKey(key: string): boolean {
  return (
    key.startsWith(BUCKET_DEFINITION.submissionsPrefix) &&
    !key.endsWith(BUCKET_DEFINITION.reportSuffix) &&
    !key.endsWith("/")
  );
}

export const reportKeyOf = (key: string) => `${key}${BUCKET_DEFINITION.reportSuffix}`;
const partKey = (ref: ListRef, chunk: number) =>
  `${ref.work}part-${String(chunk).padStart(6, "0")}.json`;
const seenKey = (ref: ListRef, chunk: number) =>
  `${ref.work}seen-${String(chunk).padStart(6, "0")}.bin`;

/** A new list (an S3 notification): works through its first chunk at once. */
export async function startList(
  bucket: string,
  key: string,
  deps: BulkListDeps,
): Promise<ChunkOutcome> {
  if (!isListKey(key))
    return { kind: "ignored", reason: `${key} is not a list under submissions/` };
  const head = await deps.store.head(bucket, key);
  if (!head) return { kind: "ignored", reason: `${key} no longer exists` };
  const ref: ListRef = {
    bucket,
    key,
    etag: head.etag,
    format: listFormatOf(key),
    gzip: key.toLowerCase().endsWith(".gz"),
    work: `${BUCKET_DEFINITION.bulkWorkPrefix}${createHash("sha256").update(`${bucket}/${key}/${head.etag}`).digest("hex").slice(0, 24)}/`,
    startedAt: deps.now().toISOString(),
    size: head.size,
  };
  if (head.tag) ref.tag = head.tag;
  if (!ref.gzip && head.size >= 2) {
    // Gzip is also recognized by its magic bytes, whatever the name says.
    const first = await readFirstBytes(await deps.store.stream(bucket, key, head.etag), 2);
    ref.gzip = first[0] === 0x1f && first[1] === 0x8b;
  }
  return await processChunk({ bulkList: ref, chunk: 0, offset: 0, line: 0, urlColumn: 0 }, deps);
}

async function readFirstBytes(stream: Readable, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const piece of stream) {
    parts.push(piece as Buffer);
    length += (piece as Buffer).length;
    if (length >= n) break;
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, n);
}

interface Line {
  text: string;
  /** Bytes of the line including its newline. */
  bytes: number;
  overlong: boolean;
}

/** Lines of a byte stream after skipping `skip` bytes; a line over MAX_LINE_BYTES is cut. */
async function* linesOf(stream: AsyncIterable<Buffer>, skip: number): AsyncGenerator<Line> {
  let toSkip = skip;
  let carry: Buffer[] = [];
  let carried = 0;
  let bytes = 0;
  let overlong = false;
  const take = (piece: Buffer) => {
    bytes += piece.length;
    if (overlong) return;
    if (carried + piece.length > MAX_LINE_BYTES) {
      overlong = true;
      carry = [];
      carried = 0;
      return;
    }
    carry.push(piece);
    carried += piece.length;
  };
  const emit = (): Line => {
    const line = { text: Buffer.concat(carry).toString("utf8"), bytes, overlong };
    carry = [];
    carried = 0;
    bytes = 0;
    overlong = false;
    return line;
  };
  for await (const raw of stream) {
    let piece = raw as Buffer;
    if (toSkip > 0) {
      if (piece.length <= toSkip) {
        toSkip -= piece.length;
        continue;
      }
      piece = piece.subarray(toSkip);
      toSkip = 0;
    }
    let start = 0;
    for (let nl = piece.indexOf(0x0a, start); nl !== -1; nl = piece.indexOf(0x0a, start)) {
      take(piece.subarray(start, nl + 1));
      yield emit();
      start = nl + 1;
    }
    if (start < piece.length) take(piece.subarray(start));
  }
  if (bytes > 0) yield emit();
}

/** Works through one chunk of a list. */
export async function processChunk(
  message: ChunkMessage,
  deps: BulkListDeps,
): Promise<ChunkOutcome> {
  const ref = message.bulkList;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const seen = await loadSeen(ref, message.chunk, deps);
  const part: ChunkPart = {
    chunk: message.chunk,
    lines: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    sendFailed: 0,
    rejectedLines: [],
    duplicateLines: [],
    sendFailedUrls: [],
  };
  let stream: Readable;
  try {
    stream = await deps.store.stream(ref.bucket, ref.key, ref.etag, ref.gzip ? 0 : message.offset);
  } catch (error) {
    if (error instanceof ListChangedError) return { kind: "ignored", reason: error.message };
    throw error;
  }
  const source: AsyncIterable<Buffer> = ref.gzip ? stream.pipe(createGunzip()) : stream;
  const skip = ref.gzip ? message.offset : 0;
  let offset = message.offset;
  let line = message.line;
  let urlColumn = message.urlColumn;
  let chunkBytes = 0;
  let ended = true;
  const urls: string[] = [];
  try {
    for await (const next of linesOf(source, skip)) {
      line++;
      part.lines++;
      offset += next.bytes;
      chunkBytes += next.bytes;
      if (next.overlong) {
        reject(
          part,
          rejected(line, next.text, "invalid-url", `line longer than ${MAX_LINE_BYTES} bytes`),
        );
      } else if (ref.format === "csv" && line === 1) {
        urlColumn = csvUrlColumn(next.text.replace(/\r?\n$/, ""));
        if (urlColumn < 0) {
          part.stopped = 'the CSV header row names no "url" column';
          break;
        }
      } else {
        const verdict = readListLine(ref.format, next.text.replace(/\n$/, ""), urlColumn);
        if (verdict.kind === "reject") {
          reject(part, rejected(line, next.text.trim(), verdict.code, verdict.reason));
        } else if (verdict.kind === "url") {
          const key = urlKey(verdict.url);
          if (seen.has(key)) {
            part.duplicates++;
            if (part.duplicateLines.length < MAX_REPORT_DETAILS) {
              part.duplicateLines.push({ line, url: verdict.url });
            }
          } else if (seen.size >= MAX_LIST_URLS) {
            part.stopped = `more than ${MAX_LIST_URLS} distinct URLs: the list was read up to line ${line - 1}`;
            part.lines--;
            break;
          } else {
            seen.add(key);
            urls.push(verdict.url);
          }
        }
      }
      if (line >= MAX_LIST_LINES) {
        part.stopped = `more than ${MAX_LIST_LINES} lines: the list was read up to line ${line}`;
        break;
      }
      if (part.lines >= deps.chunkLines || chunkBytes >= MAX_CHUNK_BYTES) {
        ended = false;
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  if (part.stopped) ended = true;
  // A plain list read to its last byte needs no empty chunk after it.
  if (!ref.gzip && ref.size !== undefined && offset >= ref.size) ended = true;

  await sendAtRate(ref, urls, part, deps, sleep);
  await deps.store.putBytes(
    ref.bucket,
    seenKey(ref, message.chunk),
    Buffer.concat([...seen].map((k) => Buffer.from(k, "base64"))),
    "application/octet-stream",
  );
  await deps.store.putBytes(
    ref.bucket,
    partKey(ref, message.chunk),
    JSON.stringify(part),
    "application/json",
  );

  if (!ended) {
    const next: ChunkMessage = { bulkList: ref, chunk: message.chunk + 1, offset, line, urlColumn };
    const sent = await deps.chunks.sendAll([chunkBody(next)]);
    if (sent.failed.length > 0) {
      // The chunk is redone on redelivery, writing the same part: nothing is lost.
      throw new Error(`next chunk of ${ref.key} not queued: ${sent.failed[0]?.reason}`);
    }
    return { kind: "next", part, next };
  }
  return await finish(ref, message.chunk, deps);
}

function reject(part: ChunkPart, line: ReturnType<typeof rejected>): void {
  part.rejected++;
  if (part.rejectedLines.length < MAX_REPORT_DETAILS) part.rejectedLines.push(line);
}

async function loadSeen(ref: ListRef, chunk: number, deps: BulkListDeps): Promise<Set<string>> {
  const seen = new Set<string>();
  if (chunk === 0) return seen;
  const bytes = await deps.store.getBytes(ref.bucket, seenKey(ref, chunk - 1));
  if (!bytes) throw new Error(`the URL set of chunk ${chunk - 1} of ${ref.key} is missing`);
  for (let i = 0; i + KEY_BYTES <= bytes.length; i += KEY_BYTES) {
    seen.add(bytes.subarray(i, i + KEY_BYTES).toString("base64"));
  }
  return seen;
}

async function sendAtRate(
  ref: ListRef,
  urls: string[],
  part: ChunkPart,
  deps: BulkListDeps,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const tag = ref.tag;
  const submittedAt = deps.now().toISOString();
  const started = Date.now();
  const step = SEND_SLICE * SEND_CONCURRENCY;
  for (let i = 0; i < urls.length; i += step) {
    const slices: string[][] = [];
    for (let j = i; j < Math.min(i + step, urls.length); j += SEND_SLICE) {
      slices.push(urls.slice(j, Math.min(j + SEND_SLICE, i + step, urls.length)));
    }
    const results = await Promise.all(
      slices.map((slice) =>
        deps.submissions.sendAll(
          slice.map((url) =>
            submissionBody({ url, force: false, submittedAt, ...(tag ? { tag } : {}) }),
          ),
        ),
      ),
    );
    for (const result of results) {
      part.accepted += result.sent;
      part.sendFailed += result.failed.length;
      for (const f of result.failed) {
        if (part.sendFailedUrls.length < MAX_REPORT_DETAILS) {
          part.sendFailedUrls.push((JSON.parse(f.body) as { url: string }).url);
        }
      }
    }
    const sent = Math.min(i + step, urls.length);
    const due = (sent / deps.urlsPerSecond) * 1000 - (Date.now() - started);
    if (due > 0) await sleep(due);
  }
}

async function finish(ref: ListRef, lastChunk: number, deps: BulkListDeps): Promise<ChunkOutcome> {
  const parts: ChunkPart[] = [];
  for (let chunk = 0; chunk <= lastChunk; chunk++) {
    const bytes = await deps.store.getBytes(ref.bucket, partKey(ref, chunk));
    if (!bytes) throw new Error(`part ${chunk} of ${ref.key}'s report is missing`);
    parts.push(JSON.parse(bytes.toString("utf8")) as ChunkPart);
  }
  const report = buildReport(ref, parts, deps.now().toISOString());
  const reportKey = reportKeyOf(ref.key);
  await deps.store.putBytes(
    ref.bucket,
    reportKey,
    `${JSON.stringify(report, null, 2)}\n`,
    "application/json",
  );
  const work = Array.from({ length: lastChunk + 1 }, (_, c) => [
    partKey(ref, c),
    seenKey(ref, c),
  ]).flat();
  await deps.store.deleteAll(ref.bucket, work);
  return { kind: "done", part: parts[parts.length - 1] as ChunkPart, report, reportKey };
}
