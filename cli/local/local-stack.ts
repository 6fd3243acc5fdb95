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
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from "../../functions/shared/observability";
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
  notice?: (line: string) => void;
}

export interface LocalStack {
  standIns: StandIns;
  config: Config;
  clients: AwsClients;
  poller: Poller;
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
    const endpointsFile = path.join(options.dataDir, ENDPOINTS_FILE);
    const { stop: _stop, onS3Event: _events, ...endpoints } = standIns;
    const file = { ...endpoints, ...(api ? { apiUrl: api.url } : {}) };
    writeFileSync(endpointsFile, `${JSON.stringify(file, null, 2)}\n`);
    return {
      standIns,
      config,
      clients,
      poller,
      api,
      endpointsFile,
      async stop() {
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
