/**
 * Discovery against real loopback feed servers, DynamoDB Local and fauxqs: the real
 * document fetcher (SSRF guard, robots.txt, politeness), the real subscription table and
 * the real queues.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubscriptionTable } from "../../functions/adapters/subscription-table";
import { parseQueueMessage } from "../../functions/core/queue-message";
import { newSubscription, type Subscription } from "../../functions/core/subscription";
import type { DiscoveryHandlerDeps } from "../../functions/discovery/discovery-handler";
import { dispatchDue, pollSubscription } from "../../functions/discovery/discovery-service";
import { buildDiscoveryDeps } from "../../functions/discovery/handler";
import { loadConfig } from "../../functions/shared/config";
import {
  type FeedServer,
  newsSitemap,
  rss,
  sitemapIndex,
  startFeedServer,
} from "../support/feed-server";
import { createTestResources, type TestResources } from "../support/stand-ins";

let feeds: FeedServer;
let resources: TestResources;
let deps: DiscoveryHandlerDeps;
let table: SubscriptionTable;
let clock = new Date("2026-11-30T08:00:00.000Z");

beforeAll(async () => {
  feeds = await startFeedServer();
  resources = await createTestResources();
  const config = loadConfig(resources.env);
  const built = buildDiscoveryDeps(config, {
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "test" }),
  });
  const now = () => clock;
  deps = {
    ...built,
    discovery: { ...built.discovery, now },
    dispatch: { ...built.dispatch, now },
  };
  table = new SubscriptionTable(resources.clients.documents, config.tableName);
});

afterAll(async () => {
  await feeds?.close();
});

/** Every message now on a queue (received and deleted), as parsed bodies. */
async function drain(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = got.Messages ?? [];
    if (messages.length === 0) return bodies;
    for (const m of messages) {
      bodies.push(m.Body ?? "");
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }),
      );
    }
  }
}

async function submittedUrls(): Promise<string[]> {
  const bodies = await drain(resources.clients.sqs, resources.queueUrl);
  return bodies.map((b) => {
    const message = parseQueueMessage(b);
    if (message.kind !== "ingest") throw new Error(`unexpected message ${b}`);
    return message.url;
  });
}

async function subscribe(
  path: string,
  extra: Partial<Parameters<typeof newSubscription>[0]> = {},
): Promise<Subscription> {
  const subscription = newSubscription({ url: `${feeds.origin}${path}`, now: clock, ...extra });
  await table.create(subscription);
  return subscription;
}

const story = (n: number, site = "news") => `${feeds.origin}/${site}/story-${n}.html`;

describe("a feed polled on its interval", () => {
  it("submits only the entries added since the last poll, with the tag and entry date", async () => {
    // Prepare
    feeds.set(
      "/gains.xml",
      rss([
        { url: story(1), date: "2026-11-29T10:00:00Z" },
        { url: story(2), date: "2026-11-29T11:00:00Z" },
      ]),
    );
    const subscription = await subscribe("/gains.xml", { tag: "city-desk" });

    // Act
    const first = await pollSubscription(subscription.id, deps.discovery);
    const firstMessages = await drain(resources.clients.sqs, resources.queueUrl);
    feeds.set(
      "/gains.xml",
      rss([
        { url: story(3), date: "2026-11-30T07:00:00Z" },
        { url: story(1), date: "2026-11-29T10:00:00Z" },
        { url: story(2), date: "2026-11-29T11:00:00Z" },
      ]),
    );
    const second = await pollSubscription(subscription.id, deps.discovery);

    // Assess
    expect(first.status).toBe("ok");
    expect(first.submitted.sort()).toEqual([story(1), story(2)]);
    const parsed = firstMessages.map((b) => JSON.parse(b) as Record<string, unknown>);
    expect(parsed).toContainEqual(
      expect.objectContaining({
        url: story(1),
        tag: "city-desk",
        entryDate: "2026-11-29T10:00:00.000Z",
      }),
    );
    expect(second.submitted).toEqual([story(3)]);
    expect(await submittedUrls()).toEqual([story(3)]);
    const stored = await table.get(subscription.id);
    expect(stored?.subscription.urlsTotal).toBe(3);
    expect(stored?.subscription.health).toMatchObject({
      urlsLastPoll: 1,
      consecutiveFailures: 0,
      documentKind: "rss",
      lastSuccessAt: clock.toISOString(),
    });
    expect(stored?.subscription.health.etag).toMatch(/^"/);
  });

  it("answers a 304 with one request and submits nothing", async () => {
    // Prepare
    feeds.set("/still.xml", rss([{ url: story(10) }]));
    const subscription = await subscribe("/still.xml");
    await pollSubscription(subscription.id, deps.discovery);
    await drain(resources.clients.sqs, resources.queueUrl);
    const hitsBefore = feeds.hits("/still.xml");

    // Act
    const result = await pollSubscription(subscription.id, deps.discovery);

    // Assess
    expect(result.status).toBe("not-modified");
    expect(result.submitted).toEqual([]);
    expect(feeds.hits("/still.xml") - hitsBefore).toBe(1);
    expect(feeds.notModified("/still.xml")).toBe(1);
    expect(await submittedUrls()).toEqual([]);
  });

  it("skips entries dated before the subscription's since", async () => {
    feeds.set(
      "/since.xml",
      rss([
        { url: story(20), date: "2026-11-01T00:00:00Z" },
        { url: story(21), date: "2026-11-30T06:00:00Z" },
      ]),
    );
    const subscription = await subscribe("/since.xml", { since: "2026-11-15T00:00:00Z" });

    const result = await pollSubscription(subscription.id, deps.discovery);

    expect(result.submitted).toEqual([story(21)]);
    expect(result.older).toBe(1);
    expect(await submittedUrls()).toEqual([story(21)]);
  });
});

describe("overlap", () => {
  it("two polls of one feed at the same time submit each URL once", async () => {
    // Prepare
    const items = Array.from({ length: 30 }, (_, i) => ({ url: story(100 + i) }));
    feeds.set("/busy.xml", rss(items));
    const subscription = await subscribe("/busy.xml");

    // Act
    feeds.delay(50);
    const [a, b] = await Promise.all([
      pollSubscription(subscription.id, deps.discovery),
      pollSubscription(subscription.id, deps.discovery),
    ]);
    feeds.delay(0);

    // Assess
    const sent = await submittedUrls();
    expect(sent.sort()).toEqual(items.map((i) => i.url).sort());
    expect(a.submitted.length + b.submitted.length).toBe(30);
    expect(a.alreadySeen + b.alreadySeen).toBe(30);
  });

  it("a story listed by two feeds is submitted by the first poll only", async () => {
    feeds.set("/one.xml", rss([{ url: story(200) }, { url: story(201) }]));
    feeds.set(
      "/two.json",
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "two",
        items: [
          { id: "a", url: story(201) },
          { id: "b", url: story(202), date_published: "2026-11-30T01:00:00Z" },
        ],
      }),
      "application/feed+json",
    );
    const one = await subscribe("/one.xml");
    const two = await subscribe("/two.json");

    const first = await pollSubscription(one.id, deps.discovery);
    const second = await pollSubscription(two.id, deps.discovery);

    expect(first.submitted.sort()).toEqual([story(200), story(201)]);
    expect(second.submitted).toEqual([story(202)]);
    expect(second.alreadySeen).toBe(1);
    expect((await table.get(two.id))?.subscription.health.documentKind).toBe("json");
    expect((await submittedUrls()).sort()).toEqual([story(200), story(201), story(202)]);
  });

  it("overlapping schedule ticks dispatch each due subscription once", async () => {
    // Prepare: everything created above is due at `clock`; move on so all are due.
    await drain(resources.clients.sqs, resources.discoveryQueueUrl);
    clock = new Date(clock.getTime() + 60 * 60_000);
    const due = await table.listDue(clock, 1000);

    // Act
    const [x, y] = await Promise.all([dispatchDue(deps.dispatch), dispatchDue(deps.dispatch)]);

    // Assess
    const messages = await drain(resources.clients.sqs, resources.discoveryQueueUrl);
    expect(due.length).toBeGreaterThan(3);
    expect(x.dispatched.length + y.dispatched.length).toBe(due.length);
    expect(messages.map((m) => (JSON.parse(m) as { poll: string }).poll).sort()).toEqual(
      due.map((s) => s.id).sort(),
    );
    expect(await table.listDue(clock, 1000)).toEqual([]);
  });
});

describe("sitemaps", () => {
  it("follows a sitemap index to its news sitemaps, skipping unchanged children later", async () => {
    // Prepare
    feeds.set(
      "/news-a.xml",
      newsSitemap([
        { url: story(300, "a"), date: "2026-11-30T07:30:00Z" },
        { url: story(301, "a"), date: "2026-11-30T07:40:00Z" },
      ]),
      "application/xml",
    );
    feeds.set(
      "/news-b.xml",
      newsSitemap([{ url: story(302, "b"), date: "2026-11-30T07:50:00Z" }]),
      "application/xml",
    );
    feeds.set(
      "/index.xml",
      sitemapIndex([
        { url: `${feeds.origin}/news-a.xml`, lastmod: "2026-11-30T07:40:00Z" },
        { url: `${feeds.origin}/news-b.xml`, lastmod: "2026-11-30T07:50:00Z" },
      ]),
      "application/xml",
    );
    const subscription = await subscribe("/index.xml", { tag: "sitemaps" });

    // Act
    const first = await pollSubscription(subscription.id, deps.discovery);
    const bodies = (await drain(resources.clients.sqs, resources.queueUrl)).map(
      (b) => JSON.parse(b) as { url: string; entryDate?: string; tag?: string },
    );
    clock = new Date(clock.getTime() + 15 * 60_000);
    const bHits = feeds.hits("/news-b.xml");
    feeds.set(
      "/news-a.xml",
      newsSitemap([
        { url: story(303, "a"), date: "2026-11-30T09:10:00Z" },
        { url: story(300, "a"), date: "2026-11-30T07:30:00Z" },
      ]),
      "application/xml",
    );
    feeds.set(
      "/index.xml",
      sitemapIndex([
        { url: `${feeds.origin}/news-a.xml`, lastmod: clock.toISOString() },
        { url: `${feeds.origin}/news-b.xml`, lastmod: "2026-11-30T07:50:00Z" },
      ]),
      "application/xml",
    );
    const second = await pollSubscription(subscription.id, deps.discovery);

    // Assess
    expect(first.documents.map((d) => d.kind)).toEqual(["sitemap-index", "sitemap", "sitemap"]);
    expect(bodies.map((b) => b.url).sort()).toEqual([
      story(300, "a"),
      story(301, "a"),
      story(302, "b"),
    ]);
    expect(bodies.find((b) => b.url === story(302, "b"))).toMatchObject({
      entryDate: "2026-11-30T07:50:00.000Z",
      tag: "sitemaps",
    });
    expect(second.submitted).toEqual([story(303, "a")]);
    expect(feeds.hits("/news-b.xml")).toBe(bHits);
    expect(await submittedUrls()).toEqual([story(303, "a")]);
  });
});

describe("bad feeds", () => {
  it("records a feed that turned into HTML as not-feed, and one that vanished as http-4xx", async () => {
    // Prepare
    feeds.set("/turns.xml", rss([{ url: story(400) }]));
    feeds.set("/vanishes.xml", rss([{ url: story(401) }]));
    const turns = await subscribe("/turns.xml");
    const vanishes = await subscribe("/vanishes.xml");
    await pollSubscription(turns.id, deps.discovery);
    await pollSubscription(vanishes.id, deps.discovery);
    await drain(resources.clients.sqs, resources.queueUrl);

    // Act
    feeds.set(
      "/turns.xml",
      "<!doctype html><html><body><p>We moved our feed</p></body></html>",
      "text/html",
    );
    feeds.remove("/vanishes.xml");
    const html = await pollSubscription(turns.id, deps.discovery);
    const gone = await pollSubscription(vanishes.id, deps.discovery);
    clock = new Date(clock.getTime() + 25 * 3600_000);
    const dayLater = await pollSubscription(vanishes.id, deps.discovery);

    // Assess
    expect(html).toMatchObject({ status: "failed", error: { code: "not-feed" } });
    expect(gone).toMatchObject({
      status: "failed",
      error: { code: "http-4xx" },
      failingForADay: false,
    });
    expect(dayLater.failingForADay).toBe(true);
    const turnsHealth = (await table.get(turns.id))?.subscription.health;
    expect(turnsHealth).toMatchObject({ consecutiveFailures: 1, lastError: { code: "not-feed" } });
    expect(turnsHealth?.failingSince).toBeDefined();
    const goneHealth = (await table.get(vanishes.id))?.subscription.health;
    expect(goneHealth).toMatchObject({ consecutiveFailures: 2, lastError: { code: "http-4xx" } });
    expect(await submittedUrls()).toEqual([]);
  });

  it("records garbage, and a feed on a blocked port, without throwing", async () => {
    feeds.set("/garbage.xml", "\u0000\u0001 not xml at all <<<", "application/xml");
    const garbage = await subscribe("/garbage.xml");
    const blocked = newSubscription({ url: "http://127.0.0.1:1/feed.xml", now: clock });
    await table.create(blocked);
    const strict = { ...deps.discovery };

    const a = await pollSubscription(garbage.id, strict);
    const b = await pollSubscription(blocked.id, strict);

    expect(a).toMatchObject({ status: "failed", error: { code: "not-feed" } });
    expect(b.status).toBe("failed");
    expect(b.error?.code).toBe("connection-error");
    expect((await table.get(blocked.id))?.subscription.health.lastError?.code).toBe(b.error?.code);
  });

  it("a paused or removed subscription is not polled", async () => {
    feeds.set("/paused.xml", rss([{ url: story(500) }]));
    const paused = await subscribe("/paused.xml");
    await table.setPaused(paused.id, true, clock);
    const hits = feeds.hits("/paused.xml");

    const result = await pollSubscription(paused.id, deps.discovery);
    const removed = await table.remove(paused.id);
    const after = await pollSubscription(paused.id, deps.discovery);

    expect(result.status).toBe("skipped");
    expect(removed).toBe(true);
    expect(after.status).toBe("skipped");
    expect(feeds.hits("/paused.xml")).toBe(hits);
  });
});
