import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Message, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSite, startSampleSite } from "../../../cli/local/sample-site";
import { createTestResources, type TestResources } from "../../support/stand-ins";
import { localDataDir, runCli } from "./run-cli";

/** Receives every message currently on the queue (and leaves them invisible). */
async function drain(resources: TestResources, queueUrl = resources.queueUrl): Promise<Message[]> {
  const all: Message[] = [];
  for (let empty = 0; empty < 2; ) {
    const answer = await resources.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) empty++;
    all.push(...messages);
  }
  return all;
}

function urlsOf(messages: Message[]): string[] {
  return messages.map((m) => (JSON.parse(m.Body ?? "{}") as { url: string }).url).sort();
}

describe("submit against the local stack", () => {
  let resources: TestResources;
  let dataDir: string;
  let site: SampleSite;

  beforeAll(async () => {
    resources = await createTestResources();
    dataDir = localDataDir(resources);
    site = await startSampleSite();
  });

  afterAll(async () => {
    await site.close();
  });

  it("sends each valid URL of a file once and reports invalid lines with line numbers", async () => {
    // Prepare
    const file = path.join(dataDir, "urls.txt");
    writeFileSync(
      file,
      [
        "# morning batch",
        "https://news.example.com/a.html",
        "not a url",
        "",
        "https://NEWS.example.com/a.html?utm_source=x",
        "ftp://news.example.com/b.html",
        "https://news.example.com/b.html#comments",
        "https://news.example.com/a.html",
      ].join("\n"),
    );

    // Act
    const run = await runCli([
      "submit",
      "--file",
      file,
      "--tag",
      "batch-1",
      "--local",
      "--data-dir",
      dataDir,
    ]);
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`invalid: ${file}:3: "not a url" is not an absolute URL`);
    expect(run.stderr).toMatch(new RegExp(`invalid: ${file}:6: URL scheme "ftp"`));
    expect(run.stdout).toBe(
      "Submitted 2 URLs to the local queue (2 duplicates skipped, 2 invalid lines).\n",
    );
    expect(urlsOf(messages)).toEqual([
      "https://news.example.com/a.html",
      "https://news.example.com/b.html",
    ]);
    const body = JSON.parse(messages[0]?.Body ?? "{}");
    expect(body).toEqual({
      url: expect.any(String),
      tag: "batch-1",
      submittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it("reads standard input and prints a JSON summary with a version field", async () => {
    // Act
    const run = await runCli(["submit", "-", "--force", "--json", "--data-dir", dataDir], {
      stdin: "https://news.example.com/c.html\nhttps://news.example.com/c.html\n",
    });
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      version: 1,
      sent: 1,
      duplicates: 1,
      invalid: [],
      failed: [],
      urls: ["https://news.example.com/c.html"],
    });
    expect(JSON.parse(messages[0]?.Body ?? "{}")).toMatchObject({ force: true });
  });

  it("submits every article listed by the RSS feed served on loopback", async () => {
    // Act
    const run = await runCli([
      "submit",
      "--feed",
      site.urls.feed,
      "--local",
      "--data-dir",
      dataDir,
    ]);
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`read rss ${site.urls.feed}: 5 entries`);
    expect(urlsOf(messages)).toEqual([...site.urls.articles, site.urls.cyrillic].sort());
  });

  it("follows a sitemap index to a Google News sitemap and a gzipped sitemap", async () => {
    // Act
    const run = await runCli([
      "submit",
      "--sitemap",
      site.urls.sitemapIndex,
      "--ndjson",
      "--local",
      "--data-dir",
      dataDir,
    ]);
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.status === "sent")).toHaveLength(5);
    expect(urlsOf(messages)).toEqual([...site.urls.articles, site.urls.cyrillic].sort());
  });

  it("drops the URLs a sitemap repeats while reading, and counts them", async () => {
    // Act
    const run = await runCli([
      "submit",
      "--sitemap",
      site.urls.sitemapIndex,
      "--dry-run",
      "--json",
      "--local",
      "--data-dir",
      dataDir,
    ]);

    // Assess: the news sitemap lists three of the five; the gzipped sitemap repeats them.
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      duplicates: 3,
      feedCut: { duplicates: 3, documents: 0, entries: 0, urls: 0 },
    });
  });

  it("keeps only entries dated at or after --since", async () => {
    // Act
    const run = await runCli([
      "submit",
      "--feed",
      site.urls.atom,
      "--since",
      "2026-11-25T00:00:00Z",
      "--json",
      "--local",
      "--data-dir",
      dataDir,
    ]);
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 3, olderThanSince: 2 });
    expect(urlsOf(messages)).toEqual(
      [site.urls.articles[0], site.urls.articles[1], site.urls.cyrillic].sort(),
    );
  });

  it("reports a feed it cannot read and exits 1", async () => {
    // Act
    const run = await runCli([
      "submit",
      "--feed",
      `${site.origin}/no-such-feed.xml`,
      "--local",
      "--data-dir",
      dataDir,
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("404");
    expect(run.stderr).toContain("error: no valid URLs to submit");
  });

  it("says how to start the local stack when it is not running", async () => {
    // Act
    const run = await runCli(["submit", "https://a.example/", "--data-dir", `${dataDir}/missing`]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: the local stack is not running (no ${dataDir}/missing/endpoints.json)\n  start it in another terminal with \`article-ingest local\`\n`,
    );
  });

  it("shows plain progress lines for a large input when not on a terminal", async () => {
    // Prepare
    const urls = Array.from({ length: 120 }, (_, i) => `https://bulk.example.com/story-${i}.html`);

    // Act
    const run = await runCli(["submit", "-", "--local", "--data-dir", dataDir], {
      stdin: urls.join("\n"),
    });
    const messages = await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("submitting 120/120\n");
    expect(run.stderr).not.toContain("\r");
    expect(messages).toHaveLength(120);
  });

  it("draws a progress bar in place on a terminal", async () => {
    // Prepare
    const urls = Array.from({ length: 60 }, (_, i) => `https://bar.example.com/story-${i}.html`);

    // Act
    const run = await runCli(["submit", "-", "--local", "--data-dir", dataDir], {
      stdin: urls.join("\n"),
      interactive: true,
    });
    await drain(resources);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("\rsubmitting ");
    expect(run.stderr).toContain("██████████████████████████████ 60/60\n");
  });
});
