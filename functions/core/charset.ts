/**
 * Turns body bytes into text following the WHATWG encoding sniffing order:
 *
 * 1. a byte order mark (UTF-8, UTF-16LE/BE) wins over everything;
 * 2. the Content-Type `charset` parameter, if it names a known encoding;
 * 3. a `<meta charset>` / `<meta http-equiv=content-type>` (or XML declaration) in the
 *    first 1024 bytes (the HTML "prescan");
 * 4. otherwise a default: UTF-8 when the whole body is valid UTF-8 (this includes pure
 *    ASCII), else windows-1252, the WHATWG default for documents without a declaration.
 *    XHTML (application/xhtml+xml) defaults to UTF-8 as XML requires.
 *
 * Encoding names are WHATWG names (`windows-1251`, `Shift_JIS`, `GBK`, ...); labels such
 * as `latin1` or `iso-8859-1` map to their WHATWG encoding (`windows-1252`). Decoding uses
 * the WHATWG TextDecoder of the runtime: Node's official builds (and so Lambda's Node.js
 * runtimes) carry full ICU, which decodes every WHATWG encoding. A pure-JS decoder would
 * add ~480 KB of tables to the ingest bundle.
 */
import { Sniffer } from "encoding-sniffer/sniffer";
import { IngestError } from "./errors";

export type CharsetSource = "bom" | "content-type" | "meta" | "xml-declaration" | "default";

export interface DecodedBody {
  text: string;
  /** The charset the server (header label as written) or the page (<meta>) declared. */
  declaredCharset: string | null;
  /** WHATWG name of the encoding used to decode. */
  charset: string;
  source: CharsetSource;
}

export interface DecodeOptions {
  /** The `charset` parameter of the Content-Type header, if any. */
  contentTypeCharset: string | null;
  /** True for application/xhtml+xml: the default becomes UTF-8. */
  xhtml?: boolean;
  /** For error messages. */
  url: string;
}

/** Bytes the prescan looks at (WHATWG: 1024). */
const PRESCAN_BYTES = 1024;

/** Share of U+FFFD in the decoded text above which the body counts as undecodable. */
const MAX_REPLACEMENT_RATIO = 0.02;
/** ...and the least number of U+FFFD for that, so a few stray bytes do not fail a page. */
const MIN_REPLACEMENTS_FOR_ERROR = 8;

const SOURCE_BY_RESULT: CharsetSource[] = [
  "bom",
  "content-type",
  "xml-declaration",
  "meta",
  "xml-declaration",
  "default",
];

function isValidUtf8(body: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

function decodeUserDefined(body: Uint8Array): string {
  let out = "";
  for (const byte of body) out += String.fromCharCode(byte < 0x80 ? byte : 0xf780 + byte - 0x80);
  return out;
}

/**
 * windows-1252 code points of bytes 0x80-0x9F (WHATWG index; 0 = undefined, kept as the
 * C1 control). Node's TextDecoder decodes "windows-1252" as ISO-8859-1, losing the curly
 * quotes and dashes, so this one encoding is decoded here.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161,
  0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(body: Buffer): string {
  const latin1 = body.toString("latin1");
  return latin1.replace(/[\x80-\x9f]/g, (c) => {
    const mapped = WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80];
    return mapped ? String.fromCharCode(mapped) : c;
  });
}

/** Decodes with a WHATWG encoding name; null when the runtime's ICU does not know it. */
function decodeWith(encoding: string, body: Buffer): string | null {
  if (encoding === "x-user-defined") return decodeUserDefined(body);
  if (encoding === "windows-1252") return decodeWindows1252(body);
  try {
    return new TextDecoder(encoding).decode(body);
  } catch {
    return null;
  }
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) n++;
  return n;
}

/** Chooses the encoding (see the module comment) and decodes; throws `decode-error`. */
export function decodeBody(body: Buffer, options: DecodeOptions): DecodedBody {
  const label = options.contentTypeCharset?.trim() || null;
  const sniffer = new Sniffer(label ? { transportLayerEncodingLabel: label } : {});
  sniffer.write(body.subarray(0, PRESCAN_BYTES));
  const source = SOURCE_BY_RESULT[sniffer.resultType] ?? "default";
  let charset = sniffer.encoding;
  if (source === "default") {
    charset = options.xhtml || isValidUtf8(body) ? "UTF-8" : "windows-1252";
  }
  const declaredCharset =
    label ?? (source === "meta" || source === "xml-declaration" ? charset : null);
  if (charset === "replacement") {
    throw new IngestError(
      "decode-error",
      `the page at ${options.url} declares charset "${declaredCharset}", which WHATWG maps to "replacement"; expected a decodable encoding`,
    );
  }
  const text = decodeWith(charset, body);
  if (text === null) {
    throw new IngestError(
      "decode-error",
      `the page at ${options.url} uses encoding ${charset}, which this runtime cannot decode`,
    );
  }
  const replacements = countReplacements(text);
  if (
    replacements >= MIN_REPLACEMENTS_FOR_ERROR &&
    replacements / Math.max(text.length, 1) > MAX_REPLACEMENT_RATIO
  ) {
    throw new IngestError(
      "decode-error",
      `the body of ${options.url} is not valid ${charset} (${replacements} undecodable sequences in ${body.length} bytes; charset from ${source}); expected text in the declared encoding`,
    );
  }
  return { text, declaredCharset, charset, source };
}
