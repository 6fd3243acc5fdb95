/**
 * `watch add|list|remove|pause|resume|poll`: the subscriptions the stack's discovery
 * function polls. `watch poll` runs the same poll code here (fetching from this machine,
 * through the same guard, robots.txt and the target's politeness slots) and prints what it
 * found and submitted.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { AwsClients } from "../../functions/adapters/aws-clients";
import {
  SubscriptionExistsError,
  SubscriptionTable,
} from "../../functions/adapters/subscription-table";
import { normalizeUrl } from "../../functions/core/normalize-url";
import {
  isSubscriptionId,
  newSubscription,
  type Subscription,
  subscriptionIdFor,
  subscriptionState,
} from "../../functions/core/subscription";
import { type PollResult, pollSubscription } from "../../functions/discovery/discovery-service";
import { buildDiscoveryDeps } from "../../functions/discovery/handler";
import type {
  OutputOptions,
  TargetOptions,
  WatchAddOptions,
  WatchPollOptions,
  WatchRefOptions,
} from "../args";
import { CliError } from "../cli-error";
import {
  type CliIo,
  type Column,
  printJson,
  printList,
  printNdjson,
  renderFields,
} from "../output";
import { configFor, type Target, withTarget } from "../target";

function table(target: Target, clients: AwsClients): SubscriptionTable {
  return new SubscriptionTable(clients.documents, target.tableName);
}

/** A subscription id, or the id of the URL given (a URL is watched once). */
function idOf(ref: string): string {
  if (isSubscriptionId(ref)) return ref;
  try {
    return subscriptionIdFor(normalizeUrl(ref));
  } catch (error) {
    throw new CliError(
      `"${ref}" is neither a subscription id nor a URL (${(error as Error).message})`,
      "run `article-ingest watch list` to see the ids",
    );
  }
}

function notFound(ref: string): CliError {
  return new CliError(`no subscription ${ref}`, "run `article-ingest watch list` to see the ids");
}

function every(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const time = (iso: string | undefined) => iso?.slice(0, 16).replace("T", " ");

const COLUMNS: Column<Subscription>[] = [
  { header: "ID", value: (s) => s.id },
  { header: "State", value: (s) => subscriptionState(s) },
  { header: "Every", value: (s) => every(s.intervalSeconds), align: "right" },
  { header: "Last poll", value: (s) => time(s.health.lastPollAt) },
  { header: "Last ok", value: (s) => time(s.health.lastSuccessAt) },
  { header: "URLs", value: (s) => s.urlsTotal, align: "right" },
  { header: "Last", value: (s) => s.health.urlsLastPoll, align: "right" },
  { header: "Error", value: (s) => s.health.lastError?.code },
  { header: "Tag", value: (s) => s.tag, max: 20 },
  { header: "URL", value: (s) => s.url, max: 70 },
];

function printOne(
  io: CliIo,
  format: OutputFormat,
  subscription: Subscription,
  headline: string,
): void {
  if (format === "json") {
    printJson(io, { subscription });
    return;
  }
  if (format === "ndjson") {
    printNdjson(io, [subscription]);
    return;
  }
  io.stdout.write(`${headline}\n`);
  io.stdout.write(
    renderFields([
      ["ID", subscription.id],
      ["URL", subscription.url],
      ["State", subscriptionState(subscription)],
      ["Every", every(subscription.intervalSeconds)],
      ["Tag", subscription.tag],
      ["Since", subscription.since],
      ["Next poll", subscription.paused ? undefined : subscription.nextPollAt],
    ]),
  );
}

type OutputFormat = OutputOptions["format"];

export async function watchAddCommand(options: WatchAddOptions, io: CliIo): Promise<number> {
  let url: string;
  try {
    url = normalizeUrl(options.url);
  } catch (error) {
    throw new CliError(
      `cannot watch ${options.url}: ${(error as Error).message}`,
      "give an absolute http(s) URL",
    );
  }
  const subscription = newSubscription({
    url,
    now: io.now(),
    ...(options.intervalSeconds !== undefined ? { intervalSeconds: options.intervalSeconds } : {}),
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  });
  return withTarget(options.target, async (target, clients) => {
    try {
      await table(target, clients).create(subscription);
    } catch (error) {
      if (error instanceof SubscriptionExistsError) {
        throw new CliError(
          error.message,
          `remove it first with \`article-ingest watch remove ${error.subscription.id}\``,
        );
      }
      throw error;
    }
    printOne(
      io,
      options.format,
      subscription,
      `Watching ${url} (polled within a minute, then every ${every(subscription.intervalSeconds)}).`,
    );
    return 0;
  });
}

export async function watchListCommand(
  options: TargetOptions & OutputOptions,
  io: CliIo,
): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const rows = await table(target, clients).list();
    printList(io, options.format, {
      key: "subscriptions",
      rows,
      columns: COLUMNS,
      empty: "No subscriptions. Add one with `article-ingest watch add URL`.",
    });
    return 0;
  });
}

export async function watchRemoveCommand(options: WatchRefOptions, io: CliIo): Promise<number> {
  const id = idOf(options.ref);
  return withTarget(options.target, async (target, clients) => {
    if (!(await table(target, clients).remove(id))) throw notFound(options.ref);
    if (options.format === "table") io.stdout.write(`Removed subscription ${id}.\n`);
    else if (options.format === "json") printJson(io, { removed: id });
    else printNdjson(io, [{ removed: id }]);
    return 0;
  });
}

export async function watchPauseCommand(
  options: WatchRefOptions,
  io: CliIo,
  paused: boolean,
): Promise<number> {
  const id = idOf(options.ref);
  return withTarget(options.target, async (target, clients) => {
    const updated = await table(target, clients).setPaused(id, paused, io.now());
    if (!updated) throw notFound(options.ref);
    printOne(
      io,
      options.format,
      updated,
      paused ? `Paused ${updated.url}.` : `Resumed ${updated.url}; it is polled within a minute.`,
    );
    return 0;
  });
}

export async function watchPollCommand(options: WatchPollOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const config = configFor(target, io.env);
    const deps = buildDiscoveryDeps(
      config,
      { logger: new Logger({ logLevel: "SILENT" }), metrics: new Metrics({ namespace: "cli" }) },
      clients,
    );
    const subscriptions = table(target, clients);
    let ids: string[];
    if (options.scope.kind === "all") {
      ids = (await subscriptions.list()).filter((s) => !s.paused).map((s) => s.id);
    } else {
      const id = idOf(options.scope.ref);
      if (!(await subscriptions.get(id))) throw notFound(options.scope.ref);
      ids = [id];
    }
    const results: PollResult[] = [];
    for (const id of ids) {
      const result = await pollSubscription(id, deps.discovery);
      results.push(result);
      if (options.format === "ndjson") printNdjson(io, [result]);
      if (options.format === "table") printPoll(io, result);
    }
    if (options.format === "json") printJson(io, { polls: results });
    if (options.format === "table" && results.length === 0)
      io.stdout.write("No active subscriptions.\n");
    return results.some((r) => r.status === "failed") ? 1 : 0;
  });
}

function printPoll(io: CliIo, result: PollResult): void {
  const what =
    result.status === "failed"
      ? `failed: ${result.error?.code}: ${result.error?.message}`
      : result.status === "not-modified"
        ? "not modified (304)"
        : result.status === "throttled"
          ? `host busy; try again in ${Math.ceil((result.retryAfterMs ?? 1000) / 1000)} s`
          : result.status === "skipped"
            ? "paused or removed"
            : `${result.found} entries, ${result.submitted.length} new submitted, ${result.alreadySeen} seen before${result.older ? `, ${result.older} older than since` : ""}`;
  io.stdout.write(`${result.subscriptionId}  ${result.url}: ${what}\n`);
  for (const url of result.submitted) io.stdout.write(`  + ${url}\n`);
  for (const p of result.problems.filter((p) => p.url !== result.url)) {
    io.stderr.write(`  ! ${p.code}: ${p.reason}\n`);
  }
}
