/**
 * The Lambda SQS event source, emulated for local mode and the tests: long-polls the queue,
 * builds an `SQSEvent` shaped like the one AWS delivers, invokes the real ingest handler,
 * deletes the records that succeeded and leaves those in `batchItemFailures` to come back
 * after the visibility timeout — so the queue's redrive policy moves a poison message to the
 * dead-letter queue exactly as on AWS. A handler that throws fails the whole batch, and a
 * response naming an unknown message id is treated as a failed batch, as on AWS.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from "aws-lambda";

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /**
   * One handler per loop, as Lambda runs one instance (with its own extraction child) per
   * concurrent invocation: loop `i` invokes `instances[i]`, else `handler`.
   */
  instances?: ((event: SQSEvent) => Promise<SQSBatchResponse | undefined>)[];
  /** Messages per invocation (Lambda's BatchSize). */
  batchSize?: number;
  /** Invocations running at once (Lambda's maximum concurrency). */
  concurrency?: number;
  /** Long-poll wait per receive. */
  waitSeconds?: number;
  /** Called after every invocation, e.g. for progress output. */
  onBatch?: (summary: BatchSummary) => void;
  /** Called when an invocation throws (the whole batch is retried). */
  onError?: (error: unknown) => void;
}

export interface BatchSummary {
  received: number;
  deleted: number;
  failed: number;
}

export interface Poller {
  /** Resolves once the queue has no visible, in-flight or delayed message and no batch runs. */
  drained(options?: { timeoutMs?: number; pollMs?: number }): Promise<void>;
  stop(): Promise<void>;
  readonly stats: { invocations: number; received: number; deleted: number; failed: number };
}

export function startPoller(options: PollerOptions): Poller {
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? 2;
  const waitSeconds = options.waitSeconds ?? 1;
  const stats = { invocations: 0, received: 0, deleted: 0, failed: 0 };
  let running = true;
  let active = 0;
  const abort = new AbortController();

  async function loop(index: number): Promise<void> {
    const handler = options.instances?.[index] ?? options.handler;
    while (running) {
      let messages: Message[] = [];
      try {
        const response = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: waitSeconds,
            AttributeNames: ["All"],
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
          { abortSignal: abort.signal },
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await sleep(500);
        continue;
      }
      if (messages.length === 0) continue;
      active++;
      try {
        await invoke(messages, handler);
      } finally {
        active--;
      }
    }
  }

  async function invoke(messages: Message[], handler: PollerOptions["handler"]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options)) };
    stats.invocations++;
    stats.received += messages.length;
    let failedIds: Set<string>;
    try {
      const response = await handler(event);
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const known = new Set(messages.map((m) => m.MessageId));
      if ([...failedIds].some((id) => !known.has(id))) {
        failedIds = known as Set<string>; // AWS fails the whole batch on an unknown id
      }
    } catch (error) {
      options.onError?.(error);
      failedIds = new Set(messages.map((m) => m.MessageId ?? ""));
    }
    const done = messages.filter((m) => !failedIds.has(m.MessageId ?? ""));
    if (done.length > 0) {
      try {
        await options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      } catch (error) {
        // Undeleted messages come back after the visibility timeout (at-least-once, as on
        // AWS); the loop must go on polling.
        options.onError?.(error);
      }
    }
    stats.deleted += done.length;
    stats.failed += messages.length - done.length;
    options.onBatch?.({
      received: messages.length,
      deleted: done.length,
      failed: messages.length - done.length,
    });
  }

  const loops = Array.from({ length: concurrency }, (_, index) => loop(index));

  return {
    stats,
    async drained({ timeoutMs = 120_000, pollMs = 250 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let quietChecks = 0;
      while (quietChecks < 2) {
        if (Date.now() > deadline) {
          throw new Error(`Queue ${options.queueUrl} was not drained within ${timeoutMs} ms`);
        }
        const attributes = await options.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrl,
            AttributeNames: [
              "ApproximateNumberOfMessages",
              "ApproximateNumberOfMessagesNotVisible",
              "ApproximateNumberOfMessagesDelayed",
            ],
          }),
        );
        const a = attributes.Attributes ?? {};
        const pending =
          Number(a.ApproximateNumberOfMessages ?? 0) +
          Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
        quietChecks = pending === 0 && active === 0 ? quietChecks + 1 : 0;
        await sleep(pollMs);
      }
    },
    async stop() {
      running = false;
      abort.abort();
      await Promise.all(loops);
    },
  };
}

function toRecord(message: Message, options: PollerOptions): SQSRecord {
  const a = message.Attributes ?? {};
  const attributes: SQSRecord["attributes"] = {
    ApproximateReceiveCount: a.ApproximateReceiveCount ?? "1",
    SentTimestamp: a.SentTimestamp ?? String(Date.now()),
    SenderId: a.SenderId ?? "local",
    ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  if (a.AWSTraceHeader) attributes.AWSTraceHeader = a.AWSTraceHeader;
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? "String",
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString("base64") }
        : {}),
    } as SQSMessageAttributes[string];
  }
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
