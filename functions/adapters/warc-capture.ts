/**
 * Captures as WARC/1.1 (ISO 28500:2017), written with `warcio` (the JS port of the reference
 * implementation): one object per capture, or one object holding the captures of one
 * invocation (`serializeCaptures`: one `warcinfo`, then each capture's records), each record
 * its own gzip member, so a record's
 * byte range (`offset`, `length`) gunzips on its own and the whole object reads in any WARC
 * tool (warcio, pywb, replayweb.page). An object holds, in order:
 *
 * 1. `warcinfo`: the software that wrote it;
 * 2. `request` and `response` of the final hop (when the capture brings new bytes): the
 *    request line and headers sent; the status line and headers as received, and the body
 *    bytes exactly as the server sent them once Content-Encoding is undone (the headers that
 *    described the transfer, `Content-Encoding`, `Transfer-Encoding` and `Content-Length`,
 *    are kept renamed `X-Archive-Orig-*`, and `Content-Length` gives the stored length, as
 *    web archives do for decoded bodies). `WARC-Payload-Digest` is the body's SHA-256;
 * 3. `metadata`: the extraction document of this version (JSON), concurrent to the response.
 *
 * Pure apart from warcio and zlib: no S3 here (s3-archive.ts stores the bytes). Reading a
 * record back gunzips its member and parses it with warcio's `WARCParser` on the inflated
 * bytes (the Lambda bundle replaces warcio's pako with a stub, see
 * infra/constructs/bundle-options.ts, so nothing here may inflate through warcio).
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { AsyncIterReader, WARCParser, WARCRecord, WARCSerializer } from "warcio";
import type { WarcRecordLocation } from "../core/article-record";
import type { HttpExchange } from "../core/fetch-types";

/** What one capture object holds (see the module comment). */
export interface CaptureContent {
  /** `software` of the warcinfo record: the product and its version. */
  software: string;
  /** `WARC-Filename` of the warcinfo record (the object key's last part). */
  filename: string;
  /** The fetch: absent when the version keeps an earlier capture's response (same bytes). */
  response?: {
    url: string;
    /** ISO time the response headers arrived (`WARC-Date`). */
    fetchedAt: string;
    status: number;
    contentType: string | null;
    body: Buffer;
    exchange?: HttpExchange;
  };
  document: {
    /** `WARC-Target-URI` of the metadata record: the record's URL. */
    url: string;
    date: string;
    json: string;
  };
}

/** Byte range and digest of one record in the object. */
export type RecordRange = Omit<WarcRecordLocation, "key">;

export interface SerializedCapture {
  bytes: Buffer;
  response?: RecordRange;
  document: RecordRange;
}

/** Headers that described the transfer, not the stored (decoded) body. */
const TRANSFER_HEADERS = new Set(["content-encoding", "transfer-encoding", "content-length"]);

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** `WARC-Date`: ISO 8601 UTC, as WARC/1.1 allows (fractions of a second kept). */
function warcDate(iso: string): string {
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : new Date(0).toISOString();
}

/** A header value as WARC/HTTP headers carry it: one line, printable. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

/** The response headers as received, with those describing the transfer renamed. */
function storedResponseHeaders(
  received: [string, string][],
  bodyLength: number,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of received) {
    if (TRANSFER_HEADERS.has(name.toLowerCase())) out.push([`X-Archive-Orig-${name}`, value]);
    else out.push([name, headerValue(value)]);
  }
  out.push(["Content-Length", String(bodyLength)]);
  return out;
}

/** The response headers when the exchange is unknown: what the record kept. */
function minimalResponse(status: number, contentType: string | null): HttpExchange["response"] {
  return {
    httpVersion: "1.1",
    status,
    statusText: "",
    headers: contentType ? [["Content-Type", contentType]] : [],
  };
}

async function serialized(record: WARCRecord): Promise<{ member: Buffer; digest: string }> {
  const bytes = await WARCSerializer.serialize(record, { gzip: false });
  const digest =
    record.warcPayloadDigest ?? record.warcHeaders.headers.get("WARC-Block-Digest") ?? "";
  return { member: gzipSync(bytes), digest };
}

/** What the records of one capture hold (`CaptureContent` without the object's warcinfo). */
export type CaptureRecords = Pick<CaptureContent, "response" | "document">;

/** A WARC object holding several captures: its bytes and where each capture's records are. */
export interface SerializedGroup {
  bytes: Buffer;
  captures: Omit<SerializedCapture, "bytes">[];
}

/** Builds the capture object: its bytes and where each record is in them. */
export async function serializeCapture(content: CaptureContent): Promise<SerializedCapture> {
  const group = await serializeCaptures(content.software, content.filename, [content]);
  const only = group.captures[0] as Omit<SerializedCapture, "bytes">;
  return { bytes: group.bytes, ...only };
}

/**
 * Builds one WARC object holding several captures (the captures of one invocation): one
 * `warcinfo`, then each capture's `request`, `response` and `metadata` records in order, each
 * record its own gzip member, so each capture's ranges read on their own.
 */
export async function serializeCaptures(
  software: string,
  filename: string,
  contents: CaptureRecords[],
): Promise<SerializedGroup> {
  const members: Buffer[] = [];
  let offset = 0;
  const add = (member: Buffer): RecordRange => {
    const range = { offset, length: member.length, digest: "" };
    members.push(member);
    offset += member.length;
    return range;
  };
  const info = WARCRecord.createWARCInfo(
    { filename, warcVersion: "WARC/1.1" },
    { software, format: "WARC File Format 1.1" },
  );
  add((await serialized(info)).member);
  const captures: Omit<SerializedCapture, "bytes">[] = [];
  for (const content of contents) captures.push(await addCapture(content, add));
  return { bytes: Buffer.concat(members), captures };
}

async function addCapture(
  content: CaptureRecords,
  add: (member: Buffer) => RecordRange,
): Promise<Omit<SerializedCapture, "bytes">> {
  let responseRange: RecordRange | undefined;
  let responseId: string | undefined;
  const r = content.response;
  if (r) {
    const date = warcDate(r.fetchedAt);
    const exchange = r.exchange;
    if (exchange) {
      const request = WARCRecord.create(
        {
          url: r.url,
          date,
          type: "request",
          warcVersion: "WARC/1.1",
          keepHeadersCase: true,
          statusline: `${exchange.request.method} ${exchange.request.target} HTTP/${exchange.request.httpVersion}`,
          httpHeaders: exchange.request.headers.map(([k, v]) => [k, headerValue(v)]),
        },
        once(new Uint8Array()),
      );
      add((await serialized(request)).member);
    }
    const http = exchange?.response ?? minimalResponse(r.status, r.contentType);
    const response = WARCRecord.create(
      {
        url: r.url,
        date,
        type: "response",
        warcVersion: "WARC/1.1",
        keepHeadersCase: true,
        statusline:
          `HTTP/${http.httpVersion} ${http.status} ${headerValue(http.statusText)}`.trimEnd(),
        httpHeaders: storedResponseHeaders(http.headers, r.body.length),
      },
      once(r.body),
    );
    const { member, digest } = await serialized(response);
    responseRange = { ...add(member), digest };
    responseId = response.warcHeaders.headers.get("WARC-Record-ID") ?? undefined;
  }

  const document = WARCRecord.create(
    {
      url: content.document.url,
      date: warcDate(content.document.date),
      type: "metadata",
      warcVersion: "WARC/1.1",
      warcHeaders: {
        "Content-Type": "application/json; charset=utf-8",
        ...(responseId ? { "WARC-Concurrent-To": responseId } : {}),
      },
    },
    once(Buffer.from(content.document.json, "utf8")),
  );
  const { member, digest } = await serialized(document);
  const documentRange = { ...add(member), digest };
  return {
    ...(responseRange ? { response: responseRange } : {}),
    document: documentRange,
  };
}

/** One WARC record read back from its gzip member. */
export interface ParsedRecord {
  type: string;
  targetUri: string | null;
  date: string | null;
  payloadDigest: string | null;
  /** `WARC-Block-Digest` (what a document's location names). */
  blockDigest: string | null;
  http: { status: number; headers: [string, string][] } | null;
  /** The payload: the HTTP body of a response, the whole block of other records. */
  payload: Buffer;
}

/** Largest inflated record read back (the body limit is 10 MB; headers and JSON add little). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Parses the record in one gzip member (a range named by a `WarcRecordLocation`). */
export async function parseRecordMember(member: Uint8Array): Promise<ParsedRecord> {
  const inflated = gunzipSync(member, { maxOutputLength: MAX_RECORD_BYTES });
  const parser = new WARCParser(new AsyncIterReader(once(inflated), null));
  const record = await parser.parse();
  if (!record) throw new Error("the byte range holds no WARC record");
  return await parsedRecord(record);
}

/** One parsed record as the archive reads it: type, target, date, digests, HTTP head, payload. */
async function parsedRecord(record: WARCRecord): Promise<ParsedRecord> {
  const http = record.httpHeaders;
  const headers: [string, string][] = [];
  if (http?.headers) for (const [name, value] of http.headers) headers.push([name, value]);
  const payload = Buffer.from(await record.readFully(false));
  return {
    type: record.warcType ?? "",
    targetUri: record.warcTargetURI ?? null,
    date: record.warcDate ?? null,
    payloadDigest: record.warcPayloadDigest ?? null,
    blockDigest: record.warcHeaders.headers.get("WARC-Block-Digest") ?? null,
    http: http ? { status: Number(http.statusCode ?? 0), headers } : null,
    payload,
  };
}

/**
 * Every record of a whole capture object (all its gzip members inflated with node:zlib,
 * then parsed in sequence). For a range that does not hold the record it should (see
 * `S3Archive.readRecord`).
 */
export async function parseCaptureObject(object: Uint8Array): Promise<ParsedRecord[]> {
  const inflated = gunzipSync(object, { maxOutputLength: MAX_RECORD_BYTES });
  const parser = new WARCParser(new AsyncIterReader(once(inflated), null));
  const out: ParsedRecord[] = [];
  for await (const record of parser) out.push(await parsedRecord(record));
  return out;
}

/** The value of a header among pairs, case-insensitively. */
export function headerOf(headers: [string, string][], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1] ?? null;
}
