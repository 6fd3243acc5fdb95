/**
 * Which deployment a command talks to, and the SDK clients for it.
 *
 * - `--stack NAME`: the CloudFormation outputs of a deployed stack (QueueUrl,
 *   DeadLetterQueueUrl, ApiUrl, BucketName, TableName). Credentials, profile and region
 *   come from the usual AWS settings (AWS_PROFILE, AWS_REGION, ~/.aws/config), overridden
 *   by --profile and --region.
 * - `--local`: the endpoints the local mode wrote to `<dataDir>/endpoints.json`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { type AwsClients, createAwsClients } from "../functions/adapters/aws-clients";
import {
  type Config,
  ConfigError,
  configEnv,
  LOOPBACK_SITES,
  layeredEnvironment,
  loadConfig,
} from "../functions/shared/config";
import { STACK_OUTPUT_KEYS } from "../functions/shared/resources";
import type { TargetSelection } from "./args";
import { CliError, describeAwsError } from "./cli-error";
import type { StandInEndpoints } from "./local/stand-ins";

export interface Target {
  /** "local" or the stack name, for messages. */
  label: string;
  local: boolean;
  region: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  tableName: string;
  bucketName: string;
  apiUrl?: string;
  /** Endpoints of the local stand-ins; absent on AWS. */
  endpoints?: { dynamodb: string; s3: string; sqs: string };
}

/** Name of the file local mode writes its endpoints to, inside the data folder. */
export const ENDPOINTS_FILE = "endpoints.json";

/** The fields of `endpoints.json` the CLI reads (written by the local launcher). */
type LocalEndpointsFile = Pick<
  StandInEndpoints,
  | "dynamodbEndpoint"
  | "s3Endpoint"
  | "sqsEndpoint"
  | "tableName"
  | "bucketName"
  | "queueUrl"
  | "deadLetterQueueUrl"
> & { region?: string; apiUrl?: string };

const REQUIRED_LOCAL_FIELDS = [
  "dynamodbEndpoint",
  "s3Endpoint",
  "sqsEndpoint",
  "tableName",
  "bucketName",
  "queueUrl",
  "deadLetterQueueUrl",
] as const;

/** Parses the contents of `endpoints.json` into a target; throws `CliError` naming the file. */
export function targetFromEndpointsFile(text: string, file: string): Target {
  let data: Partial<LocalEndpointsFile>;
  try {
    data = JSON.parse(text) as Partial<LocalEndpointsFile>;
  } catch (cause) {
    throw new CliError(`${file} is not valid JSON`, "restart `article-ingest local`", { cause });
  }
  const missing = REQUIRED_LOCAL_FIELDS.filter((k) => typeof data[k] !== "string" || !data[k]);
  if (missing.length > 0) {
    throw new CliError(
      `${file} lacks ${missing.join(", ")}`,
      "restart `article-ingest local` to rewrite it",
    );
  }
  const d = data as LocalEndpointsFile;
  const target: Target = {
    label: "local",
    local: true,
    region: d.region ?? "us-east-1",
    queueUrl: d.queueUrl,
    deadLetterQueueUrl: d.deadLetterQueueUrl,
    tableName: d.tableName,
    bucketName: d.bucketName,
    endpoints: { dynamodb: d.dynamodbEndpoint, s3: d.s3Endpoint, sqs: d.sqsEndpoint },
  };
  if (d.apiUrl) target.apiUrl = d.apiUrl;
  return target;
}

/** Maps DescribeStacks outputs to a target; throws `CliError` naming missing outputs. */
export function targetFromStackOutputs(
  stack: string,
  region: string,
  outputs: { OutputKey?: string; OutputValue?: string }[],
): Target {
  const byKey = new Map(outputs.map((o) => [o.OutputKey, o.OutputValue]));
  const get = (key: string) => byKey.get(key) ?? "";
  const required = [
    STACK_OUTPUT_KEYS.queueUrl,
    STACK_OUTPUT_KEYS.deadLetterQueueUrl,
    STACK_OUTPUT_KEYS.bucketName,
    STACK_OUTPUT_KEYS.tableName,
  ];
  const missing = required.filter((key) => !get(key));
  if (missing.length > 0) {
    throw new CliError(
      `stack ${stack} has no output ${missing.join(", ")}`,
      "is it an article-ingest stack? redeploy it with `npx cdk deploy`",
    );
  }
  const target: Target = {
    label: stack,
    local: false,
    region,
    queueUrl: get(STACK_OUTPUT_KEYS.queueUrl),
    deadLetterQueueUrl: get(STACK_OUTPUT_KEYS.deadLetterQueueUrl),
    tableName: get(STACK_OUTPUT_KEYS.tableName),
    bucketName: get(STACK_OUTPUT_KEYS.bucketName),
  };
  const apiUrl = get(STACK_OUTPUT_KEYS.apiUrl);
  if (apiUrl) target.apiUrl = apiUrl;
  return target;
}

async function readLocalTarget(dataDir: string): Promise<Target> {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      throw new CliError(
        `the local stack is not running (no ${file})`,
        "start it in another terminal with `article-ingest local`",
      );
    }
    throw error;
  }
  return targetFromEndpointsFile(text, file);
}

async function readStackTarget(
  selection: Extract<TargetSelection, { mode: "stack" }>,
): Promise<Target> {
  if (selection.profile) {
    // The SDK's default credential and region chain reads the profile from here.
    process.env.AWS_PROFILE = selection.profile;
  }
  const client = new CloudFormationClient(selection.region ? { region: selection.region } : {});
  try {
    const region = await client.config.region();
    const answer = await client.send(new DescribeStacksCommand({ StackName: selection.stack }));
    const stack = answer.Stacks?.[0];
    return targetFromStackOutputs(selection.stack, region, stack?.Outputs ?? []);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const name = (error as { name?: string }).name;
    const message = (error as { message?: string }).message ?? "";
    if (name === "ValidationError" && /does not exist/i.test(message)) {
      throw new CliError(
        `stack ${selection.stack} does not exist in this account and region`,
        "deploy it with `npx cdk deploy`, pass --stack NAME / --region, or use --local",
        { cause: error },
      );
    }
    throw describeAwsError(error, `CloudFormation (stack ${selection.stack})`) ?? error;
  } finally {
    client.destroy();
  }
}

/** Finds the queue, table, bucket and API of the selected deployment. */
export async function resolveTarget(selection: TargetSelection): Promise<Target> {
  return selection.mode === "local"
    ? await readLocalTarget(selection.dataDir)
    : await readStackTarget(selection);
}

/** SDK clients for a target (local endpoints and credentials when it is local). */
export function createClients(target: Target): AwsClients {
  return createAwsClients({
    region: target.region,
    ...(target.endpoints
      ? {
          dynamodbEndpoint: target.endpoints.dynamodb,
          s3Endpoint: target.endpoints.s3,
          sqsEndpoint: target.endpoints.sqs,
        }
      : {}),
  });
}

export function destroyClients(clients: AwsClients): void {
  clients.sqs.destroy();
  clients.s3.destroy();
  clients.dynamodb.destroy();
}

/**
 * Resolves the target, runs `work` with clients for it, and always releases the clients.
 * AWS and network errors the user can fix become one-line `CliError`s.
 */
export async function withTarget<T>(
  selection: TargetSelection | Target,
  work: (target: Target, clients: AwsClients) => Promise<T>,
): Promise<T> {
  const target = "queueUrl" in selection ? selection : await resolveTarget(selection);
  const clients = createClients(target);
  try {
    return await work(target, clients);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const where = target.local ? "the local stack" : `stack ${target.label}`;
    throw describeAwsError(error, where) ?? error;
  } finally {
    destroyClients(clients);
  }
}

/**
 * The runtime configuration for work the CLI does itself (fetching feeds): the user's
 * environment, pointed at the target's resources. Against the local stack, loopback
 * addresses and any port are allowed unless the environment says otherwise, since the
 * local pipeline ingests loopback sites (precedence: layeredEnvironment).
 */
export function configFor(target: Target, env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(
      layeredEnvironment({
        defaults: target.local ? configEnv(LOOPBACK_SITES) : {},
        env,
        fixed: configEnv({
          tableName: target.tableName,
          bucketName: target.bucketName,
          queueUrl: target.queueUrl,
          deadLetterQueueUrl: target.deadLetterQueueUrl,
          region: target.region,
        }),
      }),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError(
        `invalid settings in the environment: ${error.problems.join("; ")}`,
        "fix or unset those variables",
      );
    }
    throw error;
  }
}
