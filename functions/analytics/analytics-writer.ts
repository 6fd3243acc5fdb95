/**
 * The analytics copy (ANALYTICS_DEFINITION): every 15 minutes, the records checked in the
 * slots before the current one as one Parquet file per slot, in the export schema
 * (functions/core/export-schema.ts) with their body text, under
 * `analytics/articles/ingest_date=YYYY-MM-DD/<slot start>.parquet`. A slot's file is
 * rewritten whole (same key) by the next run too, so a failed run is made good and a retry
 * writes no duplicate. A record appears once per slot in which it was checked: the newest
 * row of an article (greatest `checked_at`) is its current state.
 */
import type { AnalyticsObjects } from "../adapters/analytics-objects";
import type { ArticleTable } from "../adapters/article-table";
import { parquetFile } from "../adapters/parquet-table";
import type { S3Archive } from "../adapters/s3-archive";
import type { ArticleRecord } from "../core/article-record";
import { IngestError } from "../core/errors";
import { exportRow } from "../core/export-schema";
import { ANALYTICS_DEFINITION } from "../shared/resources";

export interface AnalyticsDeps {
  table: Pick<ArticleTable, "listRecentPage" | "fullRecords">;
  archive: Pick<S3Archive, "getDocument">;
  objects: Pick<AnalyticsObjects, "putParquet">;
  now: () => Date;
}

export interface SlotWritten {
  key: string;
  from: string;
  to: string;
  rows: number;
}

const SLOT_MS = ANALYTICS_DEFINITION.slotMinutes * 60_000;

/** The slots a run at `now` writes: the `slotsPerRun` whole slots before the current one. */
export function slotsBefore(now: Date): { from: string; to: string }[] {
  const current = Math.floor(now.getTime() / SLOT_MS) * SLOT_MS;
  return Array.from({ length: ANALYTICS_DEFINITION.slotsPerRun }, (_, i) => {
    const start = current - (i + 1) * SLOT_MS;
    return {
      from: new Date(start).toISOString(),
      to: new Date(start + SLOT_MS).toISOString(),
    };
  }).reverse();
}

export function slotKey(from: string): string {
  const stamp = from.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${ANALYTICS_DEFINITION.prefix}${ANALYTICS_DEFINITION.partitionKey}=${from.slice(0, 10)}/${stamp}.parquet`;
}

/**
 * The latest records whose last check is in [from, to) (one UTC day): the day's recent
 * index pages, newest first, until a page reaches back before `from`. At most
 * `maxRowsPerSlot`; more fails the run (EventBridge retries it) rather than cutting a slot.
 */
async function checkedBetween(
  table: AnalyticsDeps["table"],
  from: string,
  to: string,
): Promise<ArticleRecord[]> {
  const records: ArticleRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.listRecentPage({
      day: from.slice(0, 10),
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    // The index copies only the listing fields: the rows need the whole records.
    const inSlot = page.items.filter((r) => r.checkedAt >= from && r.checkedAt < to);
    records.push(...(await table.fullRecords(inSlot)));
    if (records.length > ANALYTICS_DEFINITION.maxRowsPerSlot) {
      throw new IngestError(
        "internal",
        `More than ${ANALYTICS_DEFINITION.maxRowsPerSlot} records were checked between ${from} and ${to}`,
      );
    }
    const oldest = page.items.at(-1)?.checkedAt;
    cursor = oldest !== undefined && oldest < from ? undefined : page.cursor;
  } while (cursor);
  return records;
}

/** Writes the slots before now; an empty slot writes no file. */
export async function writeAnalytics(deps: AnalyticsDeps): Promise<SlotWritten[]> {
  const written: SlotWritten[] = [];
  for (const slot of slotsBefore(deps.now())) {
    const records = await checkedBetween(deps.table, slot.from, slot.to);
    if (records.length === 0) continue;
    const rows = [];
    for (const record of records) {
      const document = record.status === "ok" ? await deps.archive.getDocument(record) : null;
      rows.push(exportRow(record, document?.text ?? null));
    }
    const key = slotKey(slot.from);
    await deps.objects.putParquet(key, parquetFile(rows));
    written.push({ key, ...slot, rows: rows.length });
  }
  return written;
}
