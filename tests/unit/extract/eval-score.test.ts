import { describe, expect, it } from "vitest";
import {
  aggregateBody,
  bodyPageScore,
  formatScores,
  instant,
  normalizeTitle,
  type Prediction,
  passageShare,
  sameDay,
  sameLanguage,
  sameMinute,
  scoreCorpus,
  setF1,
  titleExact,
  titleTokenF1,
  tokenize,
  wordGrams,
  wordPageScore,
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

describe("corpus scoring, as the corpus README defines it", () => {
  const prediction = (text: string, extra: Partial<Prediction> = {}): Prediction => ({
    title: null,
    authors: [],
    publishedAt: null,
    language: null,
    tags: [],
    text,
    ...extra,
  });

  it("drops format characters from titles but keeps every other difference", () => {
    expect(titleExact("Ein bisschen Fortschritt", "Ein bisschen Fortschritt\u200b")).toBe(true);
    expect(titleExact("\ufeffBig news", "Big news")).toBe(true);
    expect(titleExact("Big\u00a0news", "Big news")).toBe(true);
    expect(titleExact("Big-news", "Big news")).toBe(false);
    expect(normalizeTitle("soft\u00adhyphen")).toBe("softhyphen");
  });

  it("reads a date without an offset as UTC, whatever the machine's time zone", () => {
    expect(instant("2019-11-19T09:02:00")).toBe(Date.UTC(2019, 10, 19, 9, 2));
    expect(instant("2019-11-19")).toBe(Date.UTC(2019, 10, 19));
    expect(instant("2019-11-19T09:02:00-05:00")).toBe(Date.UTC(2019, 10, 19, 14, 2));
    expect(instant("not a date")).toBeNull();
    expect(sameMinute("2019-11-19T09:02:40", "2019-11-19T09:02:00Z")).toBe(true);
  });

  it("compares the days as written when either date has no offset", () => {
    // A local time late in the evening stays on its own day.
    expect(sameDay("2019-11-19T23:30:00", "2019-11-19T23:30:00+01:00")).toBe(true);
    expect(sameDay("2019-11-19T23:30:00+01:00", "2019-11-19")).toBe(true);
    expect(sameDay("2019-11-20T00:30:00Z", "2019-11-19")).toBe(false);
  });

  it("scores word F1 on lower-cased tokens, empty bodies by emptiness", () => {
    expect(wordPageScore("The cat", "the CAT").f1).toBe(1);
    const half = wordPageScore("a b", "a c");
    expect(half).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(wordPageScore("", "a").f1).toBe(0);
    expect(wordPageScore("", "").f1).toBe(1);
    expect(wordPageScore("x", "").f1).toBe(0);
  });

  it("counts passages found case-insensitively, as written", () => {
    expect(passageShare("The Quick brown fox", ["quick brown", "lazy dog"])).toBe(0.5);
    expect(passageShare("quick  brown", ["quick brown"])).toBe(0);
    expect(passageShare("anything", [])).toBeNull();
  });

  it("scores the article verdict with 'not an article' as the class sought", () => {
    // Prepare
    const pages = [
      {
        expected: { id: "wcxb-1", pageType: "product" as const, body: "p" },
        prediction: prediction("p", { isArticle: false }),
      },
      {
        expected: { id: "wcxb-2", pageType: "forum" as const, body: "f" },
        prediction: prediction("f"),
      },
      {
        expected: { id: "wcxb-3", pageType: "article" as const, body: "a" },
        prediction: prediction("a", { status: "not-article" }),
      },
      {
        expected: { id: "wcxb-4", pageType: "article" as const, body: "b" },
        prediction: prediction("b"),
      },
    ];
    // Act
    const { articleOrNot } = scoreCorpus(pages);
    // Assess
    expect(articleOrNot.precision).toBe(0.5);
    expect(articleOrNot.recall).toBe(0.5);
    expect(articleOrNot.notArticlesWithText).toBe(2);
    expect(articleOrNot.wronglyRejected).toEqual(["wcxb-3"]);
  });

  it("reports word F1 per page type, passages on articles, fields per source and language", () => {
    // Prepare
    const pages = [
      {
        expected: {
          id: "wcxb-1",
          pageType: "article" as const,
          body: "one two three four",
          mustInclude: ["two three"],
          mustExclude: ["sign up"],
          title: "T",
          publishedAt: "2024-05-01",
        },
        prediction: prediction("one two three four sign up", {
          title: "T",
          publishedAt: "2024-05-02",
        }),
      },
      {
        expected: { id: "wcxb-2", pageType: "forum" as const, body: "" },
        prediction: prediction(""),
      },
      {
        expected: {
          id: "fundus-1",
          body: "x y",
          language: "de-DE",
          publishedAt: "2024-05-01T10:00:00+02:00",
        },
        prediction: prediction("x y", { language: "de" }),
      },
    ];
    // Act
    const scores = scoreCorpus(pages);
    // Assess
    expect(scores.words.byPageType.forum?.f1).toBe(1);
    expect(scores.words.byPageType.article?.recall).toBe(1);
    expect(scores.passages.articles.mustInclude.value).toBe(1);
    expect(scores.passages.articles.mustExclude.value).toBe(1);
    // The empty-bodied forum page is left out of the body metric.
    expect(scores.body.bySource.wcxb?.pages).toBe(1);
    expect(scores.bySource.wcxb?.titleExact.value).toBe(1);
    // One date given, wrong; one not given: recall 0 of 2, precision 0 of 1.
    expect(scores.dateSameDay).toEqual({ value: 0, pages: 2 });
    expect(scores.datePrecision).toEqual({ value: 0, pages: 1 });
    expect(scores.byLanguage.de?.language.value).toBe(1);
    expect(formatScores(scores).some((line) => line.startsWith("words forum"))).toBe(true);
  });
});
