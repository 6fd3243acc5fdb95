/**
 * The HTTP API in front of the API function. Every route requires IAM (SigV4) authorization:
 * callers are principals of the account with `execute-api:Invoke` on this API. The default
 * stage is throttled and writes one JSON access-log line per request. The key that signs the
 * API's cursors is a generated secret that only the API function can read.
 */
import type { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { ArticleFunction } from "./article-function";
import { CursorKey } from "./cursor-key";

export interface ArticleApiProps {
  handler: ArticleFunction;
  /** Steady-state requests per second across the API. */
  rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  burstLimit: number;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** HTTP API context variables of each access-log line (no request bodies, no query strings). */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  caller: "$context.identity.userArn",
  method: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
};

export class ArticleApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly cursorKey: CursorKey;

  constructor(scope: Construct, id: string, props: ArticleApiProps) {
    super(scope, id);

    this.cursorKey = new CursorKey(this, "CursorKey");
    this.cursorKey.bindReader(props.handler);

    this.api = new apigw.HttpApi(this, "HttpApi", {
      description: "article-ingest query and submission API (IAM authorization)",
      createDefaultStage: false,
    });
    this.api.addRoutes({
      path: "/{proxy+}",
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration("ApiFunction", props.handler.function),
      authorizer: new HttpIamAuthorizer(),
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new apigw.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** Base URL of the API (ends with `/`). */
  get url(): string {
    return this.stage.url;
  }
}
