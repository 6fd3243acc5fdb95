import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

function captureIo(): { io: CliIo; stdout: () => string } {
  let stdout = "";
  const io: CliIo = {
    stdout: { write: (chunk) => (stdout += String(chunk)) },
    stderr: { write: () => true },
    stdin: Readable.from([]),
    env: {},
    interactive: false,
    now: () => new Date(),
  };
  return { io, stdout: () => stdout };
}

function stopSignal(): { stopped: Promise<void>; stop: () => void } {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  return { stopped, stop };
}

describe("local", () => {
  it("runs the stack until stopped, serving other commands through endpoints.json", async () => {
    // Prepare
    const dataDir = mkdtempSync(path.join(tmpdir(), "article-ingest-local-"));
    const endpointsFile = path.join(dataDir, "endpoints.json");
    const { io, stdout: output } = captureIo();
    const { stopped, stop } = stopSignal();

    // Act
    const running = localCommand({ dataDir }, io, stopped);
    await waitFor(() => existsSync(endpointsFile), 90_000);
    const stats = await runCli(["stats", "--json", "--data-dir", dataDir]);
    stop();
    const code = await running;

    // Assess
    const stdout = output();
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

  it("refuses a second start on the same data folder and leaves the first one running", async () => {
    // Prepare
    const dataDir = mkdtempSync(path.join(tmpdir(), "article-ingest-local-"));
    const endpointsFile = path.join(dataDir, "endpoints.json");
    const lockFile = path.join(dataDir, "local.lock");
    const first = stopSignal();
    const running = localCommand({ dataDir }, captureIo().io, first.stopped);
    await waitFor(() => existsSync(endpointsFile), 90_000);
    const endpoints = readFileSync(endpointsFile, "utf8");

    // Act
    const second = await runCli(["local", "--data-dir", dataDir]);
    const statsAfter = await runCli(["stats", "--json", "--data-dir", dataDir]);
    first.stop();
    const code = await running;

    // Assess
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `error: Another local stack (pid ${process.pid}) is already running on the data folder ${dataDir}`,
    );
    expect(second.stderr).toContain("--data-dir");
    expect(statsAfter.code).toBe(0);
    expect(code).toBe(0);
    // The second start wrote and removed nothing; the first cleaned up after itself.
    expect(endpoints).toContain('"apiUrl"');
    expect(existsSync(endpointsFile)).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);

  it("takes over the lock a killed run left behind", async () => {
    // Prepare
    const dataDir = mkdtempSync(path.join(tmpdir(), "article-ingest-local-"));
    const lockFile = path.join(dataDir, "local.lock");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid as number;
    writeFileSync(lockFile, `${gone}\n`);
    const { io, stdout } = captureIo();
    const signal = stopSignal();

    // Act
    const running = localCommand({ dataDir }, io, signal.stopped);
    await waitFor(() => existsSync(path.join(dataDir, "endpoints.json")), 90_000);
    const holder = readFileSync(lockFile, "utf8");
    signal.stop();
    const code = await running;

    // Assess
    expect(holder).toBe(`${process.pid}\n`);
    expect(stdout()).toContain("Local stack running");
    expect(code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);
});
