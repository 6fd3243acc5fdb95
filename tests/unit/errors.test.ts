import { describe, expect, test } from "vitest";
import { classify, IngestError, statusForCode } from "../../functions/core/errors";
import { errorForStatus, parseRetryAfter } from "../../functions/core/http-outcome";

function sdkError(name: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...extra });
}

describe("classify", () => {
  test.each([
    [new IngestError("invalid-url", "u"), "invalid-url", "permanent"],
    [new IngestError("blocked-address", "u"), "blocked-address", "permanent"],
    [new IngestError("robots-disallowed", "u"), "robots-disallowed", "permanent"],
    [new IngestError("not-html", "u"), "not-html", "permanent"],
    [new IngestError("too-large", "u"), "too-large", "permanent"],
    [new IngestError("timeout", "u"), "timeout", "retryable"],
    [new IngestError("connection-error", "u"), "connection-error", "retryable"],
    [new IngestError("http-5xx", "u"), "http-5xx", "retryable"],
    [new IngestError("http-429", "u", { retryAfterMs: 5000 }), "http-429", "throttled"],
    [new IngestError("host-busy", "u", { retryAfterMs: 800 }), "host-busy", "throttled"],
    [new IngestError("http-4xx", "u", { httpStatus: 408 }), "http-4xx", "retryable"],
    [
      sdkError("ProvisionedThroughputExceededException", { $fault: "client" }),
      "storage-error",
      "retryable",
    ],
    [sdkError("InternalServerError", { $fault: "server" }), "storage-error", "retryable"],
    [sdkError("ValidationException", { $fault: "client" }), "storage-error", "retryable"],
    [sdkError("TimeoutError", {}), "timeout", "retryable"],
    [new TypeError("boom"), "internal", "retryable"],
    ["a string", "internal", "retryable"],
  ])("%o -> %s / %s", (error, code, disposition) => {
    // Act
    const result = classify(error);

    // Assess
    expect(result.code).toBe(code);
    expect(result.disposition).toBe(disposition);
  });

  test("throttled errors carry their delay and status", () => {
    const result = classify(
      new IngestError("http-429", "u", { retryAfterMs: 5000, httpStatus: 429 }),
    );
    expect(result).toMatchObject({ retryAfterMs: 5000, httpStatus: 429 });
  });

  test("robots and not-article are skipped, the rest failed", () => {
    expect(statusForCode("robots-disallowed")).toBe("skipped");
    expect(statusForCode("not-article")).toBe("skipped");
    expect(statusForCode("http-4xx")).toBe("failed");
  });
});

describe("errorForStatus", () => {
  test.each([
    [400, null, "http-4xx", "permanent"],
    [401, null, "http-4xx", "permanent"],
    [403, null, "http-4xx", "permanent"],
    [404, null, "http-4xx", "permanent"],
    [410, null, "http-4xx", "permanent"],
    [408, null, "http-4xx", "retryable"],
    [425, null, "http-4xx", "retryable"],
    [429, 7000, "http-429", "throttled"],
    [429, null, "http-429", "throttled"],
    [500, null, "http-5xx", "retryable"],
    [502, null, "http-5xx", "retryable"],
    [503, null, "http-5xx", "retryable"],
    [503, 30000, "http-5xx", "throttled"],
    [501, null, "http-5xx", "permanent"],
    [505, null, "http-5xx", "permanent"],
    [300, null, "http-4xx", "permanent"],
  ] as const)("%i (Retry-After %s ms) -> %s / %s", (status, retryAfter, code, disposition) => {
    // Act
    const error = errorForStatus(status, "https://news.example/a", retryAfter);

    // Assess
    expect(classify(error)).toMatchObject({ code, disposition, httpStatus: status });
    expect(error.message).toContain("https://news.example/a");
  });

  test("429 without Retry-After waits a default minute; with it, the given delay", () => {
    expect(classify(errorForStatus(429, "u", null)).retryAfterMs).toBe(60_000);
    expect(classify(errorForStatus(429, "u", 7000)).retryAfterMs).toBe(7000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Thu, 01 Jan 2026 00:00:30 GMT", 30_000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 0],
    ["99999", 900_000],
    ["soon", null],
    [null, null],
  ])("%j -> %s", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
