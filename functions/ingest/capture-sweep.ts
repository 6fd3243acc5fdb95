/**
 * The sweep of shared capture objects that no record points at (capture-group.ts).
 *
 * A shared object is written by one invocation, and only records of that invocation are
 * ever written pointing at it (its key is never named again: `sharedCaptureKey`). A crash
 * between the shared write and the record writes leaves it unreferenced: the redelivered
 * messages write their captures again, in another object. So a shared object older than any
 * invocation can run, none of whose members' records (the latest record of each member's
 * article, or the version item of the member's version) points at it, is referenced by
 * nothing and never will be: the sweep deletes it. An object whose member list cannot be
 * read is kept.
 */
import type { ArticleRecord } from "../core/article-record";
import type { ArticleStore, CaptureMember } from "./ports";

/** What the sweep needs of the archive (S3Archive has these). */
export interface SweepArchive {
  /** Shared objects written in [after, before), oldest first, at most `limit`. */
  listSharedCaptures(after: Date, before: Date, limit: number): Promise<string[]>;
  sharedCaptureMembers(key: string): Promise<CaptureMember[] | null>;
  deleteSharedCapture(key: string): Promise<void>;
}

/**
 * Age below which a shared object is never swept: longer than any invocation runs (the
 * ingest function's timeout on AWS is 60 s; a local poller has no limit, so keep a margin).
 */
export const SWEEP_MIN_AGE_MS = 15 * 60_000;
/** Shared objects checked per sweep at most. */
export const SWEEP_MAX_OBJECTS = 10_000;
/**
 * How far back a sweep looks by default: what a crash leaves is unreferenced from the
 * moment it is written, so a sweep run daily that looks back two days checks every object
 * once or twice, instead of listing (and re-checking) the whole archive every time.
 */
export const SWEEP_DEFAULT_WINDOW_MS = 2 * 24 * 3600_000;

export interface SweepOptions {
  now: Date;
  minAgeMs?: number;
  limit?: number;
  /** Only objects written at or after this (default: `SWEEP_DEFAULT_WINDOW_MS` before the age bound). */
  since?: Date;
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
}

export interface SweepReport {
  checked: number;
  /** The unreferenced objects: deleted, or (dry run) to be deleted. */
  deleted: string[];
}

function pointsAt(record: ArticleRecord | null, key: string): boolean {
  return record?.rawKey === key || record?.articleKey === key;
}

/** Whether any member's record (its latest, or its version's item) points at `key`. */
async function referenced(
  key: string,
  members: CaptureMember[],
  store: Pick<ArticleStore, "getLatest" | "getVersion">,
): Promise<boolean> {
  for (const member of members) {
    if (pointsAt(await store.getLatest(member.articleId), key)) return true;
    if (pointsAt(await store.getVersion(member.articleId, member.version), key)) return true;
  }
  return false;
}

export async function sweepSharedCaptures(
  archive: SweepArchive,
  store: Pick<ArticleStore, "getLatest" | "getVersion">,
  options: SweepOptions,
): Promise<SweepReport> {
  const before = new Date(options.now.getTime() - (options.minAgeMs ?? SWEEP_MIN_AGE_MS));
  const since = options.since ?? new Date(before.getTime() - SWEEP_DEFAULT_WINDOW_MS);
  const keys = await archive.listSharedCaptures(since, before, options.limit ?? SWEEP_MAX_OBJECTS);
  const deleted: string[] = [];
  for (const key of keys) {
    const members = await archive.sharedCaptureMembers(key);
    if (!members || members.length === 0) continue;
    if (await referenced(key, members, store)) continue;
    if (!options.dryRun) await archive.deleteSharedCapture(key);
    deleted.push(key);
  }
  return { checked: keys.length, deleted };
}
