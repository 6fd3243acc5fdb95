/**
 * `article-ingest fetch URL [--allow-private-networks]`: runs the fetch step alone (SSRF
 * guard, robots.txt, politeness, limits, charset) with an in-memory host store and prints
 * the outcome as one JSON document. Stores nothing. Exit code 0 when the page was
 * fetched, 1 when the fetch failed (the failure code and message are in the JSON).
 */
import { InMemoryHostStore } from "../../functions/adapters/host-store";
import { createFetcher, type FetcherConfig } from "../../functions/adapters/http-fetcher";
import { classify } from "../../functions/core/errors";
import { CONFIG_ENV, loadConfig } from "../../functions/shared/config";
import { type CliIo, printJson, processIo } from "../output";

export interface FetchCommandOptions {
  url: string;
  /** Allow loopback and private addresses (also ARTICLE_INGEST_ALLOW_PRIVATE_NETWORKS=1). */
  allowPrivateNetworks?: boolean;
}

/**
 * The fetcher settings from the environment. The storage keys `loadConfig` requires are
 * irrelevant here (nothing is stored), so they get placeholders when unset.
 */
export function fetchConfig(
  env: Record<string, string | undefined>,
  options: FetchCommandOptions,
): FetcherConfig {
  const config = loadConfig({
    [CONFIG_ENV.tableName]: "unused-by-fetch",
    [CONFIG_ENV.bucketName]: "unused-by-fetch",
    [CONFIG_ENV.queueUrl]: "https://sqs.invalid/unused-by-fetch",
    ...env,
  });
  if (!options.allowPrivateNetworks) return config;
  // Local servers rarely listen on 80/443: allowing private networks allows their ports
  // too, unless the ports were configured explicitly.
  const portsSet = (env[CONFIG_ENV.allowedPorts] ?? "").trim() !== "";
  return {
    ...config,
    allowPrivateNetworks: true,
    allowedPorts: portsSet ? config.allowedPorts : "*",
  };
}

export async function fetchCommand(
  options: FetchCommandOptions,
  io: CliIo = processIo(),
): Promise<number> {
  const envAllows = ["1", "true", "yes"].includes(io.env[CONFIG_ENV.allowPrivateNetworks] ?? "");
  const config = fetchConfig(io.env, {
    ...options,
    allowPrivateNetworks: Boolean(options.allowPrivateNetworks) || envAllows,
  });
  const fetcher = createFetcher({ config, hostStore: new InMemoryHostStore() });
  try {
    const page = await fetcher.fetchPage(options.url);
    printJson(io, {
      ok: true,
      requestedUrl: page.requestedUrl,
      finalUrl: page.finalUrl,
      redirects: page.redirects,
      status: page.status,
      contentType: page.contentType,
      declaredCharset: page.declaredCharset,
      charset: page.charset,
      charsetSource: page.charsetSource ?? null,
      bytes: page.body.length,
      transferBytes: page.transferBytes ?? page.body.length,
      robots: page.robots ?? null,
      remoteAddress: page.remoteAddress ?? null,
      etag: page.etag,
      lastModified: page.lastModified,
      fetchedAt: page.fetchedAt,
      durationMs: page.durationMs,
    });
    return 0;
  } catch (error) {
    const failure = classify(error);
    printJson(io, {
      ok: false,
      requestedUrl: options.url,
      robots: failure.code === "robots-disallowed" ? "disallowed" : null,
      failure,
    });
    return 1;
  }
}
