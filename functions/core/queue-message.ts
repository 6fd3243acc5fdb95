/**
 * The queue message contract (DESIGN.md "Queue message"):
 * `{"url": string, "force"?: boolean, "tag"?: string, "submittedAt"?: ISO}`, a bare absolute
 * http(s) URL, or `{"reprocess": articleId}` to re-run extraction on the stored raw copy.
 * Anything else is an `invalid-message` error, never a silent drop.
 */
import { IngestError } from "./errors";
import { isArticleId } from "./normalize-url";

export const MAX_TAG_LENGTH = 128;

/**
 * RFC 3339 date-time with seconds and a `Z` or `+hh:mm` offset, and a real calendar date
 * (leap years included). Hand-written checks rather than a schema library: this module is
 * on every cold start of both functions (see functions/shared/config.ts).
 */
const DATE =
  "(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))";
const HH_MM = "(?:[01]\\d|2[0-3]):[0-5]\\d";
const ISO_DATETIME = new RegExp(`^${DATE}T${HH_MM}:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-]${HH_MM})$`);

type Check = (value: unknown) => string | null;

const SUBMISSION_FIELDS: Record<string, Check> = {
  url: (v) => (typeof v === "string" && v.length >= 1 ? null : "expected a non-empty string"),
  force: (v) => (typeof v === "boolean" ? null : "expected a boolean"),
  tag: (v) =>
    typeof v === "string" && v.length <= MAX_TAG_LENGTH
      ? null
      : `expected a string of at most ${MAX_TAG_LENGTH} characters`,
  submittedAt: (v) =>
    typeof v === "string" && ISO_DATETIME.test(v)
      ? null
      : "expected an ISO 8601 date-time with an offset",
  /** Set by the pipeline itself when it re-enqueues a URL it was asked to wait for. */
  deferrals: (v) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0
      ? null
      : "expected a whole number >= 0",
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first problem of a submission object (`where` names the field), or null. */
function submissionProblem(json: unknown): { where: string; message: string } | null {
  if (!isPlainObject(json)) return { where: "message", message: "expected an object" };
  if (json.url === undefined) return { where: 'field "url"', message: "required" };
  for (const [key, value] of Object.entries(json)) {
    const check = Object.hasOwn(SUBMISSION_FIELDS, key) ? SUBMISSION_FIELDS[key] : undefined;
    if (!check) return { where: "message", message: `unrecognized key ${JSON.stringify(key)}` };
    // An optional field given as undefined cannot come out of JSON.parse; null is refused.
    const problem = check(value);
    if (problem) return { where: `field "${key}"`, message: problem };
  }
  return null;
}

function isReprocess(json: unknown): json is { reprocess: string } {
  return (
    isPlainObject(json) &&
    Object.keys(json).length === 1 &&
    typeof json.reprocess === "string" &&
    isArticleId(json.reprocess)
  );
}

export interface IngestMessage {
  kind: "ingest";
  url: string;
  force: boolean;
  tag?: string;
  submittedAt?: string;
  deferrals: number;
}

export interface ReprocessMessage {
  kind: "reprocess";
  articleId: string;
}

export type QueueMessage = IngestMessage | ReprocessMessage;

export function parseQueueMessage(body: string): QueueMessage {
  const trimmed = body.trim();
  if (/^https?:\/\/\S+$/i.test(trimmed)) {
    return { kind: "ingest", url: trimmed, force: false, deferrals: 0 };
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new IngestError(
      "invalid-message",
      `Message body is neither JSON nor an absolute http(s) URL: ${JSON.stringify(trimmed.slice(0, 120))}`,
    );
  }
  if (isReprocess(json)) return { kind: "reprocess", articleId: json.reprocess };
  const problem = submissionProblem(json);
  if (problem) {
    throw new IngestError(
      "invalid-message",
      `Invalid submission (${problem.where}: ${problem.message}); expected {"url": string, "force"?: boolean, "tag"?: string, "submittedAt"?: ISO 8601}`,
    );
  }
  const { url, force, tag, submittedAt, deferrals } = json as {
    url: string;
    force?: boolean;
    tag?: string;
    submittedAt?: string;
    deferrals?: number;
  };
  const message: IngestMessage = {
    kind: "ingest",
    url,
    force: force ?? false,
    deferrals: deferrals ?? 0,
  };
  if (tag !== undefined) message.tag = tag;
  if (submittedAt !== undefined) message.submittedAt = submittedAt;
  return message;
}

/** The JSON body for a submission (CLI, API and re-enqueue all build messages here). */
export function submissionBody(
  message: Omit<IngestMessage, "kind" | "deferrals"> & { deferrals?: number },
): string {
  const body: Record<string, unknown> = { url: message.url };
  if (message.force) body.force = true;
  if (message.tag !== undefined) body.tag = message.tag;
  if (message.submittedAt !== undefined) body.submittedAt = message.submittedAt;
  if (message.deferrals) body.deferrals = message.deferrals;
  return JSON.stringify(body);
}
