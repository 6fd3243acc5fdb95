/**
 * Group commit of the captures of one invocation: the records of an SQS batch reach their
 * capture write at different times; each one waits here (it is "parked") until every record
 * of the batch that has not finished is waiting too, or `maxWaitMs` after the first one
 * arrived, or the waiting captures reach `maxBytes` or `maxMembers`. Then the waiting
 * captures are written as ONE shared WARC object (one PUT, `GroupArchive.putCaptureGroup`),
 * each record gets its own records' locations in it, and each record's own write proceeds as
 * before (conditional on the record it read). A group of one capture is written as today:
 * one object under the capture's own content-addressed key.
 *
 * Bounds: no capture waits more than `maxWaitMs` for its group to be written, whatever the
 * other records do (a slow fetch does not hold the others); a group holds at most
 * `maxMembers` captures and about `maxBytes` of input (a capture that would pass it starts
 * the next group; one larger than it is written alone), so the object built in memory stays
 * small next to the pages themselves.
 *
 * Deletion: a shared object is deleted only when every record that received a location in
 * it released it (its record write lost or failed for good, and the service found that the
 * article's record does not point at it; `Archive.deleteCapture` through `view`). A record
 * that points at it never releases it. What a crash leaves (a shared object that no record
 * points at) is found by `sweepSharedCaptures` (capture-sweep.ts).
 *
 * Failure: when the shared write fails, each waiting capture is written on its own (the
 * archive deleted what the failed write may have stored), so one failed PUT costs retries,
 * not the batch.
 */
import type { CaptureWrite } from "../core/ingest-decision";
import type { Archive, GroupArchive, StoredCapture } from "./ports";

/**
 * Longest a capture waits for the other records of its batch before its group is written.
 * The wait never lengthens an invocation (a group is written as soon as every unfinished
 * record of the batch is waiting, and a record still working keeps the invocation running
 * anyway): it only delays when the waiting records are written, and bounds what a crash of
 * the invocation loses of finished work.
 */
export const GROUP_MAX_WAIT_MS = 5_000;
/** About this many bytes of input (bodies and documents) at most in one shared object. */
export const GROUP_MAX_BYTES = 16 * 1024 * 1024;
/** Captures in one shared object at most (a batch holds at most 10 messages). */
export const GROUP_MAX_MEMBERS = 10;

export interface CaptureGroupOptions {
  maxWaitMs?: number;
  maxBytes?: number;
  maxMembers?: number;
}

interface Waiter {
  capture: CaptureWrite;
  resolve: (stored: StoredCapture) => void;
  reject: (error: unknown) => void;
}

/** A capture's share of a group's input: its body and the bulky parts of its document. */
function inputBytes(capture: CaptureWrite): number {
  const d = capture.document;
  return (
    (capture.response?.body.length ?? 0) +
    Buffer.byteLength(d.html) +
    Buffer.byteLength(d.text) +
    Buffer.byteLength(d.markdown) +
    4096
  );
}

export class CaptureGroup {
  private live: number;
  private waiting: Waiter[] = [];
  private waitingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Shared objects written: how many locations were handed out, how many were released. */
  private readonly shared = new Map<string, { claims: number; released: number }>();
  private readonly maxWaitMs: number;
  private readonly maxBytes: number;
  private readonly maxMembers: number;

  /** `records`: the records of the batch, each of which ends with one `done()`. */
  constructor(
    private readonly base: GroupArchive,
    records: number,
    options: CaptureGroupOptions = {},
  ) {
    this.live = records;
    this.maxWaitMs = options.maxWaitMs ?? GROUP_MAX_WAIT_MS;
    this.maxBytes = options.maxBytes ?? GROUP_MAX_BYTES;
    this.maxMembers = Math.max(1, options.maxMembers ?? GROUP_MAX_MEMBERS);
  }

  /**
   * The archive one record of the batch writes through. `park` is called when the record
   * starts waiting for its group (the handler frees its concurrency slot then).
   */
  view(park: () => void): Archive {
    const base = this.base;
    const claims = new Map<string, number>();
    return {
      layout: base.layout,
      putCapture: async (capture) => {
        park();
        const stored = await this.add(capture);
        if (stored.shared) {
          const key = stored.document.key;
          claims.set(key, (claims.get(key) ?? 0) + 1);
        }
        return stored;
      },
      getRaw: (record) => base.getRaw(record),
      getDocument: (record) => base.getDocument(record),
      deleteCapture: async (key) => {
        const held = claims.get(key) ?? 0;
        if (held === 0) return await base.deleteCapture(key);
        claims.set(key, held - 1);
        await this.release(key);
      },
    };
  }

  /** One record of the batch has finished (or was handed back without starting). */
  done(): void {
    this.live = Math.max(0, this.live - 1);
    this.check();
  }

  private add(capture: CaptureWrite): Promise<StoredCapture> {
    const bytes = inputBytes(capture);
    if (this.waiting.length > 0 && this.waitingBytes + bytes > this.maxBytes) this.flush();
    const stored = new Promise<StoredCapture>((resolve, reject) => {
      this.waiting.push({ capture, resolve, reject });
    });
    this.waitingBytes += bytes;
    if (this.waiting.length === 1) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    this.check();
    return stored;
  }

  private check(): void {
    if (this.waiting.length === 0) return;
    if (
      this.waiting.length >= this.live ||
      this.waiting.length >= this.maxMembers ||
      this.waitingBytes >= this.maxBytes
    ) {
      this.flush();
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    if (batch.length > 0) void this.write(batch);
  }

  private async write(batch: Waiter[]): Promise<void> {
    // Two deliveries of one URL in a batch name the same capture: it is stored once.
    const unique = new Map<string, CaptureWrite>();
    for (const w of batch) if (!unique.has(w.capture.key)) unique.set(w.capture.key, w.capture);
    if (unique.size === 1) return await this.writeEach(batch);
    let stored: StoredCapture[];
    try {
      stored = await this.base.putCaptureGroup([...unique.values()]);
    } catch {
      return await this.writeEach(batch);
    }
    const byKey = new Map([...unique.keys()].map((key, n) => [key, stored[n]]));
    const first = stored[0];
    if (first) this.shared.set(first.document.key, { claims: batch.length, released: 0 });
    for (const w of batch) {
      const location = byKey.get(w.capture.key);
      if (location) w.resolve(location);
      else w.reject(new Error(`no location returned for ${w.capture.key}`));
    }
  }

  /** Each capture in its own object, as without grouping; one key's writers in turn. */
  private async writeEach(batch: Waiter[]): Promise<void> {
    const byKey = new Map<string, Waiter[]>();
    for (const w of batch) byKey.set(w.capture.key, [...(byKey.get(w.capture.key) ?? []), w]);
    await Promise.all(
      [...byKey.values()].map(async (waiters) => {
        for (const w of waiters) {
          try {
            w.resolve(await this.base.putCapture(w.capture));
          } catch (error) {
            w.reject(error);
          }
        }
      }),
    );
  }

  /** A record no longer needs its location in a shared object; the last one deletes it. */
  private async release(key: string): Promise<void> {
    const entry = this.shared.get(key);
    if (!entry) return;
    entry.released++;
    if (entry.released < entry.claims) return;
    this.shared.delete(key);
    await this.base.deleteSharedCapture(key);
  }
}
