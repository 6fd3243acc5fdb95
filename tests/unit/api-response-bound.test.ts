import { describe, expect, it } from "vitest";
import type { ArticleTable } from "../../functions/adapters/article-table";
import type { S3Archive } from "../../functions/adapters/s3-archive";
import type { SubmissionQueue } from "../../functions/adapters/submission-queue";
import { type ApiDeps, handleApiRequest } from "../../functions/api/api-app";
import {
  encodedBodyBytes,
  fitsResponseBound,
  MAX_RESPONSE_BYTES,
} from "../../functions/api/response-bound";

const ID = "0123456789abcdef0123456789abcdef";

/** Deps whose table answers every read with one record of the given description. */
function depsWithRecord(description: string): ApiDeps {
  const record = { articleId: ID, status: "ok", description };
  return {
    table: { getLatest: async () => record } as unknown as ArticleTable,
    archive: {} as S3Archive,
    queue: {} as SubmissionQueue,
    now: () => new Date("2026-11-30T12:00:00Z"),
  };
}

describe("the response bound", () => {
  it("measures a body as Lambda encodes it, escapes included", () => {
    expect(encodedBodyBytes("abc")).toBe(5);
    expect(encodedBodyBytes('"')).toBe(4);
    expect(encodedBodyBytes("é")).toBe(4);
    expect(fitsResponseBound('"'.repeat(MAX_RESPONSE_BYTES / 2))).toBe(false);
    expect(fitsResponseBound("a".repeat(MAX_RESPONSE_BYTES - 2))).toBe(true);
    expect(fitsResponseBound("a".repeat(MAX_RESPONSE_BYTES - 1))).toBe(false);
  });

  it("replaces any answer over the bound with 413 response-too-large", async () => {
    // Act
    const response = await handleApiRequest(
      { method: "GET", path: `/articles/${ID}`, query: {} },
      depsWithRecord("x".repeat(MAX_RESPONSE_BYTES)),
    );

    // Assess
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "response-too-large" } });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("passes an answer within the bound unchanged", async () => {
    const response = await handleApiRequest(
      { method: "GET", path: `/articles/${ID}`, query: {} },
      depsWithRecord("short"),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ articleId: ID, description: "short" });
  });
});
