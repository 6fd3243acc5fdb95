/**
 * The whole pipeline on one machine: the stand-ins, the real ingest handler behind the
 * emulated SQS event source, and (optionally) the HTTP API on localhost. Writes the
 * endpoints to `<dataDir>/endpoints.json` for the CLI's `--local` flag, and removes the
 * file again on stop. Holds the data folder's lock (./data-dir-lock) while it runs, so a
 * second start on the same folder refuses before touching anything.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { type AwsClients, createAwsClients } from "../../functions/adapters/aws-clients";
import { SubmissionQueue } from "../../functions/adapters/submission-queue";
import { isListKey } from "../../functions/bulk/bulk-list-service";
import { buildBulkListHandler } from "../../functions/bulk/handler";
import { s3NotificationBody } from "../../functions/core/bulk-list";
import { buildDiscoveryHandler } from "../../functions/discovery/handler";
import { buildIngestHandler } from "../../functions/ingest/handler";
import {
  CONFIG_ENV,
  type Config,
  configEnv,
  LOOPBACK_SITES,
  layeredEnvironment,
  loadConfig,
} from "../../functions/shared/config";
import {
  API_SERVICE_NAME,
  BULK_LIST_SERVICE_NAME,
  DISCOVERY_SERVICE_NAME,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from "../../functions/shared/observability";
import { DISCOVERY_SCHEDULE_MINUTES } from "../../functions/shared/resources";
import { ENDPOINTS_FILE } from "../target";
import { type LocalApi, startLocalApi } from "./api-server";
import { localCursorKey } from "./cursor-key-file";
import { lockDataDir } from "./data-dir-lock";
import { type Poller, startPoller } from "./sqs-poller";
import { type StandIns, standInEnvironment, startStandIns } from "./stand-ins";

export interface LocalStackOptions {
  dataDir: string;
  /** Extra environment for the handler's configuration; wins over everything else. */
  env?: Record<string, string>;
  /** Powertools log level of the handler: "SILENT" keeps a terminal quiet. */
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
  /** Visibility timeout of the local queue (seconds), so retries come back quickly. */
  visibilityTimeoutSeconds?: number;
  concurrency?: number;
  /** Also serve the HTTP API on a loopback port (its URL goes into endpoints.json). */
  api?: boolean;
  /** How often the discovery schedule runs (default: the stack's, once a minute); 0 = never. */
  discoveryEveryMs?: number;
  notice?: (line: string) => void;
}

export interface LocalStack {
  standIns: StandIns;
  config: Config;
  clients: AwsClients;
  poller: Poller;
  /** Consumers of the discovery and bulk-list queues. */
  discoveryPoller: Poller;
  bulkListPoller: Poller;
  /** Runs the discovery schedule once now (what the timer does). */
  dispatchDiscovery(): Promise<void>;
  api: LocalApi | null;
  endpointsFile: string;
  stop(): Promise<void>;
}

/**
 * Local mode's defaults: private addresses and any port are allowed (the sample site is on
 * loopback), and a short politeness interval. Settings in the environment win over them.
 */
export const LOCAL_MODE_ENV: Record<string, string> = configEnv({
  ...LOOPBACK_SITES,
  politenessIntervalMs: "200",
});

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // CloudWatch metrics (EMF lines on stdout) mean nothing locally.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataDir(options.dataDir);
  // Also when this process ends without stop() (the stand-ins exit on an unhandled Ctrl-C).
  const releaseLock = () => lock.release();
  process.once("exit", releaseLock);
  const unlock = () => {
    process.off("exit", releaseLock);
    lock.release();
  };
  let standIns: StandIns;
  try {
    standIns = await startStandIns({
      dataDir: options.dataDir,
      queue: { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10 },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  try {
    const config = loadConfig(
      layeredEnvironment({
        defaults: LOCAL_MODE_ENV,
        env: process.env,
        fixed: {
          ...standInEnvironment(standIns),
          [CONFIG_ENV.cursorSecret]:
            process.env[CONFIG_ENV.cursorSecret] || localCursorKey(options.dataDir),
          ...options.env,
        },
      }),
    );
    const clients = createAwsClients(config);
    const logLevel = options.logLevel ?? "WARN";
    const api = options.api
      ? await startLocalApi(config, new Logger({ serviceName: API_SERVICE_NAME, logLevel }))
      : null;
    const handler = buildIngestHandler(config, {
      logger: new Logger({ serviceName: SERVICE_NAME, logLevel }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    });
    const poller = startPoller({
      sqs: clients.sqs,
      queueUrl: standIns.queueUrl,
      queueArn: standIns.queueArn,
      region: standIns.region,
      handler,
      concurrency: options.concurrency ?? 2,
      onError: (error) => options.notice?.(`poller: ${(error as Error).message}`),
    });
    // Discovery: the same handler as the Lambda, on a timer and behind its own queue.
    const discovery = buildDiscoveryHandler(config, {
      logger: new Logger({ serviceName: DISCOVERY_SERVICE_NAME, logLevel }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: DISCOVERY_SERVICE_NAME }),
    });
    const discoveryPoller = startPoller({
      sqs: clients.sqs,
      queueUrl: standIns.discoveryQueueUrl,
      queueArn: standIns.discoveryQueueArn,
      region: standIns.region,
      handler: discovery,
      concurrency: 1,
      onError: (error) => options.notice?.(`discovery: ${(error as Error).message}`),
    });
    const dispatchDiscovery = async () => {
      await discovery({ source: "local.schedule", "detail-type": "Scheduled Event" });
    };
    const everyMs = options.discoveryEveryMs ?? DISCOVERY_SCHEDULE_MINUTES * 60_000;
    const timer =
      everyMs > 0
        ? setInterval(() => {
            dispatchDiscovery().catch((error: unknown) =>
              options.notice?.(`discovery schedule: ${(error as Error).message}`),
            );
          }, everyMs)
        : null;
    timer?.unref();
    // Bulk lists: s3rver's object events stand in for S3 event notifications.
    const bulkListPoller = startPoller({
      sqs: clients.sqs,
      queueUrl: standIns.bulkListQueueUrl,
      queueArn: standIns.bulkListQueueArn,
      region: standIns.region,
      handler: buildBulkListHandler(config, {
        logger: new Logger({ serviceName: BULK_LIST_SERVICE_NAME, logLevel }),
        metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: BULK_LIST_SERVICE_NAME }),
      }),
      concurrency: 1,
      onError: (error) => options.notice?.(`bulk lists: ${(error as Error).message}`),
    });
    const notifications = new SubmissionQueue(clients.sqs, standIns.bulkListQueueUrl);
    standIns.onS3Event((event) => {
      for (const record of event.Records ?? []) {
        const key = record.s3?.object?.key;
        if (!record.eventName?.startsWith("ObjectCreated:") || !key || !isListKey(key)) continue;
        notifications
          .sendAll([s3NotificationBody(record.s3.bucket.name, key)])
          .catch((error: unknown) => options.notice?.(`bulk lists: ${(error as Error).message}`));
      }
    });
    const endpointsFile = path.join(options.dataDir, ENDPOINTS_FILE);
    const { stop: _stop, onS3Event: _events, ...endpoints } = standIns;
    const file = { ...endpoints, ...(api ? { apiUrl: api.url } : {}) };
    writeFileSync(endpointsFile, `${JSON.stringify(file, null, 2)}\n`);
    return {
      standIns,
      config,
      clients,
      poller,
      discoveryPoller,
      bulkListPoller,
      dispatchDiscovery,
      api,
      endpointsFile,
      async stop() {
        if (timer) clearInterval(timer);
        await discoveryPoller.stop();
        await bulkListPoller.stop();
        await poller.stop();
        await api?.close();
        rmSync(endpointsFile, { force: true });
        await standIns.stop();
        unlock();
      },
    };
  } catch (error) {
    await standIns.stop();
    unlock();
    throw error;
  }
}
