/**
 * Builds the app for template assertions: the feature flags of cdk.json plus the given
 * settings. For speed, bundling is skipped (bundle.test.ts covers the code) and so are the
 * synthesis-time validations: cdk-nag runs in nag.test.ts, and both run in synth.test.ts.
 * Call once per test file.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../../infra/app";
import type { IngestStack } from "../../infra/ingest-stack";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "../..");
const PLACEHOLDER = path.join(HERE, "fixtures/placeholder-handler.ts");

/** The `context` block of cdk.json (feature flags), as `cdk synth` would pass it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface Synthesized {
  stack: IngestStack;
  template: Template;
}

export function synthesize(settings: Record<string, unknown> = {}): Synthesized {
  const { stack } = buildApp({
    entries: { ingest: PLACEHOLDER, api: PLACEHOLDER, analytics: PLACEHOLDER },
    nagChecks: false,
    appProps: {
      builtinCloudFormationValidation: false,
      outdir: mkdtempSync(path.join(tmpdir(), "infra-test-")),
      context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [], ...settings },
    },
  });
  return { stack, template: Template.fromStack(stack) };
}

/** The logical ID CloudFormation gives a construct's default resource. */
export function logicalId(stack: IngestStack, construct: { node: { defaultChild?: unknown } }) {
  const child = construct.node.defaultChild as Parameters<IngestStack["getLogicalId"]>[0];
  return stack.getLogicalId(child);
}

/** One statement of an IAM policy in the template. */
export interface PolicyStatement {
  Sid: string;
  Action: unknown;
  Resource: unknown;
  Condition?: unknown;
}

/** The statements of every policy attached to `role`, in template order. */
export function roleStatements(
  { stack, template }: Synthesized,
  role: { node: { defaultChild?: unknown } },
): PolicyStatement[] {
  const roleId = logicalId(stack, role);
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
