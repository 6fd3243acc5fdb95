import { describe, expect, it } from "vitest";
import {
  aggregateBody,
  bodyPageScore,
  sameDay,
  sameLanguage,
  sameMinute,
  scoreCorpus,
  setF1,
  titleExact,
  titleTokenF1,
  tokenize,
  wordGrams,
} from "../../../cli/eval/score";

describe("corpus scoring", () => {
  it("tokenizes runs of letters, digits and underscore, keeping case", () => {
    // Prepare / Act
    const tokens = tokenize("Zürich's 2024_plan: naïve—Café!");
    // Assess
    expect(tokens).toEqual(["Zürich", "s", "2024_plan", "naïve", "Café"]);
  });

  it("builds word 4-grams, and one shorter gram for 1-3 tokens", () => {
    expect([...wordGrams("a b c d e").keys()]).toEqual(["a b c d", "b c d e"]);
    expect([...wordGrams("a b").entries()]).toEqual([["a b", 1]]);
    expect(wordGrams("!!").size).toBe(0);
    expect(wordGrams("a b c d a b c d").get("a b c d")).toBe(2);
  });

  it("scores body precision and recall over grams, both 1 on an exact match", () => {
    expect(bodyPageScore("one two three four", "one two three four")).toEqual({
      precision: 1,
      recall: 1,
    });
    // 3 predicted grams, 2 shared; expected has 2 grams.
    const partial = bodyPageScore("a b c d e f", "a b c d e");
    expect(partial.precision).toBeCloseTo(2 / 3);
    expect(partial.recall).toBe(1);
  });

  it("leaves empty predictions out of precision and empty expectations out of recall", () => {
    const empty = bodyPageScore("", "a b c d");
    expect(empty).toEqual({ precision: null, recall: 0 });
    const all = aggregateBody([empty, { precision: 1, recall: 1 }]);
    expect(all.precision).toBe(1);
    expect(all.recall).toBe(0.5);
    expect(all.f1).toBeCloseTo((2 * 0.5) / 1.5);
  });

  it("compares titles exactly after collapsing whitespace, and by token F1", () => {
    expect(titleExact("  Big\n news ", "Big news")).toBe(true);
    expect(titleExact("Big news | Site", "Big news")).toBe(false);
    expect(titleTokenF1("Big news Site", "Big news")).toBeCloseTo(0.8);
  });

  it("scores authors and tags as sets of case- and space-normalised names", () => {
    expect(setF1(["Jane  DOE", "jane doe"], ["Jane Doe"])).toBe(1);
    expect(setF1(["A", "B"], ["A"])).toBeCloseTo(2 / 3);
    expect(setF1([], [])).toBe(1);
    expect(setF1([], ["A"])).toBe(0);
  });

  it("matches dates to the UTC minute and to the page's calendar day", () => {
    expect(sameMinute("2025-06-30T15:59:59+02:00", "2025-06-30T13:59:30.000Z")).toBe(true);
    expect(sameMinute("2025-06-30T16:00:00+02:00", "2025-06-30T13:59:30.000Z")).toBe(false);
    // 23:30 UTC on the 29th is the 30th in +02:00.
    expect(sameDay("2025-06-29T23:30:00Z", "2025-06-30T01:30:00+02:00")).toBe(true);
    expect(sameDay("2025-06-29", "2025-06-29")).toBe(true);
    expect(sameDay(null, "2025-06-29")).toBe(false);
  });

  it("compares languages by primary subtag", () => {
    expect(sameLanguage("en-GB", "en")).toBe(true);
    expect(sameLanguage("de", "en")).toBe(false);
  });

  it("scores a corpus per field and per source, skipping fields that are not annotated", () => {
    // Prepare
    const prediction = {
      title: "T",
      authors: ["A"],
      publishedAt: null,
      language: "en",
      tags: [],
      text: "w x y z",
    };
    // Act
    const scores = scoreCorpus([
      { expected: { id: "aeb-1", body: "w x y z" }, prediction },
      { expected: { id: "fundus-1", body: "q r s t", title: "T", language: "de" }, prediction },
    ]);
    // Assess
    expect(scores.body.bySource.aeb?.f1).toBe(1);
    expect(scores.body.bySource.fundus?.recall).toBe(0);
    expect(scores.titleExact).toEqual({ value: 1, pages: 1 });
    expect(scores.language).toEqual({ value: 0, pages: 1 });
    expect(scores.authorsF1.pages).toBe(0);
  });
});
