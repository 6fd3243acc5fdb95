/**
 * `article-ingest extract [FILE|-] --url URL [--text | --markdown]`: extracts the article
 * from a saved page (a file, or stdin with `-` or no file) and prints the record as JSON,
 * or only its plain text or Markdown. Works offline: nothing is fetched; `--url` is the
 * page's address, used to resolve relative links. A `.gz` file is decompressed, and the
 * bytes are decoded by the page's own charset declaration (UTF-8 when it has none).
 */
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { decodeBody } from "../../functions/core/charset";
import { extractArticle } from "../../functions/core/extract/index";
import { EXTRACTOR_VERSION } from "../../functions/core/extract/version";

export type ExtractView = "record" | "text" | "markdown";

export interface ExtractOptions {
  /** A file path; `-` or undefined reads stdin. */
  file?: string;
  url: string;
  view?: ExtractView;
}

export interface ExtractIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: Readable;
}

const defaultIo: ExtractIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Gzip files start with 0x1f 0x8b. */
function gunzipIfNeeded(bytes: Buffer): Buffer {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Runs the command; returns the exit code (0 ok, 1 unreadable input, 2 usage mistake). */
export async function extractCommand(options: ExtractOptions, io: ExtractIo = defaultIo) {
  if (!isHttpUrl(options.url)) {
    io.stderr.write(`error: --url "${options.url}" is not an absolute http(s) URL\n`);
    return 2;
  }
  let bytes: Buffer;
  const source = options.file === undefined || options.file === "-" ? "stdin" : options.file;
  try {
    bytes = gunzipIfNeeded(source === "stdin" ? await readAll(io.stdin) : await readFile(source));
  } catch (error) {
    io.stderr.write(`error: cannot read ${source}: ${(error as Error).message}\n`);
    return 1;
  }
  let html: string;
  try {
    // The page's own declaration (BOM, <meta charset>) decides, as when it is fetched.
    html = decodeBody(bytes, { contentTypeCharset: null, url: options.url }).text;
  } catch (error) {
    io.stderr.write(`error: cannot decode ${source}: ${(error as Error).message}\n`);
    return 1;
  }
  const article = extractArticle(html, options.url);
  const view = options.view ?? "record";
  if (view === "text") io.stdout.write(`${article.text}\n`);
  else if (view === "markdown") io.stdout.write(`${article.markdown}\n`);
  else {
    const record = {
      version: 1,
      extractorVersion: EXTRACTOR_VERSION,
      url: options.url,
      ...article,
    };
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  }
  return 0;
}
