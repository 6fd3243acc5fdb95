/**
 * One local stack per data folder: `<dataDir>/local.lock` holds the pid of the process that
 * runs it. A second start on the same folder refuses instead of opening a second database on
 * the same files (and removing the first one's endpoints.json when it stops). A lock whose
 * process is gone (a run killed with SIGKILL, a crash) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { CliError } from "../cli-error";

export const LOCK_FILE = "local.lock";

export interface DataDirLock {
  file: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data folder's lock for this process, or throws a CliError naming the process
 * that holds it. The folder must exist.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  // Two attempts: the second after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx"); // fails when the file exists: creation is the lock
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readPid(file);
      if (holder !== null && processAlive(holder)) {
        throw new CliError(
          `Another local stack (pid ${holder}) is already running on the data folder ${dataDir}`,
          `Use that one (other commands reach it with --local), stop it first, or give this one another folder with --data-dir. If pid ${holder} is not article-ingest, delete ${file}.`,
        );
      }
      // Stale (its process is gone) or unreadable (a run killed while writing it).
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        if (readPid(file) === pid) rmSync(file, { force: true });
      },
    };
  }
  throw new CliError(
    `Could not take the lock ${file}: another start took it at the same time`,
    "Run one local stack per data folder.",
  );
}
