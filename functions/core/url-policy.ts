/**
 * Which URLs the fetcher may request at all, before any DNS lookup: http(s) only, no
 * credentials, ports 80/443 unless configured. The WHATWG URL parser has already
 * canonicalized numeric host tricks (`2130706433`, `0x7f.1`, `017700000001`, `127.1`)
 * into dotted quads, so the address policy sees the real address.
 */
import { type Config, isPortAllowed } from "../shared/config";
import { IngestError } from "./errors";

export interface FetchTarget {
  url: URL;
  /** Host name or IP literal without IPv6 brackets, as used for DNS and TLS. */
  hostname: string;
  port: number;
  /** `host[:port]` as in the URL: the key for politeness and robots.txt. */
  hostKey: string;
}

/** `allowedPorts`: ports and ranges allowed besides 80 and 443 (`8080,3000-3999` or `*`). */
export type UrlPolicy = Pick<Config, "allowedPorts">;

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

/** Longest URL we request; longer ones are abuse or broken links, not articles. */
export const MAX_URL_LENGTH = 8192;

/** Parses and checks a URL; throws `invalid-url` or `blocked-port` naming the URL. */
export function checkUrl(raw: string | URL, policy: UrlPolicy): FetchTarget {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch (cause) {
    throw new IngestError(
      "invalid-url",
      `URL ${JSON.stringify(String(raw))} is not an absolute URL`,
      {
        cause,
      },
    );
  }
  if (url.href.length > MAX_URL_LENGTH) {
    throw new IngestError(
      "invalid-url",
      `URL ${url.href.slice(0, 100)}... is ${url.href.length} characters long; expected at most ${MAX_URL_LENGTH}`,
    );
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) {
    throw new IngestError(
      "invalid-url",
      `URL ${url.href} uses scheme "${url.protocol}"; expected http: or https:`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new IngestError(
      "invalid-url",
      `URL ${url.protocol}//${url.host}${url.pathname} carries credentials; expected none`,
    );
  }
  if (url.hostname === "") {
    throw new IngestError("invalid-url", `URL ${url.href} has no host`);
  }
  const port = url.port === "" ? defaultPort : Number(url.port);
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
