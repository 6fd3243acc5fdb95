/**
 * The handler dies mid-batch: nothing of the batch is deleted, whatever it had written
 * stays written, and a new event source with a fresh handler (a new cold start) takes
 * over. Every URL still ends exactly once, and no article gets a second version.
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { formatAccounting } from "../../../cli/local/accounting";
import { type GeneratedSite, startGeneratedSite } from "../../../cli/local/generated-site";
import { S3Archive } from "../../../functions/adapters/s3-archive";
import { sweepSharedCaptures } from "../../../functions/ingest/capture-sweep";
import { buildIngestDeps } from "../../../functions/ingest/handler";
import { createIngestHandler } from "../../../functions/ingest/ingest-handler";
import { captureObjects, unreferencedCaptures } from "../../support/capture-objects";
import {
  type FaultPipeline,
  type Handler,
  SILENT_OBSERVERS,
  startFaultPipeline,
} from "./fault-pipeline";
import { scenarioBodies } from "./scenario";

let site: GeneratedSite | undefined;
let pipeline: FaultPipeline | undefined;

afterEach(async () => {
  await pipeline?.stop();
  await site?.close();
});

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectOneVersionEach(result: Awaited<ReturnType<FaultPipeline["account"]>>): void {
  for (const entry of result.urls) {
    if (entry.record?.status === "ok") expect(entry.record.version).toBe(1);
  }
}

describe("handler killed mid-batch", () => {
  it("abandons in-flight batches without deleting them; a new poller finishes the work", {
    timeout: 120_000,
  }, async () => {
    // Prepare
    site = await startGeneratedSite({ hosts: ["127.0.0.1", "127.0.0.2"], latencyMs: 40 });
    pipeline = await startFaultPipeline({
      queue: { visibilityTimeoutSeconds: 2, maxReceiveCount: 5 },
    });
    const bodies = scenarioBodies(site, 60);
    const real = pipeline.newHandler();
    let kill = () => {};
    const killed = new Promise<never>((_resolve, reject) => {
      kill = () => reject(new Error("killed"));
    });
    killed.catch(() => {});
    // A killed process never answers: the event source sees the invocation fail, deletes
    // nothing, and the records it had finished stay written.
    const doomed: Handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
      Promise.race([real(event), killed]);
    const first = pipeline.startPoller(doomed);
    await pipeline.submit(bodies);
    const current = site;
    await waitUntil(() => current.requests >= 20);

    // Act
    kill();
    await first.stop();
    pipeline.startPoller();
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.counts.ok).toBe(60);
    expect(result.codes["http-4xx"]).toBe(2);
    expectOneVersionEach(result);
  });

  it("a handler that throws halfway through its batch fails the whole batch; the retry records each URL once", {
    timeout: 120_000,
  }, async () => {
    // Prepare
    site = await startGeneratedSite();
    pipeline = await startFaultPipeline({ queue: { maxReceiveCount: 5 } });
    const bodies = scenarioBodies(site, 30);
    const real = pipeline.newHandler();
    let crashes = 0;
    const crashing: Handler = async (event) => {
      if (crashes >= 3) return await real(event);
      crashes++;
      const half = event.Records.slice(0, Math.ceil(event.Records.length / 2));
      await real({ Records: half });
      throw new Error("process crashed halfway through the batch");
    };
    pipeline.startPoller(crashing);

    // Act
    await pipeline.submit(bodies);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(bodies);
    console.info(formatAccounting(result));

    // Assess
    expect(crashes).toBe(3);
    expect(result.problems).toEqual([]);
    expect(result.counts.ok).toBe(30);
    expectOneVersionEach(result);
  });

  it("a handler killed after the capture write and before the record write leaves, once redelivered and swept, only captures a record points at", {
    timeout: 60_000,
  }, async () => {
    // Prepare: every first record write of a URL dies (the process is killed there); SQS
    // delivers the message again after the visibility timeout. The batch's captures share
    // one object, so the killed attempt's object is left without a record pointing at it.
    site = await startGeneratedSite();
    pipeline = await startFaultPipeline({ queue: { maxReceiveCount: 5 } });
    const urls = Array.from({ length: 4 }, (_, n) => site?.articleUrl(n) as string);
    const deps = buildIngestDeps(pipeline.config);
    const store = deps.store;
    const killedOnce = new Set<string>();
    const handler = createIngestHandler(
      {
        ...deps,
        store: {
          getLatest: (id) => store.getLatest(id),
          getVersion: (id, version) => store.getVersion(id, version),
          resolveUrl: (url) => store.resolveUrl(url),
          putVersion: async (record, previous, changed, latest) => {
            if (!killedOnce.has(record.articleId)) {
              killedOnce.add(record.articleId);
              throw new Error("killed between the raw write and the record write");
            }
            await store.putVersion(record, previous, changed, latest);
          },
          putLatest: (record, previous) => store.putLatest(record, previous),
          addSubmissionTag: (id, tag) => store.addSubmissionTag(id, tag),
          putAliases: (urls, id) => store.putAliases(urls, id),
          deleteFailedRecord: (id) => store.deleteFailedRecord(id),
        },
      },
      SILENT_OBSERVERS,
    );
    pipeline.startPoller(handler);
    const { s3 } = pipeline.resources.clients;
    const bucket = pipeline.resources.bucketName;

    // Act
    await pipeline.submit(urls);
    await pipeline.waitForEmptyQueue();
    const result = await pipeline.account(urls);
    const left = await unreferencedCaptures(s3, bucket, pipeline.table);
    // Every invocation has ended: no record can come to point at an unreferenced object.
    const swept = await sweepSharedCaptures(new S3Archive(s3, bucket), pipeline.table, {
      now: new Date(Date.now() + 5_000),
      minAgeMs: 0,
    });

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.counts.ok).toBe(4);
    expect(killedOnce.size).toBe(4);
    expect(left.length).toBeGreaterThan(0);
    expect(swept.deleted.sort()).toEqual(left.sort());
    const pointed = new Set<string>();
    for (const entry of result.urls) {
      const record = entry.record;
      expect(record?.version).toBe(1);
      expect(record?.articleKey).toBe(record?.rawKey);
      pointed.add(record?.rawKey as string);
    }
    expect(await captureObjects(s3, bucket)).toEqual([...pointed].sort());
    expect(await unreferencedCaptures(s3, bucket, pipeline.table)).toEqual([]);
  });
});
