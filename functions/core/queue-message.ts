/**
 * The queue message contract (DESIGN.md "Queue message"):
 * `{"url": string, "force"?: boolean, "tag"?: string, "submittedAt"?: ISO}`, a bare absolute
 * http(s) URL, or `{"reprocess": articleId}` to re-run extraction on the stored raw copy.
 * Anything else is an `invalid-message` error, never a silent drop.
 */
// zod's tree-shakable build (see functions/shared/config.ts).
import * as z from "zod/mini";
import { IngestError } from "./errors";
import { isArticleId } from "./normalize-url";

export const MAX_TAG_LENGTH = 128;

const submissionSchema = z.strictObject({
  url: z.string().check(z.minLength(1)),
  force: z.optional(z.boolean()),
  tag: z.optional(z.string().check(z.maxLength(MAX_TAG_LENGTH))),
  submittedAt: z.optional(z.iso.datetime({ offset: true })),
  /** The date the feed or sitemap that listed the URL gave it (set by discovery). */
  entryDate: z.optional(z.iso.datetime({ offset: true })),
  /** Set by the pipeline itself when it re-enqueues a URL it was asked to wait for. */
  deferrals: z.optional(z.int().check(z.minimum(0))),
});

const reprocessSchema = z.strictObject({
  reprocess: z.string().check(z.refine(isArticleId)),
});

export interface IngestMessage {
  kind: "ingest";
  url: string;
  force: boolean;
  tag?: string;
  submittedAt?: string;
  entryDate?: string;
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
  const reprocess = reprocessSchema.safeParse(json);
  if (reprocess.success) return { kind: "reprocess", articleId: reprocess.data.reprocess };
  const parsed = submissionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `field "${issue.path.join(".")}"` : "message";
    throw new IngestError(
      "invalid-message",
      `Invalid submission (${where}: ${issue?.message ?? "unexpected shape"}); expected {"url": string, "force"?: boolean, "tag"?: string, "submittedAt"?: ISO 8601}`,
    );
  }
  const { url, force, tag, submittedAt, entryDate, deferrals } = parsed.data;
  const message: IngestMessage = {
    kind: "ingest",
    url,
    force: force ?? false,
    deferrals: deferrals ?? 0,
  };
  if (tag !== undefined) message.tag = tag;
  if (submittedAt !== undefined) message.submittedAt = submittedAt;
  if (entryDate !== undefined) message.entryDate = entryDate;
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
  if (message.entryDate !== undefined) body.entryDate = message.entryDate;
  if (message.deferrals) body.deferrals = message.deferrals;
  return JSON.stringify(body);
}
