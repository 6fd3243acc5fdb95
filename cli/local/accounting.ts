/**
 * The accounting invariant (DESIGN.md "Retry semantics"): every submitted URL ends as
 * exactly one `ok` record, one `failed`/`skipped` record with a reason, or one message in
 * the dead-letter queue — none missing, none twice, and nothing left in the queue.
 *
 * Submissions are keyed the way the pipeline keys them: a message that parses names a URL,
 * found through `ArticleTable.getByUrl(normalizeUrl(url))`, or, when the URL does not
 * normalize, under `articleIdFor(url.trim().slice(0, 2048))` (`recordableUrl` in ingest-decision);
 * a message that does not parse can only end in the dead-letter queue and is matched there
 * by its body. Dead-letter messages are read with ReceiveMessage (hidden for `holdSeconds`,
 * not deleted), so calling this twice within that window sees an empty DLQ the second time.
 * Used by the fault tests and the load script; the result prints as text for both.
 */
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { ArticleTable } from "../../functions/adapters/article-table";
import type { ArticleRecord } from "../../functions/core/article-record";
import { articleIdFor, normalizeUrl } from "../../functions/core/normalize-url";
import { parseQueueMessage } from "../../functions/core/queue-message";

export type Ending = "ok" | "failed" | "skipped" | "dead-letter";

export interface AccountingInput {
  /** Message bodies as submitted; two equal bodies (or two spellings of one URL) are one URL. */
  bodies: string[];
  table: ArticleTable;
  sqs: SQSClient;
  deadLetterQueueUrl: string;
  /** When given, messages still in this queue (visible, in flight or delayed) are a problem. */
  queueUrl?: string;
  /** How long the dead-letter messages read stay hidden (default 60 s). */
  holdSeconds?: number;
  /** Parallel table look-ups (default 16). */
  concurrency?: number;
}

export interface AccountedUrl {
  key: string;
  endings: Ending[];
  record: ArticleRecord | null;
}

export interface AccountingResult {
  holds: boolean;
  /** Distinct submissions (URLs or unparseable bodies). */
  submitted: number;
  counts: Record<Ending, number>;
  /** Failure codes of failed/skipped records and dead-letter messages (`dead-letter` as code). */
  codes: Record<string, number>;
  problems: string[];
  /** Per distinct submission, in the order first submitted. */
  urls: AccountedUrl[];
  /** Dead-letter message bodies read. */
  deadLetters: string[];
}

/** The key a message body is accounted under: its URL's identity, or the body itself. */
export function accountingKey(body: string): string {
  let url: string;
  try {
    const message = parseQueueMessage(body);
    if (message.kind !== "ingest") return `reprocess:${message.articleId}`;
    url = message.url;
  } catch {
    return `body:${body}`;
  }
  try {
    return `url:${normalizeUrl(url)}`;
  } catch {
    return `raw:${url.trim().slice(0, 2048)}`;
  }
}

export async function checkAccounting(input: AccountingInput): Promise<AccountingResult> {
  const problems: string[] = [];
  const keys = [...new Set(input.bodies.map(accountingKey))];
  const deadLetters = await readDeadLetters(input.sqs, input.deadLetterQueueUrl, input.holdSeconds);
  const dlqByKey = new Map<string, number>();
  for (const body of deadLetters) {
    const key = accountingKey(body);
    dlqByKey.set(key, (dlqByKey.get(key) ?? 0) + 1);
  }
  const known = new Set(keys);
  for (const [key, count] of dlqByKey) {
    if (!known.has(key))
      problems.push(`${describe(key)}: ${count} dead-letter message(s) for a URL never submitted`);
  }

  const records = await mapLimit(keys, input.concurrency ?? 16, (key) => lookUp(input.table, key));
  const counts: Record<Ending, number> = { ok: 0, failed: 0, skipped: 0, "dead-letter": 0 };
  const codes: Record<string, number> = {};
  const urls: AccountedUrl[] = keys.map((key, i) => {
    const record = records[i] ?? null;
    const endings: Ending[] = [];
    if (record) endings.push(record.status);
    for (let n = dlqByKey.get(key) ?? 0; n > 0; n--) endings.push("dead-letter");
    for (const ending of endings) counts[ending]++;
    const label = describe(key);
    if (endings.length === 0)
      problems.push(`${label}: missing (no record, no dead-letter message)`);
    if (endings.length > 1)
      problems.push(`${label}: ended ${endings.length} times (${endings.join(", ")})`);
    if (record && record.status !== "ok") {
      if (!record.failure?.code || !record.failure.message) {
        problems.push(`${label}: ${record.status} record without a reason`);
      } else {
        codes[record.failure.code] = (codes[record.failure.code] ?? 0) + 1;
      }
    }
    if (record?.status === "ok" && !record.rawKey) {
      problems.push(`${label}: ok record without a raw copy`);
    }
    if (dlqByKey.has(key))
      codes["dead-letter"] = (codes["dead-letter"] ?? 0) + (dlqByKey.get(key) ?? 0);
    return { key, endings, record };
  });

  if (input.queueUrl) {
    const left = await queueDepth(input.sqs, input.queueUrl);
    if (left > 0) problems.push(`${left} message(s) still in the queue ${input.queueUrl}`);
  }
  return {
    holds: problems.length === 0,
    submitted: keys.length,
    counts,
    codes,
    problems,
    urls,
    deadLetters,
  };
}

/** One line of counts and, when it does not hold, the first problems. */
export function formatAccounting(result: AccountingResult, maxProblems = 20): string {
  const { counts } = result;
  const summary = `${result.submitted} submitted: ${counts.ok} ok, ${counts.failed} failed, ${counts.skipped} skipped, ${counts["dead-letter"]} dead-lettered`;
  const codes = Object.entries(result.codes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}=${n}`)
    .join(" ");
  if (result.holds) return `invariant: holds (${summary}${codes ? `; ${codes}` : ""})`;
  const shown = result.problems.slice(0, maxProblems).map((p) => `  - ${p}`);
  const more = result.problems.length - shown.length;
  return [
    `invariant: BROKEN, ${result.problems.length} problem(s) (${summary})`,
    ...shown,
    ...(more > 0 ? [`  ... and ${more} more`] : []),
  ].join("\n");
}

async function lookUp(table: ArticleTable, key: string): Promise<ArticleRecord | null> {
  if (key.startsWith("url:")) return await table.getByUrl(key.slice(4));
  if (key.startsWith("raw:")) return await table.getLatest(articleIdFor(key.slice(4)));
  return null; // an unparseable body or a reprocess request leaves no record of its own
}

async function readDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  holdSeconds = 60,
): Promise<string[]> {
  const bodies = new Map<string, string>();
  let emptyReceives = 0;
  // A receive can come back empty while messages remain (SQS samples servers): ask until
  // two receives in a row find nothing and the queue reports no visible message.
  while (emptyReceives < 2) {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: holdSeconds,
        WaitTimeSeconds: 0,
      }),
    );
    const messages: Message[] = response.Messages ?? [];
    for (const m of messages) bodies.set(m.MessageId ?? String(bodies.size), m.Body ?? "");
    if (messages.length > 0) {
      emptyReceives = 0;
      continue;
    }
    const visible = await queueDepth(sqs, queueUrl, ["ApproximateNumberOfMessages"]);
    emptyReceives = visible === 0 ? emptyReceives + 1 : 0;
  }
  return [...bodies.values()];
}

/** Messages in a queue: visible, in flight and delayed unless told which. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
  names: (
    | "ApproximateNumberOfMessages"
    | "ApproximateNumberOfMessagesNotVisible"
    | "ApproximateNumberOfMessagesDelayed"
  )[] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
  ],
): Promise<number> {
  const response = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names }),
  );
  const attributes = response.Attributes ?? {};
  return names.reduce((sum, name) => sum + Number(attributes[name] ?? 0), 0);
}

/**
 * Waits until a queue has had no message (visible, in flight or delayed) for two checks in
 * a row, reading through `sqs` (a client that no fault proxy stands in front of).
 */
export async function waitForEmptyQueue(
  sqs: SQSClient,
  queueUrl: string,
  { timeoutMs = 120_000, pollMs = 300 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) {
      const left = await queueDepth(sqs, queueUrl);
      throw new Error(`Queue ${queueUrl} still holds ${left} message(s) after ${timeoutMs} ms`);
    }
    quiet = (await queueDepth(sqs, queueUrl)) === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function describe(key: string): string {
  const text = key.replace(/^(url|raw|body|reprocess):/, "");
  return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  });
  await Promise.all(workers);
  return results;
}
