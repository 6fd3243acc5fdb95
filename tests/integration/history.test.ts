/**
 * Version history, imports and the export, against DynamoDB Local and s3rver: a story
 * edited twice on a loopback site, WARC files written by warcio's own serializer, and the
 * Parquet export read back by DuckDB.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WARCRecord, WARCSerializer } from "warcio";
import { articlePage, prose } from "../../cli/local/article-page";
import { AnalyticsObjects } from "../../functions/adapters/analytics-objects";
import { ArticleTable } from "../../functions/adapters/article-table";
import { isSharedCaptureKey, S3Archive } from "../../functions/adapters/s3-archive";
import { SubmissionQueue } from "../../functions/adapters/submission-queue";
import { writeAnalytics } from "../../functions/analytics/analytics-writer";
import { type ApiDeps, handleApiRequest } from "../../functions/api/api-app";
import { articleIdFor, normalizeUrl } from "../../functions/core/normalize-url";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { createIngestHandler } from "../../functions/ingest/ingest-handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import { loadConfig } from "../../functions/shared/config";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { sqsBatch } from "../support/sqs-event";
import { createTestResources, type TestResources } from "../support/stand-ins";
import { localDataDir, runCli } from "./cli/run-cli";

let site: MutableSite;
let resources: TestResources;
let deps: IngestDeps;
let table: ArticleTable;
let archive: S3Archive;
let api: ApiDeps;
let dataDir: string;
let clock = new Date("2026-11-20T10:00:00.000Z");
const work = mkdtempSync(path.join(tmpdir(), "article-ingest-history-"));

beforeAll(async () => {
  site = await startMutableSite();
  resources = await createTestResources();
  const config = loadConfig(resources.env);
  deps = { ...buildIngestDeps(config), now: () => clock };
  table = new ArticleTable(resources.clients.documents, config.tableName, config.cursorSecret);
  archive = new S3Archive(resources.clients.s3, config.bucketName);
  api = {
    table,
    archive,
    queue: new SubmissionQueue(resources.clients.sqs, config.queueUrl),
    now: () => clock,
  };
  dataDir = localDataDir(resources);
});

afterAll(async () => {
  await site?.close();
});

const local = () => ["--local", "--data-dir", dataDir];

/** A WARC file (gzip per record, as crawlers write them) made by warcio's serializer. */
async function warcFile(
  name: string,
  captures: { url: string; date: string; html: string; status?: string; type?: string }[],
): Promise<string> {
  const parts: Uint8Array[] = [];
  const info = WARCRecord.createWARCInfo(
    { filename: name, warcVersion: "WARC/1.1" },
    { software: "warcio.js test writer" },
  );
  parts.push(await WARCSerializer.serialize(info, { gzip: true }));
  for (const c of captures) {
    const body = new TextEncoder().encode(c.html);
    async function* payload() {
      yield body;
    }
    const record = WARCRecord.create(
      {
        url: c.url,
        date: c.date,
        type: "response",
        warcVersion: "WARC/1.1",
        statusline: c.status ?? "HTTP/1.1 200 OK",
        httpHeaders: { "Content-Type": c.type ?? "text/html; charset=utf-8" },
      },
      payload(),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip: true }));
  }
  const file = path.join(work, name);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe("version history", () => {
  const pathname = "/news/ferry-timetable";
  const url = () => `${site.origin}${pathname}`;
  const first = prose("The ferry timetable changes on Monday.");
  const second = "A second paragraph adds the night crossings from the east pier.";
  const third = "The council later withdrew the Sunday service from the plan.";

  it("shows a story edited twice as three versions, each with its text, and the diff", async () => {
    // Prepare: the page, then two edits, each fetched again by the batch handler along with
    // a companion page edited too: each version's capture is in its batch's shared object.
    const page = (paragraphs: string[]) =>
      articlePage({ title: "Ferry timetable changes", paragraphs, author: "Ana Ruiz" });
    const companion = (n: number) =>
      articlePage({ title: "Harbour notices", paragraphs: [prose(`Notice number ${n}.`)] });
    const handler = createIngestHandler(deps, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Test", serviceName: "history" }),
    });
    const batch = async (n: number) => {
      site.set("/news/harbour-notices", companion(n));
      const bodies = [url(), `${site.origin}/news/harbour-notices`].map((u) =>
        JSON.stringify({ url: u, force: true }),
      );
      expect((await handler(sqsBatch(bodies))).batchItemFailures).toEqual([]);
    };
    site.set(pathname, page([first]));
    await batch(1);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    site.set(pathname, page([first, second]));
    await batch(2);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    site.set(pathname, page([first, second, third]));
    await batch(3);

    // Act
    const versions = await runCli(["get", url(), "--versions", "--json", ...local()]);
    const texts = await Promise.all(
      [1, 2, 3].map((n) => runCli(["get", url(), "--version", String(n), "--text", ...local()])),
    );
    const diff = await runCli(["diff", url(), ...local()]);
    const diffJson = await runCli([
      "diff",
      url(),
      "--from",
      "1",
      "--to",
      "3",
      "--json",
      ...local(),
    ]);

    // Assess: three versions, newest capture first, the body text among the changed fields.
    expect(versions.code).toBe(0);
    const listed = JSON.parse(versions.stdout).versions as {
      version: number;
      changedFields: string[];
    }[];
    expect(listed.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(listed[0]?.changedFields).toContain("text");
    expect(listed[1]?.changedFields).toContain("text");
    // Each version's own text.
    expect(texts.map((t) => t.code)).toEqual([0, 0, 0]);
    expect(texts[0]?.stdout).not.toContain(second);
    expect(texts[1]?.stdout).toContain(second);
    expect(texts[1]?.stdout).not.toContain(third);
    expect(texts[2]?.stdout).toContain(third);
    // The default diff: version 2 to 3, the added paragraph as an added line.
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("version 2");
    expect(diff.stdout).toContain(`+${third}`);
    expect(diff.stdout).not.toContain(`+${second}`);
    const parsed = JSON.parse(diffJson.stdout);
    expect(parsed).toMatchObject({ from: 1, to: 3 });
    expect(parsed.changedFields).toEqual(expect.arrayContaining(["text", "wordCount"]));
    expect(parsed.textDiff).toContain(`+${second}`);
    expect(parsed.textDiff).toContain(`+${third}`);
    // Each version's capture is in a shared object of its batch, its own range in it.
    const id = articleIdFor(normalizeUrl(url()));
    const keys = new Set<string>();
    for (const n of [1, 2, 3]) {
      const record = await table.getVersion(id, n);
      expect(isSharedCaptureKey(record?.rawKey ?? "")).toBe(true);
      expect(record?.capture?.response?.key).toBe(record?.rawKey);
      keys.add(record?.rawKey as string);
    }
    expect(keys.size).toBe(3);
    const raw = await runCli(["get", url(), "--raw", ...local()]);
    expect(raw.stdoutBytes.toString("utf8")).toBe(page([first, second, third]));
  });

  it("serves an older version's content on ?version=N and lists the captures as a TimeMap", async () => {
    // Prepare
    const id = articleIdFor(normalizeUrl(url()));

    // Act
    const v1 = await handleApiRequest(
      { method: "GET", path: `/articles/${id}/content`, query: { version: "1", format: "text" } },
      api,
    );
    const latest = await handleApiRequest(
      { method: "GET", path: `/articles/${id}/content`, query: { format: "text" } },
      api,
    );
    const missing = await handleApiRequest(
      { method: "GET", path: `/articles/${id}/content`, query: { version: "9" } },
      api,
    );
    const map = await handleApiRequest(
      { method: "GET", path: "/timemap", query: { url: url() } },
      api,
    );

    // Assess
    expect(v1.status).toBe(200);
    expect(v1.body).not.toContain(second);
    expect(latest.body).toContain(third);
    expect(missing.status).toBe(404);
    expect(map.status).toBe(200);
    expect(map.headers["content-type"]).toContain("application/link-format");
    const links = map.body.trim().split(",\n");
    expect(links[0]).toBe(`<${normalizeUrl(url())}>; rel="original"`);
    expect(links[1]).toContain('rel="self"; type="application/link-format"; from="');
    expect(links.slice(2).map((l) => /rel="([^"]+)"/.exec(l)?.[1])).toEqual([
      "first memento",
      "memento",
      "last memento",
    ]);
    expect(links[2]).toContain(`/articles/${id}/content?version=1&format=html`);
    const firstCapture = await table.getVersion(id, 1);
    expect(links[2]).toContain(
      `datetime="${new Date(firstCapture?.fetchedAt as string).toUTCString()}"`,
    );
  });
});

describe("imports", () => {
  it("imports a WARC written by another tool under its original URL and date", async () => {
    // Prepare: two HTML captures, an image response and a 404, gzip per record.
    const original = "https://news.example.org/2019/05/harbour-wall.html";
    const file = await warcFile("crawl.warc.gz", [
      {
        url: original,
        date: "2019-05-14T08:30:00Z",
        html: articlePage({
          title: "Harbour wall repaired",
          paragraphs: [prose("The harbour wall was repaired after the storm.")],
        }),
      },
      {
        url: "https://news.example.org/logo.png",
        date: "2019-05-14T08:30:01Z",
        html: "PNG",
        type: "image/png",
      },
      {
        url: "https://news.example.org/gone.html",
        date: "2019-05-14T08:30:02Z",
        html: "<html><body>Not found</body></html>",
        status: "HTTP/1.1 404 Not Found",
      },
    ]);

    // Act
    const run = await runCli(["import", file, "--json", ...local()]);
    const again = await runCli(["import", file, "--json", ...local()]);
    const record = await table.getByUrl(normalizeUrl(original));

    // Assess: stored under its own URL and capture date; the others reported with reasons.
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout).imports as { result: string; code?: string }[];
    expect(rows.map((r) => [r.result, r.code ?? null])).toEqual([
      ["ok", null],
      ["skipped", "not-html"],
      ["skipped", "http-4xx"],
    ]);
    expect(JSON.parse(run.stdout).otherRecords).toEqual({ warcinfo: 1 });
    expect(record).toMatchObject({
      url: normalizeUrl(original),
      fetchedAt: "2019-05-14T08:30:00.000Z",
      title: "Harbour wall repaired",
      version: 1,
    });
    expect((await archive.getDocument(record as never))?.text).toContain("harbour wall");
    // The same file again adds nothing.
    expect(JSON.parse(again.stdout).imports[0].result).toBe("unchanged");
    expect((await table.listVersions(record?.articleId as string)).length).toBe(1);
  });

  it("imports a crawler's WARC that keeps the chunked, gzip-encoded response as received", async () => {
    // Prepare: a WARC/1.0 response record written byte by byte as wget and Heritrix write
    // them (no warcio): the HTTP message as it came over the wire, chunked and gzipped, and
    // a record digest over those bytes; the file is uncompressed.
    const original = "https://news.example.org/2018/03/tram-depot.html";
    const html = articlePage({
      title: "Tram depot to become a library",
      paragraphs: [prose("The old tram depot will house the city library.")],
    });
    const gz = gzipSync(Buffer.from(html, "utf8"));
    const half = Math.floor(gz.length / 2);
    const chunked = Buffer.concat([
      Buffer.from(`${half.toString(16)}\r\n`),
      gz.subarray(0, half),
      Buffer.from(`\r\n${(gz.length - half).toString(16)}\r\n`),
      gz.subarray(half),
      Buffer.from("\r\n0\r\n\r\n"),
    ]);
    const http = Buffer.concat([
      Buffer.from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n" +
          "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
      ),
      chunked,
    ]);
    const block = (headers: string[], body: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `WARC/1.0\r\n${headers.join("\r\n")}\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
        Buffer.from("\r\n\r\n"),
      ]);
    const info = Buffer.from(
      "software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n",
    );
    const file = path.join(work, "wget-crawl.warc");
    writeFileSync(
      file,
      Buffer.concat([
        block(
          [
            "WARC-Type: warcinfo",
            "WARC-Record-ID: <urn:uuid:0b6c2a34-7f1e-4c51-9a0e-2d1f3b4c5d60>",
            "WARC-Date: 2018-03-09T07:15:00Z",
            "Content-Type: application/warc-fields",
          ],
          info,
        ),
        block(
          [
            "WARC-Type: response",
            "WARC-Record-ID: <urn:uuid:6a1d0c7e-3b2f-4e8a-8c9d-1e2f3a4b5c6d>",
            "WARC-Date: 2018-03-09T07:15:04Z",
            `WARC-Target-URI: ${original}`,
            `WARC-Block-Digest: sha1:${createHash("sha1").update(http).digest("hex")}`,
            "Content-Type: application/http;msgtype=response",
          ],
          http,
        ),
      ]),
    );

    // Act
    const run = await runCli(["import", file, "--json", ...local()]);
    const record = await table.getByUrl(normalizeUrl(original));

    // Assess: one capture under its URL and date, the body decoded, the warcinfo counted.
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).imports).toMatchObject([{ result: "ok", version: 1 }]);
    expect(JSON.parse(run.stdout).otherRecords).toEqual({ warcinfo: 1 });
    expect(record).toMatchObject({
      url: normalizeUrl(original),
      fetchedAt: "2018-03-09T07:15:04.000Z",
      title: "Tram depot to become a library",
    });
    const raw = await archive.getRaw(record as never);
    expect(raw.body.toString("utf8")).toBe(html);
    expect((await archive.getDocument(record as never))?.text).toContain("old tram depot");
  });

  it("adds an older capture as a version and keeps the newest capture as the latest", async () => {
    // Prepare: a story fetched now, then a saved copy and a WARC capture from before.
    const pathname = "/news/bridge-vote";
    const url = `${site.origin}${pathname}`;
    const page = (paragraphs: string[]) => articlePage({ title: "Bridge vote", paragraphs });
    const now = [prose("The bridge vote passed."), "The final count was nine to two."];
    site.set(pathname, page(now));
    await processMessage(url, 1, deps);
    const saved = path.join(work, "saved.html.gz");
    writeFileSync(saved, gzipSync(page([prose("The bridge vote passed.")])));

    // Act
    const html = await runCli([
      "import",
      saved,
      "--url",
      url,
      "--date",
      "2026-01-02T09:00:00Z",
      "--json",
      ...local(),
    ]);
    const warc = await warcFile("older.warc", [
      { url, date: "2025-12-01T09:00:00Z", html: page([prose("A vote on the bridge is due.")]) },
    ]);
    const fromWarc = await runCli(["import", warc, "--json", ...local()]);
    const id = articleIdFor(normalizeUrl(url));
    const latest = await table.getLatest(id);
    const versions = await runCli(["get", url, "--versions", "--json", ...local()]);
    clock = new Date(clock.getTime() + 3600_000);
    site.set(pathname, page([...now, "An appeal was filed."]));
    await processMessage(JSON.stringify({ url, force: true }), 1, deps);

    // Assess: versions 2 and 3 are older captures; the latest is still version 1.
    expect(html.code).toBe(0);
    expect(JSON.parse(html.stdout).imports[0]).toMatchObject({ result: "ok", version: 2 });
    expect(JSON.parse(fromWarc.stdout).imports[0]).toMatchObject({ result: "ok", version: 3 });
    expect(latest).toMatchObject({ version: 1, lastVersion: 3 });
    expect(latest?.wordCount).toBeGreaterThan(0);
    const listed = JSON.parse(versions.stdout).versions as { version: number; fetchedAt: string }[];
    expect(listed.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(listed.map((v) => v.fetchedAt)).toEqual([
      latest?.fetchedAt,
      "2026-01-02T09:00:00.000Z",
      "2025-12-01T09:00:00.000Z",
    ]);
    // Each imported capture is a WARC capture of its own version, as a fetch's is: its
    // document and its response (dated at the capture time) are read from it.
    const older = [
      [2, "2026-01-02T09:00:00.000Z"],
      [3, "2025-12-01T09:00:00.000Z"],
    ] as const;
    for (const [n, date] of older) {
      const record = await table.getVersion(id, n);
      expect(record?.articleKey).toMatch(new RegExp(`^warc/${id}/${String(n).padStart(10, "0")}-`));
      expect(record?.capture?.document?.key).toBe(record?.articleKey);
      expect(record?.capture?.response?.digest).toBe(`sha256:${record?.rawSha256}`);
      if (!record) throw new Error(`no version ${n}`);
      expect((await archive.getDocument(record))?.version).toBe(n);
      expect((await archive.getRaw(record)).metadata.fetchedAt).toBe(date);
    }
    // The next fetch gets a new number, after the imported ones.
    expect(await table.getLatest(id)).toMatchObject({ version: 4 });
  });

  it("reports files and records over the bounds, and files that are not captures", async () => {
    // Prepare
    const big = await warcFile("big.warc.gz", [
      {
        url: "https://news.example.org/huge.html",
        date: "2020-01-01T00:00:00Z",
        // Random text: the file stays larger than 1 KB compressed.
        html: `<html><body><p>${randomBytes(4000).toString("hex")}</p></body></html>`,
      },
    ]);
    const many = await warcFile(
      "many.warc.gz",
      Array.from({ length: 5 }, (_, i) => ({
        url: `https://news.example.org/n${i}.html`,
        date: "2020-01-01T00:00:00Z",
        html: "<html><body>x</body></html>",
      })),
    );
    const bomb = path.join(work, "bomb.warc.gz");
    writeFileSync(bomb, gzipSync(Buffer.alloc(8_000_000, 0x20)));
    const garbage = path.join(work, "garbage.warc");
    writeFileSync(garbage, "WARC/1.1\r\nContent-Length: nonsense\r\n\r\n\u0000\u0001");
    const noUrl = path.join(work, "page.html");
    writeFileSync(noUrl, "<html></html>");

    // Act
    const small = { MAX_BODY_BYTES: "4096", IMPORT_MAX_RECORDS: "3" };
    const tooBig = await runCli(["import", big, "--json", ...local()], { env: small });
    const tooMany = await runCli(["import", many, "--json", ...local()], { env: small });
    const bombed = await runCli(["import", bomb, "--json", ...local()], {
      env: { IMPORT_MAX_INFLATED_BYTES: "1000000" },
    });
    const broken = await runCli(["import", garbage, "--json", ...local()]);
    const tooLargeFile = await runCli(["import", big, "--json", ...local()], {
      env: { IMPORT_MAX_FILE_BYTES: "1024" },
    });
    const withoutUrl = await runCli(["import", noUrl, ...local()]);

    // Assess
    expect(JSON.parse(tooBig.stdout).imports[0]).toMatchObject({
      result: "skipped",
      code: "too-large",
    });
    expect(tooMany.code).toBe(1);
    expect(JSON.parse(tooMany.stdout).imports.length).toBe(2); // warcinfo + 2 responses = 3
    expect(tooMany.stderr).toContain("IMPORT_MAX_RECORDS");
    expect(bombed.code).toBe(1);
    expect(bombed.stderr).toContain("IMPORT_MAX_INFLATED_BYTES");
    expect(broken.code).toBe(1);
    expect(tooLargeFile.code).toBe(1);
    expect(tooLargeFile.stderr).toContain("IMPORT_MAX_FILE_BYTES");
    expect(withoutUrl.code).not.toBe(0);
    expect(withoutUrl.stderr).toContain("--url");
  });
});

describe("export", () => {
  it("writes date partitions that DuckDB reads with exactly the stored records", async () => {
    // Prepare: the site's stored ok records, as the by-site index lists them.
    const siteName = new URL(site.origin).hostname;
    const stored = await table.fullRecords(
      (await table.listBySite({ site: siteName, limit: 100 })).items,
    );
    const out = path.join(work, "export");

    // Act
    const run = await runCli(["export", "--site", siteName, "--out", out, ...local()]);
    const jsonl = await runCli([
      "export",
      "--site",
      siteName,
      "--format",
      "jsonl",
      "--out",
      path.join(work, "jsonl"),
      ...local(),
    ]);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const result = await connection.runAndReadAll(
      `SELECT article_id, url, title, version, word_count, authors, text, date::VARCHAR AS date
       FROM read_parquet('${out}/**/*.parquet', hive_partitioning = true) ORDER BY article_id`,
    );
    const rows = result.getRowObjectsJson();
    connection.closeSync();

    // Assess
    expect(run.code).toBe(0);
    expect(jsonl.code).toBe(0);
    expect(stored.length).toBeGreaterThan(1);
    const expected = [...stored].sort((a, b) => (a.articleId < b.articleId ? -1 : 1));
    expect(rows.map((r) => r.article_id)).toEqual(expected.map((r) => r.articleId));
    expect(rows.map((r) => [r.url, r.title, r.version, r.word_count, r.authors])).toEqual(
      expected.map((r) => [r.url, r.title, r.version, r.wordCount, r.authors]),
    );
    expect(rows.map((r) => r.date)).toEqual(
      expected.map((r) => (r.publishedAt ?? r.fetchedAt ?? "").slice(0, 10)),
    );
    const ferry = rows.find((r) => String(r.url).endsWith("/news/ferry-timetable"));
    expect(String(ferry?.text)).toContain("withdrew the Sunday service");
    // Each row's text is its record's stored document text, and the JSON Lines export holds
    // the same rows.
    const texts = await Promise.all(
      expected.map(async (r) => (await archive.getDocument(r))?.text),
    );
    expect(rows.map((r) => r.text)).toEqual(texts);
    const lines = readdirSync(path.join(work, "jsonl"), { recursive: true })
      .map(String)
      .filter((name) => name.endsWith(".jsonl"))
      .flatMap((name) =>
        readFileSync(path.join(work, "jsonl", name), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line)),
      )
      .sort((a, b) => (a.article_id < b.article_id ? -1 : 1));
    expect(lines.map((r) => [r.article_id, r.title, r.version, r.authors, r.text])).toEqual(
      rows.map((r) => [r.article_id, r.title, r.version, r.authors, r.text]),
    );
  });
});

describe("analytics copy", () => {
  it("writes the records checked in the slots before now as Parquet that DuckDB reads", async () => {
    // Prepare: one story checked at 09:05 UTC, none else that day.
    clock = new Date("2026-11-21T09:05:00.000Z");
    site.set(
      "/news/market-hall",
      articlePage({ title: "Market hall opens", paragraphs: [prose("The market hall opened.")] }),
    );
    const outcome = await processMessage(`${site.origin}/news/market-hall`, 1, deps);

    // Act: a run at 09:31 writes the slots 09:00-09:15 and 09:15-09:30.
    const written = await writeAnalytics({
      table,
      archive,
      objects: new AnalyticsObjects(resources.clients.s3, resources.bucketName),
      now: () => new Date("2026-11-21T09:31:00.000Z"),
    });
    const key = "analytics/articles/ingest_date=2026-11-21/20261121T090000Z.parquet";
    const object = await resources.clients.s3.send(
      new GetObjectCommand({ Bucket: resources.bucketName, Key: key }),
    );
    const file = path.join(work, "slot.parquet");
    writeFileSync(file, await (object.Body?.transformToByteArray() ?? new Uint8Array()));
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const rows = (
      await connection.runAndReadAll(
        `SELECT article_id, title, checked_at::VARCHAR AS checked_at, text FROM read_parquet('${file}')`,
      )
    ).getRowObjectsJson();
    connection.closeSync();

    // Assess: one file (the empty slot writes none), holding exactly that record.
    expect(written.map((w) => [w.key, w.rows])).toEqual([[key, 1]]);
    expect(rows).toEqual([
      {
        article_id: outcome.articleId,
        title: "Market hall opens",
        checked_at: "2026-11-21 09:05:00",
        text: expect.stringContaining("The market hall opened."),
      },
    ]);
  });
});
