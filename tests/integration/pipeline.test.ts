/**
 * The whole pipeline on the stand-ins: a real message through the local queue, the
 * emulated event source and the ingest handler, into S3 and DynamoDB.
 */
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSite, startSampleSite } from "../../cli/local/sample-site";
import type { ArticleRecord } from "../../functions/core/article-record";
import { articleIdFor, normalizeUrl } from "../../functions/core/normalize-url";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { newsStoryPage, productPage } from "../support/page-kinds";
import { startTestPipeline, type TestPipeline } from "../support/pipeline";

let site: SampleSite;
let shop: MutableSite;
let pipeline: TestPipeline;

beforeAll(async () => {
  site = await startSampleSite();
  shop = await startMutableSite();
  pipeline = await startTestPipeline({ queue: { visibilityTimeoutSeconds: 1 } });
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
  await shop?.close();
});

async function served(url: string): Promise<Buffer> {
  const response = await fetch(url);
  return Buffer.from(await response.arrayBuffer());
}

describe("ingest pipeline on the local stand-ins", () => {
  it("stores the raw bytes in S3 and the record in DynamoDB", async () => {
    // Prepare
    const url = site.urls.articles[0] as string;
    const { clients, queueUrl, tableName } = pipeline.resources;

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ url, tag: "demo" }),
      }),
    );
    await pipeline.poller.drained();

    // Assess
    const record = await pipeline.table.getByUrl(normalizeUrl(url));
    expect(record).not.toBeNull();
    expect(record?.status).toBe("ok");
    expect(record?.title).toBeTruthy();
    expect(record?.site).toBe("127.0.0.1");
    expect(record?.version).toBe(1);
    expect(record?.submissionTags).toEqual(["demo"]);
    const item = await clients.documents.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: `ARTICLE#${record?.articleId}`, sk: "LATEST" },
      }),
    );
    expect(item.Item?.title).toBe(record?.title);
    // One WARC capture per version, named by the article, version and SHA-256 of the bytes.
    expect(item.Item?.rawKey).toMatch(
      new RegExp(
        `^warc/${record?.articleId}/0000000001-${String(item.Item?.rawSha256).slice(0, 16)}-.+\\.warc\\.gz$`,
      ),
    );
    expect(item.Item?.rawSha256).toMatch(/^[0-9a-f]{64}$/);

    // The response record (read by its byte range) holds the exact body, with its digest.
    const body = await served(url);
    expect(record?.capture?.response?.digest).toBe(`sha256:${item.Item?.rawSha256}`);
    expect((await pipeline.archive.getRaw(record as ArticleRecord)).body.equals(body)).toBe(true);
  });

  it("moves a malformed message to the dead-letter queue after maxReceiveCount receives while the good records of its batch are stored", async () => {
    // Prepare
    const good = site.urls.articles.slice(1, 3);
    const { clients, queueUrl, deadLetterQueueUrl } = pipeline.resources;

    // Act
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: "bad", MessageBody: "{not json at all" },
          ...good.map((url, i) => ({ Id: `good${i}`, MessageBody: url })),
        ],
      }),
    );
    await pipeline.poller.drained({ timeoutMs: 60_000 });

    // Assess
    for (const url of good) {
      const record = await pipeline.table.getLatest(articleIdFor(normalizeUrl(url)));
      expect(record?.status, url).toBe("ok");
    }
    const dead = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    expect(dead.Messages?.map((m) => m.Body)).toEqual(["{not json at all"]);
    expect(Number(dead.Messages?.[0]?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(
      3,
    );
  });

  it("decodes a windows-1251 page and skips a page that is not an article, with its reason", async () => {
    // Prepare
    const { clients, queueUrl } = pipeline.resources;

    // Act
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: "cyrillic", MessageBody: site.urls.cyrillic },
          { Id: "index", MessageBody: site.urls.notArticle },
        ],
      }),
    );
    await pipeline.poller.drained();

    // Assess
    const cyrillic = await pipeline.table.getByUrl(normalizeUrl(site.urls.cyrillic));
    expect(cyrillic?.status).toBe("ok");
    expect(cyrillic?.charset).toBe("windows-1251");
    expect(cyrillic?.title).toMatch(/[А-Яа-я]/);
    expect(cyrillic?.language).toBe("ru");
    const index = await pipeline.table.getByUrl(normalizeUrl(site.urls.notArticle));
    expect(index?.status).toBe("skipped");
    expect(index?.failure?.code).toBe("not-article");
  });

  it("records a product page as skipped/not-article with its kind, and keeps its raw copy for reprocessing", async () => {
    // Prepare: a product page and a news story on the same shop site.
    shop.set("/products/trail-runner-2", productPage());
    shop.set("/journal/harbour-bridge", newsStoryPage());
    const productUrl = `${shop.origin}/products/trail-runner-2`;
    const storyUrl = `${shop.origin}/journal/harbour-bridge`;
    const { clients, queueUrl } = pipeline.resources;

    // Act
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: "product", MessageBody: productUrl },
          { Id: "story", MessageBody: storyUrl },
        ],
      }),
    );
    await pipeline.poller.drained();

    // Assess: the product is skipped with its kind; the story is an article.
    const product = await pipeline.table.getByUrl(normalizeUrl(productUrl));
    expect(product?.status).toBe("skipped");
    expect(product?.failure?.code).toBe("not-article");
    expect(product?.failure?.pageType).toBe("product");
    expect(product?.failure?.message).toContain("product page");
    // The raw copy is kept in the skipped version's WARC capture (its response record).
    expect(product?.rawKey).toMatch(/^warc\//);
    const stored = await pipeline.archive.getRaw(product as ArticleRecord);
    expect(stored.body.equals(await served(productUrl))).toBe(true);
    const story = await pipeline.table.getByUrl(normalizeUrl(storyUrl));
    expect(story?.status).toBe("ok");
    expect(story?.failure).toBeNull();
  });
});
