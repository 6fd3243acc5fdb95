/**
 * Content-Type parsing and the HTML check. Only HTML and XHTML are fetched; a response
 * without a usable Content-Type is sniffed the way browsers do (WHATWG MIME Sniffing,
 * "rules for identifying an unknown MIME type", HTML signatures only).
 */

export interface ParsedContentType {
  /** Lowercase `type/subtype`, or null when missing or unparsable. */
  essence: string | null;
  /** The `charset` parameter as written (quotes removed), or null. */
  charset: string | null;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
/** Values that mean "the server does not know": treated like a missing header. */
const UNKNOWN_TYPES = new Set(["unknown/unknown", "application/unknown", "*/*"]);

export function parseContentType(header: string | null | undefined): ParsedContentType {
  if (!header) return { essence: null, charset: null };
  const [type = "", ...params] = header.split(";");
  const essence = type.trim().toLowerCase();
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .trim();
    if (value !== "") charset = value;
    break;
  }
  return { essence: /^[\w!#$&^.+-]+\/[\w!#$&^.+*-]+$/.test(essence) ? essence : null, charset };
}

export type ContentTypeVerdict = "html" | "xhtml" | "sniff" | "not-html";

/** Decides from the header alone whether to read the body. */
export function judgeContentType(parsed: ParsedContentType): ContentTypeVerdict {
  if (parsed.essence === null || UNKNOWN_TYPES.has(parsed.essence)) return "sniff";
  if (parsed.essence === "application/xhtml+xml") return "xhtml";
  return HTML_TYPES.has(parsed.essence) ? "html" : "not-html";
}

/** Tag names whose opening bytes identify HTML (WHATWG MIME Sniffing, section 7.1). */
const HTML_SIGNATURES = [
  "<!DOCTYPE HTML",
  "<HTML",
  "<HEAD",
  "<SCRIPT",
  "<IFRAME",
  "<H1",
  "<DIV",
  "<FONT",
  "<TABLE",
  "<A",
  "<STYLE",
  "<TITLE",
  "<B",
  "<BODY",
  "<BR",
  "<P",
  "<!--",
];

/** True when the body starts (after whitespace and an optional BOM) like an HTML document. */
export function sniffIsHtml(body: Uint8Array): boolean {
  let start = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
  while (start < body.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(body[start] ?? 0)) start++;
  const head = Buffer.from(body.subarray(start, start + 16))
    .toString("latin1")
    .toUpperCase();
  return HTML_SIGNATURES.some((sig) => {
    if (!head.startsWith(sig)) return false;
    if (sig === "<!--") return true;
    const next = head.charCodeAt(sig.length);
    return next === 0x20 || next === 0x3e; // tag-terminating byte: space or ">"
  });
}
