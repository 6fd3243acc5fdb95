import { describe, expect, test } from "vitest";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";

describe("InMemoryHostStore", () => {
  test("slots are spaced by the interval and refused past the budget", async () => {
    // Prepare
    const store = new InMemoryHostStore();
    const request = { nowMs: 1_000, intervalMs: 500, budgetMs: 1_000 };

    // Act
    const claims = [];
    for (let i = 0; i < 4; i++) claims.push(await store.claimSlot("a.example", request));

    // Assess
    expect(claims).toEqual([
      { granted: true, atMs: 1_000 },
      { granted: true, atMs: 1_500 },
      { granted: true, atMs: 2_000 },
      { granted: false, nextFreeMs: 2_500 },
    ]);
    expect(await store.claimSlot("b.example", request)).toEqual({ granted: true, atMs: 1_000 });
  });

  test("deferHost keeps the host free until the given time", async () => {
    const store = new InMemoryHostStore();
    await store.deferHost("a.example", 9_000);
    expect(
      await store.claimSlot("a.example", { nowMs: 1_000, intervalMs: 0, budgetMs: 1_000 }),
    ).toEqual({
      granted: false,
      nextFreeMs: 9_000,
    });
  });

  test("moveSlot moves only the latest slot", async () => {
    // Prepare
    const store = new InMemoryHostStore();
    const request = { nowMs: 1_000, intervalMs: 500, budgetMs: 5_000 };
    await store.claimSlot("a.example", request); // 1000
    await store.claimSlot("a.example", request); // 1500

    // Act
    const movedEarlier = await store.moveSlot("a.example", 1_000, 1_200);
    const movedLatest = await store.moveSlot("a.example", 1_500, 1_700);

    // Assess
    expect(movedEarlier).toBe(false);
    expect(movedLatest).toBe(true);
    expect(await store.claimSlot("a.example", request)).toEqual({ granted: true, atMs: 2_200 });
  });

  test("robots entries expire", async () => {
    const store = new InMemoryHostStore();
    const record = {
      origin: "https://a.example",
      outcome: "ok" as const,
      status: 200,
      body: "",
      fetchedAtMs: 0,
    };
    await store.putRobots("a.example", record, 5_000);
    expect(await store.getRobots("a.example", 4_999)).toEqual(record);
    expect(await store.getRobots("a.example", 5_000)).toBeNull();
  });
});
