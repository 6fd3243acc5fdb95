import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../../functions/shared/config";
import { METRICS_NAMESPACE } from "../../functions/shared/observability";
import { INGEST_TIMEOUT_SECONDS, TABLE_INDEXES } from "../../functions/shared/resources";
import type { ArticleFunction } from "../../infra/constructs/article-function";
import { logicalId, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with the runtime settings given as context.
const { stack, template } = synthesize({
  politenessIntervalMs: 2500,
  userAgent: "example-bot/1.0 (+https://example.org/bot)",
  logRetentionDays: 14,
});

const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: logicalId(stack, construct),
});
const arn = (construct: { node: { defaultChild?: unknown } }) => ({
  "Fn::GetAtt": [logicalId(stack, construct), "Arn"],
});
const tableArn = () => arn(stack.store.table);
const indexArn = (name: string) => ({ "Fn::Join": ["", [tableArn(), `/index/${name}`]] });
const prefixArn = (prefix: string) => ({
  "Fn::Join": ["", [arn(stack.store.bucket), `/${prefix}*`]],
});
const allIndexArns = Object.values(TABLE_INDEXES).map((index) => indexArn(index.name));

function policyStatements(fn: ArticleFunction): Record<string, unknown>[] {
  const policies = template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: [ref(fn.role)] },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: [] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe.each([
  ["article-ingest", () => stack.ingest, INGEST_TIMEOUT_SECONDS, 1024, () => []],
  ["article-ingest-api", () => stack.apiFunction, 10, 512, () => [stack.discovery.queue]],
] as const)("%s function", (service, getFn, timeout, memory, otherQueues) => {
  const fn = getFn();

  it("runs Node.js 24 on arm64 with its timeout, memory, JSON logs and its own log group", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Role: arn(fn.role),
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      Timeout: timeout,
      MemorySize: memory,
      LoggingConfig: Match.objectLike({ LogFormat: "JSON", LogGroup: ref(fn.logGroup) }),
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 14 });
  });

  it("gets the resource names, the Powertools settings and the runtime settings", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Role: arn(fn.role),
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: service,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          [CONFIG_ENV.tableName]: ref(stack.store.table),
          [CONFIG_ENV.bucketName]: ref(stack.store.bucket),
          [CONFIG_ENV.queueUrl]: ref(stack.queues.queue),
          [CONFIG_ENV.deadLetterQueueUrl]: ref(stack.queues.deadLetterQueue),
          [CONFIG_ENV.politenessIntervalMs]: "2500",
          [CONFIG_ENV.userAgent]: "example-bot/1.0 (+https://example.org/bot)",
        }),
      },
    });
  });

  it("has a role with no managed policies that may write only its own log group", () => {
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: "lambda.amazonaws.com" } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
    expect(policyStatements(fn)).toContainEqual(
      expect.objectContaining({
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: arn(fn.logGroup),
      }),
    );
  });

  it("may send to the submission queue (and the API to the discovery queue) only", () => {
    const sends = policyStatements(fn).filter((s) =>
      JSON.stringify(s.Action).includes("sqs:SendMessage"),
    );
    expect(sends).toEqual([
      expect.objectContaining({ Action: "sqs:SendMessage", Resource: arn(stack.queues.queue) }),
      ...otherQueues().map((q) =>
        expect.objectContaining({ Action: "sqs:SendMessage", Resource: arn(q) }),
      ),
    ]);
  });

  it("never has a wildcard resource or a service-wide action", () => {
    for (const statement of policyStatements(fn)) {
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
      expect(JSON.stringify(statement.Action)).not.toMatch(/:\*"/);
    }
  });
});

/** The statement with this Sid; actions and resources as arrays (policy minimization sorts them). */
function bySid(fn: ArticleFunction, sid: string): { actions: string[]; resources: unknown[] } {
  const statement = policyStatements(fn).find((s) => s.Sid === sid);
  if (!statement) throw new Error(`no IAM statement with Sid ${sid}`);
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]);
  return { actions: list(statement.Action) as string[], resources: list(statement.Resource) };
}

function expectExactly(actual: unknown[], expected: unknown[]): void {
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining(expected));
}

describe("ingest function grants", () => {
  it("reads and writes the article table and its named indexes only", () => {
    const { actions, resources } = bySid(stack.ingest, "ReadWriteArticleTable");
    expect(actions).toEqual(
      expect.arrayContaining(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]),
    );
    expectExactly(resources, [tableArn(), ...allIndexArns]);
  });

  it("reads and writes objects under the warc/, raw/ and articles/ prefixes only", () => {
    const objects = bySid(stack.ingest, "ReadWriteArchivePrefixes");
    expectExactly(objects.actions, ["s3:GetObject", "s3:PutObject"]);
    expectExactly(objects.resources, [
      prefixArn("warc/"),
      prefixArn("raw/"),
      prefixArn("articles/"),
    ]);
    const listing = bySid(stack.ingest, "ListArchive");
    expectExactly(listing.actions, ["s3:ListBucket"]);
    expectExactly(listing.resources, [arn(stack.store.bucket)]);
  });

  it("deletes objects under warc/, raw/ and articles/ only (orphans), and never table items", () => {
    const deletes = bySid(stack.ingest, "DeleteOrphanObjects");
    expectExactly(deletes.actions, ["s3:DeleteObject"]);
    expectExactly(deletes.resources, [
      prefixArn("warc/"),
      prefixArn("raw/"),
      prefixArn("articles/"),
    ]);
    const { actions } = bySid(stack.ingest, "ReadWriteArticleTable");
    expect(actions.some((a) => /Delete|BatchWrite/.test(a))).toBe(false);
  });

  it("consumes the submission queue", () => {
    expect(policyStatements(stack.ingest)).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]),
        Resource: arn(stack.queues.queue),
      }),
    );
  });
});

describe("api function grants", () => {
  it("reads the table and its indexes, and writes subscription items only", () => {
    const { actions, resources } = bySid(stack.apiFunction, "ReadArticleTable");
    expectExactly(actions, ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"]);
    expectExactly(resources, [tableArn(), ...allIndexArns]);
    const writes = policyStatements(stack.apiFunction).filter((s) =>
      /dynamodb:(Put|Update|Delete|BatchWrite)|s3:PutObject|s3:Delete|sqs:ReceiveMessage/.test(
        JSON.stringify(s.Action),
      ),
    );
    expect(writes).toEqual([
      expect.objectContaining({
        Sid: "SubscriptionItems",
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["SUB#*", "SUBSCRIPTIONS#*"] },
        },
      }),
    ]);
  });

  it("only reads objects under the warc/, raw/ and articles/ prefixes", () => {
    const { actions, resources } = bySid(stack.apiFunction, "ReadArchivePrefixes");
    expectExactly(actions, ["s3:GetObject"]);
    expectExactly(resources, [prefixArn("warc/"), prefixArn("raw/"), prefixArn("articles/")]);
  });
});
