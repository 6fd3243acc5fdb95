import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { logicalId, synthesize } from "./synth-fixture";

/** Every acknowledged cdk-nag rule in the tree: where, which rule, and the written reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );
}

describe.each(["retain", "destroy"])("cdk-nag AwsSolutions, removalPolicy=%s", (removalPolicy) => {
  // Prepare
  const { stack } = synthesize({ removalPolicy, alarmEmail: "ops@example.org" });

  it("reports no errors and no warnings", () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assess
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`,
    );
    expect(findings).toEqual([]);
  });

  it("acknowledges only the expected rules, each with a written reason", () => {
    const acks = acknowledgements(stack);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(60);
    }
    const summary = acks.map((ack) => `${ack.path.split("/").slice(1).join("/")} ${ack.id}`).sort();
    // The bucket's logical ID carries a hash of its construct path: look it up, never spell it.
    const bucketArn = `${logicalId(stack, stack.store.bucket)}.Arn`;
    expect(summary).toEqual([
      `Analytics/Writer/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/analytics/articles/*]`,
      `Analytics/Writer/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/articles/*]`,
      `Analytics/Writer/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/warc/*]`,
      `ApiHandler/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/articles/*]`,
      `ApiHandler/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/raw/*]`,
      `ApiHandler/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/warc/*]`,
      "BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      `BulkListHandler/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/bulk-work/*]`,
      `BulkListHandler/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/submissions/*]`,
      `CaptureSweep/Sweeper/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/warc/batch/*]`,
      "HttpApi/CursorKey/Secret AwsSolutions-SMG4",
      `Ingest/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/articles/*]`,
      `Ingest/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/raw/*]`,
      `Ingest/Role AwsSolutions-IAM5[Resource::<${bucketArn}>/warc/*]`,
      "Store/Archive AwsSolutions-S1",
    ]);
  });
});
