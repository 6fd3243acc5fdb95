/** The pure parts of discovery and bulk lists: intervals, health after a poll, list lines. */
import { describe, expect, it } from "vitest";
import {
  buildReport,
  csvFields,
  csvUrlColumn,
  listFormatOf,
  parseBulkMessage,
  readListLine,
  s3NotificationBody,
} from "../../functions/core/bulk-list";
import { parsePollMessage, pollMessageBody } from "../../functions/core/poll-message";
import {
  failingForADay,
  healthAfterPoll,
  newSubscription,
  parseInterval,
  SubscriptionInputError,
  subscriptionState,
} from "../../functions/core/subscription";

const NOW = new Date("2026-12-01T10:00:00Z");

describe("subscriptions", () => {
  it.each([
    ["15m", 900],
    ["90s", 90],
    ["2h", 7200],
    ["1d", 86_400],
    ["600", 600],
  ])("reads the interval %s as %d s", (raw, seconds) => {
    expect(parseInterval(raw)).toBe(seconds);
  });

  it.each(["59s", "8d", "soon", "-5m", ""])("refuses the interval %j", (raw) => {
    expect(() => parseInterval(raw)).toThrow(SubscriptionInputError);
  });

  it("starts due at once, with a 15-minute default and an id from the URL", () => {
    const a = newSubscription({ url: "https://n.example/rss", now: NOW });
    const b = newSubscription({ url: "https://n.example/rss", now: NOW, tag: "x" });
    expect(a).toMatchObject({ intervalSeconds: 900, nextPollAt: NOW.toISOString(), paused: false });
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(subscriptionState(a)).toBe("new");
    expect(() => newSubscription({ url: "https://n.example/", now: NOW, tag: "" })).toThrow();
  });

  it("counts failures from when they began and clears them on the next success", () => {
    const start = newSubscription({ url: "https://n.example/rss", now: NOW }).health;
    const failed = healthAfterPoll(
      start,
      { kind: "failed", code: "not-feed", message: "html" },
      NOW,
    );
    const later = new Date(NOW.getTime() + 25 * 3600_000);
    const again = healthAfterPoll(
      failed,
      { kind: "failed", code: "http-4xx", message: "404" },
      later,
    );
    const healed = healthAfterPoll(
      again,
      { kind: "read", submitted: 3, documentKind: "atom", etag: '"e"', lastModified: null },
      later,
    );

    expect(failed).toMatchObject({ failingSince: NOW.toISOString(), consecutiveFailures: 1 });
    expect(failingForADay(failed, NOW)).toBe(false);
    expect(again).toMatchObject({ failingSince: NOW.toISOString(), consecutiveFailures: 2 });
    expect(failingForADay(again, later)).toBe(true);
    expect(healed.failingSince).toBeUndefined();
    expect(healed).toMatchObject({
      consecutiveFailures: 0,
      urlsLastPoll: 3,
      etag: '"e"',
      documentKind: "atom",
      lastError: { code: "http-4xx" },
    });
  });

  it("reads only well-formed poll messages", () => {
    expect(parsePollMessage(pollMessageBody("0123456789abcdef"))).toBe("0123456789abcdef");
    for (const bad of ["", "{}", '{"poll":"x"}', "[1]", "null", '{"poll":1}']) {
      expect(parsePollMessage(bad)).toBeNull();
    }
  });
});

describe("bulk-list lines", () => {
  it("tells formats by name", () => {
    expect(listFormatOf("submissions/a.CSV.gz")).toBe("csv");
    expect(listFormatOf("submissions/a.ndjson")).toBe("jsonl");
    expect(listFormatOf("submissions/a")).toBe("text");
  });

  it("splits CSV rows with quotes and finds the url column", () => {
    expect(csvFields('a,"b, c","d ""q"""')).toEqual(["a", "b, c", 'd "q"']);
    expect(csvUrlColumn("\uFEFFTitle, URL ,x")).toBe(1);
    expect(csvUrlColumn("link")).toBe(-1);
  });

  it("skips blanks and comments, normalizes URLs and rejects the rest with a code", () => {
    expect(readListLine("text", "   ", 0)).toEqual({ kind: "skip" });
    expect(readListLine("text", "# note", 0)).toEqual({ kind: "skip" });
    expect(readListLine("text", "HTTPS://A.example/x?utm_source=y\r", 0)).toEqual({
      kind: "url",
      url: "https://a.example/x",
    });
    expect(readListLine("text", "ftp://a.example/", 0)).toMatchObject({
      kind: "reject",
      code: "invalid-url",
    });
    expect(readListLine("csv", "only-one-field", 3)).toMatchObject({ kind: "reject" });
    expect(readListLine("jsonl", "[1,2]", 0)).toMatchObject({ kind: "reject" });
  });

  it("reads S3 notifications with encoded keys and refuses anything else", () => {
    const parsed = parseBulkMessage(s3NotificationBody("b", "submissions/my list+1.txt"));
    expect(parsed).toEqual({
      kind: "created",
      objects: [{ bucket: "b", key: "submissions/my list+1.txt" }],
    });
    expect(parseBulkMessage('{"Event":"s3:TestEvent"}')).toEqual({ kind: "ignored" });
    expect(parseBulkMessage("not json")).toBeNull();
    expect(parseBulkMessage('{"bulkList": {"bucket": 1}}')).toBeNull();
  });

  it("adds the chunks' parts into one exact report", () => {
    const ref = {
      bucket: "b",
      key: "submissions/x.txt",
      etag: '"e"',
      format: "text" as const,
      gzip: false,
      work: "bulk-work/w/",
      startedAt: NOW.toISOString(),
    };
    const part = (chunk: number, accepted: number, rejectedLine: number) => ({
      chunk,
      lines: accepted + 1,
      accepted,
      rejected: 1,
      duplicates: 0,
      sendFailed: 0,
      rejectedLines: [
        { line: rejectedLine, input: "x", code: "invalid-url" as const, reason: "r" },
      ],
      duplicateLines: [],
      sendFailedUrls: [],
    });

    const report = buildReport(ref, [part(0, 10, 3), part(1, 5, 14)], NOW.toISOString());

    expect(report).toMatchObject({
      lines: 17,
      accepted: 15,
      rejected: 2,
      chunks: 2,
      truncated: false,
    });
    expect(report.rejectedLines.map((r) => r.line)).toEqual([3, 14]);
  });
});
