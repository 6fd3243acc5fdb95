import type { FetcherConfig } from "../../../functions/adapters/http-fetcher";

/** Fetcher settings for loopback tests: private networks and any port allowed, no interval. */
export function testConfig(overrides: Partial<FetcherConfig> = {}): FetcherConfig {
  return {
    userAgent: "article-ingest/0.1 (+https://example.org/article-ingest)",
    allowPrivateNetworks: true,
    allowedPorts: "*",
    politenessIntervalMs: 0,
    politenessWaitBudgetMs: 3000,
    respectRobots: true,
    maxBodyBytes: 64 * 1024,
    connectTimeoutMs: 2000,
    totalTimeoutMs: 5000,
    maxRedirects: 5,
    ...overrides,
  };
}
