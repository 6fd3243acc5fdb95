/**
 * `stats`: how much waits in the ingest queue and the dead-letter queue, how many records
 * were checked today by status, and the last week's failures by code. Every count comes
 * from a Query on an index (no table scan); counts that hit the cap are shown as "N+".
 */
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DEFAULT_FAILURE_WINDOW_DAYS } from "../../functions/core/failure-window";
import type { StatsOptions } from "../args";
import { type CliIo, printJson, printNdjson, renderFields } from "../output";
import { collectPages, openStore, type Store } from "../store";
import { type Target, withTarget } from "../target";

/** Most failure records counted; beyond it the counts are lower bounds. */
const MAX_FAILURES_COUNTED = 2000;
/** The recent index is read through `listRecent`, which returns at most this many. */
const MAX_RECENT_COUNTED = 100;

export interface StoreStats {
  /** Records checked today (UTC), by status. */
  checkedToday: Record<string, number>;
  checkedTodayCapped: boolean;
  failuresSince: string;
  /** Failed and skipped records since `failuresSince`, by failure code. */
  failuresByCode: Record<string, number>;
  failuresCapped: boolean;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

async function storeStats(store: Store, now: Date): Promise<StoreStats> {
  const failuresSince = new Date(
    now.getTime() - DEFAULT_FAILURE_WINDOW_DAYS * 86_400_000,
  ).toISOString();
  const [recent, failures] = await Promise.all([
    store.table.listRecent(now.toISOString().slice(0, 10), MAX_RECENT_COUNTED),
    collectPages(MAX_FAILURES_COUNTED, undefined, (limit, cursor) =>
      store.table.listFailures({
        since: failuresSince,
        until: now.toISOString(),
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    ),
  ]);
  return {
    checkedToday: countBy(recent, (r) => r.status),
    checkedTodayCapped: recent.length >= MAX_RECENT_COUNTED,
    failuresSince,
    failuresByCode: countBy(failures.items, (r) => r.failure?.code ?? "unknown"),
    failuresCapped: failures.cursor !== undefined,
  };
}

function counts(map: Record<string, number>, capped: boolean): string {
  const entries = Object.entries(map).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return "none";
  return entries.map(([k, n]) => `${k} ${n}${capped ? "+" : ""}`).join(", ");
}

export interface QueueStats {
  /** Waiting to be received. */
  waiting: number;
  /** Received and being processed (or about to come back). */
  inFlight: number;
  delayed: number;
}

async function queueStats(sqs: SQSClient, queueUrl: string): Promise<QueueStats> {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  const a = answer.Attributes ?? {};
  return {
    waiting: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

function render(label: string, stats: Awaited<ReturnType<typeof collect>>): string {
  const { queue, deadLetterQueue, store } = stats;
  const dead = deadLetterQueue.waiting + deadLetterQueue.inFlight;
  return renderFields([
    ["Target", label],
    [
      "Ingest queue",
      `${queue.waiting} waiting, ${queue.inFlight} in flight, ${queue.delayed} delayed`,
    ],
    [
      "Dead-letter queue",
      `${dead} message(s)${dead > 0 ? ' (see "article-ingest dlq list")' : ""}`,
    ],
    ["Checked today", counts(store.checkedToday, store.checkedTodayCapped)],
    [
      `Failures (${DEFAULT_FAILURE_WINDOW_DAYS} days)`,
      counts(store.failuresByCode, store.failuresCapped),
    ],
  ]);
}

async function collect(sqs: SQSClient, target: Target, store: Store, now: Date) {
  const [queue, deadLetterQueue, counted] = await Promise.all([
    queueStats(sqs, target.queueUrl),
    queueStats(sqs, target.deadLetterQueueUrl),
    storeStats(store, now),
  ]);
  return { queue, deadLetterQueue, store: counted };
}

export async function statsCommand(
  options: StatsOptions,
  io: CliIo,
  /** With --watch: resolves when watching should stop; Ctrl-C by default. */
  untilStopped?: Promise<void>,
): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    if (options.watchSeconds === undefined) {
      const stats = {
        target: target.label,
        ...(await collect(clients.sqs, target, store, io.now())),
      };
      if (options.format === "json") printJson(io, stats);
      else if (options.format === "ndjson") printNdjson(io, [stats]);
      else io.stdout.write(render(target.label, stats));
      return 0;
    }
    const stop =
      untilStopped ??
      new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
      });
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    while (!stopped) {
      const at = io.now();
      const stats = {
        at: at.toISOString(),
        target: target.label,
        ...(await collect(clients.sqs, target, store, at)),
      };
      if (options.format === "ndjson") printNdjson(io, [stats]);
      else {
        // On a terminal, redraw in place; in a log, append.
        if (io.interactive) io.stdout.write("\x1b[H\x1b[2J");
        io.stdout.write(
          `${stats.at}  (every ${options.watchSeconds} s, Ctrl-C to stop)\n${render(target.label, stats)}\n`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        stop,
        new Promise((resolve) => {
          timer = setTimeout(resolve, (options.watchSeconds ?? 5) * 1000);
        }),
      ]);
      clearTimeout(timer);
    }
    return 0;
  });
}
