/**
 * `watch` and `submit --upload` against the test's resources on the stand-ins and a
 * loopback feed: add, list with health, poll now (what was found is printed), 304 on the
 * next poll, pause/resume, remove; a list uploaded under submissions/ with its tag.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Subscription } from "../../../functions/core/subscription";
import { type FeedServer, rss, startFeedServer } from "../../support/feed-server";
import { createTestResources, type TestResources } from "../../support/stand-ins";
import { localDataDir, runCli } from "./run-cli";

let feeds: FeedServer;
let resources: TestResources;
let dataDir: string;

const cli = (...argv: string[]) => runCli([...argv, "--local", "--data-dir", dataDir]);

beforeAll(async () => {
  feeds = await startFeedServer();
  resources = await createTestResources();
  dataDir = localDataDir(resources);
});

afterAll(async () => {
  await feeds?.close();
});

describe("watch", () => {
  it("adds, lists, polls, pauses, resumes and removes a subscription", async () => {
    // Prepare
    const story = (n: number) => `${feeds.origin}/s/${n}.html`;
    feeds.set("/feed.xml", rss([{ url: story(1) }, { url: story(2) }]));
    const url = `${feeds.origin}/feed.xml`;

    // Act
    const added = await cli("watch", "add", url, "--every", "5m", "--tag", "desk", "--json");
    const again = await cli("watch", "add", url);
    const polled = await cli("watch", "poll", url);
    const unchanged = await cli("watch", "poll", "--all", "--ndjson");
    const listed = await cli("watch", "list", "--json");
    const table = await cli("watch", "list");
    const paused = await cli("watch", "pause", url);
    const pollPaused = await cli("watch", "poll", "--all");
    const resumed = await cli("watch", "resume", url, "--json");
    const removed = await cli("watch", "remove", url);
    const gone = await cli("watch", "remove", url);

    // Assess
    expect(added.code).toBe(0);
    const subscription = (JSON.parse(added.stdout) as { subscription: Subscription }).subscription;
    expect(subscription).toMatchObject({ url, intervalSeconds: 300, tag: "desk", paused: false });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already watched/);
    expect(polled.code).toBe(0);
    expect(polled.stdout).toContain("2 entries, 2 new submitted");
    expect(polled.stdout).toContain(`+ ${story(1)}`);
    expect(JSON.parse(unchanged.stdout.trim())).toMatchObject({
      status: "not-modified",
      submitted: [],
    });
    const rows = (JSON.parse(listed.stdout) as { subscriptions: Subscription[] }).subscriptions;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: subscription.id,
      urlsTotal: 2,
      health: { urlsLastPoll: 0 },
    });
    expect(table.stdout).toMatch(/^ID +STATE +EVERY +LAST POLL +LAST OK +URLS +LAST +ERROR/m);
    expect(table.stdout).toMatch(new RegExp(`^${subscription.id} +ok +5m `, "m"));
    expect(paused.stdout).toMatch(/^Paused /);
    expect(pollPaused.stdout).toContain("No active subscriptions.");
    expect(JSON.parse(resumed.stdout)).toMatchObject({ subscription: { paused: false } });
    expect(removed.stdout).toContain(`Removed subscription ${subscription.id}`);
    expect(gone.code).toBe(1);
  });

  it("reports a bad feed with its code and exit code 1", async () => {
    feeds.set("/page.xml", "<!DOCTYPE html><html><body>moved</body></html>", "text/html");
    const url = `${feeds.origin}/page.xml`;
    await cli("watch", "add", url);

    const polled = await cli("watch", "poll", url);
    const listed = await cli("watch", "list");

    expect(polled.code).toBe(1);
    expect(polled.stdout).toContain("failed: not-feed");
    expect(listed.stdout).toMatch(/failing .* not-feed/);
  });

  it("refuses bad arguments as usage errors", async () => {
    expect((await cli("watch", "add", "https://x.example/feed", "--every", "10s")).code).toBe(2);
    expect((await cli("watch", "poll")).code).toBe(2);
    expect((await cli("watch", "frobnicate")).code).toBe(2);
    expect((await cli("watch", "remove", "not a url")).code).toBe(1);
  });
});

describe("submit --upload", () => {
  it("puts the list under submissions/ with its tag, where the stack picks it up", async () => {
    const file = path.join(tmpdir(), `list-${Date.now()}.txt`);
    writeFileSync(file, "https://u.example.com/1\nhttps://u.example.com/2\n");

    const run = await cli("submit", file, "--upload", "--tag", "bulk", "--json");

    expect(run.code).toBe(0);
    const where = JSON.parse(run.stdout) as { list: string; report: string };
    expect(where.list).toMatch(/^submissions\/\d{8}T\d{6}Z-list-\d+\.txt$/);
    expect(where.report).toBe(`${where.list}.report.json`);
    const head = await resources.clients.s3.send(
      new HeadObjectCommand({ Bucket: resources.bucketName, Key: where.list }),
    );
    expect(head.Metadata?.tag).toBe("bulk");
    const listed = await resources.clients.s3.send(
      new ListObjectsV2Command({ Bucket: resources.bucketName, Prefix: "submissions/" }),
    );
    expect(listed.Contents?.map((c) => c.Key)).toContain(where.list);
  });
});
