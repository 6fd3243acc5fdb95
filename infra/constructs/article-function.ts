/**
 * A Lambda function of this project with every default fixed in one place: Node.js 24 on
 * arm64, the shared esbuild options, its own log group with retention, a role with no managed
 * policies (it may write only its own log group until a construct grants it more), and the
 * Powertools environment.
 */
import type { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { METRICS_NAMESPACE } from "../../functions/shared/observability";
import { BUNDLE_OPTIONS } from "./bundle-options";

export interface ArticleFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  entry: string;
  description: string;
  /** Powertools service name: the `service` field of every log line and metric dimension. */
  serviceName: string;
  timeout: Duration;
  memorySize: number;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  environment?: Record<string, string>;
}

export class ArticleFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ArticleFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // No AWSLambdaBasicExecutionRole: that managed policy may create any log group.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${props.serviceName}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "WriteOwnLogGroup",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, "Function", {
      entry: props.entry,
      handler: "handler",
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      // Platform lines (START, REPORT with duration and memory) as JSON too. No log-level
      // filtering by Lambda: POWERTOOLS_LOG_LEVEL filters the handlers' lines, and the
      // metrics (EMF) lines carry no level.
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: "INFO",
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        target: BUNDLE_OPTIONS.target,
        format: OutputFormat.ESM,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: BUNDLE_OPTIONS.sourcesContent,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        externalModules: [...BUNDLE_OPTIONS.external],
        banner: BUNDLE_OPTIONS.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_OPTIONS.alias).map(([from, to]) => [`--alias:${from}`, to]),
        ),
      },
    });
  }

  /** Adds one runtime environment variable (the name should come from CONFIG_ENV). */
  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}
