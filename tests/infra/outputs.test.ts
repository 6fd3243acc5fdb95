import { describe, expect, it } from "vitest";
import { STACK_OUTPUT_KEYS } from "../../functions/shared/resources";
import { logicalId, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file.
const { stack, template } = synthesize({ stage: "qa" });

describe("stack outputs (the CLI's contract)", () => {
  it("names the stack after the stage", () => {
    expect(stack.stackName).toBe("article-ingest-qa");
  });

  it("keeps the stable output keys the CLI reads", () => {
    expect(Object.keys(template.findOutputs("*"))).toEqual(
      expect.arrayContaining([
        "QueueUrl",
        "DeadLetterQueueUrl",
        "ApiUrl",
        "BucketName",
        "TableName",
      ]),
    );
  });

  it("points each output at its resource", () => {
    const ref = (c: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(stack, c) });
    template.hasOutput(STACK_OUTPUT_KEYS.queueUrl, { Value: ref(stack.queues.queue) });
    template.hasOutput(STACK_OUTPUT_KEYS.deadLetterQueueUrl, {
      Value: ref(stack.queues.deadLetterQueue),
    });
    template.hasOutput(STACK_OUTPUT_KEYS.bucketName, { Value: ref(stack.store.bucket) });
    template.hasOutput(STACK_OUTPUT_KEYS.tableName, { Value: ref(stack.store.table) });
    const apiUrl = JSON.stringify(template.findOutputs(STACK_OUTPUT_KEYS.apiUrl));
    expect(apiUrl).toContain(logicalId(stack, stack.api.api));
    expect(apiUrl).toContain("execute-api");
  });
});
