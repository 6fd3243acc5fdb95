import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/article-ingest.js");

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("bin/article-ingest.js", () => {
  it("prints the version and exits 0", () => {
    // Act
    const result = run("--version");

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^article-ingest \d+\.\d+\.\d+\n$/);
  });

  it("exits 2 on a usage error, pointing at the help", () => {
    // Act
    const result = run("list", "--sight", "example.com");

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown option --sight\nRun "article-ingest list --help" for usage.\n',
    );
    expect(result.stdout).toBe("");
  });

  it("exits 1 with one line and a hint on a user error", () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), "article-ingest-bin-"));

    // Act
    const result = run("stats", "--data-dir", dir);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: the local stack is not running (no ${dir}/endpoints.json)\n  start it in another terminal with \`article-ingest local\`\n`,
    );
  });
});
