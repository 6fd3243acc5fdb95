/**
 * Bulk lists through the S3 path on the stand-ins: a list uploaded under submissions/ to
 * s3rver, the S3 notification on the bulk-list queue, the real bulk-list handler behind the
 * emulated SQS event source working through it chunk by chunk (Range reads, the hash set
 * handed on in the bucket), the URLs on the real submission queue, the report beside the list.
 */
import { gzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPoller } from "../../cli/local/sqs-poller";
import { buildBulkListHandler } from "../../functions/bulk/handler";
import { type ListReport, s3NotificationBody } from "../../functions/core/bulk-list";
import { normalizeUrl } from "../../functions/core/normalize-url";
import { configEnv, loadConfig } from "../../functions/shared/config";
import { createTestResources, type TestResources } from "../support/stand-ins";

let resources: TestResources;
let poller: ReturnType<typeof startPoller>;

beforeAll(async () => {
  resources = await createTestResources();
  const config = loadConfig({
    ...resources.env,
    ...configEnv({ bulkListChunkLines: "20000", bulkListUrlsPerSecond: "100000" }),
  });
  poller = startPoller({
    sqs: resources.clients.sqs,
    queueUrl: resources.bulkListQueueUrl,
    queueArn: resources.bulkListQueueArn,
    region: resources.region,
    handler: buildBulkListHandler(config, {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "test" }),
    }),
    concurrency: 1,
  });
});

afterAll(async () => {
  await poller?.stop();
});

async function queued(): Promise<number> {
  const attributes = await resources.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: resources.queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return Number(attributes.Attributes?.ApproximateNumberOfMessages);
}

/** Uploads a list, announces it as S3 would, and waits for its report. */
async function submitList(key: string, body: Buffer | string): Promise<ListReport> {
  await resources.clients.s3.send(
    new PutObjectCommand({ Bucket: resources.bucketName, Key: key, Body: body }),
  );
  await resources.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: resources.bulkListQueueUrl,
      MessageBody: s3NotificationBody(resources.bucketName, key),
    }),
  );
  await poller.drained({ timeoutMs: 120_000 });
  const object = await resources.clients.s3.send(
    new GetObjectCommand({ Bucket: resources.bucketName, Key: `${key}.report.json` }),
  );
  return JSON.parse(
    await (object.Body as { transformToString(): Promise<string> }).transformToString(),
  ) as ListReport;
}

describe("a list of 100,000 lines", () => {
  it("submits every valid URL once and reports each rejected and duplicate line exactly", async () => {
    // Prepare: valid lines, with invalid ones, duplicates (some only after normalization),
    // blank lines and comments mixed in; the expected report is kept while writing it.
    const lines: string[] = [];
    const expectRejected: number[] = [];
    const expectDuplicates: number[] = [];
    const firstSeen = new Map<string, number>();
    const invalid = [
      "not a url",
      "ftp://files.example.com/a",
      "http://user:pw@example.com/x",
      "https://",
      "javascript:alert(1)",
    ];
    while (lines.length < 100_000) {
      const n = lines.length + 1;
      let text: string;
      if (n % 997 === 0) text = invalid[n % invalid.length] as string;
      else if (n % 1009 === 0) text = "";
      else if (n % 1013 === 0) text = "# a comment";
      else if (n % 101 === 0 && n > 200)
        text = `https://news${(n - 150) % 40}.example.com/story/${n - 150}.html?utm_source=list`;
      else text = `https://news${n % 40}.example.com/story/${n}.html`;
      lines.push(text);
      if (text === "" || text.startsWith("#")) continue;
      let url: string;
      try {
        url = normalizeUrl(text);
      } catch {
        expectRejected.push(n);
        continue;
      }
      if (firstSeen.has(url)) expectDuplicates.push(n);
      else firstSeen.set(url, n);
    }
    const before = await queued();

    // Act
    const report = await submitList("submissions/big-list.txt", `${lines.join("\n")}\n`);

    // Assess
    expect(report.lines).toBe(100_000);
    expect(report.chunks).toBe(5);
    expect(report.lines).toBe(lines.length);
    expect(report.accepted).toBe(firstSeen.size);
    expect(report.rejectedLines.map((r) => r.line)).toEqual(expectRejected);
    expect(report.rejected).toBe(expectRejected.length);
    expect(report.rejectedLines[0]).toMatchObject({
      code: "invalid-url",
      reason: expect.any(String),
    });
    expect(report.duplicateLines.map((d) => d.line)).toEqual(expectDuplicates);
    expect(report.duplicates).toBe(expectDuplicates.length);
    expect(report.sendFailed).toBe(0);
    expect(report.truncated).toBe(false);
    expect((await queued()) - before).toBe(firstSeen.size);
    const work = await resources.clients.s3.send(
      new ListObjectsV2Command({ Bucket: resources.bucketName, Prefix: "bulk-work/" }),
    );
    expect(work.Contents ?? []).toEqual([]);
  }, 180_000);
});

describe("formats", () => {
  it("reads a gzip CSV by its url column, quoted fields included", async () => {
    const csv = [
      "title,url,notes",
      '"A, quoted title",https://a.example.com/1.html,x',
      'B,"https://a.example.com/2.html",y',
      "C,,empty",
      "D,https://a.example.com/1.html#frag,dup",
    ].join("\r\n");

    const report = await submitList("submissions/list.csv.gz", gzipSync(csv));

    expect(report).toMatchObject({
      format: "csv",
      gzip: true,
      accepted: 2,
      rejected: 1,
      duplicates: 1,
    });
    expect(report.rejectedLines[0]?.line).toBe(4);
    expect(report.duplicateLines).toEqual([{ line: 5, url: "https://a.example.com/1.html" }]);
  });

  it("reads JSON Lines of strings and objects, rejecting other values", async () => {
    const jsonl = [
      '{"url":"https://j.example.com/1"}',
      '"https://j.example.com/2"',
      "{bad json",
      '{"link":"x"}',
      "42",
    ].join("\n");

    const report = await submitList("submissions/list.jsonl", jsonl);

    expect(report).toMatchObject({ format: "jsonl", accepted: 2, rejected: 3 });
    expect(report.rejectedLines.map((r) => r.line)).toEqual([3, 4, 5]);
  });

  it("stops a CSV without a url column, and cuts a line that is far too long", async () => {
    const noColumn = await submitList("submissions/nourl.csv", "link\nhttps://x.example.com/\n");
    const long = await submitList(
      "submissions/long.txt",
      `https://ok.example.com/a\nhttps://ok.example.com/${"a".repeat(100_000)}\nhttps://ok.example.com/b`,
    );

    expect(noColumn.stopped).toMatch(/no "url" column/);
    expect(noColumn.accepted).toBe(0);
    expect(long).toMatchObject({ accepted: 2, rejected: 1, lines: 3 });
    expect(long.rejectedLines[0]).toMatchObject({
      line: 2,
      reason: expect.stringMatching(/longer than/),
    });
  });

  it("ignores its own report and anything outside submissions/", async () => {
    const before = await queued();
    await resources.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: resources.bulkListQueueUrl,
        MessageBody: s3NotificationBody(resources.bucketName, "raw/elsewhere.txt"),
      }),
    );
    await poller.drained({ timeoutMs: 30_000 });
    const messages = await resources.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: resources.bulkListDeadLetterQueueUrl,
        WaitTimeSeconds: 0,
      }),
    );
    expect(await queued()).toBe(before);
    expect(messages.Messages ?? []).toEqual([]);
  });
});
