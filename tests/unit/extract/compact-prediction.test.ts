import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactPrediction, runCorpus } from "../../../cli/eval/run-corpus";
import type { Prediction } from "../../../cli/eval/score";

function prediction(text: string): Prediction {
  return {
    title: "Lock gates",
    authors: ["A. Writer"],
    publishedAt: null,
    language: "en",
    tags: [],
    text,
    isArticle: true,
    pageType: "article",
  };
}

describe("compactPrediction", () => {
  it("reads and serialises as the prediction it holds, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const original = prediction(text);
        const compact = compactPrediction(original);
        expect(compact.text).toBe(text);
        expect(JSON.stringify(compact)).toBe(JSON.stringify(original));
        expect(Object.keys(compact)).toEqual(Object.keys(original));
      }),
    );
  });

  it("keeps a text with a lone surrogate as it is (UTF-8 could not hold it)", () => {
    for (const text of ["a\uD800b", "\uDC00", "end \uD83D"]) {
      const compact = compactPrediction(prediction(text));
      expect(compact.text).toBe(text);
      expect(JSON.stringify(compact)).toBe(JSON.stringify(prediction(text)));
    }
  });

  it("is what a corpus run keeps, and a failing page still predicts nothing", () => {
    const pages = [
      {
        id: "a",
        url: "https://x.example/a",
        html: "<p>Zwölf Boxkämpfer jagen Viktor quer über den Sylter Deich</p>",
        expected: null,
      },
      { id: "b", url: "https://x.example/b", html: "boom", expected: null },
    ];
    const run = runCorpus(pages, (html) => {
      if (html === "boom") throw new Error("no");
      return prediction(html);
    });
    expect(run.pages).toBe(2);
    expect(run.predictions.a?.text).toBe(pages[0]?.html);
    expect(run.predictions.b?.text).toBe("");
  });
});
