/**
 * One scenario, run once per AWS service: 10% of that service's calls spoiled, a standard
 * set of submissions, and the accounting invariant asserted. Each service has its own test
 * file (dynamodb, s3, sqs) so the scenarios run in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAccounting } from "../../../cli/local/accounting";
import { type GeneratedSite, startGeneratedSite } from "../../../cli/local/generated-site";
import {
  type FaultPipeline,
  type FaultPipelineOptions,
  startFaultPipeline,
} from "./fault-pipeline";
import { scenarioBodies } from "./scenario";

export interface ServiceFaultScenario {
  service: "dynamodb" | "s3" | "sqs";
  label: string;
  seed: number;
  /** Share of the service's calls spoiled (default 0.1). */
  rate?: number;
  /** Fewest requests the proxy must have spoiled for the run to count. */
  minSpoiled: number;
  hosts?: string[];
  pipeline?: Omit<FaultPipelineOptions, "faults" | "seed">;
  /** Poller settings (the fault pipeline's defaults when absent). */
  poller?: { concurrency?: number; batchSize?: number };
  /** Whether every permanent failure of the standard set must be recorded as such. */
  checkCodes?: boolean;
}

export function describeServiceFaults(scenario: ServiceFaultScenario): void {
  let site: GeneratedSite;
  let pipeline: FaultPipeline;

  beforeAll(async () => {
    site = await startGeneratedSite(scenario.hosts ? { hosts: scenario.hosts } : {});
    pipeline = await startFaultPipeline({
      ...scenario.pipeline,
      faults: { [scenario.service]: scenario.rate ?? 0.1 },
      seed: scenario.seed,
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await site?.close();
  });

  describe(`${scenario.label} faults at ${Math.round((scenario.rate ?? 0.1) * 100)}%`, () => {
    it("accounts for every URL exactly once", { timeout: 120_000 }, async () => {
      // Prepare
      const bodies = scenarioBodies(site, 40);
      pipeline.startPoller(undefined, scenario.poller);

      // Act
      await pipeline.submit(bodies);
      await pipeline.waitForEmptyQueue();
      const result = await pipeline.account(bodies);
      const stats = pipeline.proxies[scenario.service]?.stats;
      console.info(formatAccounting(result), JSON.stringify(stats));

      // Assess
      expect(result.problems).toEqual([]);
      expect(result.holds).toBe(true);
      expect(result.counts.ok).toBeGreaterThanOrEqual(30);
      if (scenario.checkCodes) {
        expect(result.codes["http-4xx"]).toBe(2);
        expect(result.codes["invalid-url"]).toBe(1);
      }
      const spoiled = Object.values(stats?.spoiled ?? {}).reduce((a, b) => a + b, 0);
      expect(spoiled).toBeGreaterThan(scenario.minSpoiled);
    });
  });
}
