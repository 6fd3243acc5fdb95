/**
 * `dlq list` shows what waits in the dead-letter queue; `dlq redrive` moves messages back to
 * the ingest queue: all of them through SQS's message move task where the service has it
 * (falling back to receive, send, delete), or the given message ids.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { parseQueueMessage } from "../../functions/core/queue-message";
import type { DlqListOptions, DlqRedriveOptions } from "../args";
import { CliError } from "../cli-error";
import { type CliIo, printJson, printList, printNdjson } from "../output";
import { type Target, withTarget } from "../target";

export interface DeadLetter {
  messageId: string;
  /** ISO time the message was first sent. */
  sentAt: string | null;
  /** Receives so far (in the ingest queue and here). */
  receiveCount: number;
  url: string | null;
  tag: string | null;
  /** Why the body cannot be ingested, when it cannot. */
  problem: string | null;
  body: string;
}

/** The one SQS client method used here (a narrow type lets tests pass a fake). */
type Sqs = Pick<SQSClient, "send">;

/** Seconds a listed message stays hidden while we page through the queue. */
const PEEK_VISIBILITY_SECONDS = 30;
/** Seconds a message being moved stays hidden (it comes back if the move fails). */
const MOVE_VISIBILITY_SECONDS = 120;

function describe(message: Message): DeadLetter {
  const body = message.Body ?? "";
  const sent = Number(message.Attributes?.SentTimestamp);
  let url: string | null = null;
  let tag: string | null = null;
  let problem: string | null = null;
  try {
    const parsed = parseQueueMessage(body);
    if (parsed.kind === "ingest") {
      url = parsed.url;
      tag = parsed.tag ?? null;
    } else {
      url = `reprocess ${parsed.articleId}`;
    }
  } catch (error) {
    problem = (error as Error).message;
  }
  return {
    messageId: message.MessageId ?? "",
    sentAt: Number.isFinite(sent) ? new Date(sent).toISOString() : null,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    url,
    tag,
    problem,
    body,
  };
}

async function receive(sqs: Sqs, queueUrl: string, visibilityTimeout: number): Promise<Message[]> {
  const answer = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: visibilityTimeout,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
  );
  return answer.Messages ?? [];
}

/** Makes received messages visible again right away. */
async function release(sqs: Sqs, queueUrl: string, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, j) => ({
          Id: String(j),
          ReceiptHandle: m.ReceiptHandle ?? "",
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

/** Sends messages to the ingest queue and deletes from the DLQ the ones that arrived. */
async function move(sqs: Sqs, target: Target, messages: Message[]): Promise<number> {
  let moved = 0;
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: target.queueUrl,
        Entries: batch.map((m, j) => ({
          Id: String(j),
          MessageBody: m.Body ?? "",
          ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length > 0
            ? { MessageAttributes: m.MessageAttributes }
            : {}),
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const toDelete = batch.filter((_, j) => ok.has(String(j)));
    if (toDelete.length === 0) continue;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: target.deadLetterQueueUrl,
        Entries: toDelete.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? "" })),
      }),
    );
    moved += toDelete.length;
  }
  return moved;
}

export async function dlqListCommand(options: DlqListOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, { sqs }) => {
    const seen = new Map<string, Message>();
    try {
      while (seen.size < options.limit) {
        const messages = await receive(sqs, target.deadLetterQueueUrl, PEEK_VISIBILITY_SECONDS);
        const fresh = messages.filter((m) => !seen.has(m.MessageId ?? ""));
        if (fresh.length === 0) break;
        for (const m of fresh) seen.set(m.MessageId ?? "", m);
      }
    } finally {
      await release(sqs, target.deadLetterQueueUrl, [...seen.values()]);
    }
    const letters = [...seen.values()].slice(0, options.limit).map(describe);
    const depth = await queueDepth(sqs, target.deadLetterQueueUrl);
    printList(io, options.format, {
      key: "messages",
      rows: letters,
      extra: { queueUrl: target.deadLetterQueueUrl, approximateDepth: depth },
      columns: [
        { header: "Message id", value: (r) => r.messageId },
        { header: "Sent", value: (r) => r.sentAt?.replace(/\.\d+Z$/, "Z") },
        { header: "Receives", value: (r) => r.receiveCount, align: "right" },
        { header: "URL", value: (r) => r.url ?? `(bad message) ${r.problem ?? ""}`, max: 90 },
      ],
      empty: "The dead-letter queue is empty.",
      footer:
        letters.length > 0
          ? `${letters.length} shown of about ${Math.max(depth, letters.length)}. Move them back with "article-ingest dlq redrive --all".`
          : undefined,
    });
    return 0;
  });
}

async function queueDepth(sqs: Sqs, queueUrl: string): Promise<number> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function queueArn(sqs: Sqs, queueUrl: string): Promise<string> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new CliError(`queue ${queueUrl} reports no ARN`);
  return arn;
}

/** True when the service does not implement the message move task (e.g. a local stand-in). */
function isUnsupported(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? "";
  const message = (error as { message?: string }).message ?? "";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    /UnknownOperation|InvalidAction|UnsupportedOperation|NotImplemented|UnknownAction/i.test(
      `${name} ${message}`,
    ) ||
    status === 404 ||
    status === 501
  );
}

export interface RedriveResult {
  method: "move-task" | "receive-send-delete";
  moved: number;
  notFound: string[];
  taskHandle?: string;
}

/** Polls a move task until it ends; returns the messages it moved. */
async function waitForMoveTask(
  sqs: Sqs,
  sourceArn: string,
  taskHandle: string,
  io: CliIo,
  pollMs: number,
): Promise<number> {
  for (;;) {
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }));
    const task =
      (tasks.Results ?? []).find((t) => t.TaskHandle === taskHandle) ?? tasks.Results?.[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    if (task === undefined || task.Status !== "RUNNING") {
      if (task?.Status === "FAILED") {
        throw new CliError(
          `the message move task failed after moving ${moved} messages: ${task.FailureReason ?? "no reason given"}`,
          "run the command again; messages not moved are still in the dead-letter queue",
        );
      }
      return moved;
    }
    if (io.interactive)
      io.stderr.write(`\rmoved ${moved} of ~${task.ApproximateNumberOfMessagesToMove ?? "?"}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** How often a running move task is polled. */
const MOVE_TASK_POLL_MS = 2000;

/**
 * Moves every dead letter back: through a message move task where the service has one,
 * else by receiving, re-sending and deleting. Exported for tests of the move-task path.
 */
export async function redriveAll(
  sqs: Sqs,
  target: Target,
  io: CliIo,
  pollMs = MOVE_TASK_POLL_MS,
): Promise<RedriveResult> {
  const sourceArn = await queueArn(sqs, target.deadLetterQueueUrl);
  const destinationArn = await queueArn(sqs, target.queueUrl);
  try {
    const task = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
    );
    const taskHandle = task.TaskHandle ?? "";
    const moved = await waitForMoveTask(sqs, sourceArn, taskHandle, io, pollMs);
    return { method: "move-task", moved, notFound: [], taskHandle };
  } catch (error) {
    if (error instanceof CliError || !isUnsupported(error)) throw error;
  }
  let moved = 0;
  for (;;) {
    const messages = await receive(sqs, target.deadLetterQueueUrl, MOVE_VISIBILITY_SECONDS);
    if (messages.length === 0) break;
    moved += await move(sqs, target, messages);
  }
  return { method: "receive-send-delete", moved, notFound: [] };
}

async function redriveIds(sqs: Sqs, target: Target, ids: string[]): Promise<RedriveResult> {
  const wanted = new Set(ids);
  const passedOver: Message[] = [];
  let moved = 0;
  try {
    while (wanted.size > 0) {
      const messages = await receive(sqs, target.deadLetterQueueUrl, MOVE_VISIBILITY_SECONDS);
      if (messages.length === 0) break;
      const matching = messages.filter((m) => wanted.has(m.MessageId ?? ""));
      passedOver.push(...messages.filter((m) => !wanted.has(m.MessageId ?? "")));
      for (const m of matching) wanted.delete(m.MessageId ?? "");
      moved += await move(sqs, target, matching);
    }
  } finally {
    await release(sqs, target.deadLetterQueueUrl, passedOver);
  }
  return { method: "receive-send-delete", moved, notFound: [...wanted] };
}

export async function dlqRedriveCommand(options: DlqRedriveOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, { sqs }) => {
    const result =
      options.scope.kind === "all"
        ? await redriveAll(sqs, target, io)
        : await redriveIds(sqs, target, options.scope.ids);
    if (options.format === "json") {
      printJson(io, { ...result, queueUrl: target.queueUrl });
    } else if (options.format === "ndjson") {
      printNdjson(io, [{ ...result, queueUrl: target.queueUrl }]);
    } else {
      const how = result.method === "move-task" ? "SQS message move task" : "receive, send, delete";
      io.stdout.write(
        `Moved ${result.moved} message${result.moved === 1 ? "" : "s"} back to the ingest queue (${how}).\n`,
      );
      for (const id of result.notFound) {
        io.stderr.write(`not found in the dead-letter queue: ${id}\n`);
      }
    }
    return result.notFound.length > 0 ? 1 : 0;
  });
}
