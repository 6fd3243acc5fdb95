/**
 * What list routes return per record: a bounded summary, never the whole record (whose
 * submitted URLs, authors, tags, links and provenance can reach DynamoDB's 400 KB per item).
 * `GET /articles/{id}` answers with the whole record.
 */
import type { IndexedRecord } from "../adapters/article-table";
import type { ArticleRecord } from "../core/article-record";

/** Longest string field of a summary, in characters; longer values end with "…". */
const SUMMARY_FIELD_CHARS = {
  url: 2048,
  site: 253,
  title: 300,
  language: 35,
  failureMessage: 500,
} as const;

export interface ArticleSummary {
  articleId: string;
  url: string;
  site: string;
  title: string | null;
  publishedAt: string | null;
  fetchedAt: string | null;
  checkedAt: string;
  status: ArticleRecord["status"];
  failure: {
    code: string;
    message: string;
    attempts: number;
    pageType?: string | null;
  } | null;
  language: string | null;
  wordCount: number;
  version: number;
}

function clip(value: string, chars: number): string;
function clip(value: string | null, chars: number): string | null;
function clip(value: string | null, chars: number): string | null {
  if (value === null || typeof value !== "string") return value ?? null;
  return value.length <= chars ? value : `${value.slice(0, chars - 1)}…`;
}

/** A summary of a listed record (what the indexes copy) or of a whole one. */
export function summarize(record: IndexedRecord): ArticleSummary {
  const failure = record.failure ?? null;
  return {
    articleId: record.articleId,
    url: clip(record.url, SUMMARY_FIELD_CHARS.url),
    site: clip(record.site, SUMMARY_FIELD_CHARS.site),
    title: clip(record.title ?? null, SUMMARY_FIELD_CHARS.title),
    publishedAt: record.publishedAt ?? null,
    fetchedAt: record.fetchedAt ?? null,
    checkedAt: record.checkedAt,
    status: record.status,
    failure: failure
      ? {
          code: failure.code,
          message: clip(String(failure.message ?? ""), SUMMARY_FIELD_CHARS.failureMessage),
          attempts: failure.attempts,
          ...(failure.pageType !== undefined ? { pageType: failure.pageType } : {}),
        }
      : null,
    language: clip(record.language ?? null, SUMMARY_FIELD_CHARS.language),
    wordCount: record.wordCount,
    version: record.version,
  };
}
