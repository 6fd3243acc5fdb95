/**
 * Which URLs the fetcher may request at all, before any DNS lookup: the checks every URL
 * passes (functions/core/http-url.ts), then ports 80/443 unless configured
 * (functions/core/port-policy.ts). The WHATWG URL parser has already
 * canonicalized numeric host tricks (`2130706433`, `0x7f.1`, `017700000001`, `127.1`)
 * into dotted quads, so the address policy sees the real address.
 */
import { IngestError } from "./errors";
import { parseHttpUrl } from "./http-url";
import { isPortAllowed, type PortPolicy } from "./port-policy";

export interface FetchTarget {
  url: URL;
  /** Host name or IP literal without IPv6 brackets, as used for DNS and TLS. */
  hostname: string;
  port: number;
  /** `host[:port]` as in the URL: the key for politeness and robots.txt. */
  hostKey: string;
}

/** `allowedPorts`: ports and ranges allowed besides 80 and 443 (`8080,3000-3999` or `*`). */
export type UrlPolicy = PortPolicy;

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

/**
 * Parses and checks a URL (parseHttpUrl, then the port policy); throws `invalid-url` or
 * `blocked-port` naming the URL.
 */
export function checkUrl(raw: string | URL, policy: UrlPolicy): FetchTarget {
  const url = parseHttpUrl(String(raw));
  const port = url.port === "" ? (DEFAULT_PORTS[url.protocol] ?? 0) : Number(url.port);
  if (!isPortAllowed(policy, port)) {
    const extra = policy.allowedPorts.trim() === "" ? "" : ` or ${policy.allowedPorts}`;
    throw new IngestError(
      "blocked-port",
      `URL ${url.href} uses port ${port}; expected 80, 443${extra}`,
    );
  }
  url.hash = "";
  return { url, hostname: url.hostname.replace(/^\[|\]$/g, ""), port, hostKey: url.host };
}
