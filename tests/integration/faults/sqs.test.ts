/**
 * 10% of the SQS calls fail, both the event source's (receive, delete) and the handler's
 * (re-enqueues for politeness, which this scenario provokes with a per-host interval):
 * every URL still ends exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../support/accounting";
import { type FaultPipeline, startFaultPipeline } from "./fault-pipeline";
import { type GeneratedSite, startGeneratedSite } from "./generated-site";
import { scenarioBodies } from "./scenario";

let site: GeneratedSite;
let pipeline: FaultPipeline;

beforeAll(async () => {
  site = await startGeneratedSite({ hosts: ["127.0.0.1", "127.0.0.2", "127.0.0.3"] });
  pipeline = await startFaultPipeline({
    faults: { sqs: 0.1 },
    seed: 31,
    // Politeness waits and re-enqueues make batches slower than 1 s: a visibility timeout
    // shorter than a batch redelivers messages still being processed (as on AWS).
    queue: { visibilityTimeoutSeconds: 3 },
    env: { POLITENESS_INTERVAL_MS: "100", POLITENESS_WAIT_BUDGET_MS: "300" },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
});

describe("SQS faults at 10%", () => {
  it("accounts for every URL exactly once", { timeout: 120_000 }, async () => {
    // Prepare
    const bodies = scenarioBodies(site, 40);
    pipeline.startPoller();

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result), JSON.stringify(pipeline.proxies.sqs?.stats));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.holds).toBe(true);
    expect(result.counts.ok).toBeGreaterThanOrEqual(30);
    const spoiled = pipeline.proxies.sqs?.stats.spoiled;
    expect(Object.values(spoiled ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
  });
});
