/**
 * `export --site S [--from D] [--to D] [--format parquet|jsonl] [--out DIR]`: a site's
 * articles (latest record and body text, `ok` records) as a table, one folder per date:
 * `DIR/date=YYYY-MM-DD/part-00000.parquet` (or `.jsonl`), in the schema of
 * functions/core/export-schema.ts (docs/archive.md). Reads the by-site index newest first,
 * so one date's rows are together: a partition is written as soon as the next date starts,
 * and memory holds one date's rows at a time.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parquetFile } from "../../functions/adapters/parquet-table";
import type { ArticleRecord } from "../../functions/core/article-record";
import { exportDate, exportRow, jsonlLine } from "../../functions/core/export-schema";
import type { ExportOptions } from "../args";
import type { CliIo } from "../output";
import { openStore, type Store, siteName } from "../store";
import { withTarget } from "../target";

/** Records read per index page. */
const PAGE = 100;

async function textOf(store: Store, record: ArticleRecord): Promise<string | null> {
  const document = await store.archive.getDocument(record);
  if (document) return document.text;
  // A record written before documents were kept per version: its one document is the latest.
  if (!record.articleKey) return null;
  try {
    return (await store.archive.getArticle<{ text?: string }>(record.articleKey)).text ?? null;
  } catch {
    return null;
  }
}

export async function exportCommand(options: ExportOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const site = siteName(options.site);
    const extension = options.exportFormat === "parquet" ? "parquet" : "jsonl";
    let rows: Record<string, unknown>[] = [];
    let date: string | null = null;
    const written: { date: string; rows: number; file: string }[] = [];
    const flush = async () => {
      if (date === null || rows.length === 0) return;
      const folder = path.join(options.out, `date=${date}`);
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `part-00000.${extension}`);
      const body =
        extension === "parquet"
          ? parquetFile(rows)
          : `${rows.map((row) => jsonlLine(row)).join("\n")}\n`;
      await writeFile(file, body);
      written.push({ date, rows: rows.length, file });
      rows = [];
    };
    let cursor: string | undefined;
    do {
      const page = await store.table.listBySite({
        site,
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      // The index copies only the listing fields: the rows need the whole records.
      for (const record of await store.table.fullRecords(page.items)) {
        const day = exportDate(record);
        if (day !== date) {
          await flush();
          date = day;
        }
        rows.push(exportRow(record, await textOf(store, record)));
      }
      cursor = page.cursor;
    } while (cursor);
    await flush();
    const total = written.reduce((sum, w) => sum + w.rows, 0);
    for (const w of written.reverse()) io.stdout.write(`${w.file}  ${w.rows} rows\n`);
    io.stdout.write(
      `${total} articles of ${site} in ${written.length} date partitions under ${options.out}\n`,
    );
    return 0;
  });
}
