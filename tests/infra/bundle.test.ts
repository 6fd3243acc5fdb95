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

describe("WARC captures in the bundle (warcio with the bundle's hash-wasm and pako stubs)", () => {
  it("writes a capture that warcio with its real dependencies parses, digest included", async () => {
    // Prepare: the capture module bundled with the functions' exact options.
    const { createHash } = await import("node:crypto");
    const { execFileSync } = await import("node:child_process");
    const { WARCParser } = await import("warcio");
    const dir = mkdtempSync(path.join(CACHE, "bundle-warc-"));
    try {
      await build(
        esbuildOptions({ warc: path.join(REPO_ROOT, "functions/adapters/warc-capture.ts") }, dir),
      );
      const body = "<html><body><p>Quay reopened</p></body></html>";
      const script = `
        const { serializeCapture, parseRecordMember } = await import(${JSON.stringify(path.join(dir, "warc.mjs"))});
        const c = await serializeCapture({ software: "test", filename: "t.warc.gz",
          response: { url: "https://news.example/quay", fetchedAt: "2026-12-01T10:00:00.000Z", status: 200,
            contentType: "text/html", body: Buffer.from(${JSON.stringify(body)}) },
          document: { url: "https://news.example/quay", date: "2026-12-01T10:00:01.000Z", json: "{}" } });
        const back = await parseRecordMember(c.bytes.subarray(c.response.offset, c.response.offset + c.response.length));
        process.stdout.write(JSON.stringify({ warc: c.bytes.toString("base64"), digest: c.response.digest, payload: back.payload.toString() }));`;

      // Act
      const out = JSON.parse(
        execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
      ) as { warc: string; digest: string; payload: string };
      const types: string[] = [];
      let digest: string | null | undefined;
      async function* source() {
        yield Buffer.from(out.warc, "base64");
      }
      for await (const record of new WARCParser(source())) {
        types.push(record.warcType ?? "");
        if (record.warcType === "response") digest = record.warcPayloadDigest;
        await record.readFully(false);
      }

      // Assess
      const sha = createHash("sha256").update(body).digest("hex");
      expect(types).toEqual(["warcinfo", "response", "metadata"]);
      expect(out.digest).toBe(`sha256:${sha}`);
      expect(digest).toBe(`sha256:${sha}`);
      expect(out.payload).toBe(body);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
