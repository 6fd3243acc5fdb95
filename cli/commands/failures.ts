/**
 * `failures [--since DATE] [--code CODE]`: failed and skipped records with their reasons,
 * newest first (the last DEFAULT_FAILURE_WINDOW_DAYS days unless --since says otherwise).
 */
import type { IndexedRecord } from "../../functions/adapters/article-table";
import { DEFAULT_FAILURE_WINDOW_DAYS } from "../../functions/core/failure-window";
import type { FailuresOptions } from "../args";
import { type CliIo, printList } from "../output";
import { collectPages, openStore } from "../store";
import { withTarget } from "../target";
import { pageKindOf } from "./get";

export async function failuresCommand(options: FailuresOptions, io: CliIo): Promise<number> {
  const now = io.now();
  const since =
    options.since ??
    new Date(now.getTime() - DEFAULT_FAILURE_WINDOW_DAYS * 86_400_000).toISOString();
  return withTarget(options.target, async (target, clients) => {
    const { table } = openStore(target, clients, io.env);
    const page = await collectPages(options.limit, options.cursor, (limit, cursor) =>
      table.listFailures({
        since,
        until: now.toISOString(),
        limit,
        ...(options.code ? { code: options.code } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
    printList<IndexedRecord>(io, options.format, {
      key: "failures",
      rows: page.items,
      extra: {
        since,
        ...(options.code ? { code: options.code } : {}),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      },
      columns: [
        { header: "Checked", value: (r) => r.checkedAt.slice(0, 19).replace("T", " ") },
        { header: "Status", value: (r) => r.status },
        { header: "Code", value: (r) => r.failure?.code },
        { header: "Kind", value: (r) => pageKindOf(r) },
        { header: "URL", value: (r) => r.url, max: 60 },
        { header: "Reason", value: (r) => r.failure?.message, max: 80 },
      ],
      empty: `No failures since ${since}${options.code ? ` with code ${options.code}` : ""}.`,
      footer: page.cursor
        ? `More: article-ingest failures${options.code ? ` --code ${options.code}` : ""} --cursor ${page.cursor}`
        : undefined,
    });
    return 0;
  });
}
