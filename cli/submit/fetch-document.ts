/**
 * Fetches feed and sitemap documents through the pipeline's document fetcher (address and
 * port checks, robots.txt, politeness, size and time limits), accepting any content type.
 */

import { createDocumentFetcher as createFetcherOfDocuments } from "../../functions/adapters/fetch/document-fetcher";
import { InMemoryHostStore } from "../../functions/adapters/host-store";
import type { FetcherConfig } from "../../functions/adapters/http-fetcher";
import type { DocumentFetcher } from "../../functions/core/feeds/read-feeds";

export function createDocumentFetcher(config: FetcherConfig): DocumentFetcher {
  const fetcher = createFetcherOfDocuments({ config, hostStore: new InMemoryHostStore() });
  return (url) => fetcher.fetchDocument(url);
}
