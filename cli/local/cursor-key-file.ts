/**
 * Local mode's cursor key: random, one per data folder, kept in `<dataDir>/cursor-key` (readable
 * by its owner only), so cursors stay valid across restarts of the same local stack and are
 * worthless for any other.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const CURSOR_KEY_FILE = "cursor-key";
/** Shortest key read back from the file; a shorter one is replaced. */
const MIN_KEY_CHARS = 32;

/** The data folder's cursor key, made on first use. */
export function localCursorKey(dataDir: string): string {
  const file = path.join(dataDir, CURSOR_KEY_FILE);
  const existing = readKey(file);
  if (existing) return existing;
  const key = randomBytes(32).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // also when an unusable file was there before
  return key;
}

function readKey(file: string): string | null {
  try {
    const key = readFileSync(file, "utf8").trim();
    return key.length >= MIN_KEY_CHARS ? key : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
