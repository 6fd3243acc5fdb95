/**
 * Collects the article URLs of feeds and sitemaps: fetches each document, follows sitemap
 * indexes (breadth first, each document once), and keeps the entries dated at or after
 * `since` (entries without a date are kept: nothing says they are old).
 *
 * Bounded whatever the documents hold: at most `maxDocuments` documents, at most
 * MAX_ENTRIES_PER_DOCUMENT entries of each, at most `maxUrls` URLs in all, each URL once
 * (deduplicated while reading). What was cut is said once, in `report.cut`.
 */
import { classify, type FailureCode } from "../errors";
import {
  decodeXmlBytes,
  FeedFormatError,
  type FeedKind,
  MAX_ENTRIES_PER_DOCUMENT,
  parseFeedDocument,
} from "./parse-feed";

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
  /** Documents that could not be fetched or parsed, with the reason and its failure code. */
  problems: { url: string; reason: string; code: FailureCode }[];
  /** What the bounds left out (all zero when nothing was cut)... */
  cut: FeedCut;
  /** ...said once per bound that was hit. */
  notes: string[];
}

export interface FeedCut {
  /** Documents listed by an index but not read (over `maxDocuments`). */
  documents: number;
  /** Entries past MAX_ENTRIES_PER_DOCUMENT in their document. */
  entries: number;
  /** URLs past `maxUrls`. */
  urls: number;
  /** Entries whose URL an earlier entry already gave. */
  duplicates: number;
}

/** Most documents one submit reads (a sitemap index of a large site can list thousands). */
export const MAX_DOCUMENTS = 200;
/** Most URLs one submit collects (about 200 bytes of memory each). */
export const MAX_FEED_URLS = 500_000;

export interface ReadFeedsOptions {
  /** ISO 8601 lower bound on entry dates. */
  since?: string;
  maxBytes: number;
  maxDocuments?: number;
  maxUrls?: number;
  maxEntriesPerDocument?: number;
  /**
   * ISO 8601: child sitemaps of an index whose `lastmod` is before this are not read (they
   * list nothing new since then). Defaults to `since`.
   */
  childSince?: string;
}

export async function readFeeds(
  startUrls: string[],
  fetchDocument: DocumentFetcher,
  options: ReadFeedsOptions,
): Promise<FeedReport> {
  const cut: FeedCut = { documents: 0, entries: 0, urls: 0, duplicates: 0 };
  const report: FeedReport = { urls: [], documents: [], older: 0, problems: [], cut, notes: [] };
  const maxDocuments = options.maxDocuments ?? MAX_DOCUMENTS;
  const maxUrls = options.maxUrls ?? MAX_FEED_URLS;
  const maxEntries = options.maxEntriesPerDocument ?? MAX_ENTRIES_PER_DOCUMENT;
  const queue = [...new Set(startUrls)];
  /** Documents queued or read, so an index listing itself (or a sibling twice) is read once. */
  const queued = new Set(queue);
  const seenUrls = new Set<string>();
  let firstUnread: string | undefined;
  for (let next = 0; next < queue.length; next++) {
    const url = queue[next] as string;
    if (next >= maxDocuments) {
      firstUnread ??= url;
      cut.documents++;
      continue;
    }
    let kind: FeedKind;
    let entries: { url: string; date?: string }[];
    try {
      const fetched = await fetchDocument(url);
      const parsed = parseFeedDocument(
        decodeXmlBytes(fetched.body, options.maxBytes),
        fetched.finalUrl,
        maxEntries,
      );
      kind = parsed.kind;
      entries = parsed.entries;
      cut.entries += parsed.cut;
    } catch (error) {
      const reason =
        error instanceof FeedFormatError
          ? `${url}: ${error.message}`
          : ((error as Error).message ?? String(error));
      report.problems.push({ url, reason, code: classify(error).code });
      continue;
    }
    report.documents.push({ url, kind, entries: entries.length });
    const childSince = options.childSince ?? options.since;
    entries.forEach((e, index) => {
      const old = options.since !== undefined && e.date !== undefined && e.date < options.since;
      if (kind === "sitemap-index") {
        // A child sitemap last changed before `childSince` lists nothing newer.
        const stale = childSince !== undefined && e.date !== undefined && e.date < childSince;
        if (!stale && !queued.has(e.url)) {
          queued.add(e.url);
          queue.push(e.url);
        }
        return;
      }
      if (old) {
        report.older++;
        return;
      }
      if (seenUrls.has(e.url)) {
        cut.duplicates++;
        return;
      }
      if (seenUrls.size >= maxUrls) {
        cut.urls++;
        return;
      }
      seenUrls.add(e.url);
      report.urls.push({
        url: e.url,
        source: url,
        position: index + 1,
        ...(e.date ? { date: e.date } : {}),
      });
    });
  }
  if (cut.documents > 0) {
    report.notes.push(
      `${cut.documents} feed/sitemap documents not read (the first: ${firstUnread}): at most ${maxDocuments} are read per submit`,
    );
  }
  if (cut.entries > 0) {
    report.notes.push(
      `${cut.entries} entries left out: at most ${maxEntries} are read from one document`,
    );
  }
  if (cut.urls > 0) {
    report.notes.push(`${cut.urls} URLs left out: at most ${maxUrls} are collected per submit`);
  }
  return report;
}
