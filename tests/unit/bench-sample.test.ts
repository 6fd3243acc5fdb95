import { describe, expect, it } from "vitest";
import { evenSample } from "../../scripts/bench/sample";

const ids = [
  ...Array.from({ length: 10 }, (_, i) => `aeb-${i}`),
  ...Array.from({ length: 10 }, (_, i) => `fundus-${i}`),
  ...Array.from({ length: 80 }, (_, i) => `wcxb-${String(i).padStart(2, "0")}`),
];

describe("evenSample", () => {
  it("keeps every source's share, without repeats, in the list's order", () => {
    const sample = evenSample(ids, 20);
    expect(sample).toHaveLength(20);
    expect(new Set(sample).size).toBe(20);
    expect(sample.filter((id) => id.startsWith("aeb-"))).toHaveLength(2);
    expect(sample.filter((id) => id.startsWith("fundus-"))).toHaveLength(2);
    expect(sample.filter((id) => id.startsWith("wcxb-"))).toHaveLength(16);
    expect([...sample].sort()).toEqual(sample);
  });

  it("takes every page when asked for as many or more, and none for zero", () => {
    expect(evenSample(ids, 100)).toEqual(ids);
    expect(evenSample(ids, 5000)).toEqual(ids);
    expect(evenSample(ids, 0)).toEqual([]);
    expect(evenSample([], 3)).toEqual([]);
  });
});
