/**
 * `stats`: how much waits in the ingest queue and the dead-letter queue.
 */
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { StatsOptions } from "../args";
import { type CliIo, printJson, printNdjson, renderFields } from "../output";
import { withTarget } from "../target";

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

export async function statsCommand(options: StatsOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, { sqs }) => {
    const [queue, deadLetterQueue] = await Promise.all([
      queueStats(sqs, target.queueUrl),
      queueStats(sqs, target.deadLetterQueueUrl),
    ]);
    const stats = { target: target.label, queue, deadLetterQueue };
    if (options.format === "json") {
      printJson(io, stats);
      return 0;
    }
    if (options.format === "ndjson") {
      printNdjson(io, [stats]);
      return 0;
    }
    io.stdout.write(
      renderFields([
        ["Target", target.label],
        [
          "Ingest queue",
          `${queue.waiting} waiting, ${queue.inFlight} in flight, ${queue.delayed} delayed`,
        ],
        [
          "Dead-letter queue",
          `${deadLetterQueue.waiting + deadLetterQueue.inFlight} message(s)${deadLetterQueue.waiting + deadLetterQueue.inFlight > 0 ? ' (see "article-ingest dlq list")' : ""}`,
        ],
      ]),
    );
    return 0;
  });
}
