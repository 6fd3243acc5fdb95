/**
 * `cdk synth` as a test: the real app with the real handlers, bundled by NodejsFunction with
 * the local esbuild, the cdk-nag AwsSolutions checks and CDK's built-in template validation
 * registered, all offline. Synthesis throws when a validation plugin reports a violation.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, stackName } from "../../infra/app";
import { INGEST_BUNDLE_CEILING_BYTES } from "../../infra/constructs/bundle-options";
import { cdkJsonContext } from "./synth-fixture";

const outdir = mkdtempSync(path.join(tmpdir(), "infra-synth-"));
let assembly: CloudAssembly;

// Prepare (both tests): one synthesis into this file's own folder. Each test reads the
// setup's output, so neither depends on the other having run first.
beforeAll(() => {
  const started = performance.now();
  assembly = buildApp({ appProps: { outdir, context: cdkJsonContext() } }).app.synth();
  console.log(`synth with bundling and validation: ${(performance.now() - started).toFixed(0)} ms`);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe("cdk synth (in process)", () => {
  it("synthesizes the app with bundled handlers and no validation violations", () => {
    // Act
    const stack = assembly.getStackByName(stackName("dev"));
    // Assess
    expect(Object.keys(stack.template.Resources ?? {}).length).toBeGreaterThan(20);
    const report = JSON.parse(
      readFileSync(path.join(outdir, "validation-report.json"), "utf8"),
    ) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
    for (const plugin of report.pluginReports) {
      expect(plugin.violations, plugin.pluginName).toEqual([]);
    }
  });

  it("stages one ESM bundle with its source map per function, within the size ceiling", () => {
    const assets = readdirSync(outdir).filter((name) => name.startsWith("asset."));
    const bundles = assets
      .map((dir) => path.join(outdir, dir, "index.mjs"))
      .filter((file) => existsSync(file));
    expect(bundles).toHaveLength(6); // ingest, API, analytics writer, discovery, bulk list, sweep
    for (const bundle of bundles) {
      expect(statSync(`${bundle}.map`).size).toBeGreaterThan(0);
      expect(readFileSync(bundle, "utf8")).toContain("createRequire");
      // Same options as bundle.test.ts, so the same ceiling holds for what gets deployed.
      expect(statSync(bundle).size).toBeLessThanOrEqual(INGEST_BUNDLE_CEILING_BYTES);
    }
  });
});
