import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  MAX_CURSOR_LENGTH,
} from "../../functions/core/cursor";

/** A cursor with a valid signature over any payload text (what a leaked key would allow). */
function signed(payloadText: string, key: string): string {
  const payload = Buffer.from(payloadText).toString("base64url");
  const signature = createHmac("sha256", key).update(payload).digest("base64url").slice(0, 22);
  return `${payload}.${signature}`;
}

describe("pagination cursors", () => {
  const key = "test-key";

  it("round-trips a value for the same scope", () => {
    const cursor = encodeCursor({ pk: "SITE#example.com", sk: "2026#a" }, key, "site:example.com");
    expect(decodeCursor(cursor, key, "site:example.com")).toEqual({
      pk: "SITE#example.com",
      sk: "2026#a",
    });
  });

  it.each([
    ["an altered payload", (c: string) => `x${c}`],
    ["a truncated signature", (c: string) => c.slice(0, -2)],
    ["garbage", () => "not-a-cursor"],
    ["extra parts", (c: string) => `${c}.more`],
  ])("rejects %s", (_name, mutate) => {
    const cursor = encodeCursor({ n: 1 }, key, "s");
    expect(() => decodeCursor(mutate(cursor), key, "s")).toThrow(InvalidCursorError);
  });

  it("rejects a cursor made for another query or another key", () => {
    const cursor = encodeCursor({ n: 1 }, key, "site:a");
    expect(() => decodeCursor(cursor, key, "site:b")).toThrow(/different query/);
    expect(() => decodeCursor(cursor, "other-key", "site:a")).toThrow(/signature/);
  });

  it.each([
    ["a signed payload that is not JSON", signed("{not json", key)],
    ["a signed payload without scope and value", signed('{"x":1}', key)],
    ["a signed payload that is a bare value", signed("null", key)],
    ["an overlong cursor", `${"a".repeat(MAX_CURSOR_LENGTH)}.b`],
    ["an empty string", ""],
  ])("rejects %s as an invalid cursor, not another error", (_name, cursor) => {
    expect(() => decodeCursor(cursor, key, "s")).toThrow(InvalidCursorError);
  });
});
