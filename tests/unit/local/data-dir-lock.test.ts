import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../../../cli/cli-error";
import { LOCK_FILE, lockDataDir } from "../../../cli/local/data-dir-lock";

function dataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "article-ingest-lock-"));
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid as number;
}

describe("lockDataDir", () => {
  it("writes this process's pid and removes the file on release", () => {
    // Prepare
    const dir = dataDir();

    // Act
    const lock = lockDataDir(dir);
    const content = readFileSync(path.join(dir, LOCK_FILE), "utf8");
    lock.release();

    // Assess
    expect(content).toBe(`${process.pid}\n`);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("refuses while the holder is alive, naming its pid", () => {
    // Prepare
    const dir = dataDir();
    const first = lockDataDir(dir);

    // Act
    const second = () => lockDataDir(dir);

    // Assess
    expect(second).toThrow(CliError);
    expect(second).toThrow(`Another local stack (pid ${process.pid}) is already running`);
    expect(readFileSync(path.join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    first.release();
  });

  it("takes over a lock left by a process that is gone, or an empty one", () => {
    // Prepare
    const stale = dataDir();
    writeFileSync(path.join(stale, LOCK_FILE), `${deadPid()}\n`);
    const empty = dataDir();
    writeFileSync(path.join(empty, LOCK_FILE), "");

    // Act
    const fromStale = lockDataDir(stale);
    const fromEmpty = lockDataDir(empty);

    // Assess
    expect(readFileSync(fromStale.file, "utf8")).toBe(`${process.pid}\n`);
    expect(readFileSync(fromEmpty.file, "utf8")).toBe(`${process.pid}\n`);
    fromStale.release();
    fromEmpty.release();
  });

  it("leaves a lock that another process took in the meantime", () => {
    // Prepare
    const dir = dataDir();
    const lock = lockDataDir(dir);
    writeFileSync(lock.file, "4242\n");

    // Act
    lock.release();

    // Assess
    expect(readFileSync(lock.file, "utf8")).toBe("4242\n");
  });
});
