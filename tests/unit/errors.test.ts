import { describe, expect, test } from "vitest";
import {
  CONTEXT_POLICY,
  classify,
  DEFAULT_THROTTLE_MS,
  type Decision,
  decide,
  FAILURE_CODES,
  FAILURE_POLICY,
  type FailureCode,
  type FailureFacts,
  IngestError,
  MAX_DEFERRALS,
  MAX_WRITE_ATTEMPTS,
  MIN_DEFERRAL_MS,
  type PolicyContext,
  ROBOTS_UNREACHABLE_TTL_MS,
  statusForCode,
} from "../../functions/core/errors";
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

describe("FAILURE_POLICY", () => {
  test.each(Object.keys(FAILURE_CODES) as FailureCode[])("%s ends with a catch-all row", (code) => {
    // Prepare
    const rows = FAILURE_POLICY.filter((row) => row.code === code);

    // Assess
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.at(-1)?.when).toBeUndefined();
    expect(rows.slice(0, -1).every((row) => row.when !== undefined)).toBe(true);
  });

  test("names only known codes, and every context row starts from a disposition", () => {
    for (const row of FAILURE_POLICY) expect(Object.keys(FAILURE_CODES)).toContain(row.code);
    const dispositions = new Set(FAILURE_POLICY.map((row) => row.disposition));
    for (const row of CONTEXT_POLICY) expect(dispositions).toContain(row.from);
  });
});

describe("decide", () => {
  const dns = (causeCode: string): FailureFacts => ({ causeCode });
  const robots: FailureFacts = { stage: "robots" };
  test.each<[FailureCode, FailureFacts, PolicyContext, Decision]>([
    // One row per FAILURE_POLICY row, in its order.
    ["invalid-message", {}, {}, { disposition: "dead-letter" }],
    ["invalid-url", {}, {}, { disposition: "permanent" }],
    ["blocked-address", {}, {}, { disposition: "permanent" }],
    ["blocked-port", {}, {}, { disposition: "permanent" }],
    ["dns-error", dns("ENOTFOUND"), {}, { disposition: "permanent" }],
    ["dns-error", dns("EAI_AGAIN"), {}, { disposition: "retryable" }],
    ["dns-error", {}, {}, { disposition: "retryable" }],
    ["robots-disallowed", {}, {}, { disposition: "permanent" }],
    ["http-4xx", { httpStatus: 408 }, {}, { disposition: "retryable" }],
    ["http-4xx", { httpStatus: 425 }, {}, { disposition: "retryable" }],
    ["http-4xx", { httpStatus: 404 }, {}, { disposition: "permanent" }],
    [
      "http-5xx",
      { httpStatus: 503, retryAfterMs: 30_000 },
      {},
      { disposition: "throttled", delayMs: 30_000 },
    ],
    [
      "http-5xx",
      { httpStatus: 503, retryAfterMs: 0 },
      {},
      { disposition: "throttled", delayMs: MIN_DEFERRAL_MS },
    ],
    ["http-5xx", { httpStatus: 503 }, {}, { disposition: "retryable" }],
    ["http-5xx", { httpStatus: 501 }, {}, { disposition: "permanent" }],
    ["http-5xx", { httpStatus: 505 }, {}, { disposition: "permanent" }],
    ["http-5xx", { httpStatus: 500 }, {}, { disposition: "retryable" }],
    ["http-429", { retryAfterMs: 7000 }, {}, { disposition: "throttled", delayMs: 7000 }],
    ["http-429", {}, {}, { disposition: "throttled", delayMs: DEFAULT_THROTTLE_MS }],
    ["host-busy", { retryAfterMs: 2500 }, {}, { disposition: "throttled", delayMs: 2500 }],
    ["host-busy", { retryAfterMs: 10 }, {}, { disposition: "throttled", delayMs: MIN_DEFERRAL_MS }],
    ["host-busy", {}, {}, { disposition: "throttled", delayMs: MIN_DEFERRAL_MS }],
    ["too-many-redirects", {}, {}, { disposition: "permanent" }],
    ["timeout", {}, {}, { disposition: "retryable" }],
    ["connection-error", dns("HPE_INVALID_CONSTANT"), {}, { disposition: "permanent" }],
    ["connection-error", dns("CERT_HAS_EXPIRED"), {}, { disposition: "permanent" }],
    ["connection-error", dns("ECONNRESET"), {}, { disposition: "retryable" }],
    ["too-large", {}, {}, { disposition: "permanent" }],
    ["not-html", {}, {}, { disposition: "permanent" }],
    ["not-article", {}, {}, { disposition: "permanent" }],
    ["decode-error", {}, {}, { disposition: "permanent" }],
    ["record-too-large", {}, {}, { disposition: "permanent" }],
    [
      "storage-error",
      { aws: { name: "ValidationException", fault: "client", transient: false } },
      {},
      { disposition: "retryable" },
    ],
    ["version-conflict", {}, {}, { disposition: "reread" }],
    ["not-found", {}, {}, { disposition: "permanent" }],
    ["internal", {}, {}, { disposition: "retryable" }],
    // CONTEXT_POLICY, in its order.
    ["timeout", robots, {}, { disposition: "throttled", delayMs: ROBOTS_UNREACHABLE_TTL_MS }],
    [
      "http-5xx",
      { ...robots, httpStatus: 500, retryAfterMs: 5000 },
      {},
      { disposition: "throttled", delayMs: 5000 },
    ],
    ["http-429", robots, {}, { disposition: "throttled", delayMs: ROBOTS_UNREACHABLE_TTL_MS }],
    [
      "http-429",
      { ...robots, retryAfterMs: 9000 },
      {},
      { disposition: "throttled", delayMs: 9000 },
    ],
    ["http-4xx", { ...robots, httpStatus: 404 }, {}, { disposition: "permanent" }],
    [
      "host-busy",
      { retryAfterMs: 2000 },
      { deferrals: MAX_DEFERRALS - 1 },
      { disposition: "throttled", delayMs: 2000 },
    ],
    [
      "host-busy",
      { retryAfterMs: 2000 },
      { deferrals: MAX_DEFERRALS },
      { disposition: "retryable" },
    ],
    ["timeout", robots, { deferrals: MAX_DEFERRALS }, { disposition: "retryable" }],
    ["version-conflict", {}, { writeAttempt: MAX_WRITE_ATTEMPTS - 1 }, { disposition: "reread" }],
    ["version-conflict", {}, { writeAttempt: MAX_WRITE_ATTEMPTS }, { disposition: "retryable" }],
  ])("%s %j %j -> %j", (code, facts, context, expected) => {
    // Act
    const decision = decide(code, facts, context);

    // Assess
    expect(decision).toEqual(expected);
  });
});
