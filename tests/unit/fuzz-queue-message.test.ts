/**
 * Property tests of the queue message parser: any body either parses or throws an
 * `invalid-message` IngestError (never another error, never a silent drop), and every
 * message the pipeline itself builds (`submissionBody`) parses back to the same submission.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IngestError } from "../../functions/core/errors";
import {
  MAX_TAG_LENGTH,
  parseQueueMessage,
  type QueueMessage,
  submissionBody,
} from "../../functions/core/queue-message";
import { PROTOTYPE_NAMES } from "./extract/html-arbitrary";

function parseOrError(body: string): QueueMessage | IngestError {
  try {
    return parseQueueMessage(body);
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
}

const submission = fc.record(
  {
    url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ minLength: 1 })),
    force: fc.boolean(),
    tag: fc.string({ maxLength: MAX_TAG_LENGTH }),
    submittedAt: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    deferrals: fc.nat({ max: 50 }),
  },
  { requiredKeys: ["url"] },
);

const anyBody = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({ url: fc.anything(), force: fc.anything(), tag: fc.anything() }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v) ?? "null"),
  fc.webUrl().map((url) => `  ${url}\n`),
  // Objects whose keys (or nested keys) are prototype member names: JSON.parse makes them own.
  fc
    .dictionary(
      fc.constantFrom(...PROTOTYPE_NAMES, "url", "force", "tag", "submittedAt"),
      fc.oneof(
        fc.webUrl(),
        fc.jsonValue(),
        fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, "url", "force"), fc.jsonValue()),
      ),
    )
    .map((v) => JSON.stringify(v)),
);

describe("parseQueueMessage (fuzz)", () => {
  it("parses or throws an invalid-message IngestError, for any body", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const result = parseOrError(body);
        if (result instanceof IngestError) {
          expect(result.code).toBe("invalid-message");
          expect(result.disposition).toBe("dead-letter");
          expect(result.message.length).toBeLessThan(1000);
          return;
        }
        if (result.kind === "ingest") {
          expect(typeof result.url).toBe("string");
          expect(result.url.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back every submission the pipeline builds", () => {
    fc.assert(
      fc.property(submission, (input) => {
        const parsed = parseQueueMessage(submissionBody({ ...input, force: input.force ?? false }));
        expect(parsed).toEqual({
          kind: "ingest",
          url: input.url,
          force: input.force ?? false,
          deferrals: input.deferrals ?? 0,
          ...(input.tag !== undefined ? { tag: input.tag } : {}),
          ...(input.submittedAt !== undefined ? { submittedAt: input.submittedAt } : {}),
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("accepts a bare absolute http(s) URL with surrounding whitespace", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const parsed = parseQueueMessage(`\n ${url} \t`);
        expect(parsed).toEqual({ kind: "ingest", url, force: false, deferrals: 0 });
      }),
      { numRuns: 500 },
    );
  });
});
