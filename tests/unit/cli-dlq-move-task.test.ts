import { Readable } from "node:stream";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { redriveAll } from "../../cli/commands/dlq";
import type { CliIo } from "../../cli/output";
import type { Target } from "../../cli/target";

const TARGET: Target = {
  label: "prod",
  local: false,
  region: "eu-west-1",
  queueUrl: "https://sqs.eu-west-1.amazonaws.com/1/q",
  deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/1/dlq",
  tableName: "t",
  bucketName: "b",
};

const io: CliIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: Readable.from([]),
  env: {},
  interactive: false,
  now: () => new Date(),
};

/** An SQS stand-in answering by command name; records what it was asked. */
function fakeSqs(answers: Record<string, (input: Record<string, unknown>) => unknown>) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const sqs = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name;
      calls.push({ name, input: command.input });
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(command.input);
    },
  } as unknown as Pick<SQSClient, "send">;
  return { sqs, calls };
}

const arns = (input: Record<string, unknown>) => ({
  Attributes: { QueueArn: input.QueueUrl === TARGET.queueUrl ? "arn:q" : "arn:dlq" },
});

describe("dlq redrive --all", () => {
  it("starts a message move task from the DLQ to the queue and waits until it completes", async () => {
    // Prepare
    let polls = 0;
    const { sqs, calls } = fakeSqs({
      GetQueueAttributesCommand: arns,
      StartMessageMoveTaskCommand: () => ({ TaskHandle: "task-1" }),
      ListMessageMoveTasksCommand: () => {
        polls++;
        return {
          Results: [
            polls < 3
              ? { TaskHandle: "task-1", Status: "RUNNING", ApproximateNumberOfMessagesMoved: 4 }
              : { TaskHandle: "task-1", Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 9 },
          ],
        };
      },
    });

    // Act
    const result = await redriveAll(sqs, TARGET, io, 1);

    // Assess
    expect(result).toEqual({ method: "move-task", moved: 9, notFound: [], taskHandle: "task-1" });
    expect(calls.find((c) => c.name === "StartMessageMoveTaskCommand")?.input).toEqual({
      SourceArn: "arn:dlq",
      DestinationArn: "arn:q",
    });
    expect(polls).toBe(3);
  });

  it("reports a failed move task as an error to act on", async () => {
    // Prepare
    const { sqs } = fakeSqs({
      GetQueueAttributesCommand: arns,
      StartMessageMoveTaskCommand: () => ({ TaskHandle: "task-2" }),
      ListMessageMoveTasksCommand: () => ({
        Results: [
          {
            TaskHandle: "task-2",
            Status: "FAILED",
            FailureReason: "AccessDenied",
            ApproximateNumberOfMessagesMoved: 2,
          },
        ],
      }),
    });

    // Act
    const act = redriveAll(sqs, TARGET, io, 1);

    // Assess
    await expect(act).rejects.toThrow(
      "the message move task failed after moving 2 messages: AccessDenied",
    );
  });

  it("falls back to receive, send and delete when move tasks are unsupported", async () => {
    // Prepare
    let receives = 0;
    const { sqs, calls } = fakeSqs({
      GetQueueAttributesCommand: arns,
      StartMessageMoveTaskCommand: () => {
        throw Object.assign(new Error("Unknown operation StartMessageMoveTask"), {
          name: "UnknownOperationException",
        });
      },
      ReceiveMessageCommand: () => {
        receives++;
        return receives === 1
          ? { Messages: [{ MessageId: "m1", ReceiptHandle: "r1", Body: "https://a.example/" }] }
          : { Messages: [] };
      },
      SendMessageBatchCommand: () => ({ Successful: [{ Id: "0" }] }),
      DeleteMessageBatchCommand: () => ({ Successful: [{ Id: "0" }] }),
    });

    // Act
    const result = await redriveAll(sqs, TARGET, io, 1);

    // Assess
    expect(result).toEqual({ method: "receive-send-delete", moved: 1, notFound: [] });
    expect(calls.find((c) => c.name === "SendMessageBatchCommand")?.input).toMatchObject({
      QueueUrl: TARGET.queueUrl,
      Entries: [{ Id: "0", MessageBody: "https://a.example/" }],
    });
    expect(calls.find((c) => c.name === "DeleteMessageBatchCommand")?.input).toMatchObject({
      QueueUrl: TARGET.deadLetterQueueUrl,
      Entries: [{ Id: "0", ReceiptHandle: "r1" }],
    });
  });
});
