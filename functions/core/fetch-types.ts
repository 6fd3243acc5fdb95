/** The shape of a fetch outcome, shared by the fetcher adapters, the handler and the CLI. */

export interface RedirectHop {
  url: string;
  status: number;
}

/** What every fetched response has, page or document. */
interface FetchedResponse {
  requestedUrl: string;
  /** URL after redirects. */
  finalUrl: string;
  redirects: RedirectHop[];
  status: number;
  contentType: string | null;
  /** The body bytes as the server sent them after Content-Encoding is undone, before charset decoding. */
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
  /** ISO 8601 UTC time the response headers arrived. */
  fetchedAt: string;
  durationMs: number;
}

/**
 * The HTTP exchange of the final hop as it went over the wire, for the WARC capture: the
 * request line and headers sent, the status line and the headers received (name case,
 * order and repeats as received).
 */
export interface HttpExchange {
  request: { method: string; target: string; httpVersion: string; headers: [string, string][] };
  response: {
    httpVersion: string;
    status: number;
    statusText: string;
    headers: [string, string][];
  };
}

export interface FetchedPage extends FetchedResponse {
  /** The final hop's request and response headers (absent for pages read back from storage). */
  exchange?: HttpExchange;
  /** The body decoded to text with the encoding in `charset`. */
  text: string;
  /** Charset the server or page declared (header or <meta>), if any. */
  declaredCharset: string | null;
  /** WHATWG encoding name actually used to decode. */
  charset: string;
  /** True for a 304 answer to a conditional request: `body` is empty. */
  notModified: boolean;
  /** robots.txt verdict for `finalUrl`: allowed by its rules, no robots.txt (none/4xx), or not checked. */
  robots?: "allowed" | "no-robots" | "not-checked";
  /** IP address the final response came from (the address that passed the SSRF check). */
  remoteAddress?: string;
  /** Body bytes as transferred, before Content-Encoding was undone. */
  transferBytes?: number;
  /** Where `charset` came from: byte order mark, Content-Type, <meta>, XML declaration or default. */
  charsetSource?: "bom" | "content-type" | "meta" | "xml-declaration" | "default";
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

/** A feed or sitemap as fetched: any content type, Content-Encoding undone, not decoded. */
export interface FetchedDocument extends FetchedResponse {
  /** Body bytes as transferred, before Content-Encoding was undone. */
  transferBytes: number;
  /** robots.txt verdict for `finalUrl` (see FetchedPage). */
  robots: "allowed" | "no-robots" | "not-checked";
  /** IP address the final response came from. */
  remoteAddress: string;
  /** True for a 304 answer to a conditional request: `body` is empty. */
  notModified: boolean;
}
