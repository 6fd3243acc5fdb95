/**
 * `sweep [--older-than MINUTES] [--within-days DAYS] [--dry-run]`: deletes the shared capture objects (the
 * captures of one ingest invocation, `warc/batch/…`) that no member's record points at:
 * what a crash between the shared write and the record writes leaves (docs/reliability.md,
 * "No orphaned objects"). Objects younger than any invocation can run are never checked.
 */
import { sweepSharedCaptures } from "../../functions/ingest/capture-sweep";
import type { SweepOptions } from "../args";
import { type CliIo, printJson, printNdjson } from "../output";
import { openStore } from "../store";
import { withTarget } from "../target";

export async function sweepCommand(options: SweepOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const now = new Date();
    const report = await sweepSharedCaptures(store.archive, store.table, {
      now,
      minAgeMs: options.olderThanMinutes * 60_000,
      since: new Date(now.getTime() - options.withinDays * 24 * 3600_000),
      dryRun: options.dryRun,
    });
    const summary = { ...report, dryRun: options.dryRun };
    if (options.format === "json") printJson(io, summary);
    else if (options.format === "ndjson") printNdjson(io, [summary]);
    else {
      for (const key of report.deleted) io.stdout.write(`${key}\n`);
      io.stdout.write(
        `${options.dryRun ? "Would delete" : "Deleted"} ${report.deleted.length} of ${report.checked} shared capture object(s) older than ${options.olderThanMinutes} min and written in the last ${options.withinDays} day(s) that no record points at.\n`,
      );
    }
    return 0;
  });
}
