import { describe, expect, it } from "vitest";
import { parseQueueMessage, submissionBody } from "../../functions/core/queue-message";

describe("parseQueueMessage", () => {
  it.each([
    [
      "https://example.com/a",
      { kind: "ingest", url: "https://example.com/a", force: false, deferrals: 0 },
    ],
    [
      "  http://example.com/a \n",
      { kind: "ingest", url: "http://example.com/a", force: false, deferrals: 0 },
    ],
    [
      '{"url":"https://example.com/a","force":true,"tag":"elections","submittedAt":"2026-11-29T10:00:00Z"}',
      {
        kind: "ingest",
        url: "https://example.com/a",
        force: true,
        tag: "elections",
        submittedAt: "2026-11-29T10:00:00Z",
        deferrals: 0,
      },
    ],
    [
      '{"reprocess":"0123456789abcdef0123456789abcdef"}',
      { kind: "reprocess", articleId: "0123456789abcdef0123456789abcdef" },
    ],
  ])("accepts %s", (body, expected) => {
    expect(parseQueueMessage(body)).toEqual(expected);
  });

  it.each([
    ["", /neither JSON nor an absolute/],
    ["hello", /neither JSON nor an absolute/],
    ["[1,2]", /Invalid submission/],
    ['{"url": 42}', /field "url"/],
    ['{"url":"https://example.com","force":"yes"}', /field "force"/],
    ['{"url":"https://example.com","extra":1}', /Invalid submission/],
    ['{"url":"https://example.com","submittedAt":"yesterday"}', /field "submittedAt"/],
    ['{"reprocess":"not-an-id"}', /Invalid submission/],
    ['{"reprocess":"0123456789abcdef0123456789abcdef","force":true}', /Invalid submission/],
    ["null", /Invalid submission \(message/],
    ['"https://example.com/a"', /Invalid submission \(message/],
    ["{}", /field "url"/],
    ['{"url":""}', /field "url"/],
    ['{"url":"https://example.com","force":null}', /field "force"/],
    [`{"url":"https://example.com","tag":"${"t".repeat(129)}"}`, /field "tag"/],
    ['{"url":"https://example.com","deferrals":-1}', /field "deferrals"/],
    ['{"url":"https://example.com","deferrals":1.5}', /field "deferrals"/],
    ['{"url":"https://example.com","submittedAt":"2026-11-29T10:00Z"}', /field "submittedAt"/],
    ['{"url":"https://example.com","submittedAt":"2026-11-29T10:00:00"}', /field "submittedAt"/],
    ['{"url":"https://example.com","submittedAt":"2026-02-30T10:00:00Z"}', /field "submittedAt"/],
    ['{"url":"https://example.com","submittedAt":"2025-02-29T10:00:00Z"}', /field "submittedAt"/],
    ['{"url":"https://example.com","__proto__":1}', /unrecognized key/],
  ])("refuses %s as invalid-message", (body, message) => {
    expect(() => parseQueueMessage(body)).toThrowError(message);
  });

  it.each([
    "2026-11-29T10:00:00Z",
    "2026-11-29T10:00:00.123456+05:30",
    "2028-02-29T23:59:59-08:00",
  ])("accepts the RFC 3339 date-time %s as submittedAt", (submittedAt) => {
    const body = JSON.stringify({ url: "https://example.com/a", submittedAt });
    expect(parseQueueMessage(body)).toMatchObject({ kind: "ingest", submittedAt });
  });

  it("accepts a tag of exactly the longest length", () => {
    const tag = "t".repeat(128);
    expect(parseQueueMessage(JSON.stringify({ url: "https://e.example/", tag }))).toMatchObject({
      tag,
    });
  });

  it("reads back what submissionBody writes", () => {
    const body = submissionBody({
      url: "https://example.com/x",
      force: true,
      tag: "t",
      deferrals: 2,
    });
    expect(parseQueueMessage(body)).toEqual({
      kind: "ingest",
      url: "https://example.com/x",
      force: true,
      tag: "t",
      deferrals: 2,
    });
  });
});
