import { load } from "cheerio/slim";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizedLengthOf, normalizedTextOf } from "../../../functions/core/extract/body/dom";
import { htmlLike } from "./html-arbitrary";

/** Every space `\s` knows, and characters that only look like one. */
const SPACES = [
  " ",
  "\t",
  "\n",
  "\r",
  "\v",
  "\f",
  "\u00a0",
  "\u1680",
  "\u2003",
  "\u2028",
  "\u202f",
  "\u3000",
  "\ufeff",
];
const NOT_SPACES = ["\u200b", "\u180e", "x", "é", "😀", "-"];

describe("normalizedLengthOf", () => {
  it("is the length of the collapsed, trimmed text, counted across text nodes", () => {
    const $ = load(
      "<div>\n  <p> Two\u00a0 words </p>\u3000<span>and\u2028more</span>  <b></b>\ufeff</div>",
    );
    const div = $("div")[0];
    if (!div) throw new Error("no div");
    expect(normalizedTextOf(div)).toBe("Two words and more");
    expect(normalizedLengthOf(div)).toBe("Two words and more".length);
    expect(normalizedLengthOf($("b")[0] as never)).toBe(0);
  });

  it("agrees with normalizedTextOf on any text and markup", () => {
    const spaced = fc
      .array(fc.constantFrom(...SPACES, ...NOT_SPACES, "<b>", "</b>", "<p>"), { maxLength: 60 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(spaced, htmlLike, fc.string({ maxLength: 100 })), (html) => {
        const root = load(html).root()[0];
        if (!root) return;
        expect(normalizedLengthOf(root)).toBe(normalizedTextOf(root).length);
      }),
      { numRuns: 500 },
    );
  });
});
