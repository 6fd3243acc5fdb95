/**
 * One HTTP exchange over node:http/https, pinned to an address that was already checked.
 *
 * The request's `lookup` returns the pre-checked address instead of asking DNS again, so
 * a host that resolves to a public address for the check and to 127.0.0.1 a moment later
 * (DNS rebinding) still reaches the checked address. TLS keeps the host name for SNI and
 * certificate verification. `agent: false` gives every request a fresh socket, so no
 * pooled connection to another address can be reused.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import tls from "node:tls";
import { isIpLiteral } from "../../core/address-policy";
import { IngestError } from "../../core/errors";
import type { FetchTarget } from "../../core/url-policy";

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of the host that passed the SSRF check, IPv4 first; never empty. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
  /** All checked addresses (including the first), for Happy Eyeballs fallback. */
  all: CheckedAddress[];
}

export interface HopRequest {
  target: FetchTarget;
  pinned: PinnedAddress;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  /** Extra trusted CA certificates (PEM) on top of Node's bundled roots (tests). */
  extraCaCertificates?: string[];
  /** Aborts the exchange (the fetcher's total deadline or the caller's signal). */
  signal: AbortSignal;
  /**
   * Awaited once the connection is up, right before the request is written; a rejection
   * aborts the exchange with that error (the politeness slot check uses it).
   */
  beforeSend?: () => Promise<void> | void;
}

/** Translates a socket/HTTP parser error into a failure code naming the URL. */
export function networkError(error: unknown, url: string): IngestError {
  if (error instanceof IngestError) return error;
  const code = (error as { code?: unknown })?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === "HPE_HEADER_OVERFLOW") {
    return new IngestError("too-large", `the response headers of ${url} exceed the size limit`, {
      cause: error,
    });
  }
  if (typeof code === "string" && code.startsWith("HPE_")) {
    return new IngestError(
      "connection-error",
      `the response of ${url} is not valid HTTP (${code}); expected an HTTP/1.1 response`,
      { cause: error, causeCode: code },
    );
  }
  if (typeof code === "string" && (code.includes("CERT") || code.startsWith("ERR_TLS"))) {
    return new IngestError(
      "connection-error",
      `the TLS certificate of ${url} was refused (${code}); expected a valid certificate for the host`,
      { cause: error, causeCode: code },
    );
  }
  if (code === "ETIMEDOUT") {
    return new IngestError("timeout", `connecting to ${url} timed out (${code})`, { cause: error });
  }
  return new IngestError(
    "connection-error",
    `the connection for ${url} failed (${typeof code === "string" ? code : text}); expected a complete HTTP response`,
    typeof code === "string" ? { cause: error, causeCode: code } : { cause: error },
  );
}

/** Sends a GET and resolves when the response headers arrive. */
export function sendRequest(hop: HopRequest): Promise<IncomingMessage> {
  const { target, pinned } = hop;
  const isHttps = target.url.protocol === "https:";
  type LookupCallback = (error: null, address: unknown, family?: number) => void;
  const lookup = ((_host: string, options: { all?: boolean }, callback: LookupCallback) => {
    // Only checked addresses ever reach the socket; `all` lets Node fall back between them.
    if (options?.all) callback(null, pinned.all);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: "GET",
      host: target.hostname,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      headers: { ...hop.headers, host: target.url.host },
      agent: false,
      lookup,
      signal: hop.signal,
    };
    if (isHttps && !isIpLiteral(target.hostname)) options.servername = target.hostname;
    if (isHttps && hop.extraCaCertificates?.length) {
      options.ca = [...tls.rootCertificates, ...hop.extraCaCertificates];
    }
    const request = (isHttps ? https : http).request(options);
    const connectTimer = setTimeout(() => {
      request.destroy(
        new IngestError(
          "timeout",
          `connecting to ${target.url.host} (${pinned.address}) for ${target.url.href} took longer than ${hop.connectTimeoutMs} ms`,
        ),
      );
    }, hop.connectTimeoutMs);
    request.on("socket", (socket) => {
      socket.once(isHttps ? "secureConnect" : "connect", () => {
        clearTimeout(connectTimer);
        Promise.resolve()
          .then(() => hop.beforeSend?.())
          .then(
            () => request.end(),
            (error: Error) => request.destroy(error),
          );
      });
    });
    request.on("response", (response) => {
      clearTimeout(connectTimer);
      const onAbort = () => response.destroy(hop.signal.reason);
      hop.signal.addEventListener("abort", onAbort, { once: true });
      response.once("close", () => hop.signal.removeEventListener("abort", onAbort));
      resolve(response);
    });
    request.on("error", (error) => {
      clearTimeout(connectTimer);
      reject(networkError(error, target.url.href));
    });
  });
}
