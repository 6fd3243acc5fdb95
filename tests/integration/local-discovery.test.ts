/**
 * Local mode runs discovery and bulk lists as the stack does: the schedule on a timer, the
 * poll behind the local discovery queue, and a list put in the local bucket under
 * submissions/ picked up through s3rver's object events.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../cli/local/local-stack";
import { SubscriptionTable } from "../../functions/adapters/subscription-table";
import type { ListReport } from "../../functions/core/bulk-list";
import { newSubscription } from "../../functions/core/subscription";
import { type FeedServer, rss, startFeedServer } from "../support/feed-server";

let stack: LocalStack;
let feeds: FeedServer;

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  feeds = await startFeedServer();
  stack = await startLocalStack({
    dataDir: mkdtempSync(path.join(tmpdir(), "article-ingest-local-discovery-")),
    logLevel: "SILENT",
    discoveryEveryMs: 500,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await feeds?.close();
});

describe("local mode", () => {
  it("polls a due subscription on its timer", { timeout: 60_000 }, async () => {
    feeds.set(
      "/local.xml",
      rss([{ url: `${feeds.origin}/a.html` }, { url: `${feeds.origin}/b.html` }]),
    );
    const table = new SubscriptionTable(stack.clients.documents, stack.config.tableName);
    const subscription = newSubscription({ url: `${feeds.origin}/local.xml`, now: new Date() });
    await table.create(subscription);

    const polled = await waitFor(async () => {
      const stored = await table.get(subscription.id);
      return stored?.subscription.health.lastSuccessAt ? stored.subscription : undefined;
    }, 50_000);

    expect(polled.urlsTotal).toBe(2);
    expect(polled.health).toMatchObject({ documentKind: "rss", urlsLastPoll: 2 });
    expect(Date.parse(polled.nextPollAt)).toBeGreaterThan(Date.now());
  });

  it("submits a list put under submissions/ and writes its report", async () => {
    const key = "submissions/local-list.txt";
    await stack.clients.s3.send(
      new PutObjectCommand({
        Bucket: stack.config.bucketName,
        Key: key,
        Body: "https://l.example.com/1\nnot a url\nhttps://l.example.com/1\nhttps://l.example.com/2\n",
      }),
    );

    const report = await waitFor(async () => {
      try {
        const object = await stack.clients.s3.send(
          new GetObjectCommand({ Bucket: stack.config.bucketName, Key: `${key}.report.json` }),
        );
        return JSON.parse(
          await (object.Body as { transformToString(): Promise<string> }).transformToString(),
        ) as ListReport;
      } catch {
        return undefined;
      }
    }, 30_000);

    expect(report).toMatchObject({ lines: 4, accepted: 2, rejected: 1, duplicates: 1 });
    expect(report.rejectedLines[0]?.line).toBe(2);
  });
});
