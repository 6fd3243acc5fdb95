/**
 * Which ports a fetched URL may use. 80 and 443 always; others only when listed in
 * `allowedPorts` (the ARTICLE_INGEST_ALLOWED_PORTS setting): a comma-separated list of
 * ports and ranges (`8080,3000-3999`), or `*` for any port (local mode and tests).
 */

export interface PortPolicy {
  /** Ports and ranges allowed besides 80 and 443: `8080,3000-3999`, or `*`. */
  allowedPorts: string;
}

/** Whether a URL may use `port` under `policy`. */
export function isPortAllowed(policy: PortPolicy, port: number): boolean {
  if (port === 80 || port === 443) return true;
  for (const part of policy.allowedPorts.split(",").map((p) => p.trim())) {
    if (part === "*") return true;
    const [low, high] = part.split("-").map((p) => Number.parseInt(p, 10));
    if (low === undefined || Number.isNaN(low)) continue;
    if (port >= low && port <= (high === undefined || Number.isNaN(high) ? low : high)) return true;
  }
  return false;
}
