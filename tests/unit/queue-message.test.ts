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
  ])("refuses %s as invalid-message", (body, message) => {
    expect(() => parseQueueMessage(body)).toThrowError(message);
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
