/**
 * Per-host state shared by every worker: the robots.txt cache and the politeness slot
 * ("the earliest time the next request to this host may start").
 *
 * Two implementations: `InMemoryHostStore` below (unit tests, the `fetch` CLI command)
 * and `DynamoDbHostStore` (dynamodb-host-store.ts), which enforces the interval across
 * all concurrent Lambdas.
 */
import type { RobotsRecord } from "../core/robots";

export interface SlotRequest {
  nowMs: number;
  /** Least gap between two requests to the host: max(configured interval, Crawl-delay). */
  intervalMs: number;
  /** Longest this caller is willing to wait for its slot. */
  budgetMs: number;
}

/**
 * `granted`: the caller owns the slot starting at `atMs` and must not start its request
 * earlier. Otherwise nothing was reserved and the host is free again at `nextFreeMs`.
 */
export type SlotClaim = { granted: true; atMs: number } | { granted: false; nextFreeMs: number };

export interface HostStore {
  /** The cached robots.txt of a host, or null when missing or expired at `nowMs`. */
  getRobots(host: string, nowMs: number): Promise<RobotsRecord | null>;
  putRobots(host: string, record: RobotsRecord, expiresAtMs: number): Promise<void>;
  /**
   * Reserves the earliest request time `t >= nowMs` for the host such that
   * `t >= previous slot + intervalMs` and `t >= deferredUntil`, unless `t - nowMs`
   * exceeds the budget. Atomic across all users of the store.
   */
  claimSlot(host: string, request: SlotRequest): Promise<SlotClaim>;
  /** Keeps every worker off the host until `untilMs` (a 429/503 Retry-After). */
  deferHost(host: string, untilMs: number): Promise<void>;
  /**
   * Moves the caller's slot from `fromMs` to the later `toMs` if it is still the latest
   * reserved slot (nobody queued behind it). True when moved.
   */
  moveSlot(host: string, fromMs: number, toMs: number): Promise<boolean>;
}

/** The state of one host's slot, as both stores keep it. */
export interface SlotState {
  /** Start time of the latest reserved slot (epoch ms), if any. */
  lastAtMs: number | null;
  /** No request before this time (epoch ms), if any. */
  notBeforeMs: number | null;
}

/** The next slot a caller would get for this state. */
export function nextSlot(state: SlotState, request: SlotRequest): number {
  return Math.max(
    request.nowMs,
    state.lastAtMs === null ? Number.NEGATIVE_INFINITY : state.lastAtMs + request.intervalMs,
    state.notBeforeMs ?? Number.NEGATIVE_INFINITY,
  );
}

/** Keeps host state in this process only: right for one worker, wrong across Lambdas. */
export class InMemoryHostStore implements HostStore {
  private readonly robots = new Map<string, { record: RobotsRecord; expiresAtMs: number }>();
  private readonly slots = new Map<string, SlotState>();

  async getRobots(host: string, nowMs: number): Promise<RobotsRecord | null> {
    const entry = this.robots.get(host);
    return entry && entry.expiresAtMs > nowMs ? entry.record : null;
  }

  async putRobots(host: string, record: RobotsRecord, expiresAtMs: number): Promise<void> {
    this.robots.set(host, { record, expiresAtMs });
  }

  async claimSlot(host: string, request: SlotRequest): Promise<SlotClaim> {
    const state = this.slots.get(host) ?? { lastAtMs: null, notBeforeMs: null };
    const atMs = nextSlot(state, request);
    if (atMs - request.nowMs > request.budgetMs) return { granted: false, nextFreeMs: atMs };
    this.slots.set(host, { ...state, lastAtMs: atMs });
    return { granted: true, atMs };
  }

  async moveSlot(host: string, fromMs: number, toMs: number): Promise<boolean> {
    const state = this.slots.get(host);
    if (state?.lastAtMs !== fromMs) return false;
    this.slots.set(host, { ...state, lastAtMs: toMs });
    return true;
  }

  async deferHost(host: string, untilMs: number): Promise<void> {
    const state = this.slots.get(host) ?? { lastAtMs: null, notBeforeMs: null };
    if ((state.notBeforeMs ?? 0) < untilMs)
      this.slots.set(host, { ...state, notBeforeMs: untilMs });
  }
}
