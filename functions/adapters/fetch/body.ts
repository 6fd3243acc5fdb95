/**
 * Reading and decoding a response body: the size limit on the bytes as transferred, then
 * Content-Encoding (bounded, so a compression bomb ends as `too-large`), then for pages
 * the content-type judgement and the charset decoding.
 *
 * - `readBody`: the transferred bytes, refused before reading when Content-Length is over
 *   the limit, else counted while reading and cut off as soon as they pass it.
 * - `decodeContentEncoding`: gzip, x-gzip, deflate (either wrapping), br, stacked.
 * - `readHtmlBody`: a page: not-HTML refused (before downloading when the type says so,
 *   after sniffing when it says nothing), then decoded to text (see core/charset.ts).
 * - `readDocumentBody`: a feed or sitemap: any type, Content-Encoding undone, no charset.
 * - `readRobotsText`: the first `MAX_ROBOTS_BYTES` of robots.txt as UTF-8 (truncated, not
 *   refused).
 */
import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { type DecodedBody, decodeBody } from "../../core/charset";
import { judgeContentType, parseContentType, sniffIsHtml } from "../../core/content-type";
import { IngestError } from "../../core/errors";
import { MAX_ROBOTS_BYTES } from "../../core/robots";
import { networkError } from "./pinned-request";

export interface ReadLimits {
  maxBytes: number;
  url: string;
  /** Keep the first `maxBytes` instead of failing (robots.txt). */
  truncate?: boolean;
}

/** Reads a response body as transferred, aborting as soon as it grows past the limit. */
export async function readBody(response: IncomingMessage, limits: ReadLimits): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (!limits.truncate && Number.isFinite(declared) && declared > limits.maxBytes) {
    response.destroy();
    throw new IngestError(
      "too-large",
      `${limits.url} declares Content-Length ${declared}; expected at most ${limits.maxBytes} bytes`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (total + chunk.length > limits.maxBytes) {
        if (limits.truncate) {
          chunks.push(chunk.subarray(0, limits.maxBytes - total));
          total = limits.maxBytes;
          break;
        }
        throw new IngestError(
          "too-large",
          `the body of ${limits.url} exceeds ${limits.maxBytes} bytes; stopped reading at ${total + chunk.length}`,
        );
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    throw networkError(error, limits.url);
  } finally {
    if (!response.complete) response.destroy();
  }
  return Buffer.concat(chunks, total);
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** True when a deflate body has the zlib wrapper (RFC 1950) rather than raw deflate. */
function hasZlibHeader(body: Buffer): boolean {
  const cmf = body[0];
  const flg = body[1];
  return (
    cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0
  );
}

/**
 * Undoes Content-Encoding (gzip, x-gzip, deflate in either wrapping, br; several in
 * order). zlib stops as soon as the output passes `maxBytes`, so a gzip bomb never
 * inflates into memory: it ends as `too-large`.
 */
export async function decodeContentEncoding(
  raw: Buffer,
  header: string | string[] | undefined,
  limits: { maxBytes: number; url: string },
): Promise<Buffer> {
  const codings = String(header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity")
    .reverse();
  let body = raw;
  for (const coding of codings) {
    const bounded = { maxOutputLength: limits.maxBytes };
    const lenient = { ...bounded, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
      if (coding === "gzip" || coding === "x-gzip") body = await gunzip(body, lenient);
      else if (coding === "deflate") {
        body = await (hasZlibHeader(body) ? inflate(body, lenient) : inflateRaw(body, lenient));
      } else if (coding === "br") body = await brotliDecompress(body, bounded);
      else {
        throw new IngestError(
          "decode-error",
          `${limits.url} uses Content-Encoding "${coding}"; expected gzip, deflate or br`,
        );
      }
    } catch (error) {
      if (error instanceof IngestError) throw error;
      if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new IngestError(
          "too-large",
          `the ${coding}-decoded body of ${limits.url} exceeds ${limits.maxBytes} bytes (${raw.length} bytes transferred)`,
          { cause: error },
        );
      }
      throw new IngestError(
        "decode-error",
        `the ${coding} body of ${limits.url} could not be decompressed (${(error as Error).message})`,
        { cause: error },
      );
    }
  }
  return body;
}

/** A body with Content-Encoding undone. */
export interface ReadBody {
  /** The bytes after Content-Encoding was undone. */
  body: Buffer;
  /** Bytes as transferred. */
  transferBytes: number;
}

async function readDecoded(response: IncomingMessage, limits: ReadLimits): Promise<ReadBody> {
  const raw = await readBody(response, limits);
  const body = await decodeContentEncoding(raw, response.headers["content-encoding"], limits);
  return { body, transferBytes: raw.length };
}

/** A feed or sitemap: any content type, Content-Encoding undone, not charset-decoded. */
export function readDocumentBody(
  response: IncomingMessage,
  limits: { maxBytes: number; url: string },
): Promise<ReadBody> {
  return readDecoded(response, limits);
}

export interface HtmlBody extends ReadBody {
  decoded: DecodedBody;
}

/** A page: refused as `not-html` unless HTML or XHTML (sniffed when untyped), then decoded. */
export async function readHtmlBody(
  response: IncomingMessage,
  limits: { maxBytes: number; url: string },
): Promise<HtmlBody> {
  const href = limits.url;
  const status = response.statusCode ?? 0;
  const contentTypeHeader = response.headers["content-type"] ?? null;
  const contentType = parseContentType(contentTypeHeader);
  const kind = judgeContentType(contentType);
  if (kind === "not-html") {
    response.destroy();
    throw new IngestError(
      "not-html",
      `Content-Type "${contentTypeHeader}" of ${href} is not HTML; expected text/html or application/xhtml+xml`,
      { httpStatus: status },
    );
  }
  const { body, transferBytes } = await readDecoded(response, limits);
  if (kind === "sniff" && !sniffIsHtml(body)) {
    throw new IngestError(
      "not-html",
      `${href} sent ${contentTypeHeader === null ? "no Content-Type" : `Content-Type "${contentTypeHeader}"`} and its body does not start like HTML; expected text/html`,
      { httpStatus: status },
    );
  }
  const decoded = decodeBody(body, {
    contentTypeCharset: contentType.charset,
    xhtml: kind === "xhtml",
    url: href,
  });
  return { body, transferBytes, decoded };
}

/**
 * robots.txt: the first `MAX_ROBOTS_BYTES` as UTF-8. A longer file is truncated, not
 * refused; its decompressed form may be as large as the page limit before it is cut.
 */
export async function readRobotsText(
  response: IncomingMessage,
  limits: { maxBodyBytes: number; url: string },
): Promise<string> {
  const raw = await readBody(response, {
    maxBytes: MAX_ROBOTS_BYTES,
    url: limits.url,
    truncate: true,
  });
  const body = await decodeContentEncoding(raw, response.headers["content-encoding"], {
    maxBytes: Math.max(limits.maxBodyBytes, MAX_ROBOTS_BYTES),
    url: limits.url,
  });
  return body.subarray(0, MAX_ROBOTS_BYTES).toString("utf8");
}
