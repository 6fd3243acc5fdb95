/**
 * Discovery in the template: the schedule, the discovery and bulk-list queues with their
 * dead-letter queues, the S3 notification for submissions/, item-level grants, the alarm
 * for a subscription failing for a day, and the dashboard widgets.
 */
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../../functions/shared/config";
import { DISCOVERY_METRICS, DISCOVERY_SERVICE_NAME } from "../../functions/shared/observability";
import {
  BULK_LIST_QUEUE_DEFINITION,
  DISCOVERY_QUEUE_DEFINITION,
  DISCOVERY_TIMEOUT_SECONDS,
} from "../../functions/shared/resources";
import type { ArticleFunction } from "../../infra/constructs/article-function";
import { logicalId, synthesize } from "./synth-fixture";

const { stack, template } = synthesize();
const ref = (c: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(stack, c) });
const arn = (c: { node: { defaultChild?: unknown } }) => ({
  "Fn::GetAtt": [logicalId(stack, c), "Arn"],
});

function statements(fn: ArticleFunction): Record<string, unknown>[] {
  const policies = template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: [ref(fn.role)] },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: [] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe("the schedule", () => {
  it("invokes the discovery function every minute", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: arn(stack.discoveryFunction.function) })],
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "events.amazonaws.com",
      FunctionName: arn(stack.discoveryFunction.function),
    });
  });
});

describe("queues", () => {
  it.each([
    [
      "discovery",
      () => stack.discovery.queue,
      () => stack.discovery.deadLetterQueue,
      DISCOVERY_QUEUE_DEFINITION,
    ],
    [
      "bulk-list",
      () => stack.discovery.bulkListQueue,
      () => stack.discovery.bulkListDeadLetterQueue,
      BULK_LIST_QUEUE_DEFINITION,
    ],
  ] as const)(
    "the %s queue is encrypted, redrives to its DLQ and feeds its function",
    (_name, queue, dlq, definition) => {
      template.hasResourceProperties("AWS::SQS::Queue", {
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: arn(dlq()),
          maxReceiveCount: definition.maxReceiveCount,
        },
      });
      template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        EventSourceArn: arn(queue()),
        BatchSize: 1,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    },
  );

  it("gives the discovery function time for one poll, its queue twice that", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Role: arn(stack.discoveryFunction.role),
      Timeout: DISCOVERY_TIMEOUT_SECONDS,
      Environment: {
        Variables: Match.objectLike({
          [CONFIG_ENV.discoveryQueueUrl]: ref(stack.discovery.queue),
          [CONFIG_ENV.queueUrl]: ref(stack.queues.queue),
          POWERTOOLS_SERVICE_NAME: DISCOVERY_SERVICE_NAME,
        }),
      },
    });
  });
});

describe("the bulk-list trigger", () => {
  it("sends S3 notifications of objects created under submissions/ to the bulk-list queue", () => {
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: ref(stack.store.bucket),
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "submissions/" }] } },
            QueueArn: arn(stack.discovery.bulkListQueue),
          },
        ],
      },
    });
  });
});

describe("least privilege", () => {
  it("limits discovery's table access to subscription, seen-marker and host items", () => {
    const table = statements(stack.discoveryFunction).find((s) => s.Sid === "DiscoveryItems");
    expect(table?.Condition).toEqual({
      "ForAllValues:StringLike": {
        "dynamodb:LeadingKeys": ["SUB#*", "SEEN#*", "SUBSCRIPTIONS#*", "HOST#*"],
      },
    });
    expect(JSON.stringify(statements(stack.discoveryFunction))).not.toMatch(/s3:/);
  });

  it("lets the bulk-list function read lists, write reports and work objects, and nothing else in S3", () => {
    const all = statements(stack.bulkListFunction);
    const s3 = all.filter((s) => JSON.stringify(s.Action).includes("s3:"));
    const resources = JSON.stringify(s3.map((s) => s.Resource));
    expect(resources).toContain("/submissions/*");
    expect(resources).toContain("/bulk-work/*");
    expect(resources).not.toMatch(/\/raw\/|\/articles\//);
    const deletes = s3.filter((s) => JSON.stringify(s.Action).includes("s3:DeleteObject"));
    expect(JSON.stringify(deletes)).not.toContain("/submissions/");
    expect(JSON.stringify(all)).not.toMatch(/dynamodb:/);
  });

  it("never grants a wildcard resource or a service-wide action", () => {
    for (const fn of [stack.discoveryFunction, stack.bulkListFunction]) {
      for (const statement of statements(fn)) {
        expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
        expect(JSON.stringify(statement.Action)).not.toMatch(/:\*"/);
      }
    }
  });
});

describe("observability", () => {
  it("raises an alarm when a subscription has been failing for a day", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Metrics: [
        Match.objectLike({
          MetricStat: {
            Metric: {
              MetricName: DISCOVERY_METRICS.failingForADay,
              Dimensions: [{ Name: "service", Value: DISCOVERY_SERVICE_NAME }],
              Namespace: "ArticleIngest",
            },
            Period: 3600,
            Stat: "Sum",
          },
        }),
      ],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: Match.stringLikeRegexp("AlarmTopic") }],
    });
  });

  it("charts polls, poll errors by code and bulk lists on the dashboard", () => {
    const dashboards = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    const body = JSON.stringify(dashboards[0]);
    for (const title of ["Subscription polls", "Poll errors by code", "Bulk lists"]) {
      expect(body).toContain(title);
    }
    expect(body).toContain(DISCOVERY_METRICS.urlsSubmitted);
  });
});
