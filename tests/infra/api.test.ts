import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { logicalId, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with explicit throttling.
const { stack, template } = synthesize({ apiRateLimit: 20, apiBurstLimit: 40 });

describe("HTTP API", () => {
  it("requires IAM authorization on every route", () => {
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")) as {
      Properties: { AuthorizationType?: string; RouteKey: string };
    }[];
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe("AWS_IAM");
    }
  });

  it("proxies every path to the API function", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "ANY /{proxy+}" });
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [logicalId(stack, stack.apiFunction.function), "Arn"] },
    });
  });

  it("throttles the default stage and writes JSON access logs to a log group", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [logicalId(stack, stack.api.accessLogs), "Arn"] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });

  it("lets only API Gateway invoke the API function, and only from this API", () => {
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [logicalId(stack, stack.apiFunction.function), "Arn"] },
      SourceArn: Match.objectLike({ "Fn::Join": Match.anyValue() }),
    });
  });
});
