/**
 * A subscription: a feed (RSS 1/2, Atom, JSON Feed), a sitemap, a news sitemap or a sitemap
 * index that the discovery function polls on an interval, submitting every URL it lists that
 * was never seen before. This module is the pure part: the shape, the checks on what a user
 * gives, and how one poll changes the subscription's health. Storage is
 * functions/adapters/subscription-table.ts; polling is functions/discovery/.
 */
import { createHash } from "node:crypto";
import type { FailureCode } from "./errors";
import type { FeedKind } from "./feeds/parse-feed";
import { MAX_TAG_LENGTH } from "./queue-message";

/** Default poll interval: 15 minutes. */
export const DEFAULT_INTERVAL_SECONDS = 15 * 60;
/** Shortest poll interval (the schedule runs once a minute). */
export const MIN_INTERVAL_SECONDS = 60;
/** Longest poll interval: a week. */
export const MAX_INTERVAL_SECONDS = 7 * 86_400;
/** A subscription failing this long raises the alarm. */
export const FAILING_ALARM_MS = 86_400_000;
/** Longest stored error message (health stays a small item). */
const MAX_ERROR_MESSAGE = 500;

export interface SubscriptionError {
  code: FailureCode;
  message: string;
  at: string;
}

export interface SubscriptionHealth {
  /** ISO time of the last poll that ran (successful or not). */
  lastPollAt?: string;
  /** ISO time of the last poll that read the document (or got a 304). */
  lastSuccessAt?: string;
  /** The last failure, kept after a later success so the user can see what happened. */
  lastError?: SubscriptionError;
  /** When the current run of failures began; absent while the subscription is healthy. */
  failingSince?: string;
  consecutiveFailures: number;
  /** URLs submitted by the last poll. */
  urlsLastPoll: number;
  /** What the document was at the last successful read. */
  documentKind?: FeedKind;
  /** Validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
}

export interface Subscription {
  /** 16 hex characters: from the normalized URL, so a URL is watched once. */
  id: string;
  /** The normalized feed or sitemap URL. */
  url: string;
  intervalSeconds: number;
  /** Given to every URL the subscription submits. */
  tag?: string;
  /** ISO: entries dated before this are not submitted (`--since`). */
  since?: string;
  paused: boolean;
  createdAt: string;
  /** ISO time of the next scheduled poll. */
  nextPollAt: string;
  /** URLs submitted in total. */
  urlsTotal: number;
  health: SubscriptionHealth;
}

export class SubscriptionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubscriptionInputError";
  }
}

export function subscriptionIdFor(normalizedUrl: string): string {
  return createHash("sha256").update(normalizedUrl).digest("hex").slice(0, 16);
}

export function isSubscriptionId(value: string): boolean {
  return /^[0-9a-f]{16}$/.test(value);
}

const INTERVAL = /^(\d+)\s*(s|m|min|h|d)?$/i;
const INTERVAL_UNIT: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86_400 };

/** `15m`, `1h`, `90s`, `2d` or bare seconds, within the allowed range. */
export function parseInterval(raw: string): number {
  const match = INTERVAL.exec(raw.trim());
  if (!match) {
    throw new SubscriptionInputError(
      `interval "${raw}" is not a duration; expected e.g. 15m, 1h, 2d`,
    );
  }
  const seconds = Number(match[1]) * (INTERVAL_UNIT[(match[2] ?? "s").toLowerCase()] ?? 1);
  return checkInterval(seconds);
}

export function checkInterval(seconds: number): number {
  if (
    !Number.isInteger(seconds) ||
    seconds < MIN_INTERVAL_SECONDS ||
    seconds > MAX_INTERVAL_SECONDS
  ) {
    throw new SubscriptionInputError(
      `poll interval must be from ${MIN_INTERVAL_SECONDS} s (1m) to ${MAX_INTERVAL_SECONDS} s (7d), got ${seconds}`,
    );
  }
  return seconds;
}

export function checkTag(tag: string): string {
  if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
    throw new SubscriptionInputError(`tag must be 1 to ${MAX_TAG_LENGTH} characters`);
  }
  return tag;
}

export function checkSince(since: string): string {
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new SubscriptionInputError(`since "${since}" is not an ISO date`);
  return new Date(ms).toISOString();
}

export interface NewSubscription {
  /** Already normalized. */
  url: string;
  intervalSeconds?: number;
  tag?: string;
  since?: string;
  now: Date;
}

/** A fresh subscription, due at once. */
export function newSubscription(input: NewSubscription): Subscription {
  const subscription: Subscription = {
    id: subscriptionIdFor(input.url),
    url: input.url,
    intervalSeconds: checkInterval(input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS),
    paused: false,
    createdAt: input.now.toISOString(),
    nextPollAt: input.now.toISOString(),
    urlsTotal: 0,
    health: { consecutiveFailures: 0, urlsLastPoll: 0 },
  };
  if (input.tag !== undefined) subscription.tag = checkTag(input.tag);
  if (input.since !== undefined) subscription.since = checkSince(input.since);
  return subscription;
}

/** When a subscription polled (or claimed) at `now` is due again. */
export function nextPollAfter(
  subscription: Pick<Subscription, "intervalSeconds">,
  now: Date,
): string {
  return new Date(now.getTime() + subscription.intervalSeconds * 1000).toISOString();
}

/** How one poll ended, as far as health is concerned. */
export type PollHealth =
  | {
      kind: "read";
      submitted: number;
      documentKind: FeedKind;
      etag: string | null;
      lastModified: string | null;
      /** A child document that failed while the subscription's own document was read. */
      partial?: { code: FailureCode; message: string };
    }
  | { kind: "not-modified" }
  | { kind: "failed"; code: FailureCode; message: string };

/** The health after a poll at `now`. */
export function healthAfterPoll(
  before: SubscriptionHealth,
  poll: PollHealth,
  now: Date,
): SubscriptionHealth {
  const at = now.toISOString();
  if (poll.kind === "failed") {
    return {
      ...before,
      lastPollAt: at,
      lastError: { code: poll.code, message: poll.message.slice(0, MAX_ERROR_MESSAGE), at },
      failingSince: before.failingSince ?? at,
      consecutiveFailures: before.consecutiveFailures + 1,
      urlsLastPoll: 0,
    };
  }
  const { failingSince: _cleared, ...rest } = before;
  const healthy: SubscriptionHealth = {
    ...rest,
    lastPollAt: at,
    lastSuccessAt: at,
    consecutiveFailures: 0,
    urlsLastPoll: 0,
  };
  if (poll.kind === "not-modified") return healthy;
  healthy.urlsLastPoll = poll.submitted;
  healthy.documentKind = poll.documentKind;
  if (poll.etag) healthy.etag = poll.etag;
  else delete healthy.etag;
  if (poll.lastModified) healthy.lastModified = poll.lastModified;
  else delete healthy.lastModified;
  if (poll.partial) {
    healthy.lastError = {
      code: poll.partial.code,
      message: poll.partial.message.slice(0, MAX_ERROR_MESSAGE),
      at,
    };
  }
  return healthy;
}

/** Whether the subscription has been failing for at least a day (the alarm's condition). */
export function failingForADay(health: SubscriptionHealth, now: Date): boolean {
  if (health.failingSince === undefined) return false;
  return now.getTime() - Date.parse(health.failingSince) >= FAILING_ALARM_MS;
}

/** The state a user reads: `ok`, `failing` or `paused`, and `new` before the first poll. */
export function subscriptionState(subscription: Subscription): "ok" | "failing" | "paused" | "new" {
  if (subscription.paused) return "paused";
  if (subscription.health.failingSince !== undefined) return "failing";
  if (subscription.health.lastPollAt === undefined) return "new";
  return "ok";
}
