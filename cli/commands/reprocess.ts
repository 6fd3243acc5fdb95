/**
 * `reprocess --site SITE | --all`: asks the pipeline to re-run extraction on the stored raw
 * copies (no new fetch), e.g. after an extractor upgrade. Enqueues one
 * `{"reprocess": articleId}` message per article. `--all` scans the whole table.
 */
import { SubmissionQueue } from "../../functions/adapters/submission-queue";
import { safeLine } from "../../functions/core/safe-text";
import type { ReprocessOptions } from "../args";
import { type CliIo, printJson, printNdjson } from "../output";
import { openStore, type Store, siteName } from "../store";
import { createProgress } from "../submit/progress";
import { withTarget } from "../target";

/** Articles of one site, read page by page through the by-site index. */
async function* siteArticleIds(store: Store, site: string): AsyncGenerator<string[]> {
  let cursor: string | undefined;
  do {
    const page = await store.table.listBySite({ site, limit: 100, ...(cursor ? { cursor } : {}) });
    if (page.items.length > 0) yield page.items.map((r) => r.articleId);
    cursor = page.cursor;
  } while (cursor);
}

export async function reprocessCommand(options: ReprocessOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const ids = new Set<string>();
    const pages =
      options.scope.kind === "site"
        ? siteArticleIds(store, siteName(options.scope.site))
        : store.table.scanArticleIds("ok");
    for await (const page of pages) for (const id of page) ids.add(id);

    let sent = 0;
    let failed: { body: string; reason: string }[] = [];
    if (!options.dryRun && ids.size > 0) {
      const bodies = [...ids].map((id) => JSON.stringify({ reprocess: id }));
      const progress = createProgress(io, bodies.length, "enqueuing");
      const result = await new SubmissionQueue(clients.sqs, target.queueUrl).sendAll(
        bodies,
        (done) => progress.update(done),
      );
      progress.finish();
      sent = result.sent;
      failed = result.failed;
    }
    const scope =
      options.scope.kind === "site" ? `site ${siteName(options.scope.site)}` : "all sites";
    const summary = {
      scope: options.scope,
      articles: ids.size,
      enqueued: sent,
      dryRun: options.dryRun,
      failed,
    };
    if (options.format === "json") printJson(io, summary);
    else if (options.format === "ndjson") printNdjson(io, [summary]);
    else {
      for (const f of failed)
        io.stderr.write(`failed: ${safeLine(f.body)}: ${safeLine(f.reason)}\n`);
      io.stdout.write(
        options.dryRun
          ? `${ids.size} article(s) of ${scope} would be reprocessed (dry run).\n`
          : ids.size === 0
            ? `No stored articles for ${scope}; nothing to reprocess.\n`
            : `Enqueued ${sent} of ${ids.size} article(s) of ${scope} for reprocessing.\n`,
      );
    }
    return failed.length > 0 ? 1 : 0;
  });
}
