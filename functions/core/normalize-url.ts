/**
 * URL normalization and article identity (DESIGN.md "Identity").
 *
 * `normalizeUrl` makes every spelling of one address the same string: lower-case scheme and
 * host (WHATWG URL parsing also canonicalizes IDNs and numeric hosts), no default port, no
 * fragment, no credentials, tracking parameters removed, remaining parameters sorted,
 * percent-encoding normalized (unreserved characters decoded, escapes upper-cased), and
 * trailing junk pasted along with a URL (punctuation, quotes, angle brackets) trimmed.
 * `articleIdFor` hashes the normalized form.
 */
import { createHash } from "node:crypto";
import { checkUrlLength, parseHttpUrl } from "./http-url";

/** Query parameters that only say where a click came from; exact names (lower case). */
const TRACKING_PARAMETERS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "mc_cid",
  "mc_eid",
  "igshid",
  "yclid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "wickedid",
  "rb_clickid",
  "s_cid",
  "cmpid",
  "ocid",
  "ncid",
  "sr_share",
  "smid",
  "share",
  "ref_src",
  "ref_url",
  "spm",
  "at_medium",
  "at_campaign",
  "at_custom1",
  "at_custom2",
  "at_custom3",
  "at_custom4",
]);

/** Query parameter name prefixes with the same meaning (`utm_source`, `pk_campaign`, ...). */
const TRACKING_PREFIXES = ["utm_", "pk_", "mtm_", "hsa_", "itm_", "at_"];

/** Characters people paste after a URL that are almost never part of it. */
const TRAILING_JUNK = /[)\]}>'"“”‘’.,;:!?]+$/u;

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMETERS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/** Decodes escapes of unreserved characters and upper-cases the rest (RFC 3986 6.2.2). */
function normalizePercentEncoding(part: string): string {
  return part.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const code = Number.parseInt(hex, 16);
    const char = String.fromCharCode(code);
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/**
 * Parses and normalizes a submitted URL. Throws `IngestError("invalid-url")` with the reason
 * when it fails the checks of parseHttpUrl (functions/core/http-url.ts).
 */
export function normalizeUrl(input: string): string {
  let candidate = input.trim().replace(/^<|>$/g, "");
  checkUrlLength(candidate);
  // Pasted punctuation after the URL, unless it balances something inside it ("(disambiguation)").
  const trimmed = candidate.replace(TRAILING_JUNK, "");
  if (trimmed !== candidate && !(candidate.endsWith(")") && trimmed.includes("("))) {
    candidate = trimmed;
  }
  const url = parseHttpUrl(candidate, input);
  url.hash = "";
  url.hostname = url.hostname.replace(/\.$/, "");
  // A parameter with neither name nor value (`?=&a`) carries nothing and would not survive
  // a second parse, so it goes.
  const kept = [...url.searchParams.entries()].filter(
    ([name, value]) => !isTrackingParameter(name) && (name !== "" || value !== ""),
  );
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const search = kept
    .map(([name, value]) =>
      value === "" ? encodeQueryPart(name) : `${encodeQueryPart(name)}=${encodeQueryPart(value)}`,
    )
    .join("&");
  url.search = search;
  url.pathname = normalizePercentEncoding(url.pathname);
  return protectTrailing(url.toString());
}

/**
 * Percent-encodes the last of the trailing characters that the junk trimming above would take
 * from the result (`/a,` once its fragment or tracking query is gone), so that normalizing a
 * normalized URL gives it back unchanged. Only the last one: the escape ends in a hex digit,
 * which is no junk, and an escaped `.` before another junk character (`/.!` as `/%2E%21`)
 * would be decoded again by the next normalization (`/.%21`).
 */
function protectTrailing(url: string): string {
  const trimmed = url.replace(TRAILING_JUNK, "");
  if (trimmed === url || (url.endsWith(")") && trimmed.includes("("))) return url;
  const last = [...url].at(-1) ?? "";
  const escaped =
    last.charCodeAt(0) < 0x80
      ? `%${last.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`
      : encodeURIComponent(last);
  return url.slice(0, url.length - last.length) + escaped;
}

function encodeQueryPart(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `articleId`: the first 32 hex characters of the SHA-256 of the normalized URL. */
export function articleIdFor(normalizedUrl: string): string {
  return createHash("sha256").update(normalizedUrl).digest("hex").slice(0, 32);
}

/** True when `value` is a 32-character lower-case hex article id. */
export function isArticleId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}
