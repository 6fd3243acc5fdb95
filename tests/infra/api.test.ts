import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../../functions/shared/config";
import { CURSOR_KEY_LENGTH } from "../../infra/constructs/cursor-key";
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

describe("cursor signing key", () => {
  const secretId = logicalId(stack, stack.api.cursorKey.secret);

  /** Every IAM policy statement of the template, with the logical id of its policy. */
  function statements(): { policy: string; Action: string | string[]; Resource: unknown }[] {
    const policies = template.findResources("AWS::IAM::Policy") as Record<
      string,
      {
        Properties: {
          PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
        };
      }
    >;
    return Object.entries(policies).flatMap(([policy, resource]) =>
      resource.Properties.PolicyDocument.Statement.map((statement) => ({ policy, ...statement })),
    );
  }

  it("is generated at deploy time, so its value is in no template", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: { PasswordLength: CURSOR_KEY_LENGTH, ExcludePunctuation: true },
    });
    const secret = template.findResources("AWS::SecretsManager::Secret")[secretId] as {
      Properties: Record<string, unknown>;
    };
    expect(secret.Properties).not.toHaveProperty("SecretString");
  });

  it("is read by the API function only, with GetSecretValue on that one secret", () => {
    const apiPolicy = logicalId(
      stack,
      stack.apiFunction.role.node.findChild("DefaultPolicy") as never,
    );
    const mentioning = statements().filter((s) => JSON.stringify(s).includes(secretId));
    expect(mentioning).toEqual([
      {
        policy: apiPolicy,
        Sid: "ReadCursorKey",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: { Ref: secretId },
      },
    ]);
    const secretActions = statements().filter((s) =>
      JSON.stringify(s.Action).includes("secretsmanager:"),
    );
    expect(secretActions).toHaveLength(1);
  });

  it("reaches the API function as the secret's ARN, and no function gets a key in its environment", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({ [CONFIG_ENV.cursorSecretArn]: { Ref: secretId } }),
      },
    });
    const functions = Object.entries(template.findResources("AWS::Lambda::Function")) as [
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } },
    ][];
    for (const [id, fn] of functions) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      expect(variables, id).not.toHaveProperty(CONFIG_ENV.cursorSecret);
      if (id !== logicalId(stack, stack.apiFunction.function)) {
        expect(variables, id).not.toHaveProperty(CONFIG_ENV.cursorSecretArn);
      }
    }
  });

  it("is not a stack output", () => {
    expect(JSON.stringify(template.toJSON().Outputs ?? {})).not.toContain(secretId);
  });
});
