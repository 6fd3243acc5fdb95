/**
 * Collects the article URLs of feeds and sitemaps: fetches each document, follows sitemap
 * indexes (breadth first, each document once, at most MAX_DOCUMENTS), and keeps the
 * entries dated at or after `since` (entries without a date are kept: nothing says they
 * are old).
 */
import { decodeXmlBytes, FeedFormatError, type FeedKind, parseFeedDocument } from "./parse-feed";

export interface FetchedDocument {
  finalUrl: string;
  body: Buffer;
}

/** Fetches one feed or sitemap document (through the safe fetcher in production). */
export type DocumentFetcher = (url: string) => Promise<FetchedDocument>;

export interface FeedUrl {
  url: string;
  date?: string;
  /** The feed or sitemap that listed it. */
  source: string;
  /** Position in that document (1-based). */
  position: number;
}

export interface FeedReport {
  urls: FeedUrl[];
  documents: { url: string; kind: FeedKind; entries: number }[];
  /** Entries left out because they are older than `since`. */
  older: number;
  /** Documents that could not be fetched or parsed, with the reason. */
  problems: { url: string; reason: string }[];
}

/** Most documents one submit reads (a sitemap index of a large site can list thousands). */
export const MAX_DOCUMENTS = 200;

export interface ReadFeedsOptions {
  /** ISO 8601 lower bound on entry dates. */
  since?: string;
  maxBytes: number;
  maxDocuments?: number;
}

export async function readFeeds(
  startUrls: string[],
  fetchDocument: DocumentFetcher,
  options: ReadFeedsOptions,
): Promise<FeedReport> {
  const report: FeedReport = { urls: [], documents: [], older: 0, problems: [] };
  const maxDocuments = options.maxDocuments ?? MAX_DOCUMENTS;
  const queue = [...startUrls];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (visited.has(url)) continue;
    if (visited.size >= maxDocuments) {
      report.problems.push({
        url,
        reason: `not read: at most ${maxDocuments} feed/sitemap documents are read per submit`,
      });
      continue;
    }
    visited.add(url);
    let kind: FeedKind;
    let entries: { url: string; date?: string }[];
    try {
      const fetched = await fetchDocument(url);
      const parsed = parseFeedDocument(
        decodeXmlBytes(fetched.body, options.maxBytes),
        fetched.finalUrl,
      );
      kind = parsed.kind;
      entries = parsed.entries;
    } catch (error) {
      const reason =
        error instanceof FeedFormatError
          ? `${url}: ${error.message}`
          : ((error as Error).message ?? String(error));
      report.problems.push({ url, reason });
      continue;
    }
    report.documents.push({ url, kind, entries: entries.length });
    entries.forEach((e, index) => {
      const old = options.since !== undefined && e.date !== undefined && e.date < options.since;
      if (kind === "sitemap-index") {
        // A child sitemap last changed before `since` lists nothing newer.
        if (!old) queue.push(e.url);
        return;
      }
      if (old) {
        report.older++;
        return;
      }
      report.urls.push({
        url: e.url,
        source: url,
        position: index + 1,
        ...(e.date ? { date: e.date } : {}),
      });
    });
  }
  return report;
}
