import { describe, expect, it } from "vitest";
import type { ArticleRecord } from "../../functions/core/article-record";
import {
  defaultDiffPair,
  diffVersions,
  inCaptureOrder,
  MAX_DIFF_EDITS,
  timeMap,
} from "../../functions/core/history";

const at = (version: number, fetchedAt: string | null) => ({ version, fetchedAt });

function record(fields: Partial<ArticleRecord>): ArticleRecord {
  return { version: 1, fetchedAt: null, title: "T", wordCount: 3, ...fields } as ArticleRecord;
}

describe("history", () => {
  it("orders versions by capture time, an imported older capture before the first fetch", () => {
    const versions = [
      at(1, "2026-05-01T00:00:00Z"),
      at(2, "2025-01-01T00:00:00Z"),
      at(3, "2026-06-01T00:00:00Z"),
    ];
    expect(inCaptureOrder(versions).map((v) => v.version)).toEqual([2, 1, 3]);
    expect(defaultDiffPair(versions, 3, {})).toEqual({ from: 1, to: 3 });
    expect(defaultDiffPair(versions, 3, { to: 1 })).toEqual({ from: 2, to: 1 });
    expect(defaultDiffPair(versions, 3, { to: 2 })).toBeNull();
  });

  it("refuses to line-diff texts that differ in more lines than the bound, and says so", () => {
    const lines = (prefix: string) =>
      Array.from({ length: MAX_DIFF_EDITS + 10 }, (_, i) => `${prefix}${i}`).join("\n");
    const diff = diffVersions(
      record({ version: 1, textSha256: "a" }),
      record({ version: 2, textSha256: "b" }),
      lines("a"),
      lines("b"),
    );
    expect(diff.textDiff).toBeNull();
    expect(diff.changedFields).toContain("text");
    expect(diff.textNote).toContain(String(MAX_DIFF_EDITS));
  });

  it("says which version's text is missing instead of diffing nothing", () => {
    const diff = diffVersions(
      record({ version: 1 }),
      record({ version: 2, title: "U" }),
      null,
      "x",
    );
    expect(diff.fields).toEqual([{ field: "title", from: "T", to: "U" }]);
    expect(diff.textNote).toBe("the text of version 1 is not in the archive");
  });

  it("writes a TimeMap in RFC 7089 link format, oldest memento first, brackets escaped", () => {
    const map = timeMap("https://a.example/x?q=<b>", "/timemap?url=x", [
      { uri: "/m/2", datetime: "2026-02-01T00:00:00Z" },
      { uri: "/m/1", datetime: "2026-01-01T00:00:00Z" },
    ]);
    expect(map).toBe(
      [
        '<https://a.example/x?q=%3Cb%3E>; rel="original"',
        '</timemap?url=x>; rel="self"; type="application/link-format"; from="Thu, 01 Jan 2026 00:00:00 GMT"; until="Sun, 01 Feb 2026 00:00:00 GMT"',
        '</m/1>; rel="first memento"; datetime="Thu, 01 Jan 2026 00:00:00 GMT"',
        '</m/2>; rel="last memento"; datetime="Sun, 01 Feb 2026 00:00:00 GMT"',
      ].join(",\n") + "\n",
    );
  });
});
