import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CURSOR_KEY_FILE, localCursorKey } from "../../cli/local/cursor-key-file";
import { MIN_CURSOR_KEY_CHARS, resolveCursorKey } from "../../functions/api/cursor-key";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorKey-AbCdEf";

describe("resolveCursorKey", () => {
  it("reads the secret named by CURSOR_SECRET_ARN, once, and ignores CURSOR_SECRET", async () => {
    // Prepare
    const readSecret = vi.fn(async () => `${"k".repeat(64)}\n`);

    // Act
    const key = await resolveCursorKey(
      { cursorSecretArn: ARN, cursorSecret: "article-ingest:table", region: "eu-west-1" },
      readSecret,
    );

    // Assess
    expect(key).toBe("k".repeat(64));
    expect(readSecret).toHaveBeenCalledTimes(1);
    expect(readSecret).toHaveBeenCalledWith(ARN, "eu-west-1");
  });

  it("uses CURSOR_SECRET without reading any secret when no ARN is given", async () => {
    const readSecret = vi.fn(async () => "unused");
    const key = await resolveCursorKey(
      { cursorSecretArn: "", cursorSecret: "given-key", region: "eu-west-1" },
      readSecret,
    );
    expect(key).toBe("given-key");
    expect(readSecret).not.toHaveBeenCalled();
  });

  it("refuses a secret too short to be a key", async () => {
    await expect(
      resolveCursorKey({ cursorSecretArn: ARN, cursorSecret: "", region: "eu-west-1" }, async () =>
        "x".repeat(MIN_CURSOR_KEY_CHARS - 1),
      ),
    ).rejects.toThrow(/at least 32/);
  });
});

describe("localCursorKey", () => {
  it("makes a random key per data folder, keeps it there, owner-readable only", () => {
    // Prepare
    const first = mkdtempSync(path.join(tmpdir(), "cursor-key-"));
    const second = mkdtempSync(path.join(tmpdir(), "cursor-key-"));

    // Act
    const key = localCursorKey(first);
    const again = localCursorKey(first);
    const other = localCursorKey(second);

    // Assess
    expect(key.length).toBeGreaterThanOrEqual(MIN_CURSOR_KEY_CHARS);
    expect(again).toBe(key);
    expect(other).not.toBe(key);
    const file = path.join(first, CURSOR_KEY_FILE);
    expect(readFileSync(file, "utf8").trim()).toBe(key);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it("replaces a file that holds no usable key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cursor-key-"));
    writeFileSync(path.join(dir, CURSOR_KEY_FILE), "short\n");
    expect(localCursorKey(dir)).not.toBe("short");
  });
});
