/**
 * Discovery: the schedule's fan-out (`dispatchDue`: one poll message per due subscription,
 * each claimed first so overlapping schedules send it once) and one poll of one
 * subscription (`pollSubscription`):
 *
 *   conditional GET of the document (through the guarded, polite document fetcher) ->
 *   304: nothing more (one request) | else read it with the feed reader (feeds, sitemaps,
 *   sitemap indexes followed within the feed bounds) -> entries older than `since` left
 *   out -> URLs the last read listed skipped -> a "seen" marker written per remaining
 *   normalized URL, on condition it is new -> the new ones submitted in batches with the
 *   subscription's tag and the entry's date -> health recorded.
 *
 * Failures of the subscription's own document (gone, refused, HTML where the feed was) are
 * recorded in its health with their failure code and end the poll normally; our own
 * politeness asking to wait (`host-busy`) makes the poll come back later (`throttled`). Only a storage
 * failure (health cannot be written) escapes, so the queue retries it.
 */

import type { SendResult } from "../adapters/submission-queue";
import { recentHash, type StoredSubscription } from "../adapters/subscription-table";
import { classify, type FailureCode } from "../core/errors";
import type { FeedKind } from "../core/feeds/parse-feed";
import { type FeedReport, readFeeds } from "../core/feeds/read-feeds";
import type { ConditionalHeaders, FetchedDocument } from "../core/fetch-types";
import { normalizeUrl } from "../core/normalize-url";
import { pollMessageBody } from "../core/poll-message";
import { submissionBody } from "../core/queue-message";
import {
  failingForADay,
  healthAfterPoll,
  nextPollAfter,
  type PollHealth,
  type Subscription,
} from "../core/subscription";

/** Most documents one poll reads (the subscription's own and the children of an index). */
export const POLL_MAX_DOCUMENTS = 50;
/** Most URLs one poll collects. */
export const POLL_MAX_URLS = 50_000;
/** Most due subscriptions one schedule tick dispatches (the rest are due at the next tick). */
export const DISPATCH_LIMIT = 5000;

export interface SubscriptionStorePort {
  get(id: string): Promise<StoredSubscription | null>;
  listDue(now: Date, limit: number): Promise<Subscription[]>;
  claim(subscription: Subscription, nextPollAt: string): Promise<boolean>;
  recordPoll(
    id: string,
    health: Subscription["health"],
    submitted: number,
    recent?: Set<string>,
  ): Promise<void>;
  markNew(urls: string[], source: string, now: Date): Promise<string[]>;
  forget(urls: string[]): Promise<void>;
}

export interface QueueSenderPort {
  sendAll(bodies: string[]): Promise<SendResult>;
}

export type FetchDocumentPort = (
  url: string,
  options?: { conditional?: ConditionalHeaders | null },
) => Promise<FetchedDocument>;

export interface DiscoveryDeps {
  subscriptions: SubscriptionStorePort;
  fetchDocument: FetchDocumentPort;
  /** The submission queue. */
  submissions: QueueSenderPort;
  now: () => Date;
  maxBytes: number;
}

export interface PollResult {
  subscriptionId: string;
  url: string;
  at: string;
  /** `skipped`: the subscription is gone or paused. */
  status: "ok" | "not-modified" | "failed" | "throttled" | "skipped";
  documents: { url: string; kind: FeedKind; entries: number }[];
  /** Entries read (after `since`). */
  found: number;
  /** URLs sent to the submission queue by this poll. */
  submitted: string[];
  /** Entries another poll or subscription already submitted. */
  alreadySeen: number;
  /** Entries dated before the subscription's `since`. */
  older: number;
  /** Entries whose URL is not a valid http(s) URL. */
  invalid: number;
  /** Documents that failed (the subscription's own, or children of an index). */
  problems: { url: string; code: FailureCode; reason: string }[];
  error?: { code: FailureCode; message: string };
  /** For `throttled`: when to try again. */
  retryAfterMs?: number;
  /** True when this failed poll puts the subscription past a day of failures. */
  failingForADay: boolean;
}

function emptyResult(subscription: Pick<Subscription, "id" | "url">, at: Date): PollResult {
  return {
    subscriptionId: subscription.id,
    url: subscription.url,
    at: at.toISOString(),
    status: "ok",
    documents: [],
    found: 0,
    submitted: [],
    alreadySeen: 0,
    older: 0,
    invalid: 0,
    problems: [],
    failingForADay: false,
  };
}

/** Polls one subscription now (the discovery queue's consumer and `watch poll`). */
export async function pollSubscription(id: string, deps: DiscoveryDeps): Promise<PollResult> {
  const now = deps.now();
  const stored = await deps.subscriptions.get(id);
  if (!stored || stored.subscription.paused) {
    return { ...emptyResult({ id, url: stored?.subscription.url ?? "" }, now), status: "skipped" };
  }
  const { subscription, recent } = stored;
  const result = emptyResult(subscription, now);
  const health = subscription.health;

  let top: FetchedDocument;
  try {
    top = await deps.fetchDocument(subscription.url, {
      conditional:
        health.etag || health.lastModified
          ? { etag: health.etag ?? null, lastModified: health.lastModified ?? null }
          : null,
    });
  } catch (error) {
    const failure = classify(error);
    // Only our own politeness slot makes the poll come back soon; a server's 429/503 or an
    // unreachable robots.txt is a failure in health, and the next scheduled poll asks again.
    if (failure.disposition === "throttled" && failure.code === "host-busy") {
      return {
        ...result,
        status: "throttled",
        retryAfterMs: failure.retryAfterMs ?? 1000,
        error: { code: failure.code, message: failure.message },
      };
    }
    if (failure.code === "storage-error") throw error;
    return await recordFailure(subscription, result, failure.code, failure.message, deps, now);
  }
  if (top.notModified) {
    await deps.subscriptions.recordPoll(
      subscription.id,
      healthAfterPoll(health, { kind: "not-modified" }, now),
      0,
    );
    return { ...result, status: "not-modified" };
  }

  const report = await readFeeds(
    [subscription.url],
    (url) =>
      url === subscription.url
        ? Promise.resolve(top)
        : deps.fetchDocument(url, { conditional: null }),
    {
      maxBytes: deps.maxBytes,
      maxDocuments: POLL_MAX_DOCUMENTS,
      maxUrls: POLL_MAX_URLS,
      ...(subscription.since ? { since: subscription.since } : {}),
      // A child sitemap unchanged since the last read lists nothing new.
      ...(health.lastSuccessAt ? { childSince: health.lastSuccessAt } : {}),
    },
  );
  result.documents = report.documents;
  result.problems = report.problems;
  result.older = report.older;
  const own = report.problems.find((p) => p.url === subscription.url);
  if (own) return await recordFailure(subscription, result, own.code, own.reason, deps, now);

  const submitted = await submitNew(subscription, report, recent, deps, now, result);
  const documentKind = report.documents[0]?.kind ?? "rss";
  const firstProblem = report.problems[0];
  const poll: PollHealth = {
    kind: "read",
    submitted: submitted.sent.length,
    documentKind,
    etag: top.etag,
    lastModified: top.lastModified,
  };
  if (submitted.failed.length > 0) {
    poll.partial = {
      code: "storage-error",
      message: `${submitted.failed.length} URLs could not be queued (${submitted.failed[0]?.reason}); the next poll tries them again`,
    };
  } else if (firstProblem) {
    poll.partial = { code: firstProblem.code, message: firstProblem.reason };
  }
  // The recent list is written only when the feed lists something else than last time.
  const sameList =
    submitted.recent.size === recent.size && [...submitted.recent].every((h) => recent.has(h));
  await deps.subscriptions.recordPoll(
    subscription.id,
    healthAfterPoll(health, poll, now),
    submitted.sent.length,
    sameList ? undefined : submitted.recent,
  );
  return result;
}

async function recordFailure(
  subscription: Subscription,
  result: PollResult,
  code: FailureCode,
  message: string,
  deps: DiscoveryDeps,
  now: Date,
): Promise<PollResult> {
  const health = healthAfterPoll(subscription.health, { kind: "failed", code, message }, now);
  await deps.subscriptions.recordPoll(subscription.id, health, 0);
  return {
    ...result,
    status: "failed",
    error: { code, message },
    failingForADay: failingForADay(health, now),
  };
}

interface Submitted {
  sent: string[];
  failed: { url: string; reason: string }[];
  recent: Set<string>;
}

async function submitNew(
  subscription: Subscription,
  report: FeedReport,
  recent: Set<string>,
  deps: DiscoveryDeps,
  now: Date,
  result: PollResult,
): Promise<Submitted> {
  const dates = new Map<string, string | undefined>();
  const listed = new Set<string>();
  const candidates: string[] = [];
  for (const entry of report.urls) {
    let url: string;
    try {
      url = normalizeUrl(entry.url);
    } catch {
      result.invalid++;
      continue;
    }
    if (dates.has(url)) continue;
    dates.set(url, entry.date);
    const hash = recentHash(url);
    listed.add(hash);
    if (!recent.has(hash)) candidates.push(url);
  }
  result.found = dates.size;
  const fresh = await deps.subscriptions.markNew(candidates, subscription.id, now);
  result.alreadySeen = dates.size - fresh.length;
  const submittedAt = now.toISOString();
  const bodies = fresh.map((url) => {
    const entryDate = dates.get(url);
    return submissionBody({
      url,
      force: false,
      submittedAt,
      ...(subscription.tag !== undefined ? { tag: subscription.tag } : {}),
      ...(entryDate !== undefined ? { entryDate } : {}),
    });
  });
  const send = bodies.length > 0 ? await deps.submissions.sendAll(bodies) : { sent: 0, failed: [] };
  const failedBodies = new Set(send.failed.map((f) => f.body));
  const failed = fresh
    .map((url, i) => ({ url, body: bodies[i] as string }))
    .filter((x) => failedBodies.has(x.body))
    .map((x) => ({ url: x.url, reason: send.failed.find((f) => f.body === x.body)?.reason ?? "" }));
  if (failed.length > 0) {
    await deps.subscriptions.forget(failed.map((f) => f.url));
    for (const f of failed) listed.delete(recentHash(f.url));
  }
  const failedUrls = new Set(failed.map((f) => f.url));
  result.submitted = fresh.filter((url) => !failedUrls.has(url));
  return { sent: result.submitted, failed, recent: listed };
}

export interface DispatchDeps {
  subscriptions: Pick<SubscriptionStorePort, "listDue" | "claim">;
  /** The discovery queue. */
  discovery: QueueSenderPort;
  now: () => Date;
}

export interface DispatchResult {
  due: number;
  dispatched: string[];
  /** Claimed by another dispatcher first. */
  contended: number;
  failed: { body: string; reason: string }[];
}

/** Claims every due subscription (its next poll moves one interval on) and sends its poll. */
export async function dispatchDue(deps: DispatchDeps): Promise<DispatchResult> {
  const now = deps.now();
  const due = await deps.subscriptions.listDue(now, DISPATCH_LIMIT);
  const claimed: string[] = [];
  let contended = 0;
  for (const subscription of due) {
    if (await deps.subscriptions.claim(subscription, nextPollAfter(subscription, now))) {
      claimed.push(subscription.id);
    } else {
      contended++;
    }
  }
  const sent =
    claimed.length > 0 ? await deps.discovery.sendAll(claimed.map(pollMessageBody)) : null;
  return { due: due.length, dispatched: claimed, contended, failed: sent?.failed ?? [] };
}
