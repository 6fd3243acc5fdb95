/**
 * Politeness across workers: at most one request per host per interval, through the
 * host store's slots (host-store.ts, dynamodb-host-store.ts), and hosts kept off limits
 * after a 429/503 Retry-After.
 *
 * - Before each request (robots.txt included) the worker claims the host's next slot,
 *   asking slightly ahead of "now" (the measured claim round trip) and reserving the
 *   interval plus `SEND_JITTER_GUARD_MS`. A slot further away than the wait budget
 *   (`POLITENESS_WAIT_BUDGET_MS`, and never past the fetch deadline) reserves nothing and
 *   fails `host-busy` with `retryAfterMs` (the error policy re-enqueues the URL).
 * - The worker wakes a little before its slot (the time its last connects took, at most
 *   `MAX_CONNECT_AHEAD_MS`), connects, and writes the request once the slot has started:
 *   the connect overlaps the wait instead of making the request late.
 * - Right before the request is written the worker checks it is within `LATE_TOLERANCE_MS`
 *   of its slot. That tolerance is the send-jitter guard less `SEND_JITTER_MARGIN_MS`, so
 *   a request that leaves that late is still an interval before the next reserved slot;
 *   a later one moves its slot to "now" when nobody queued behind it yet, or else gives
 *   the slot up and queues again (at most `MAX_LATE_ATTEMPTS` times, then `host-busy`):
 *   a late request never crowds the next one.
 * - A response the error policy throttles (429, 503 with Retry-After) marks the host off
 *   limits until then, so every worker's URLs of that host wait too.
 */
import type { IncomingMessage } from "node:http";
import { setTimeout as sleepFor } from "node:timers/promises";
import { classify, IngestError } from "../../core/errors";
import type { FetchTarget } from "../../core/url-policy";
import type { HostStore } from "../host-store";
import type { FetchRun } from "./fetch-run";

/**
 * Added to a non-zero politeness interval when reserving slots: a request is written a
 * little after its slot starts (timer and event-loop lag), and this margin keeps two
 * requests from arriving closer together than the interval because the earlier one left
 * late.
 */
export const SEND_JITTER_GUARD_MS = 60;
/**
 * What the guard keeps beyond the tolerated lateness: the time between our write and the
 * server seeing the request, which may differ between two requests.
 */
const SEND_JITTER_MARGIN_MS = 20;
/**
 * A request about to be written later than this after its slot start moves or gives up
 * the slot (see `exchange`). Written at most this late, it still arrives at least the
 * interval before the next reserved slot (which starts interval + guard after this one).
 */
export const LATE_TOLERANCE_MS = SEND_JITTER_GUARD_MS - SEND_JITTER_MARGIN_MS;
/** Upper bound of how early a worker wakes to connect before its slot. */
const MAX_CONNECT_AHEAD_MS = 250;
/** Slots given up for starting late before the URL is answered host-busy. */
const MAX_LATE_ATTEMPTS = 5;
/** Upper bound of the slot lead (see `claimLeadMs`). */
const MAX_CLAIM_LEAD_MS = 500;

/** Sends the request; awaits `beforeSend` once connected, right before writing it. */
export type SendInSlot = (beforeSend: () => Promise<void>) => Promise<IncomingMessage>;

export interface Politeness {
  /** Sends one request to the target's host inside a politeness slot of `intervalMs`. */
  exchange(
    target: FetchTarget,
    intervalMs: number,
    run: FetchRun,
    send: SendInSlot,
  ): Promise<IncomingMessage>;
  /** Keeps every worker off the host for as long as the policy throttles this answer. */
  honourThrottle(target: FetchTarget, error: IngestError): Promise<void>;
}

export interface PolitenessOptions {
  hostStore: HostStore;
  /** Longest wait for a slot (`POLITENESS_WAIT_BUDGET_MS`). */
  waitBudgetMs: number;
  now: () => number;
}

export function createPoliteness(options: PolitenessOptions): Politeness {
  const { hostStore, now } = options;

  /**
   * How far ahead of "now" to ask for a slot: the time a claim takes to come back (a
   * DynamoDB round trip). Without it an idle host would grant "now", the request would
   * leave one round trip later, and the next worker's slot could fall closer than the
   * interval. Rises at once with a slow claim, decays slowly.
   */
  let claimLeadMs = 0;
  /**
   * How long before its slot a worker wakes: the time from waking to being connected and
   * ready to write, as last measured (rises at once, decays slowly), so the connect
   * overlaps the wait. The request itself is never written before the slot.
   */
  let connectAheadMs = 0;

  /** Claims this worker's slot on the host and sleeps until it starts; or throws host-busy. */
  async function waitForSlot(
    target: FetchTarget,
    intervalMs: number,
    run: FetchRun,
    budgetMs: number,
  ): Promise<number> {
    const reserved = intervalMs > 0 ? intervalMs + SEND_JITTER_GUARD_MS : 0;
    const startMs = now();
    // Ahead by the claim's round trip and the connect that follows it, so an idle host's
    // slot has not passed yet when the request is ready.
    const lead = reserved > 0 ? Math.min(claimLeadMs + connectAheadMs, budgetMs) : 0;
    const claim = await hostStore.claimSlot(target.hostKey, {
      nowMs: startMs + lead,
      intervalMs: reserved,
      budgetMs: budgetMs - lead,
    });
    const latencyMs = now() - startMs;
    claimLeadMs = Math.min(MAX_CLAIM_LEAD_MS, Math.max(latencyMs, Math.round(claimLeadMs * 0.9)));
    if (!claim.granted) {
      const retryAfterMs = Math.max(1, claim.nextFreeMs - startMs);
      throw new IngestError(
        "host-busy",
        `host ${target.hostKey} is busy: the next request slot for ${target.url.href} is ${retryAfterMs} ms away; expected at most ${budgetMs} ms (interval ${intervalMs} ms)`,
        { retryAfterMs },
      );
    }
    const waitMs = claim.atMs - (reserved > 0 ? connectAheadMs : 0) - now();
    if (waitMs > 0) await sleepFor(waitMs, undefined, { signal: run.signal });
    return claim.atMs;
  }

  /** Sleeps until `atMs` (no time at all when it has passed). */
  async function sleepUntil(atMs: number, run: FetchRun): Promise<void> {
    const waitMs = atMs - now();
    if (waitMs > 0) await sleepFor(waitMs, undefined, { signal: run.signal });
  }

  async function exchange(
    target: FetchTarget,
    intervalMs: number,
    run: FetchRun,
    send: SendInSlot,
  ): Promise<IncomingMessage> {
    const firstMs = now();
    const totalBudgetMs = Math.max(0, Math.min(options.waitBudgetMs, run.deadlineMs - firstMs));
    for (let attempt = 1; ; attempt++) {
      const budgetMs = Math.max(0, totalBudgetMs - (now() - firstMs));
      let slotMs = await waitForSlot(target, intervalMs, run, budgetMs);
      const wokeMs = now();
      const late = new IngestError(
        "host-busy",
        `the request for ${target.url.href} could not start within its politeness slot on ${target.hostKey} (${attempt} tries); expected to start within ${LATE_TOLERANCE_MS} ms of the slot`,
        { retryAfterMs: intervalMs + SEND_JITTER_GUARD_MS },
      );
      const onTime = async (): Promise<void> => {
        if (intervalMs === 0) return;
        const connectedMs = now();
        connectAheadMs = Math.min(
          MAX_CONNECT_AHEAD_MS,
          Math.max(connectedMs - wokeMs, Math.round(connectAheadMs * 0.8)),
        );
        await sleepUntil(slotMs, run);
        if (now() - slotMs <= LATE_TOLERANCE_MS) return;
        // Twice the store's round trip ahead: a move that came back later than its new slot
        // would make the request late again (and cost another write).
        const movedTo = now() + 2 * claimLeadMs;
        if (!(await hostStore.moveSlot(target.hostKey, slotMs, movedTo))) throw late;
        slotMs = movedTo;
        await sleepUntil(movedTo, run);
        if (now() - slotMs > LATE_TOLERANCE_MS) throw late;
      };
      try {
        return await send(onTime);
      } catch (error) {
        if (error !== late || attempt >= MAX_LATE_ATTEMPTS) throw error;
      }
    }
  }

  async function honourThrottle(target: FetchTarget, error: IngestError): Promise<void> {
    const verdict = classify(error);
    if (verdict.disposition === "throttled" && verdict.retryAfterMs !== undefined) {
      await hostStore.deferHost(target.hostKey, now() + verdict.retryAfterMs);
    }
  }

  return { exchange, honourThrottle };
}
