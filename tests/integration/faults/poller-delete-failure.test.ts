/**
 * The emulated event source survives a failed DeleteMessageBatch: the batch's messages come
 * back after the visibility timeout (at-least-once, as on AWS) and the poller keeps
 * consuming. Before the fix, the error ended that poller loop for good (an unhandled
 * rejection), and with every loop gone the queue was never drained again.
 */
import { DeleteMessageBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForEmptyQueue } from "../../../cli/local/accounting";
import { type Poller, startPoller } from "../../../cli/local/sqs-poller";
import { createTestResources, type TestResources } from "../../support/stand-ins";

let resources: TestResources;
let poller: Poller | undefined;

beforeAll(async () => {
  resources = await createTestResources({ visibilityTimeoutSeconds: 1, maxReceiveCount: 5 });
});

afterAll(async () => {
  await poller?.stop();
});

describe("sqs poller when a delete fails", () => {
  it("keeps consuming and delivers the undeleted messages again", async () => {
    // Prepare
    const real = resources.clients.sqs;
    let deletesRefused = 0;
    const flaky = {
      send(command: unknown, options?: unknown) {
        if (command instanceof DeleteMessageBatchCommand && deletesRefused === 0) {
          deletesRefused++;
          return Promise.reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        }
        return (real.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      },
    } as unknown as SQSClient;
    const seen: string[] = [];
    const errors: unknown[] = [];
    poller = startPoller({
      sqs: flaky,
      queueUrl: resources.queueUrl,
      queueArn: resources.queueArn,
      region: resources.region,
      concurrency: 1,
      waitSeconds: 1,
      handler: async (event: SQSEvent) => {
        for (const record of event.Records) seen.push(record.body);
        return { batchItemFailures: [] };
      },
      onError: (error) => errors.push(error),
    });

    // Act
    await real.send(new SendMessageCommand({ QueueUrl: resources.queueUrl, MessageBody: "first" }));
    await waitForEmptyQueue(real, resources.queueUrl, { timeoutMs: 20_000 });
    await real.send(
      new SendMessageCommand({ QueueUrl: resources.queueUrl, MessageBody: "second" }),
    );
    await waitForEmptyQueue(real, resources.queueUrl, { timeoutMs: 20_000 });

    // Assess
    expect(deletesRefused).toBe(1);
    expect(seen.filter((body) => body === "first")).toHaveLength(2);
    expect(seen).toContain("second");
    expect(errors).toHaveLength(1);
  });
});
