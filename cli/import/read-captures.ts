/**
 * Reads captures from files for `article-ingest import`: WARC files (plain or gzip, read
 * with warcio's parser) and saved HTML pages. Bounded: a file over `maxFileBytes` is
 * refused, a file decompressing to more than `maxInflatedBytes` or holding more than
 * `maxRecords` records stops there (and says so), a payload over `maxBodyBytes` (the
 * fetcher's limit) is refused without being decoded further. Nothing is dropped silently:
 * every response record is either a capture or a skip with its reason; other record types
 * (request, warcinfo, metadata) are counted.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import { WARCParser, type WARCRecord } from "warcio";
import { judgeContentType, parseContentType } from "../../functions/core/content-type";
import { type FailureCode, IngestError } from "../../functions/core/errors";
import type { ImportedCapture } from "../../functions/ingest/import-service";

export interface ReadLimits {
  maxFileBytes: number;
  maxRecords: number;
  maxInflatedBytes: number;
  /** Largest payload (after Content-Encoding), as for a fetch (`MAX_BODY_BYTES`). */
  maxBodyBytes: number;
}

/** Bytes of HTTP headers a WARC response record may hold on top of its payload. */
const MAX_HTTP_HEADER_BYTES = 64 * 1024;

export type ReadItem =
  | { kind: "capture"; where: string; capture: ImportedCapture }
  | { kind: "skipped"; where: string; url: string | null; code: FailureCode; message: string };

export interface WarcSummary {
  records: number;
  /** Records that are not responses (request, warcinfo, metadata, ...), by type. */
  others: Record<string, number>;
}

function isGzip(head: Buffer): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

async function head(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Whether a file is a WARC file: by its name, else by its first bytes (`WARC/`). */
export async function isWarcFile(file: string): Promise<boolean> {
  if (/\.warc(\.gz)?$/i.test(file)) return true;
  const start = await head(file, 4096);
  if (isGzip(start)) {
    try {
      const inflated = gunzipSync(start, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
      return inflated.subarray(0, 5).toString("latin1") === "WARC/";
    } catch {
      return false;
    }
  }
  return start.subarray(0, 5).toString("latin1") === "WARC/";
}

/** Refuses a file over the size limit. */
export async function checkFileSize(file: string, limits: ReadLimits): Promise<number> {
  const info = await stat(file);
  if (!info.isFile()) throw new IngestError("invalid-message", `${file} is not a file`);
  if (info.size > limits.maxFileBytes) {
    throw new IngestError(
      "too-large",
      `${file} is ${info.size} bytes; at most ${limits.maxFileBytes} are imported (IMPORT_MAX_FILE_BYTES)`,
    );
  }
  return info.size;
}

/** Counts the bytes passing through and fails past `max` (the decompressed size of a file). */
function byteLimit(max: number, file: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) {
        done(
          new IngestError(
            "too-large",
            `${file} decompresses to more than ${max} bytes (IMPORT_MAX_INFLATED_BYTES)`,
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
}

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The response records of a WARC file, one item each, in file order. Throws (after the
 * items read so far) when the file cannot be read further: corrupt, over a bound.
 */
export async function* readWarc(
  file: string,
  limits: ReadLimits,
  summary: WarcSummary,
): AsyncGenerator<ReadItem> {
  await checkFileSize(file, limits);
  const gzip = isGzip(await head(file, 2));
  const input = createReadStream(file);
  const limit = byteLimit(limits.maxInflatedBytes, file);
  // Node's gunzip reads every member of a per-record gzip file; warcio then sees plain WARC.
  const source = gzip ? input.pipe(createGunzip()).pipe(limit) : input.pipe(limit);
  input.on("error", (error) => limit.destroy(error));
  try {
    const parser = new WARCParser(source as unknown as AsyncIterable<Uint8Array>);
    for await (const record of parser) {
      summary.records++;
      if (summary.records > limits.maxRecords) {
        throw new IngestError(
          "too-large",
          `${file} holds more than ${limits.maxRecords} records; the first ${limits.maxRecords} were read (IMPORT_MAX_RECORDS)`,
        );
      }
      if (!Number.isSafeInteger(record.warcContentLength) || record.warcContentLength < 0) {
        throw new IngestError(
          "invalid-message",
          `record ${summary.records} of ${file} has no valid Content-Length; the file cannot be read further`,
        );
      }
      const type = record.warcType ?? "unknown";
      if (type !== "response" && type !== "revisit") {
        summary.others[type] = (summary.others[type] ?? 0) + 1;
        continue;
      }
      yield await readResponse(record, `${file}#${summary.records}`, limits);
    }
    if (summary.records === 0) {
      throw new IngestError("invalid-message", `${file} holds no WARC records`);
    }
  } finally {
    source.destroy();
    input.destroy();
  }
}

async function readResponse(
  record: WARCRecord,
  where: string,
  limits: ReadLimits,
): Promise<ReadItem> {
  const url = record.warcTargetURI ?? null;
  const skip = (code: FailureCode, message: string): ReadItem => ({
    kind: "skipped",
    where,
    url,
    code,
    message,
  });
  if (record.warcType === "revisit") {
    return skip("not-html", "a revisit record: its payload is stored with an earlier capture");
  }
  if (!url) return skip("invalid-message", "the response record has no WARC-Target-URI");
  const capturedAt = isoDate(record.warcDate);
  if (!capturedAt) {
    return skip(
      "invalid-message",
      `WARC-Date "${String(record.warcDate).slice(0, 40)}" is not a date`,
    );
  }
  const http = record.httpHeaders;
  if (!http) return skip("invalid-message", "the response record holds no HTTP response");
  const status = Number(http.statusCode ?? 0);
  if (status < 200 || status > 299) {
    return skip(
      status >= 500 ? "http-5xx" : "http-4xx",
      `the captured response is HTTP ${status}, not a page (2xx)`,
    );
  }
  if (record.warcContentLength > limits.maxBodyBytes + MAX_HTTP_HEADER_BYTES) {
    return skip(
      "too-large",
      `the record is ${record.warcContentLength} bytes; a payload may have at most ${limits.maxBodyBytes} (MAX_BODY_BYTES)`,
    );
  }
  const header = (name: string) => http.headers.get(name) ?? null;
  const contentType = header("content-type");
  if (judgeContentType(parseContentType(contentType)) === "not-html") {
    return skip(
      "not-html",
      `the captured response is ${String(contentType).slice(0, 80)}, not HTML`,
    );
  }
  // The content reader undoes chunking and Content-Encoding; read it within the limit.
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of record) {
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        return skip(
          "too-large",
          `the payload decodes to more than ${limits.maxBodyBytes} bytes (MAX_BODY_BYTES)`,
        );
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    return skip("decode-error", `the payload cannot be decoded: ${(error as Error).message}`);
  }
  return {
    kind: "capture",
    where,
    capture: {
      url,
      capturedAt,
      status,
      contentType,
      etag: header("etag"),
      lastModified: header("last-modified"),
      body: Buffer.concat(chunks, size),
    },
  };
}

/** A saved HTML page (a `.gz` one decompressed within the payload limit) as a capture. */
export async function readHtmlFile(
  file: string,
  page: { url: string; capturedAt: string },
  limits: ReadLimits,
): Promise<ImportedCapture> {
  const size = await checkFileSize(file, limits);
  if (size > limits.maxBodyBytes) {
    throw new IngestError(
      "too-large",
      `${file} is ${size} bytes; a page may have at most ${limits.maxBodyBytes} (MAX_BODY_BYTES)`,
    );
  }
  const start = await head(file, size);
  let body = start;
  if (isGzip(start)) {
    try {
      body = gunzipSync(start, { maxOutputLength: limits.maxBodyBytes });
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw new IngestError(
        tooLarge ? "too-large" : "decode-error",
        tooLarge
          ? `${file} decompresses to more than ${limits.maxBodyBytes} bytes (MAX_BODY_BYTES)`
          : `${file} is not valid gzip: ${(error as Error).message}`,
      );
    }
  }
  return {
    url: page.url,
    capturedAt: page.capturedAt,
    status: 200,
    // A saved page is HTML by what the user says of it; the decision still sniffs untyped bytes.
    contentType: null,
    etag: null,
    lastModified: null,
    body,
  };
}
