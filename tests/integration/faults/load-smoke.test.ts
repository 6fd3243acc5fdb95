/**
 * A small run of `npm run load` (50 URLs, own stand-ins): it finishes, prints every figure
 * on a line of its own, and the accounting invariant holds (exit code 0).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("load script", () => {
  it("drives 50 URLs through the pipeline and reports the figures and the invariant", {
    timeout: 240_000,
  }, () => {
    // Act
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/load.ts", "--urls", "50", "--hosts", "5"],
      { encoding: "utf8", timeout: 230_000, env: { ...process.env, LOAD_LOG_LEVEL: "SILENT" } },
    );

    // Assess
    expect(run.stderr).not.toMatch(/^load: .*Error/m);
    expect(run.status).toBe(0);
    for (const figure of ["articles/s", "p50 ms", "p95 ms", "peak rss MB", "fetch-only urls/s"]) {
      expect(run.stdout).toMatch(new RegExp(`^${figure}: \\d+(\\.\\d+)?`, "m"));
    }
    expect(run.stdout).toMatch(/^invariant: holds \(50 submitted: 48 ok, 2 failed/m);
  });
});
