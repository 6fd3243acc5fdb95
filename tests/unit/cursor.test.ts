import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../../functions/core/cursor";

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
});
