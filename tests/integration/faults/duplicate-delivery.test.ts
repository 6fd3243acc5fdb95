/**
 * The same message delivered twice — side by side in one batch, again after it was done,
 * and a second time while the first delivery is still being processed (a page slower than
 * the visibility timeout) — makes one record with one version and one raw copy, and leaves
 * no capture object that no record points at.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../../cli/local/accounting";
import { type GeneratedSite, startGeneratedSite } from "../../../cli/local/generated-site";
import { captureObjects, unreferencedCaptures } from "../../support/capture-objects";
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
    const { s3 } = pipeline.resources.clients;
    const bucket = pipeline.resources.bucketName;
    const objects = await captureObjects(s3, bucket);
    for (const entry of result.urls) {
      expect(entry.record?.version).toBe(1);
      expect(objects).toContain(entry.record?.rawKey);
      expect(entry.record?.articleKey).toBe(entry.record?.rawKey);
    }
    // A lost writer's capture is gone, or (in a shared object another record points at) kept.
    expect(await unreferencedCaptures(s3, bucket, pipeline.table)).toEqual([]);
  });
});
