/**
 * `diff URL|ID [--from N] [--to M]`: what changed between two versions (fields and a unified
 * diff of the body text). `timemap URL|ID`: the Memento TimeMap of the article's captures.
 */
import type { ArticleRecord } from "../../functions/core/article-record";
import { defaultDiffPair, diffVersions, timeMap } from "../../functions/core/history";
import type { DiffOptions, TimeMapOptions } from "../args";
import { CliError } from "../cli-error";
import { type CliIo, printJson, printNdjson, terminalText } from "../output";
import { openStore } from "../store";
import { withTarget } from "../target";
import { findRecord, findVersion } from "./get";

function shown(value: unknown): string {
  if (value === null || value === undefined) return "-";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export async function diffCommand(options: DiffOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const latest = await findRecord(store, options.ref);
    const id = latest.articleId;
    const versions = (await store.table.listVersions(id)).map((v) => v.record);
    const asked = {
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
    };
    const pair = defaultDiffPair(versions, latest.version, asked);
    if (!pair) {
      throw new CliError(
        `article ${id} has no earlier capture to compare version ${options.to ?? latest.version} with`,
        "give --from N (see `article-ingest get URL --versions`)",
      );
    }
    const from: ArticleRecord = await findVersion(store, latest, pair.from);
    const to: ArticleRecord = await findVersion(store, latest, pair.to);
    const [a, b] = await Promise.all([
      store.archive.getDocument(from),
      store.archive.getDocument(to),
    ]);
    const diff = diffVersions(from, to, a?.text ?? null, b?.text ?? null);
    if (options.format === "json") {
      printJson(io, { articleId: id, ...diff });
      return 0;
    }
    if (options.format === "ndjson") {
      printNdjson(io, [{ articleId: id, ...diff }]);
      return 0;
    }
    const lines = [
      `Article ${id}: version ${from.version} (${from.fetchedAt ?? "-"}) → version ${to.version} (${to.fetchedAt ?? "-"})`,
    ];
    if (diff.changedFields.length === 0) lines.push("No versioned field changed.");
    else lines.push(`Changed: ${diff.changedFields.join(", ")}`);
    for (const change of diff.fields) {
      lines.push(`  ${change.field}: ${shown(change.from)} → ${shown(change.to)}`);
    }
    if (diff.textNote) lines.push(`Text: ${diff.textNote}`);
    io.stdout.write(`${terminalText(lines.join("\n"))}\n`);
    if (diff.textDiff) io.stdout.write(`\n${terminalText(diff.textDiff)}`);
    return 0;
  });
}

export async function timeMapCommand(options: TimeMapOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const latest = await findRecord(store, options.ref);
    const id = latest.articleId;
    const base = (target.apiUrl ?? "").replace(/\/+$/, "");
    const mementos = (await store.table.listVersions(id))
      .map((v) => v.record)
      .filter((r) => r.fetchedAt !== null)
      .map((r) => ({
        uri: `${base}/articles/${id}/content?version=${r.version}&format=html`,
        datetime: r.fetchedAt as string,
      }));
    io.stdout.write(
      terminalText(
        timeMap(latest.url, `${base}/timemap?url=${encodeURIComponent(latest.url)}`, mementos),
      ),
    );
    return 0;
  });
}
