/**
 * The query and recovery commands against a real local pipeline: URLs submitted with the
 * CLI are ingested by the real handler, then read back with get, list, failures and stats;
 * a dead letter is redriven and ingested; a site is reprocessed.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSite, startSampleSite } from "../../../cli/local/sample-site";
import { startTestPipeline, type TestPipeline } from "../../support/pipeline";
import { localDataDir, runCli } from "./run-cli";

let site: SampleSite;
let pipeline: TestPipeline;
let dataDir: string;
let missing: string;

/** Runs a command against this file's pipeline. */
function cli(...argv: string[]) {
  return runCli([...argv, "--local", "--data-dir", dataDir]);
}

beforeAll(async () => {
  site = await startSampleSite();
  pipeline = await startTestPipeline({ queue: { visibilityTimeoutSeconds: 1 } });
  dataDir = localDataDir(pipeline.resources);
  missing = `${site.origin}/news/2026/11/01/no-such-story.html`;
  const submitted = await cli("submit", ...site.urls.articles, missing);
  expect(submitted.code).toBe(0);
  await pipeline.poller.drained({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
});

describe("get", () => {
  it("prints a readable record by URL", async () => {
    // Act
    const run = await cli("get", site.urls.articles[0] as string);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Title: +Volunteers pull two tonnes of litter from the Alder River$/m,
    );
    expect(run.stdout).toMatch(/^Status: +ok$/m);
    expect(run.stdout).toMatch(/^Authors: +Maya Okafor$/m);
    expect(run.stdout).toMatch(/^Published: +2026-11-27T07:15:00/m);
  });

  it("prints the record as JSON (with a version field) and as NDJSON, by id", async () => {
    // Prepare
    const byUrl = JSON.parse((await cli("get", site.urls.articles[1] as string, "--json")).stdout);
    const id = byUrl.article.articleId as string;

    // Act
    const json = await cli("get", id, "--json");
    const ndjson = await cli("get", id, "--ndjson");

    // Assess
    expect(byUrl.version).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(byUrl);
    const lines = ndjson.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual(byUrl.article);
    expect(byUrl.article.authors).toEqual(["Samuel Adeyemi", "Hannah Lindqvist"]);
  });

  it("prints the extracted text and Markdown, and the raw bytes exactly as served", async () => {
    // Prepare
    const url = site.urls.articles[0] as string;
    const served = Buffer.from(await (await fetch(url)).arrayBuffer());

    // Act
    const text = await cli("get", url, "--text");
    const markdown = await cli("get", url, "--markdown");
    const raw = await cli("get", url, "--raw");

    // Assess
    expect(text.stdout).toContain("More than 300 volunteers spent Saturday morning");
    expect(text.stdout).not.toContain("<p>");
    expect(markdown.stdout).toContain("[Friends of the Alder]");
    expect(raw.stdoutBytes.equals(served)).toBe(true);
  });

  it("lists the stored versions", async () => {
    // Act
    const run = await cli("get", site.urls.articles[2] as string, "--versions");

    // Assess
    expect(run.code).toBe(0);
    const [header, first] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^VERSION\s+FETCHED\s+CHANGED\s+TITLE$/);
    expect(first).toMatch(/^\s*1\s+2\d{3}-.*Rowing club ends 30-year wait/);
  });

  it("says what to do when there is no record, with exit code 1", async () => {
    // Act
    const run = await cli("get", "https://never.example.com/story.html");

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: no record for https:\/\/never.example.com\/story.html\n {2}submit it with/,
    );
  });
});

describe("list", () => {
  it("lists a site's articles newest first as a table", async () => {
    // Act
    const run = await cli("list", "--site", "127.0.0.1");

    // Assess
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^PUBLISHED\s+ARTICLE ID\s+WORDS\s+TITLE$/);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^2026-11-27 07:15 +[0-9a-f]{32} +\d+ +Volunteers pull/);
    expect(rows[3]).toMatch(/^2026-11-21 10:00 .*Old cannery/);
  });

  it("pages with --limit and --cursor, in JSON and NDJSON", async () => {
    // Act
    const first = JSON.parse(
      (await cli("list", "--site", "127.0.0.1", "--limit", "3", "--json")).stdout,
    );
    const rest = await cli("list", "--site", "127.0.0.1", "--cursor", first.cursor, "--ndjson");

    // Assess
    expect(first.version).toBe(1);
    expect(first.articles).toHaveLength(3);
    expect(first.cursor).toEqual(expect.any(String));
    const lines = rest.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].title).toBe("Old cannery to reopen as a public market next spring");
  });

  it("accepts a URL or host name for --site", async () => {
    // Act
    const run = await cli("list", "--site", `${site.origin}/news/`, "--json");

    // Assess
    const document = JSON.parse(run.stdout);
    expect(document.site).toBe("127.0.0.1");
    expect(document.articles).toHaveLength(4);
  });

  it("filters by publication date", async () => {
    // Act
    const run = await cli(
      "list",
      "--site",
      "127.0.0.1",
      "--from",
      "2026-11-25",
      "--to",
      "2026-11-26",
      "--json",
    );

    // Assess
    const titles = JSON.parse(run.stdout).articles.map((a: { title: string }) => a.title);
    expect(titles).toEqual(["Council approves night bus pilot for the east bank"]);
  });
});

describe("failures and stats", () => {
  it("lists the failed URL with its code and reason", async () => {
    // Act
    const table = await cli("failures");
    const json = JSON.parse((await cli("failures", "--code", "http-4xx", "--json")).stdout);
    const ndjson = await cli("failures", "--ndjson");

    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^CHECKED\s+STATUS\s+CODE\s+KIND\s+URL\s+REASON$/m);
    expect(table.stdout).toMatch(
      /failed\s+http-4xx\s+-\s+http:\/\/127\.0\.0\.1:\d+\/news\/2026\/11\/01\/no-such/,
    );
    expect(json.version).toBe(1);
    expect(json.failures.map((f: { url: string }) => f.url)).toEqual([missing]);
    const codes = ndjson.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).failure.code);
    expect(codes).toContain("http-4xx");
  });

  it("counts records by status and failures by code", async () => {
    // Act
    const run = await cli("stats", "--json");

    // Assess
    const stats = JSON.parse(run.stdout);
    expect(stats.queue).toEqual({ waiting: 0, inFlight: 0, delayed: 0 });
    expect(stats.store.checkedToday.ok).toBe(4);
    expect(stats.store.failuresByCode["http-4xx"]).toBe(1);
  });
});

describe("recovery", () => {
  it("redrives a dead letter back to the queue, where it is ingested", async () => {
    // Prepare: a submission that ended in the dead-letter queue.
    await pipeline.resources.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.resources.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ url: site.urls.cyrillic }),
      }),
    );
    const before = await cli("get", site.urls.cyrillic);

    // Act
    const run = await cli("dlq", "redrive", "--all");
    await pipeline.poller.drained({ timeoutMs: 60_000 });
    const after = await cli("get", site.urls.cyrillic, "--json");

    // Assess
    expect(before.code).toBe(1);
    expect(run.stdout).toMatch(/^Moved 1 message back to the ingest queue/);
    const record = JSON.parse(after.stdout).article;
    expect(record.status).toBe("ok");
    expect(record.title).toBe("Библиотека на набережной продлевает часы работы");
    expect((await cli("dlq", "list", "--json")).stdout).toContain('"messages": []');
  });

  it("reprocesses a site's stored articles without fetching them again", async () => {
    // Prepare
    const requestsBefore = site.requests.length;

    // Act
    const run = await cli("reprocess", "--site", "127.0.0.1", "--json");
    await pipeline.poller.drained({ timeoutMs: 60_000 });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, articles: 5, enqueued: 5 });
    expect(site.requests.length).toBe(requestsBefore);
    const stats = JSON.parse((await cli("stats", "--json")).stdout);
    expect(stats.deadLetterQueue).toEqual({ waiting: 0, inFlight: 0, delayed: 0 });
    expect(stats.store.failuresByCode).toEqual({ "http-4xx": 1 });
  });

  it("counts every stored article for reprocess --all --dry-run without enqueuing", async () => {
    // Act
    const run = await cli("reprocess", "--all", "--dry-run");
    const stats = JSON.parse((await cli("stats", "--json")).stdout);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("5 article(s) of all sites would be reprocessed (dry run).\n");
    expect(stats.queue).toEqual({ waiting: 0, inFlight: 0, delayed: 0 });
  });
});
