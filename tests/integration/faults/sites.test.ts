/**
 * 10% of the requests to the sites fail (500s, 429 with Retry-After, latency, dropped
 * connections, truncated bodies): every URL still ends exactly once. robots.txt is left
 * alone here: a robots.txt that fails marks its host unreachable for a minute (RFC 9309),
 * which would send every URL of the host to the dead-letter queue and test nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../../cli/local/accounting";
import { type FaultProxy, startFaultProxy } from "../../../cli/local/fault-proxy";
import { type GeneratedSite, startGeneratedSite } from "../../../cli/local/generated-site";
import { type FaultPipeline, startFaultPipeline } from "./fault-pipeline";
import { scenarioBodies } from "./scenario";

let site: GeneratedSite;
let proxy: FaultProxy;
let pipeline: FaultPipeline;

beforeAll(async () => {
  site = await startGeneratedSite();
  proxy = await startFaultProxy({
    target: site.origins[0] as string,
    flavor: "site",
    rate: 0.1,
    seed: 41,
    exempt: (request) => request.url === "/robots.txt",
  });
  pipeline = await startFaultPipeline({ seed: 41 });
});

afterAll(async () => {
  await pipeline?.stop();
  await proxy?.close();
  await site?.close();
});

describe("site faults at 10%", () => {
  it("accounts for every URL exactly once", { timeout: 120_000 }, async () => {
    // Prepare
    const bodies = scenarioBodies(
      {
        articleUrl: (n) => `${proxy.url}/articles/${n}`,
        missingUrl: (n) => `${proxy.url}/missing/${n}`,
      },
      40,
    );
    pipeline.startPoller();

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result), JSON.stringify(proxy.stats));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.holds).toBe(true);
    expect(result.counts.ok).toBeGreaterThanOrEqual(30);
    expect(result.codes["http-4xx"]).toBe(2);
    for (const entry of result.urls.filter((u) => u.record?.status === "ok")) {
      expect(entry.record?.wordCount).toBeGreaterThan(100); // no truncated page stored as ok
    }
    const spoiled = Object.values(proxy.stats.spoiled).reduce((a, b) => a + b, 0);
    expect(spoiled).toBeGreaterThan(3);
  });
});
