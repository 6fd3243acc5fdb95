/**
 * Lambda figures: bundles the ingest and API functions with the stack's own esbuild options
 * (infra/constructs/bundle-options.ts, entries from infra/ingest-stack.ts), then loads each
 * bundle in fresh Node processes, as a cold start does, and reports the bundle size, module
 * initialization time, first-invocation time (configuration, SDK clients, one event that
 * needs no AWS call) and memory (RSS after init and after the first invocation), as the
 * median of several runs. `npm run bench` prints them after the extractor figures;
 * `tsx scripts/lambda-figures.ts [--runs N]` prints them alone.
 *
 * Measured on this machine with its Node version, not on Lambda's arm64 Node.js 24: read
 * them as relative figures (did a change make init slower or the bundle heavier?).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { CONFIG_ENV } from "../functions/shared/config";
import { esbuildOptions } from "../infra/constructs/bundle-options";
import { DEFAULT_ENTRIES } from "../infra/ingest-stack";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface LambdaFigures {
  name: string;
  bundleKb: number;
  initMs: number;
  firstInvokeMs: number;
  /** Whole-process RSS after module init and after the first invocation (MB). */
  initRssMb: number;
  invokedRssMb: number;
  heapUsedMb: number;
  runs: number;
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
const started = performance.now();
const mod = await import(process.argv[1]);
const initMs = performance.now() - started;
const initRss = process.memoryUsage().rss;
const invokeStarted = performance.now();
const result = await mod.handler(JSON.parse(process.argv[2]));
const firstInvokeMs = performance.now() - invokeStarted;
const m = process.memoryUsage();
console.log(JSON.stringify({ initMs, firstInvokeMs, baselineRss, initRss, rss: m.rss, heapUsed: m.heapUsed, result }));
`;

export interface ProbeSample {
  initMs: number;
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
 * deployed function has them), and runs one invocation that needs no AWS call.
 */
export function probeBundle(bundle: string, name: FunctionName): ProbeRun {
  const child = spawnSync(
    process.execPath,
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function measureLambdaFigures(runs = 5): Promise<LambdaFigures[]> {
  // Inside the repository, so the external @aws-sdk/* imports resolve as on the runtime.
  const cache = path.join(REPO_ROOT, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(path.join(cache, "lambda-figures-"));
  try {
    await build({
      ...esbuildOptions({ ingest: DEFAULT_ENTRIES.ingest, api: DEFAULT_ENTRIES.api }, outdir),
    });
    const figures: LambdaFigures[] = [];
    for (const name of ["ingest", "api"] as const) {
      const bundle = path.join(outdir, `${name}.mjs`);
      const samples: ProbeSample[] = [];
      for (let run = 0; run < runs; run++) {
        const probe = probeBundle(bundle, name);
        if (probe.status !== 0 || !probe.sample) {
          throw new Error(
            `loading the ${name} bundle failed (exit ${probe.status}): ${probe.stderr.slice(0, 500)}`,
          );
        }
        samples.push(probe.sample);
      }
      const mb = (bytes: number) => bytes / 2 ** 20;
      figures.push({
        name,
        bundleKb: statSync(bundle).size / 1024,
        initMs: median(samples.map((s) => s.initMs)),
        firstInvokeMs: median(samples.map((s) => s.firstInvokeMs)),
        initRssMb: mb(median(samples.map((s) => s.initRss))),
        invokedRssMb: mb(median(samples.map((s) => s.rss))),
        heapUsedMb: mb(median(samples.map((s) => s.heapUsed))),
        runs,
      });
    }
    return figures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function formatLambdaFigures(figures: LambdaFigures[]): string {
  const lines = [
    `lambda cold start (median of ${figures[0]?.runs ?? 0} fresh processes, node ${process.versions.node})`,
  ];
  for (const f of figures) {
    lines.push(
      `${f.name} bundle KB: ${f.bundleKb.toFixed(0)}`,
      `${f.name} init ms: ${f.initMs.toFixed(0)}`,
      `${f.name} first invoke ms: ${f.firstInvokeMs.toFixed(0)}`,
      `${f.name} rss MB: ${f.initRssMb.toFixed(0)} after init, ${f.invokedRssMb.toFixed(0)} after first invoke (heap ${f.heapUsedMb.toFixed(0)})`,
    );
  }
  return lines.join("\n");
}

/** For `npm run bench`: measures and prints; a failure is reported, not thrown. */
export async function printLambdaFigures(runs = 5): Promise<void> {
  try {
    process.stdout.write(`\n${formatLambdaFigures(await measureLambdaFigures(runs))}\n`);
  } catch (error) {
    process.stderr.write(
      `lambda figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf("--runs");
  await printLambdaFigures(index >= 0 ? Number(process.argv[index + 1]) || 5 : 5);
}
