/**
 * `list --site SITE`: a site's stored articles by publication date, newest first, paged
 * with a cursor.
 */
import type { IndexedRecord } from "../../functions/adapters/article-table";
import type { ListOptions } from "../args";
import { type CliIo, printList } from "../output";
import { collectPages, openStore, siteName } from "../store";
import { withTarget } from "../target";

export async function listCommand(options: ListOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const { table } = openStore(target, clients, io.env);
    const site = siteName(options.site);
    const page = await collectPages(options.limit, options.cursor, (limit, cursor) =>
      table.listBySite({
        site,
        limit,
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
    printList<IndexedRecord>(io, options.format, {
      key: "articles",
      rows: page.items,
      extra: { site, ...(page.cursor ? { cursor: page.cursor } : {}) },
      columns: [
        {
          header: "Published",
          value: (r) => (r.publishedAt ?? r.fetchedAt)?.slice(0, 16).replace("T", " "),
        },
        { header: "Article id", value: (r) => r.articleId },
        { header: "Words", value: (r) => r.wordCount, align: "right" },
        { header: "Title", value: (r) => r.title, max: 70 },
      ],
      empty: `No articles stored for ${site}${options.from || options.to ? " in that date range" : ""}.`,
      footer: page.cursor
        ? `More: article-ingest list --site ${site} --cursor ${page.cursor}`
        : undefined,
    });
    return 0;
  });
}
