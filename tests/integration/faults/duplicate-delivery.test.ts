/**
 * The same message delivered twice — side by side in one batch, again after it was done,
 * and a second time while the first delivery is still being processed (a page slower than
 * the visibility timeout) — makes one record with one version and one raw copy.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../../cli/local/accounting";
import { type GeneratedSite, startGeneratedSite } from "../../../cli/local/generated-site";
import { type FaultPipeline, startFaultPipeline } from "./fault-pipeline";

let site: GeneratedSite;
let slowSite: GeneratedSite;
let pipeline: FaultPipeline;

beforeAll(async () => {
  site = await startGeneratedSite();
  slowSite = await startGeneratedSite({ hosts: ["127.0.0.2"], latencyMs: 1300 });
  pipeline = await startFaultPipeline({
    queue: { visibilityTimeoutSeconds: 2, maxReceiveCount: 5 },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
  await slowSite?.close();
});

async function rawObjects(articleId: string): Promise<number> {
  const listed = await pipeline.resources.clients.s3.send(
    new ListObjectsV2Command({
      Bucket: pipeline.resources.bucketName,
      Prefix: `warc/${articleId}/`,
    }),
  );
  return listed.KeyCount ?? 0;
}

describe("duplicate delivery", () => {
  it("makes one record, one version and one raw copy per URL", { timeout: 120_000 }, async () => {
    // Prepare
    const urls = Array.from({ length: 20 }, (_, n) => site.articleUrl(n));
    const slow = Array.from({ length: 3 }, (_, n) => slowSite.articleUrl(n));
    const twice = [...urls, ...slow].flatMap((url) => [
      JSON.stringify({ url }),
      JSON.stringify({ url, tag: "again" }),
    ]);
    pipeline.startPoller(undefined, { concurrency: 3 });

    // Act
    await pipeline.submit(twice);
    await pipeline.waitForEmptyQueue();
    const again = urls.slice(0, 5).map((url) => url);
    await pipeline.submit(again);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account([...twice, ...again]);
    console.info(formatAccounting(result));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.submitted).toBe(23);
    expect(result.counts.ok).toBe(23);
    for (const entry of result.urls) {
      expect(entry.record?.version).toBe(1);
      expect(await rawObjects(entry.record?.articleId as string)).toBe(1);
    }
  });
});
