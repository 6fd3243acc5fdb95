/**
 * Bundles the real handlers with the exact esbuild options of the ArticleFunction construct,
 * checks the size budget and what went into the bundle, then loads each bundle in a fresh
 * Node process (as a Lambda cold start would) and runs one no-op invocation.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../../functions/shared/config";
import {
  esbuildOptions,
  FORBIDDEN_BUNDLE_INPUTS,
  INGEST_BUNDLE_BUDGET_BYTES,
  INGEST_BUNDLE_CEILING_BYTES,
} from "../../infra/constructs/bundle-options";
import { DEFAULT_ENTRIES } from "../../infra/ingest-stack";
import { REPO_ROOT } from "./synth-fixture";

/** Inside the repository, so the external @aws-sdk/* imports resolve like the runtime's. */
const CACHE = path.join(REPO_ROOT, "node_modules/.cache");
let outdir = "";
let metafile: Metafile | undefined;

/** The environment a deployed function gets; values are placeholders (nothing is called). */
const LAMBDA_ENV = {
  PATH: process.env.PATH ?? "",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "example",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  POWERTOOLS_METRICS_DISABLED: "true",
  [CONFIG_ENV.tableName]: "articles",
  [CONFIG_ENV.bucketName]: "archive",
  [CONFIG_ENV.queueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/submissions",
  [CONFIG_ENV.deadLetterQueueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
};

/** Loads a bundle, then invokes it once with an event that needs no AWS call; prints figures. */
const PROBE = `
const baseline = process.memoryUsage().rss;
const started = performance.now();
const mod = await import(process.argv[1]);
const importMs = performance.now() - started;
const event = JSON.parse(process.argv[2]);
const invokeStarted = performance.now();
const result = await mod.handler(event);
const firstInvokeMs = performance.now() - invokeStarted;
const rssMb = (process.memoryUsage().rss - baseline) / 2 ** 20;
console.log(JSON.stringify({ importMs, firstInvokeMs, rssMb, result }));
`;

/** Events that exercise the cold-start path (config, clients, handler) without AWS calls. */
const PROBE_EVENTS = {
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
} as const;

beforeAll(async () => {
  // Prepare: one bundling run for both functions, same options as the construct.
  mkdirSync(CACHE, { recursive: true });
  outdir = mkdtempSync(path.join(CACHE, "bundle-test-"));
  const result = await build({
    ...esbuildOptions({ ingest: DEFAULT_ENTRIES.ingest, api: DEFAULT_ENTRIES.api }, outdir),
    metafile: true,
  });
  metafile = result.metafile;
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const bundlePath = (name: string) => path.join(outdir, `${name}.mjs`);

function inputsOf(name: string): string[] {
  const output = metafile?.outputs[path.relative(process.cwd(), bundlePath(name))];
  if (!output) throw new Error(`esbuild metafile has no output for ${name}`);
  return Object.keys(output.inputs);
}

describe("ingest bundle", () => {
  it("stays within the 800 KB budget, minified", () => {
    const bytes = statSync(bundlePath("ingest")).size;
    console.log(
      `ingest bundle: ${(bytes / 1024).toFixed(1)} KB minified; budget ${INGEST_BUNDLE_BUDGET_BYTES / 1024} KB`,
    );
    expect(bytes).toBeLessThanOrEqual(INGEST_BUNDLE_CEILING_BYTES);
  });
});

describe.each(["ingest", "api"] as const)("%s bundle", (name) => {
  it("ships a source map", () => {
    expect(statSync(`${bundlePath(name)}.map`).size).toBeGreaterThan(0);
  });

  it("leaves the AWS SDK to the runtime and never contains full cheerio", () => {
    const inputs = inputsOf(name);
    expect(inputs.filter((input) => input.includes("node_modules/@aws-sdk/"))).toEqual([]);
    for (const forbidden of FORBIDDEN_BUNDLE_INPUTS) {
      expect(inputs.filter((input) => input.includes(forbidden))).toEqual([]);
    }
  });

  it("initializes in a fresh Node process and answers a first no-op invocation", () => {
    // Act
    const child = spawnSync(
      process.execPath,
      [
        "--enable-source-maps",
        "--input-type=module",
        "-e",
        PROBE,
        bundlePath(name),
        JSON.stringify(PROBE_EVENTS[name]),
      ],
      { cwd: outdir, env: LAMBDA_ENV, encoding: "utf8", timeout: 60_000 },
    );
    // Assess: exit 0 and nothing on stderr but Powertools' "no metrics" notice.
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr.replace(/^No application metrics to publish.*\n?/m, "")).toBe("");
    const lines = child.stdout.trim().split("\n");
    const figures = JSON.parse(lines.at(-1) ?? "{}") as {
      importMs: number;
      firstInvokeMs: number;
      rssMb: number;
      result: unknown;
    };
    const kb = (statSync(bundlePath(name)).size / 1024).toFixed(1);
    console.log(
      `${name}: ${kb} KB, import ${figures.importMs.toFixed(0)} ms, first invocation ` +
        `${figures.firstInvokeMs.toFixed(0)} ms, +${figures.rssMb.toFixed(1)} MB RSS`,
    );
    if (name === "ingest") expect(figures.result).toEqual({ batchItemFailures: [] });
    else expect(figures.result).toMatchObject({ statusCode: 404 });
  });
});
