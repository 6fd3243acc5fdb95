/**
 * Bulk URL lists, the pure part: what a list's format is, how one line becomes a URL or a
 * rejection, the messages that carry a list through its chunks, and the report.
 *
 * Formats, by the object key (a trailing `.gz` is undone first; gzip is also recognized by
 * its bytes):
 * - `.csv`: a header row naming a `url` column (any case), then one row per URL; quoted
 *   fields are read, a field may not span lines;
 * - `.jsonl` / `.ndjson`: one JSON value per line, a URL string or an object with `url`;
 * - anything else: plain text, one URL per line; blank lines and `#` comments are skipped.
 */
import { createHash } from "node:crypto";
import { classify, type FailureCode } from "./errors";
import { normalizeUrl } from "./normalize-url";

export type ListFormat = "text" | "csv" | "jsonl";

/** Longest line read; a longer one is rejected (and skipped to its end). */
export const MAX_LINE_BYTES = 16_384;
/** Most lines one list may have; the rest is left out, and the report says so. */
export const MAX_LIST_LINES = 5_000_000;
/** Most distinct URLs one list submits (the de-duplication set is kept in memory). */
export const MAX_LIST_URLS = 2_000_000;
/** Most rejected and duplicate lines the report lists one by one (the counts are exact). */
export const MAX_REPORT_DETAILS = 100_000;
/** Characters of a rejected line kept in the report. */
const MAX_INPUT_CHARS = 300;

export function listFormatOf(key: string): ListFormat {
  const name = key.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  return "text";
}

/** Splits one CSV row into fields (RFC 4180 quoting within the line). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Index of the `url` column of a CSV header row, or -1. */
export function csvUrlColumn(header: string): number {
  return csvFields(header.replace(/^\uFEFF/, "")).findIndex(
    (f) => f.trim().toLowerCase() === "url",
  );
}

export type LineVerdict =
  | { kind: "skip" }
  | { kind: "url"; url: string }
  | { kind: "reject"; reason: string; code: FailureCode };

/** What one line of a list holds. `urlColumn` is the CSV `url` column. */
export function readListLine(format: ListFormat, raw: string, urlColumn: number): LineVerdict {
  const line = raw.replace(/^\uFEFF/, "").replace(/\r$/, "");
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "skip" };
  let candidate: string;
  if (format === "text") {
    if (trimmed.startsWith("#")) return { kind: "skip" };
    candidate = trimmed;
  } else if (format === "csv") {
    const value = csvFields(line)[urlColumn];
    if (value === undefined) {
      return {
        kind: "reject",
        reason: `row has no field ${urlColumn + 1} (the url column)`,
        code: "invalid-url",
      };
    }
    candidate = value.trim();
  } else {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return { kind: "reject", reason: "not valid JSON", code: "invalid-url" };
    }
    const url = typeof value === "string" ? value : (value as { url?: unknown } | null)?.url;
    if (typeof url !== "string") {
      return {
        kind: "reject",
        reason: 'expected a URL string or an object with a "url" string',
        code: "invalid-url",
      };
    }
    candidate = url;
  }
  try {
    return { kind: "url", url: normalizeUrl(candidate) };
  } catch (error) {
    const failure = classify(error);
    return { kind: "reject", reason: failure.message, code: failure.code };
  }
}

/**
 * 12 bytes of the URL's SHA-256 as base64: the de-duplication key. Two distinct URLs share
 * one with a probability of 2^-96 per pair: about 3e-17 for a list at MAX_LIST_URLS.
 */
export function urlKey(normalizedUrl: string): string {
  return createHash("sha256").update(normalizedUrl).digest().subarray(0, 12).toString("base64");
}

/** One list being worked through (the same in every chunk message). */
export interface ListRef {
  bucket: string;
  key: string;
  etag: string;
  format: ListFormat;
  gzip: boolean;
  /** Work folder of this upload of the list (`bulk-work/<hash>/`). */
  work: string;
  startedAt: string;
  /** The object's size in bytes (so a chunk that reads to the end knows it is the last). */
  size?: number;
  /** Given to every URL (the object's `x-amz-meta-tag`, which `submit --upload --tag` sets). */
  tag?: string;
}

/** A bulk-list queue message: work through the list from `offset` (decompressed bytes). */
export interface ChunkMessage {
  bulkList: ListRef;
  chunk: number;
  offset: number;
  /** Lines before `offset`. */
  line: number;
  /** CSV: the url column, read from the header in chunk 0. */
  urlColumn: number;
}

export function chunkBody(message: ChunkMessage): string {
  return JSON.stringify(message);
}

/** An S3 "object created" notification body (what S3 sends; local mode builds the same). */
export function s3NotificationBody(bucket: string, key: string): string {
  return JSON.stringify({
    Records: [
      {
        eventSource: "aws:s3",
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: bucket },
          object: { key: encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/") },
        },
      },
    ],
  });
}

export type BulkMessage =
  | { kind: "created"; objects: { bucket: string; key: string }[] }
  | { kind: "chunk"; chunk: ChunkMessage }
  | { kind: "ignored" };

/** Reads a bulk-list queue body: an S3 notification, a chunk message, or (null) garbage. */
export function parseBulkMessage(body: string): BulkMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const value = (json ?? {}) as Record<string, unknown>;
  if (value.Event === "s3:TestEvent") return { kind: "ignored" };
  if (typeof value.bulkList === "object" && value.bulkList !== null) {
    const chunk = value as unknown as ChunkMessage;
    if (
      typeof chunk.bulkList.bucket === "string" &&
      typeof chunk.bulkList.key === "string" &&
      Number.isInteger(chunk.offset) &&
      Number.isInteger(chunk.chunk)
    ) {
      return { kind: "chunk", chunk };
    }
    return null;
  }
  if (Array.isArray(value.Records)) {
    const objects: { bucket: string; key: string }[] = [];
    for (const record of value.Records as Record<string, unknown>[]) {
      const name = String(record?.eventName ?? "");
      const s3 = record?.s3 as
        | { bucket?: { name?: unknown }; object?: { key?: unknown } }
        | undefined;
      if (!name.startsWith("ObjectCreated:")) continue;
      if (typeof s3?.bucket?.name !== "string" || typeof s3?.object?.key !== "string") return null;
      let key: string;
      try {
        key = decodeURIComponent(s3.object.key.replace(/\+/g, " "));
      } catch {
        return null;
      }
      objects.push({ bucket: s3.bucket.name, key });
    }
    return { kind: "created", objects };
  }
  return null;
}

export interface RejectedLine {
  line: number;
  input: string;
  code: FailureCode;
  reason: string;
}

export interface DuplicateLine {
  line: number;
  url: string;
}

/** The counts and listed lines a chunk finds and a whole list's report adds up. */
interface ListTally {
  /** Lines read (blank and comment lines included, a CSV header too). */
  lines: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Accepted URLs the queue refused (after retries). */
  sendFailed: number;
  rejectedLines: RejectedLine[];
  duplicateLines: DuplicateLine[];
  sendFailedUrls: string[];
  /** Why the list stopped early (a limit, an unreadable header), if it did. */
  stopped?: string;
}

/** What one chunk found (stored as a part of the report). */
export interface ChunkPart extends ListTally {
  chunk: number;
}

export function rejected(
  line: number,
  input: string,
  code: FailureCode,
  reason: string,
): RejectedLine {
  return { line, input: input.slice(0, MAX_INPUT_CHARS), code, reason };
}

export interface ListReport extends ListTally {
  version: 1;
  list: string;
  etag: string;
  format: ListFormat;
  gzip: boolean;
  startedAt: string;
  finishedAt: string;
  chunks: number;
  /** True when more rejected or duplicate lines exist than the report lists. */
  truncated: boolean;
}

/** The report of a whole list from its chunks' parts, in chunk order. */
export function buildReport(ref: ListRef, parts: ChunkPart[], finishedAt: string): ListReport {
  const sum = (pick: (p: ChunkPart) => number) => parts.reduce((n, p) => n + pick(p), 0);
  const rejectedLines = parts.flatMap((p) => p.rejectedLines);
  const duplicateLines = parts.flatMap((p) => p.duplicateLines);
  const report: ListReport = {
    version: 1,
    list: ref.key,
    etag: ref.etag,
    format: ref.format,
    gzip: ref.gzip,
    startedAt: ref.startedAt,
    finishedAt,
    chunks: parts.length,
    lines: sum((p) => p.lines),
    accepted: sum((p) => p.accepted),
    rejected: sum((p) => p.rejected),
    duplicates: sum((p) => p.duplicates),
    sendFailed: sum((p) => p.sendFailed),
    rejectedLines: rejectedLines.slice(0, MAX_REPORT_DETAILS),
    duplicateLines: duplicateLines.slice(0, MAX_REPORT_DETAILS),
    sendFailedUrls: parts.flatMap((p) => p.sendFailedUrls).slice(0, MAX_REPORT_DETAILS),
    truncated:
      sum((p) => p.rejected) > MAX_REPORT_DETAILS || sum((p) => p.duplicates) > MAX_REPORT_DETAILS,
  };
  const stopped = parts.find((p) => p.stopped)?.stopped;
  if (stopped) report.stopped = stopped;
  return report;
}
