import { describe, expect, it } from "vitest";
import {
  localDeadLetterQueueAttributes,
  localQueueAttributes,
} from "../../cli/local/resource-inputs";
import { QUEUE_DEFINITION } from "../../functions/shared/resources";

describe("local queue attributes", () => {
  it("carry every setting of the shared queue definition, as the CDK queue does", () => {
    // Act
    const attributes = localQueueAttributes(QUEUE_DEFINITION, {}, "arn:aws:sqs:us-east-1:0:dlq");

    // Assess
    expect(attributes).toEqual({
      VisibilityTimeout: String(QUEUE_DEFINITION.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(QUEUE_DEFINITION.retentionSeconds),
      ReceiveMessageWaitTimeSeconds: String(QUEUE_DEFINITION.receiveWaitSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: "arn:aws:sqs:us-east-1:0:dlq",
        maxReceiveCount: String(QUEUE_DEFINITION.maxReceiveCount),
      }),
    });
    expect(localDeadLetterQueueAttributes(QUEUE_DEFINITION)).toEqual({
      MessageRetentionPeriod: String(QUEUE_DEFINITION.deadLetterRetentionSeconds),
    });
  });

  it("apply overrides such as a short visibility timeout", () => {
    // Act
    const attributes = localQueueAttributes(
      QUEUE_DEFINITION,
      { visibilityTimeoutSeconds: 2, maxReceiveCount: 1 },
      "arn",
    );

    // Assess
    expect(attributes.VisibilityTimeout).toBe("2");
    expect(JSON.parse(attributes.RedrivePolicy ?? "{}").maxReceiveCount).toBe("1");
  });
});
