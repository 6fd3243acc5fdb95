/**
 * The collection as a table: one row per article (its latest record and body text), the
 * schema `article-ingest export` writes as Parquet or JSON Lines, partitioned by date
 * (`date=YYYY-MM-DD/`: the publication date, else the capture date). docs/archive.md
 * describes every column; a change of a column's name, type or meaning bumps
 * `EXPORT_SCHEMA_VERSION` (each row carries it).
 */
import type { ArticleRecord } from "./article-record";

export const EXPORT_SCHEMA_VERSION = 1;

export type ExportType = "string" | "int" | "boolean" | "timestamp" | "string[]";

export interface ExportColumn {
  name: string;
  type: ExportType;
  /** The column is never null. */
  required: boolean;
  value(record: ArticleRecord, text: string | null): unknown;
}

/** An ISO date or time as an instant (UTC); `null` when absent or not a date. */
function instant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: "schema_version", type: "int", required: true, value: () => EXPORT_SCHEMA_VERSION },
  { name: "article_id", type: "string", required: true, value: (r) => r.articleId },
  { name: "url", type: "string", required: true, value: (r) => r.url },
  { name: "canonical_url", type: "string", required: false, value: (r) => r.canonicalUrl },
  { name: "site", type: "string", required: true, value: (r) => r.site },
  { name: "site_name", type: "string", required: false, value: (r) => r.siteName },
  { name: "title", type: "string", required: false, value: (r) => r.title },
  { name: "description", type: "string", required: false, value: (r) => r.description },
  { name: "authors", type: "string[]", required: true, value: (r) => r.authors },
  {
    name: "published_at",
    type: "timestamp",
    required: false,
    value: (r) => instant(r.publishedAt),
  },
  { name: "modified_at", type: "timestamp", required: false, value: (r) => instant(r.modifiedAt) },
  { name: "language", type: "string", required: false, value: (r) => r.language },
  { name: "section", type: "string", required: false, value: (r) => r.section },
  { name: "tags", type: "string[]", required: true, value: (r) => r.tags },
  { name: "image_url", type: "string", required: false, value: (r) => r.image?.url ?? null },
  {
    name: "is_accessible_for_free",
    type: "boolean",
    required: false,
    value: (r) => r.isAccessibleForFree,
  },
  { name: "word_count", type: "int", required: true, value: (r) => r.wordCount },
  { name: "text", type: "string", required: false, value: (_r, text) => text },
  { name: "status", type: "string", required: true, value: (r) => r.status },
  { name: "http_status", type: "int", required: false, value: (r) => r.httpStatus },
  { name: "fetched_at", type: "timestamp", required: false, value: (r) => instant(r.fetchedAt) },
  { name: "checked_at", type: "timestamp", required: true, value: (r) => instant(r.checkedAt) },
  {
    name: "first_seen_at",
    type: "timestamp",
    required: true,
    value: (r) => instant(r.firstSeenAt),
  },
  { name: "version", type: "int", required: true, value: (r) => r.version },
  { name: "extractor_version", type: "string", required: false, value: (r) => r.extractorVersion },
  { name: "raw_sha256", type: "string", required: false, value: (r) => r.rawSha256 },
  { name: "raw_key", type: "string", required: false, value: (r) => r.rawKey },
  { name: "article_key", type: "string", required: false, value: (r) => r.articleKey },
];

/** The partition a record's row is filed under: its publication date, else its capture date. */
export function exportDate(record: ArticleRecord): string {
  return (record.publishedAt ?? record.fetchedAt ?? record.checkedAt).slice(0, 10);
}

/** One row, as plain values (timestamps as `Date`). */
export function exportRow(record: ArticleRecord, text: string | null): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) row[column.name] = column.value(record, text) ?? null;
  return row;
}

/** A row as one JSON Lines object (timestamps as ISO 8601 UTC strings). */
export function jsonlLine(row: Record<string, unknown>): string {
  return JSON.stringify(row);
}
