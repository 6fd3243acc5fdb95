import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { METRICS, METRICS_NAMESPACE, SERVICE_NAME } from "../../functions/shared/observability";
import { OLDEST_MESSAGE_ALARM_SECONDS } from "../../infra/constructs/observability";
import { logicalId, synthesize } from "./synth-fixture";

// Prepare: one synthesis with an alarm address, one without.
const { stack, template } = synthesize({ alarmEmail: "ops@example.org" });
const quiet = synthesize().template;
const topicRef = { Ref: logicalId(stack, stack.observability.topic) };

function alarmOn(metricName: string, namespace: string, dimension: unknown) {
  template.hasResourceProperties("AWS::CloudWatch::Alarm", {
    MetricName: metricName,
    Namespace: namespace,
    Dimensions: [Match.objectLike({ Value: dimension })],
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    AlarmActions: [topicRef],
    OKActions: [topicRef],
  });
}

describe("alarms", () => {
  it("are named after the stack", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "article-ingest-dev-DeadLetterNotEmpty",
    });
  });

  it("fires when the dead-letter queue holds any message", () => {
    alarmOn("ApproximateNumberOfMessagesVisible", "AWS/SQS", {
      "Fn::GetAtt": [logicalId(stack, stack.queues.deadLetterQueue), "QueueName"],
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Threshold: 0,
      Statistic: "Maximum",
    });
  });

  it("fires when the oldest submission waits too long", () => {
    alarmOn("ApproximateAgeOfOldestMessage", "AWS/SQS", {
      "Fn::GetAtt": [logicalId(stack, stack.queues.queue), "QueueName"],
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateAgeOfOldestMessage",
      Threshold: OLDEST_MESSAGE_ALARM_SECONDS,
    });
  });

  it.each(["Errors", "Throttles"])("fires on any ingest function %s", (metric) => {
    alarmOn(metric, "AWS/Lambda", { Ref: logicalId(stack, stack.ingest.function) });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: metric,
      Dimensions: [{ Name: "FunctionName", Value: Match.anyValue() }],
      Threshold: 0,
      Statistic: "Sum",
    });
  });

  it("fires on API function errors", () => {
    alarmOn("Errors", "AWS/Lambda", { Ref: logicalId(stack, stack.apiFunction.function) });
  });
});

describe("alarm topic", () => {
  it("refuses publishing without TLS", () => {
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [topicRef],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "sns:Publish",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("subscribes the alarm address when one is configured, and nothing otherwise", () => {
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.org",
      TopicArn: topicRef,
    });
    expect(Object.keys(quiet.findResources("AWS::SNS::Subscription"))).toEqual([]);
  });
});

describe("dashboard", () => {
  it("charts submitted, ingested, failed by code and latency", () => {
    const dashboards = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboards).toHaveLength(1);
    // The body is a Fn::Join of literal JSON text and resource references; keep the text.
    const parts = (
      dashboards[0] as { Properties: { DashboardBody: { "Fn::Join": [string, unknown[]] } } }
    ).Properties.DashboardBody["Fn::Join"][1];
    const body = parts.filter((part) => typeof part === "string").join("");
    expect(body).toContain('"NumberOfMessagesSent"');
    for (const name of Object.values(METRICS.names)) {
      expect(body).toContain(`"${METRICS_NAMESPACE}","${name}","service","${SERVICE_NAME}"`);
    }
    expect(body).toContain(
      `SEARCH('{${METRICS_NAMESPACE},service} MetricName=failure', 'Sum', 300)`,
    );
    expect(body).toContain('"title":"Ingest latency (ms)"');
    expect(body).toContain('"stat":"p90"');
    // tests/unit/ingest-handler.test.ts checks the handler emits every name in METRICS.names.
  });
});
