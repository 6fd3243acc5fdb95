/**
 * Bundles the real handlers with the exact esbuild options of the ArticleFunction construct,
 * checks the size budget and what went into the bundle, then loads each bundle in a fresh
 * Node process (as a Lambda cold start would) and runs one no-op invocation.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  esbuildOptions,
  FORBIDDEN_BUNDLE_INPUTS,
  INGEST_BUNDLE_BUDGET_BYTES,
  INGEST_BUNDLE_CEILING_BYTES,
} from "../../infra/constructs/bundle-options";
import { DEFAULT_ENTRIES } from "../../infra/ingest-stack";
import { type ProbeSample, probeBundle, writeSdkOnlyEntry } from "../../scripts/lambda-figures";
import { REPO_ROOT } from "./synth-fixture";

/** Inside the repository, so the external @aws-sdk/* imports resolve like the runtime's. */
const CACHE = path.join(REPO_ROOT, "node_modules/.cache");
let outdir = "";
let metafile: Metafile | undefined;

beforeAll(async () => {
  // Prepare: one bundling run for both functions, same options as the construct.
  mkdirSync(CACHE, { recursive: true });
  outdir = mkdtempSync(path.join(CACHE, "bundle-test-"));
  // The SDK-only bundle (the AWS SDK clients the functions create, nothing of ours) is built
  // beside them, so each function's module init can be printed with its own share.
  const result = await build({
    ...esbuildOptions(
      {
        ingest: DEFAULT_ENTRIES.ingest,
        api: DEFAULT_ENTRIES.api,
        discovery: DEFAULT_ENTRIES.discovery,
        bulkList: DEFAULT_ENTRIES.bulkList,
        "sdk-only": writeSdkOnlyEntry(outdir),
      },
      outdir,
    ),
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
    // Act: the function's bundle, then the SDK clients alone, one right after the other.
    const probe = probeBundle(bundlePath(name), name);
    const sdkOnly = probeBundle(bundlePath("sdk-only"), name);
    // Assess: exit 0 and nothing on stderr but Powertools' "no metrics" notice.
    expect(probe.status, probe.stderr).toBe(0);
    expect(probe.stderr.replace(/^No application metrics to publish.*\n?/m, "")).toBe("");
    expect(sdkOnly.status, sdkOnly.stderr).toBe(0);
    const figures = probe.sample as ProbeSample;
    const sdk = sdkOnly.sample as ProbeSample;
    const kb = (statSync(bundlePath(name)).size / 1024).toFixed(1);
    const rssMb = (figures.initRss - figures.baselineRss) / 2 ** 20;
    console.log(
      `${name} (node ${figures.node}): ${kb} KB, import ${figures.initMs.toFixed(0)} ms ` +
        `(${figures.initCpuMs.toFixed(0)} ms CPU; the SDK clients alone ${sdk.initMs.toFixed(0)} ms, ` +
        `${sdk.initCpuMs.toFixed(0)} ms CPU), first invocation ` +
        `${figures.firstInvokeMs.toFixed(0)} ms, +${rssMb.toFixed(1)} MB RSS`,
    );
    if (name === "ingest") expect(figures.result).toEqual({ batchItemFailures: [] });
    else expect(figures.result).toMatchObject({ statusCode: 404 });
  });
});

describe.each(["discovery", "bulkList"] as const)("%s bundle", (name) => {
  it("stays within the ceiling and leaves the AWS SDK to the runtime", () => {
    const bytes = statSync(bundlePath(name)).size;
    console.log(`${name} bundle: ${(bytes / 1024).toFixed(1)} KB minified`);
    expect(bytes).toBeLessThanOrEqual(INGEST_BUNDLE_CEILING_BYTES);
    const inputs = inputsOf(name);
    expect(inputs.filter((input) => input.includes("node_modules/@aws-sdk/"))).toEqual([]);
    expect(inputs.some((input) => input.includes("cheerio"))).toBe(false);
  });
});

describe("ingest bundle as its own extraction process", () => {
  it("serves extraction in a child process started on the bundle file", async () => {
    // Prepare
    const { fork } = await import("node:child_process");
    const { EXTRACT_WORKER_ROLE } = await import("../../functions/ingest/extract-worker");
    const child = fork(bundlePath("ingest"), [], {
      env: { ...process.env, [EXTRACT_WORKER_ROLE.env]: EXTRACT_WORKER_ROLE.value },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const replies: unknown[] = [];
    const answered = new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("message", (reply: { ready?: true }) => {
        replies.push(reply);
        if (reply.ready) {
          child.send({
            id: 7,
            html: "<html><head><title>Quay</title></head><body><article><h1>Quay</h1><p>The quay reopened on Monday after a year of repairs to its stone wall.</p></article></body></html>",
            url: "https://news.example/quay",
          });
        } else resolve();
      });
    });

    // Act
    try {
      await answered;
    } finally {
      child.kill();
    }

    // Assess
    expect(replies[0]).toEqual({ ready: true });
    expect(replies[1]).toMatchObject({ id: 7, article: { title: "Quay" } });
  });
});
