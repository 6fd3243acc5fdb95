import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  deadLetterQueueAttributes,
  INGEST_TIMEOUT_SECONDS,
  QUEUE_DEFINITION,
  submissionQueueAttributes,
} from "../../functions/shared/resources";
import { logicalId, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with explicit consumer settings.
const { stack, template } = synthesize({
  ingestConcurrency: 7,
  batchSize: 4,
  batchingWindowSeconds: 3,
});
const queueId = logicalId(stack, stack.queues.queue);
const deadLetterId = logicalId(stack, stack.queues.deadLetterQueue);

describe("submission queue", () => {
  it("hides a received message for at least 6x the ingest function's timeout", () => {
    const queue = template.findResources("AWS::SQS::Queue")[queueId] as {
      Properties: { VisibilityTimeout: number };
    };
    const ingestTimeout = (
      template.findResources("AWS::Lambda::Function")[logicalId(stack, stack.ingest.function)] as {
        Properties: { Timeout: number };
      }
    ).Properties.Timeout;
    expect(ingestTimeout).toBe(INGEST_TIMEOUT_SECONDS);
    expect(queue.Properties.VisibilityTimeout).toBe(QUEUE_DEFINITION.visibilityTimeoutSeconds);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingestTimeout);
  });

  it("is encrypted and redrives to the dead-letter queue after maxReceiveCount receives", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: QUEUE_DEFINITION.retentionSeconds,
      ReceiveMessageWaitTimeSeconds: QUEUE_DEFINITION.receiveWaitSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { "Fn::GetAtt": [deadLetterId, "Arn"] },
        maxReceiveCount: QUEUE_DEFINITION.maxReceiveCount,
      },
    });
    expect(QUEUE_DEFINITION.maxReceiveCount).toBeGreaterThanOrEqual(3);
    expect(QUEUE_DEFINITION.maxReceiveCount).toBeLessThanOrEqual(5);
  });
});

describe("queue attributes shared with the local launcher", () => {
  it("the CDK queues carry every attribute the local queues are created with", () => {
    // Prepare
    const queues = template.findResources("AWS::SQS::Queue") as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
    const submissions = submissionQueueAttributes(QUEUE_DEFINITION, "");

    // Assess
    expect(queues[queueId]?.Properties).toMatchObject({
      ...submissions,
      RedrivePolicy: {
        ...submissions.RedrivePolicy,
        deadLetterTargetArn: { "Fn::GetAtt": [deadLetterId, "Arn"] },
      },
    });
    expect(queues[deadLetterId]?.Properties).toMatchObject(
      deadLetterQueueAttributes(QUEUE_DEFINITION),
    );
  });
});

describe("dead-letter queue", () => {
  it("is encrypted and keeps messages 14 days", () => {
    const dlq = template.findResources("AWS::SQS::Queue")[deadLetterId] as {
      Properties: Record<string, unknown>;
    };
    expect(dlq.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });
});

describe("TLS-only queue policies", () => {
  it.each([
    ["submission queue", queueId],
    ["dead-letter queue", deadLetterId],
  ])("the %s denies every request without TLS", (_name, id) => {
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "sqs:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
            Resource: { "Fn::GetAtt": [id, "Arn"] },
          }),
        ]),
      },
    });
  });
});

describe("ingest event source", () => {
  it("reports partial batch failures and applies batch size, window and max concurrency", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [queueId, "Arn"] },
      FunctionName: { Ref: logicalId(stack, stack.ingest.function) },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 4,
      MaximumBatchingWindowInSeconds: 3,
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it("is the submission queue's only consumer; the API function consumes no queue", () => {
    const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping")).map(
      (m) => (m as { Properties: { EventSourceArn: unknown; FunctionName: unknown } }).Properties,
    );
    const onSubmissions = mappings.filter(
      (m) =>
        JSON.stringify(m.EventSourceArn) === JSON.stringify({ "Fn::GetAtt": [queueId, "Arn"] }),
    );
    expect(onSubmissions).toEqual([
      expect.objectContaining({ FunctionName: { Ref: logicalId(stack, stack.ingest.function) } }),
    ]);
    const apiRef = JSON.stringify({ Ref: logicalId(stack, stack.apiFunction.function) });
    expect(mappings.filter((m) => JSON.stringify(m.FunctionName) === apiRef)).toEqual([]);
  });
});
