/**
 * A small run of `npm run load` (50 URLs, own stand-ins): it finishes, prints every figure
 * on a line of its own, and the accounting invariant holds (exit code 0), with hostile
 * inputs mixed in: 15 of the 50 URLs, one of each shape, at 50 KB per page so the run
 * stays short. How each shape ends is reported, not asserted: that is the extractor's and
 * the service's business, and it differs with the page size.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HOSTILE_SHAPES } from "../../../cli/local/hostile-pages";

describe("load script", () => {
  it("drives 50 URLs, hostile ones included, through the pipeline and reports the figures, the invariant and the hostile endings", {
    timeout: 240_000,
  }, () => {
    // Act
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/load.ts",
        "--urls",
        "50",
        "--hosts",
        "5",
        "--hostile",
        "0.3",
        "--hostile-mb",
        "0.05",
        "--visibility",
        "20",
      ],
      { encoding: "utf8", timeout: 230_000, env: { ...process.env, LOAD_LOG_LEVEL: "SILENT" } },
    );

    // Assess
    expect(run.stderr).not.toMatch(/^load: .*Error/m);
    expect(run.status).toBe(0);
    for (const figure of ["articles/s", "p50 ms", "p95 ms", "peak rss MB", "fetch-only urls/s"]) {
      expect(run.stdout).toMatch(new RegExp(`^${figure}: \\d+(\\.\\d+)?`, "m"));
    }
    expect(run.stdout).toMatch(/^invariant: holds \(50 submitted: /m);
    expect(run.stdout).toMatch(/^hostile urls: 15$/m);
    for (const shape of HOSTILE_SHAPES) {
      expect(run.stdout).toMatch(
        new RegExp(`^hostile ${shape}: ((ok|failed [a-z-]+|skipped [a-z-]+|dead-letter) x1)$`, "m"),
      );
    }
  });
});
