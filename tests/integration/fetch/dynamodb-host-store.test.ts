/**
 * The DynamoDB host store on the stand-in table: robots.txt cache with expiry, atomic
 * politeness slots, Retry-After deferral, SDK error translation, and two workers sharing
 * one host without ever sending two requests within the interval.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAwsClients } from "../../../functions/adapters/aws-clients";
import {
  DynamoDbHostStore,
  HOST_WRITE_KINDS,
} from "../../../functions/adapters/dynamodb-host-store";
import type { HostStore } from "../../../functions/adapters/host-store";
import { createFetcher } from "../../../functions/adapters/http-fetcher";
import { UsageMeter } from "../../../functions/adapters/usage-meter";
import { classify } from "../../../functions/core/errors";
import type { RobotsRecord } from "../../../functions/core/robots";
import { createTestResources, type TestResources } from "../../support/stand-ins";
import { type ChildServer, startChildServer } from "./child-server";
import { testConfig } from "./fetch-config";

let resources: TestResources;

beforeAll(async () => {
  resources = await createTestResources();
});

function store(): DynamoDbHostStore {
  return new DynamoDbHostStore({
    documents: resources.clients.documents,
    tableName: resources.tableName,
  });
}

/** A second, independent SDK client: what another Lambda would have (metered when given). */
function otherWorkerStore(usage?: UsageMeter): DynamoDbHostStore {
  const clients = createAwsClients({
    region: resources.region,
    dynamodbEndpoint: resources.dynamodbEndpoint,
  });
  usage?.attach(clients);
  return new DynamoDbHostStore({
    documents: clients.documents,
    tableName: resources.tableName,
    ...(usage ? { usage } : {}),
  });
}

/** A worker whose claims come back late: its store answers, then the delay passes. */
function slowClaims(inner: HostStore, delaysMs: number[]): HostStore {
  let n = 0;
  return {
    getRobots: (host, nowMs) => inner.getRobots(host, nowMs),
    putRobots: (host, record, expiresAtMs) => inner.putRobots(host, record, expiresAtMs),
    deferHost: (host, untilMs) => inner.deferHost(host, untilMs),
    moveSlot: (host, fromMs, toMs) => inner.moveSlot(host, fromMs, toMs),
    async claimSlot(host, request) {
      const claim = await inner.claimSlot(host, request);
      await sleep(delaysMs[n++ % delaysMs.length] as number);
      return claim;
    },
  };
}

describe("robots cache", () => {
  test("a stored record is returned until it expires, with the TTL attribute set", async () => {
    // Prepare
    const record: RobotsRecord = {
      origin: "https://cache.example",
      outcome: "ok",
      status: 200,
      body: "User-agent: *\nDisallow: /private\n",
      fetchedAtMs: 1_000,
    };
    const hostStore = store();

    // Act
    await hostStore.putRobots("cache.example", record, 90_000_000);
    const fresh = await hostStore.getRobots("cache.example", 89_999_999);
    const expired = await hostStore.getRobots("cache.example", 90_000_000);
    const raw = await resources.clients.documents.send(
      new (await import("@aws-sdk/lib-dynamodb")).GetCommand({
        TableName: resources.tableName,
        Key: { pk: "HOST#cache.example", sk: "ROBOTS" },
      }),
    );

    // Assess
    expect(fresh).toEqual(record);
    expect(expired).toBeNull();
    expect(raw.Item?.expiresAt).toBe(90_000);
    expect(await hostStore.getRobots("missing.example", 0)).toBeNull();
  });

  test("an unreachable record keeps its failure details", async () => {
    const record: RobotsRecord = {
      origin: "http://sick.example",
      outcome: "unreachable",
      status: 503,
      body: "",
      fetchedAtMs: 5,
      failureCode: "http-5xx",
      failureMessage: "robots.txt answered 503",
      retryAfterMs: 120_000,
    };
    await store().putRobots("sick.example", record, Date.now() + 60_000);
    expect(await otherWorkerStore().getRobots("sick.example", Date.now())).toEqual(record);
  });
});

describe("slots", () => {
  test("successive claims are one interval apart; past the budget nothing is reserved", async () => {
    // Prepare
    const hostStore = store();
    const request = { nowMs: 10_000, intervalMs: 1_000, budgetMs: 2_500 };

    // Act
    const claims = [];
    for (let i = 0; i < 4; i++) claims.push(await hostStore.claimSlot("slots.example", request));
    const afterRefusal = await hostStore.claimSlot("slots.example", { ...request, nowMs: 13_000 });

    // Assess
    expect(claims).toEqual([
      { granted: true, atMs: 10_000 },
      { granted: true, atMs: 11_000 },
      { granted: true, atMs: 12_000 },
      { granted: false, nextFreeMs: 13_000 },
    ]);
    expect(afterRefusal).toEqual({ granted: true, atMs: 13_000 });
  });

  test("60 concurrent claims from two workers get 60 distinct slots one interval apart", async () => {
    // Prepare
    const workers = [store(), otherWorkerStore()];
    const request = { nowMs: 50_000, intervalMs: 100, budgetMs: 60_000 };

    // Act
    const claims = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (workers[i % 2] as DynamoDbHostStore).claimSlot("race.example", request),
      ),
    );

    // Assess
    const granted = claims.flatMap((c) => (c.granted ? [c.atMs] : []));
    const sorted = [...granted].sort((a, b) => a - b);
    const spacing = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
    expect(granted.length).toBeGreaterThan(0);
    expect(new Set(granted).size).toBe(granted.length);
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual(100);
  });

  test("a refused claim answers from the item it returns: no read, and no second write past the budget", async () => {
    // Prepare: another worker holds the slot at 100000 (interval 1000).
    const usage = new UsageMeter();
    const worker = otherWorkerStore(usage);
    await store().claimSlot("refused.example", { nowMs: 100_000, intervalMs: 1_000, budgetMs: 0 });

    // Act: this worker has not seen the host, so it tries the idle write first.
    const tooFar = await worker.claimSlot("refused.example", {
      nowMs: 100_100,
      intervalMs: 1_000,
      budgetMs: 500,
    });
    const afterTooFar = usage.snapshot();
    const queued = await worker.claimSlot("refused.example", {
      nowMs: 100_100,
      intervalMs: 1_000,
      budgetMs: 5_000,
    });

    // Assess: past the budget, the refused idle write alone (its item tells the next slot);
    // within it, the increment at once (the refusal told this worker the host is busy).
    expect(tooFar).toEqual({ granted: false, nextFreeMs: 101_000 });
    expect(afterTooFar.requests).toEqual({ "dynamodb:UpdateItem": 1 });
    expect(afterTooFar.writesByKind).toEqual({
      [HOST_WRITE_KINDS.claimFailed]: { writes: 1, writeUnits: 1 },
    });
    expect(queued).toEqual({ granted: true, atMs: 101_000 });
    const after = usage.snapshot();
    expect(after.requests).toEqual({ "dynamodb:UpdateItem": 2 });
    expect(after.writesByKind).toEqual({
      [HOST_WRITE_KINDS.claimFailed]: { writes: 1, writeUnits: 1 },
      [HOST_WRITE_KINDS.claimQueued]: { writes: 1, writeUnits: 1 },
    });
    expect(after.dynamodbConditionFailures).toBe(1);
    expect(after.dynamodbWriteUnits).toBe(2);
  });

  test("a busy guess on a host whose slot item is gone (TTL) falls back to the idle write", async () => {
    // Prepare: this worker saw the host busy; then its slot item expired.
    const usage = new UsageMeter();
    const worker = otherWorkerStore(usage);
    const request = { nowMs: 200_000, intervalMs: 1_000, budgetMs: 5_000 };
    await worker.claimSlot("expired.example", request);
    await worker.claimSlot("expired.example", request); // queued at 201000
    await resources.clients.documents.send(
      new DeleteCommand({
        TableName: resources.tableName,
        Key: { pk: "HOST#expired.example", sk: "SLOT" },
      }),
    );
    const before = usage.snapshot();

    // Act
    const claim = await worker.claimSlot("expired.example", { ...request, nowMs: 200_500 });

    // Assess: the increment is refused (no item returned), the idle write is granted.
    expect(claim).toEqual({ granted: true, atMs: 200_500 });
    const after = usage.snapshot();
    expect(after.requests["dynamodb:UpdateItem"]).toBe(
      (before.requests["dynamodb:UpdateItem"] ?? 0) + 2,
    );
    expect(after.requests["dynamodb:GetItem"]).toBeUndefined();
    expect(after.dynamodbConditionFailures - before.dynamodbConditionFailures).toBe(1);
  });

  test("moveSlot moves only the latest slot, across workers", async () => {
    const request = { nowMs: 70_000, intervalMs: 100, budgetMs: 1_000 };
    await store().claimSlot("move.example", request); // 70000
    await otherWorkerStore().claimSlot("move.example", request); // 70100
    expect(await store().moveSlot("move.example", 70_000, 70_050)).toBe(false);
    expect(await otherWorkerStore().moveSlot("move.example", 70_100, 70_130)).toBe(true);
    expect(await store().claimSlot("move.example", request)).toEqual({
      granted: true,
      atMs: 70_230,
    });
  });

  test("deferHost keeps every worker off the host until the given time", async () => {
    await store().deferHost("deferred.example", 500_000);
    await store().deferHost("deferred.example", 400_000); // an earlier deadline does not shorten it
    const claim = await otherWorkerStore().claimSlot("deferred.example", {
      nowMs: 100_000,
      intervalMs: 0,
      budgetMs: 1_000,
    });
    expect(claim).toEqual({ granted: false, nextFreeMs: 500_000 });
  });
});

describe("errors", () => {
  test("an SDK failure becomes a storage-error naming the item, with the SDK error as cause", async () => {
    // Prepare
    const broken = new DynamoDbHostStore({
      documents: resources.clients.documents,
      tableName: "no-such-table",
    });

    // Act
    const error = await broken
      .claimSlot("x.example", { nowMs: 0, intervalMs: 0, budgetMs: 0 })
      .catch((e: unknown) => e);

    // Assess
    expect(classify(error)).toMatchObject({ code: "storage-error", disposition: "retryable" });
    expect((error as Error).message).toContain("HOST#x.example/SLOT");
    expect((error as Error).message).toContain("no-such-table");
    expect(((error as Error).cause as Error).name).toBe("ResourceNotFoundException");
  });
});

describe("two workers, one host", () => {
  let server: ChildServer;
  const INTERVAL_MS = 100;

  beforeAll(async () => {
    server = await startChildServer("User-agent: *\nDisallow: /private\n");
  });

  afterAll(async () => {
    await server.close();
  });

  // The server stamps requests in its own process, so the workers' event loop cannot delay
  // the stamps; a saturated machine can still stall that process for longer than the
  // 20 ms the send-jitter guard keeps beyond the tolerated lateness, which makes two stamps
  // look closer than the requests were.
  // A real violation repeats; a stall does not: hence the retries.
  test("20 URLs fetched concurrently by two workers never hit the host twice within the interval", {
    retry: 2,
  }, async () => {
    // Prepare: two fetchers, each with its own SDK client and host store, like two Lambdas.
    const before = (await server.log()).length;
    const config = testConfig({
      politenessIntervalMs: INTERVAL_MS,
      politenessWaitBudgetMs: 10_000,
      totalTimeoutMs: 25_000,
    });
    const workers = [
      createFetcher({ config, hostStore: store() }),
      createFetcher({ config, hostStore: otherWorkerStore() }),
    ];

    // Act
    const pages = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (workers[i % 2] as ReturnType<typeof createFetcher>).fetchPage(server.url(`/article/${i}`)),
      ),
    );

    // Assess
    const log = (await server.log()).slice(before);
    expect(pages.every((p) => p.status === 200)).toBe(true);
    const times = log.map((r) => r.atMs).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const robotsFetches = log.filter((r) => r.path === "/robots.txt").length;
    expect(log.length).toBe(20 + robotsFetches);
    expect(robotsFetches).toBeLessThanOrEqual(2);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS);
    console.info(
      `two workers: ${log.length} requests, min gap ${Math.min(...gaps).toFixed(1)} ms, max gap ${Math.max(...gaps).toFixed(1)} ms, span ${((times.at(-1) ?? 0) - (times[0] ?? 0)).toFixed(0)} ms`,
    );
  });

  test("three workers, two of them late after every other claim, still never hit the host twice within the interval", {
    retry: 2,
  }, async () => {
    // Prepare: three fetchers with their own SDK clients and stores; two get every other
    // claim back 300 ms late (a slow store or a stalled event loop), so their requests
    // would leave long after their slots: they move their slot or queue again.
    const before = (await server.log()).length;
    const config = testConfig({
      politenessIntervalMs: INTERVAL_MS,
      politenessWaitBudgetMs: 10_000,
      totalTimeoutMs: 25_000,
    });
    const usage = new UsageMeter();
    const workers = [
      createFetcher({ config, hostStore: otherWorkerStore(usage) }),
      createFetcher({ config, hostStore: slowClaims(otherWorkerStore(usage), [0, 300]) }),
      createFetcher({ config, hostStore: slowClaims(otherWorkerStore(usage), [300, 0]) }),
    ];

    // Act
    const pages = await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        (workers[i % 3] as ReturnType<typeof createFetcher>).fetchPage(server.url(`/late/${i}`)),
      ),
    );

    // Assess: every page fetched, one request each, at least the interval apart; the late
    // starts were handled (slots moved, or given up and claimed again).
    const log = (await server.log()).slice(before);
    expect(pages.every((p) => p.status === 200)).toBe(true);
    expect(log.filter((r) => r.path.startsWith("/late/")).length).toBe(18);
    const times = log.map((r) => r.atMs).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS);
    const kinds = usage.snapshot().writesByKind;
    const late =
      (kinds[HOST_WRITE_KINDS.moved]?.writes ?? 0) +
      (kinds[HOST_WRITE_KINDS.moveRefused]?.writes ?? 0);
    expect(late).toBeGreaterThan(0);
    console.info(
      `three workers, two late: ${log.length} requests, min gap ${Math.min(...gaps).toFixed(1)} ms; writes ${JSON.stringify(kinds)}`,
    );
  });
});
