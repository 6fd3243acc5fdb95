/**
 * 10% of the ingest handler's S3 calls fail (500s, SlowDown, latency, dropped connections,
 * truncated answers): every URL still ends exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../support/accounting";
import { type FaultPipeline, startFaultPipeline } from "./fault-pipeline";
import { type GeneratedSite, startGeneratedSite } from "./generated-site";
import { scenarioBodies } from "./scenario";

let site: GeneratedSite;
let pipeline: FaultPipeline;

beforeAll(async () => {
  site = await startGeneratedSite();
  pipeline = await startFaultPipeline({ faults: { s3: 0.1 }, seed: 21 });
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
});

describe("S3 faults at 10%", () => {
  it("accounts for every URL exactly once", { timeout: 120_000 }, async () => {
    // Prepare
    const bodies = scenarioBodies(site, 40);
    pipeline.startPoller();

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result), JSON.stringify(pipeline.proxies.s3?.stats));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.holds).toBe(true);
    expect(result.counts.ok).toBeGreaterThanOrEqual(30);
    expect(result.codes["http-4xx"]).toBe(2);
    const spoiled = pipeline.proxies.s3?.stats.spoiled;
    expect(Object.values(spoiled ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  });
});
