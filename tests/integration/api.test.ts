/**
 * The HTTP API over HTTP on localhost (the same app the API Lambda runs), against
 * DynamoDB Local and s3rver, with records made by the real ingest service.
 */
import { createHash, randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../cli/local/api-server";
import { articlePage, prose } from "../../cli/local/article-page";
import { ArticleTable } from "../../functions/adapters/article-table";
import { articleKeyFor } from "../../functions/adapters/s3-archive";
import { HTML_CONTENT_SECURITY_POLICY } from "../../functions/api/api-app";
import { MAX_RESPONSE_BYTES } from "../../functions/api/response-bound";
import type { ArticleRecord } from "../../functions/core/article-record";
import { encodeCursor } from "../../functions/core/cursor";
import { normalizeUrl } from "../../functions/core/normalize-url";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { type Outcome, processMessage } from "../../functions/ingest/ingest-service";
import { type Config, loadConfig } from "../../functions/shared/config";
import { asLegacyRecord, putLegacyDocument } from "../support/legacy-copies";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { createTestResources, type TestResources } from "../support/stand-ins";

let site: MutableSite;
let resources: TestResources;
let api: LocalApi;
let config: Config;
const stored: Outcome[] = [];
const failed: Outcome[] = [];
/** A random cursor key, as a deployment's generated secret would be. */
const CURSOR_KEY = randomBytes(32).toString("base64url");

beforeAll(async () => {
  site = await startMutableSite();
  resources = await createTestResources();
  config = loadConfig({ ...resources.env, CURSOR_SECRET: CURSOR_KEY });
  api = await startLocalApi(config, new Logger({ logLevel: "SILENT" }));
  const deps = buildIngestDeps(config);
  for (let day = 1; day <= 7; day++) {
    const path = `/2026/11/0${day}/story-${day}`;
    site.set(
      path,
      articlePage({
        title: `Story number ${day}`,
        paragraphs: [prose(`Story ${day}.`)],
        published: `2026-11-0${day}T08:00:00Z`,
      }),
    );
    stored.push(await processMessage(`${site.origin}${path}`, 1, deps));
  }
  for (let i = 1; i <= 3; i++) {
    failed.push(await processMessage(`${site.origin}/gone-${i}`, 1, deps));
  }
});

afterAll(async () => {
  await api?.close();
  await site?.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function post(
  path: string,
  payload: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /articles", () => {
  it("returns a record by id and by any URL variant", async () => {
    // Prepare
    const first = stored[0] as Outcome;

    // Act
    const byId = await get(`/articles/${first.articleId}`);
    const byUrl = await get(
      `/articles?url=${encodeURIComponent(`${first.url}?utm_source=x#comments`)}`,
    );

    // Assess
    expect(byId.status).toBe(200);
    expect(byId.body.articleId).toBe(first.articleId);
    expect(byId.body.status).toBe("ok");
    expect(byUrl.body.articleId).toBe(first.articleId);
  });

  it("adds provenance from the version's document when asked (the table does not keep it)", async () => {
    // Prepare
    const first = stored[0] as Outcome;

    // Act
    const plain = await get(`/articles/${first.articleId}`);
    const latest = await get(`/articles/${first.articleId}?provenance=true`);
    const version = await get(`/articles/${first.articleId}?version=1&provenance=true`);

    // Assess
    expect(plain.body).not.toHaveProperty("provenance");
    expect(latest.body.provenance).toEqual(expect.objectContaining({ title: expect.any(String) }));
    expect(version.body.provenance).toEqual(latest.body.provenance);
  });

  it("answers 404 for an unknown id and 400 for something that is not an id", async () => {
    const unknown = await get(`/articles/${"0".repeat(32)}`);
    const malformed = await get("/articles/not-an-id");

    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "not-found" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: "bad-request" });
  });

  it("hands out the raw copy through a presigned URL and the extracted text", async () => {
    // Prepare
    const first = stored[0] as Outcome;

    // Act
    const raw = await get(`/articles/${first.articleId}/raw`);
    const object = await fetch(raw.body.url as string);
    const text = await fetch(`${api.url}/articles/${first.articleId}/content?format=text`);
    const versions = await get(`/articles/${first.articleId}/versions`);

    // Assess
    expect(raw.status).toBe(200);
    const bytes = gunzipSync(Buffer.from(await object.arrayBuffer())).toString("utf8");
    expect(bytes).toContain("<h1>Story number 1</h1>");
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await text.text()).toContain("Story 1.");
    expect(versions.body.versions).toMatchObject([{ version: 1 }]);
  });
});

describe("GET /sites/{site}/articles", () => {
  it("pages through a site's articles newest first with opaque cursors", async () => {
    // Act
    const seen: string[] = [];
    const dates: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get(
        `/sites/127.0.0.1/articles?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      const items = page.body.items as {
        articleId: string;
        publishedAt: string | null;
        fetchedAt: string;
      }[];
      seen.push(...items.map((i) => i.articleId));
      dates.push(...items.map((i) => i.publishedAt ?? i.fetchedAt));
      cursor = page.body.cursor as string | undefined;
      pages++;
    } while (cursor && pages < 10);

    // Assess
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set(stored.map((s) => s.articleId)));
    expect(seen).toHaveLength(stored.length);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it("filters by publication date range", async () => {
    const page = await get("/sites/127.0.0.1/articles?from=2026-11-03&to=2026-11-05");
    const items = page.body.items as { publishedAt: string | null }[];

    // Without publication dates in the pages the range selects by fetch time, which is today.
    for (const item of items) {
      if (item.publishedAt)
        expect(item.publishedAt >= "2026-11-03" && item.publishedAt < "2026-11-06").toBe(true);
    }
    expect(page.status).toBe(200);
  });

  it("rejects a tampered cursor and an unknown site with a clear 4xx", async () => {
    // Prepare
    const first = await get("/sites/127.0.0.1/articles?limit=2");
    const cursor = first.body.cursor as string;
    const tampered = `${cursor.slice(0, -3)}${cursor.endsWith("A") ? "B" : "A"}xx`;

    // Act
    const bad = await get(
      `/sites/127.0.0.1/articles?limit=2&cursor=${encodeURIComponent(tampered)}`,
    );
    const foreign = await get(
      `/sites/example.org/articles?limit=2&cursor=${encodeURIComponent(cursor)}`,
    );
    const unknown = await get("/sites/never-ingested.example/articles");
    const badLimit = await get("/sites/127.0.0.1/articles?limit=100000");

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid-cursor" });
    expect(foreign.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "unknown-site" });
    expect(badLimit.status).toBe(400);
  });
});

describe("GET /failures", () => {
  it("lists failed records newest first across pages, filtered by code", async () => {
    const firstPage = await get("/failures?code=http-4xx&limit=2");
    const secondPage = await get(
      `/failures?code=http-4xx&limit=2&cursor=${encodeURIComponent(firstPage.body.cursor as string)}`,
    );

    const ids = [
      ...(firstPage.body.items as { articleId: string }[]),
      ...(secondPage.body.items as { articleId: string }[]),
    ].map((r) => r.articleId);
    expect(firstPage.status).toBe(200);
    expect(new Set(ids)).toEqual(new Set(failed.map((f) => f.articleId)));
    const unknownCode = await get("/failures?code=no-such-code");
    expect(unknownCode.status).toBe(400);
  });
});

describe("POST /submissions", () => {
  it("queues valid URLs once and lists rejected ones with reasons", async () => {
    // Act
    const response = await post("/submissions", {
      urls: [
        `${site.origin}/new-1`,
        `${site.origin}/new-1?utm_source=x`,
        "notaurl",
        "ftp://x.example/a",
        `${site.origin}/new-2`,
      ],
      tag: "api-test",
    });

    // Assess
    expect(response.status).toBe(202);
    expect((response.body.accepted as unknown[]).length).toBe(2);
    expect(response.body.rejected).toMatchObject([
      { url: `${site.origin}/new-1?utm_source=x`, code: "duplicate" },
      { url: "notaurl", code: "invalid-url" },
      { url: "ftp://x.example/a", code: "invalid-url" },
    ]);
    const received = await resources.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: resources.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const bodies = (received.Messages ?? []).map(
      (m) => JSON.parse(m.Body as string) as { url: string; tag: string },
    );
    expect(bodies.map((b) => b.url).sort()).toEqual([
      normalizeUrl(`${site.origin}/new-1`),
      normalizeUrl(`${site.origin}/new-2`),
    ]);
    expect(bodies.every((b) => b.tag === "api-test")).toBe(true);
  });

  it("refuses more than 1000 URLs, an empty list and a body that is not JSON", async () => {
    const tooMany = await post("/submissions", {
      urls: Array.from({ length: 1001 }, (_, i) => `https://example.com/${i}`),
    });
    const empty = await post("/submissions", { urls: [] });
    const notJson = await fetch(`${api.url}/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "urls=1",
    });

    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: "too-many-urls" });
    expect(empty.status).toBe(400);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("bad-request");
  });

  it("answers 400 for malformed parameters instead of failing or guessing", async () => {
    const first = stored[0] as Outcome;
    expect((await get(`/articles/${first.articleId}/content?format=constructor`)).status).toBe(400);
    expect((await get(`/articles/${first.articleId}/raw?version=abc`)).status).toBe(400);
    expect((await get("/failures?code=constructor")).status).toBe(400);
    expect((await get("/articles/%E0%A4")).status).toBe(400);
  });

  it("answers a failures query over a window of many years with a page and a cursor", async () => {
    const page = await get("/failures?since=1990-01-01&code=timeout");
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([]);
    expect(typeof page.body.cursor).toBe("string");
  });

  it("answers 404 for an unknown route and 405 for a wrong method", async () => {
    expect((await get("/nothing-here")).status).toBe(404);
    expect((await post("/articles", {})).status).toBe(405);
  });
});

/** A stored record of the test site, copied under a new identity with the given fields. */
async function storeCopy(n: number, fields: Partial<ArticleRecord>): Promise<ArticleRecord> {
  const table = new ArticleTable(resources.clients.documents, config.tableName, "unused");
  const base = (await table.getLatest((stored[0] as Outcome).articleId)) as ArticleRecord;
  const url = `https://big.example/story-${n}`;
  const articleId = createHash("sha256").update(url).digest("hex").slice(0, 32);
  const record: ArticleRecord = {
    ...asLegacyRecord(base, {}),
    articleId,
    articleKey: articleKeyFor(articleId, base.version, base.rawSha256 ?? "0".repeat(64)),
    url,
    canonicalUrl: url,
    submittedUrls: [url],
    site: "big.example",
    ...fields,
  };
  await table.putLatest(record, null);
  return record;
}

async function getRaw(path: string): Promise<{ response: Response; text: string }> {
  const response = await fetch(`${api.url}${path}`);
  return { response, text: await response.text() };
}

describe("answers that fit Lambda", () => {
  const day = "2026-10-15";
  const large: ArticleRecord[] = [];

  beforeAll(async () => {
    // Prepare: 20 records of about 330 KB each (6.6 MB together), checked on one day.
    for (let n = 0; n < 20; n++) {
      large.push(
        await storeCopy(n, {
          title: `Title ${n} ${"t".repeat(20_000)}`,
          description: "d".repeat(150_000),
          authors: Array.from({ length: 50 }, (_, i) => `Author ${i} ${"a".repeat(2_000)}`),
          tags: Array.from({ length: 80 }, (_, i) => `tag-${i}-${"g".repeat(1_000)}`),
          checkedAt: `${day}T10:${String(n).padStart(2, "0")}:00.000Z`,
        }),
      );
    }
  });

  it("pages /recent through 20 large records with bounded summaries and a cursor", async () => {
    // Act
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { response, text } = await getRaw(
        `/recent?day=${day}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(response.status, text.slice(0, 300)).toBe(200);
      sizes.push(Buffer.byteLength(text));
      const body = JSON.parse(text) as {
        items: { articleId: string; title: string; description?: unknown }[];
        cursor?: string;
      };
      for (const item of body.items) {
        expect(item).not.toHaveProperty("description");
        expect(item).not.toHaveProperty("authors");
        expect(item.title.length).toBeLessThanOrEqual(300);
      }
      seen.push(...body.items.map((item) => item.articleId));
      cursor = body.cursor;
      pages++;
    } while (cursor && pages < 30);

    // Assess: every record once, newest first, each page far under the bound.
    expect(seen).toEqual([...large].reverse().map((r) => r.articleId));
    expect(Math.max(...sizes)).toBeLessThan(MAX_RESPONSE_BYTES / 10);
  });

  it("pages /recent with a limit", async () => {
    const first = await get(`/recent?day=${day}&limit=5`);
    const second = await get(
      `/recent?day=${day}&limit=5&cursor=${encodeURIComponent(first.body.cursor as string)}`,
    );

    expect(first.body.items).toHaveLength(5);
    expect(second.body.items).toHaveLength(5);
    const ids = [
      ...(first.body.items as { articleId: string }[]),
      ...(second.body.items as { articleId: string }[]),
    ].map((item) => item.articleId);
    expect(ids).toEqual(
      [...large]
        .reverse()
        .slice(0, 10)
        .map((r) => r.articleId),
    );
  });

  it("answers content over the bound with 413 and a presigned URL of the whole document", async () => {
    // Prepare: 6 MB of text, and HTML of 3 MB whose JSON encoding doubles (quotes escape).
    const record = await storeCopy(100, { checkedAt: "2026-10-16T10:00:00.000Z" });
    const document = {
      text: "word ".repeat(1_200_000),
      markdown: "A short summary.",
      html: `<p>${'"'.repeat(3_000_000)}</p>`,
    };
    await putLegacyDocument(resources.clients.s3, config.bucketName, record.articleKey as string, {
      ...document,
      version: record.version,
    });
    const path = `/articles/${record.articleId}/content`;

    // Act
    const answers = await Promise.all(
      ["", "?format=text", "?format=html"].map((query) => getRaw(`${path}${query}`)),
    );
    const markdown = await getRaw(`${path}?format=markdown`);

    // Assess
    for (const { response, text } of answers) {
      expect(response.status).toBe(413);
      expect(Buffer.byteLength(text)).toBeLessThan(10_000);
      const error = (JSON.parse(text) as { error: { code: string; message: string; url: string } })
        .error;
      expect(error.code).toBe("response-too-large");
      expect(error.message).toMatch(/presigned URL/);
      const object = await fetch(error.url);
      expect(object.status).toBe(200);
      expect(((await object.json()) as typeof document).markdown).toBe(document.markdown);
    }
    expect(markdown.response.status).toBe(200);
    expect(markdown.text).toBe(document.markdown);
  });

  it("serves format=html with a restrictive Content-Security-Policy and nosniff", async () => {
    const first = stored[0] as Outcome;

    const html = await getRaw(`/articles/${first.articleId}/content?format=html`);
    const json = await getRaw(`/articles/${first.articleId}`);
    const missing = await getRaw("/nothing-here");

    expect(html.response.status).toBe(200);
    expect(html.response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.response.headers.get("content-security-policy")).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(HTML_CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'.*sandbox/);
    for (const { response } of [html, json, missing]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});

describe("cursors that cannot be forged", () => {
  it("answers 400 invalid-cursor for garbage, forged and foreign cursors on every list route", async () => {
    // Prepare: real cursors of each route, and cursors signed with keys an attacker knows.
    const siteCursor = (await get("/sites/127.0.0.1/articles?limit=2")).body.cursor as string;
    const failuresCursor = (await get("/failures?limit=1")).body.cursor as string;
    const recentCursor = (await get("/recent?day=2026-10-15&limit=2")).body.cursor as string;
    const siteScope = "site:127.0.0.1::";
    const position = { sitePk: "SITE#127.0.0.1", publishedSk: "9999", pk: "x", sk: "y" };
    const forged = [
      // The key older deployments derived from the table name (a stack output).
      encodeCursor(position, `article-ingest:${config.tableName}`, siteScope),
      encodeCursor(position, "", siteScope),
      `${siteCursor.split(".")[0]}.${"A".repeat(22)}`,
    ];
    const garbage = ["not-a-cursor", "a.b", "..", "%", "x".repeat(10_000), "eyJzIjoxfQ.AAAA"];
    const cases: [string, string][] = [
      ...forged.map((c): [string, string] => ["/sites/127.0.0.1/articles", c]),
      ...garbage.flatMap((c): [string, string][] => [
        ["/sites/127.0.0.1/articles", c],
        ["/failures", c],
        ["/recent?day=2026-10-15", c],
      ]),
      ["/sites/example.org/articles", siteCursor],
      ["/recent?day=2026-10-15", siteCursor],
      ["/recent?day=2026-10-15", failuresCursor],
      ["/recent?day=2026-10-14", recentCursor],
      ["/failures", siteCursor],
      ["/failures", recentCursor],
      ["/sites/127.0.0.1/articles", failuresCursor],
      ["/sites/127.0.0.1/articles?from=2026-11-01", siteCursor],
    ];

    // Act
    const answers = await Promise.all(
      cases.map(async ([route, cursor]) => {
        const separator = route.includes("?") ? "&" : "?";
        return [
          route,
          await get(`${route}${separator}cursor=${encodeURIComponent(cursor)}`),
        ] as const;
      }),
    );

    // Assess
    expect(siteCursor && failuresCursor && recentCursor).toBeTruthy();
    for (const [route, answer] of answers) {
      expect(answer.status, route).toBe(400);
      expect(answer.body.error, route).toMatchObject({ code: "invalid-cursor" });
    }
  });
});

describe("/subscriptions", () => {
  async function del(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${api.url}${path}`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("adds, lists, pauses, queues a poll of and removes a subscription", async () => {
    // Act
    const created = await post("/subscriptions", {
      url: "https://feeds.example.com/rss.xml?utm_source=x",
      every: "30m",
      tag: "desk",
    });
    const id = created.body.id as string;
    const again = await post("/subscriptions", { url: "https://feeds.example.com/rss.xml" });
    const listed = await get("/subscriptions");
    const paused = await post(`/subscriptions/${id}/pause`, {});
    const one = await get(`/subscriptions/${id}`);
    const poll = await post(`/subscriptions/${id}/poll`, {});
    const polls = await resources.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: resources.discoveryQueueUrl, WaitTimeSeconds: 1 }),
    );
    const removed = await del(`/subscriptions/${id}`);
    const gone = await get(`/subscriptions/${id}`);

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: "https://feeds.example.com/rss.xml",
      intervalSeconds: 1800,
      tag: "desk",
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "already-watched", id } } });
    expect((listed.body.subscriptions as { id: string }[]).map((s) => s.id)).toContain(id);
    expect(paused.body).toMatchObject({ paused: true });
    expect(one.body).toMatchObject({ id, paused: true });
    expect(poll.status).toBe(202);
    expect(polls.Messages?.map((m) => m.Body)).toEqual([JSON.stringify({ poll: id })]);
    expect(removed).toMatchObject({ status: 200, body: { removed: id } });
    expect(gone.status).toBe(404);
  });

  it("refuses bad input with 400", async () => {
    const badUrl = await post("/subscriptions", { url: "ftp://x.example/feed" });
    const badEvery = await post("/subscriptions", { url: "https://x.example/feed", every: "5s" });
    const badId = await get("/subscriptions/nothex");

    expect(badUrl).toMatchObject({ status: 400, body: { error: { code: "invalid-url" } } });
    expect(badEvery).toMatchObject({ status: 400, body: { error: { code: "bad-request" } } });
    expect(badId.status).toBe(400);
  });
});
