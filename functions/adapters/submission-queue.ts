/**
 * The submission queue: sends messages in batches of 10 (retrying the entries SQS refused)
 * and re-enqueues a URL with a delay when politeness asks us to wait.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { awsError } from "../core/errors";
import type { SubmissionQueuePort } from "../ingest/ports";

/** SQS caps DelaySeconds at 15 minutes. */
export const MAX_DELAY_SECONDS = 900;
export const SQS_BATCH_SIZE = 10;
const BATCH_ATTEMPTS = 4;

export interface SendResult {
  sent: number;
  /** Bodies SQS still refused after retries, with its reason. */
  failed: { body: string; reason: string }[];
}

export class SubmissionQueue implements SubmissionQueuePort {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async sendDelayed(body: string, delayMs: number): Promise<void> {
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: body,
          DelaySeconds: delaySeconds,
        }),
      );
    } catch (error) {
      throw awsError(error, `SQS SendMessage re-enqueuing to ${this.queueUrl}`);
    }
  }

  /**
   * Sends bodies in batches of 10; entries SQS refuses with a retryable (sender-fault-free)
   * error are retried with backoff, and what still fails is returned, never dropped silently.
   */
  async sendAll(
    bodies: string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<SendResult> {
    const result: SendResult = { sent: 0, failed: [] };
    for (let start = 0; start < bodies.length; start += SQS_BATCH_SIZE) {
      let pending = bodies
        .slice(start, start + SQS_BATCH_SIZE)
        .map((body, i) => ({ id: String(start + i), body }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        let response: SendMessageBatchCommandOutput;
        try {
          response = await this.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: pending.map((entry) => ({ Id: entry.id, MessageBody: entry.body })),
            }),
          );
        } catch (error) {
          if (attempt >= BATCH_ATTEMPTS) {
            const reason = (error as Error).message;
            for (const entry of pending) result.failed.push({ body: entry.body, reason });
            break;
          }
          await this.sleep(200 * 2 ** attempt);
          continue;
        }
        const failed = new Map((response.Failed ?? []).map((f) => [f.Id ?? "", f]));
        result.sent += pending.length - failed.size;
        const retry = [];
        for (const entry of pending) {
          const failure = failed.get(entry.id);
          if (!failure) continue;
          if (failure.SenderFault || attempt >= BATCH_ATTEMPTS) {
            result.failed.push({
              body: entry.body,
              reason: `${failure.Code ?? "Failed"}: ${failure.Message ?? ""}`.trim(),
            });
          } else {
            retry.push(entry);
          }
        }
        pending = retry;
        if (pending.length > 0) await this.sleep(200 * 2 ** attempt);
      }
      onProgress?.(Math.min(start + SQS_BATCH_SIZE, bodies.length), bodies.length);
    }
    return result;
  }
}
