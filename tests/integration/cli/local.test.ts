import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { localCommand } from "../../../cli/commands/local";
import type { CliIo } from "../../../cli/output";
import { runCli } from "./run-cli";

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("local", () => {
  it("runs the stack until stopped, serving other commands through endpoints.json", async () => {
    // Prepare
    const dataDir = mkdtempSync(path.join(tmpdir(), "article-ingest-local-"));
    const endpointsFile = path.join(dataDir, "endpoints.json");
    let stdout = "";
    const io: CliIo = {
      stdout: { write: (chunk) => (stdout += String(chunk)) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: {},
      interactive: false,
      now: () => new Date(),
    };
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });

    // Act
    const running = localCommand({ dataDir }, io, stopped);
    await waitFor(() => existsSync(endpointsFile), 90_000);
    const stats = await runCli(["stats", "--json", "--data-dir", dataDir]);
    stop();
    const code = await running;

    // Assess
    expect(stdout).toContain(`Local stack running (data in ${dataDir}`);
    expect(stdout).toMatch(/HTTP API {3}http:\/\/127\.0\.0\.1:\d+/);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      target: "local",
      queue: { waiting: 0, inFlight: 0, delayed: 0 },
    });
    expect(code).toBe(0);
    expect(existsSync(endpointsFile)).toBe(false);
  }, 120_000);
});
