import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { BUCKET_DEFINITION } from "../../functions/shared/resources";
import { roleStatements, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with default settings.
const synthesized = synthesize();
const { stack, template } = synthesized;

function sweeperStatements() {
  return roleStatements(synthesized, stack.captureSweep.sweeper.role);
}

describe("capture sweep", () => {
  it("runs the sweep once a day, retrying a failed run", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 day)",
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
  });

  it("lets the sweeper read records by key and list, read and delete only shared captures", () => {
    const statements = sweeperStatements();
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ["WriteOwnLogGroup", ["logs:CreateLogStream", "logs:PutLogEvents"]],
      ["ReadRecordsByKey", "dynamodb:GetItem"],
      ["ListSharedCaptures", "s3:ListBucket"],
      ["ReadAndDeleteSharedCaptures", ["s3:DeleteObject", "s3:GetObject"]],
    ]);
    const prefix = BUCKET_DEFINITION.sharedCapturesPrefix;
    expect(statements.find((s) => s.Sid === "ListSharedCaptures")?.Condition).toEqual({
      StringLike: { "s3:prefix": [`${prefix}*`] },
    });
    const objects = JSON.stringify(statements.find((s) => s.Sid === "ReadAndDeleteSharedCaptures"));
    expect(objects).toContain(`/${prefix}*`);
    // The table itself by key: no index, no wildcard, no writes.
    expect(JSON.stringify(statements.find((s) => s.Sid === "ReadRecordsByKey"))).not.toMatch(
      /index|\*/,
    );
    expect(JSON.stringify(statements)).not.toMatch(/PutItem|UpdateItem|PutObject/);
  });
});
