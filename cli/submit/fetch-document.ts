/**
 * Fetches feed and sitemap documents through the pipeline's safe fetcher (address and port
 * checks, robots.txt, politeness, size and time limits), accepting any content type.
 */

import { InMemoryHostStore } from "../../functions/adapters/host-store";
import { createFetcher, type FetcherConfig } from "../../functions/adapters/http-fetcher";
import type { DocumentFetcher } from "./read-feeds";

export function createDocumentFetcher(config: FetcherConfig): DocumentFetcher {
  const fetcher = createFetcher({ config, hostStore: new InMemoryHostStore() });
  return async (url) => {
    const page = await fetcher.fetchPage(url, { accept: "document" });
    return { finalUrl: page.finalUrl, body: page.body };
  };
}
