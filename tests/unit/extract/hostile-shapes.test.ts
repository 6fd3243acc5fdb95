import { describe, expect, it } from "vitest";
import { HOSTILE_SHAPES } from "../../../cli/local/hostile-shapes";
import { extractArticle } from "../../../functions/core/extract/index";

const URL = "https://news.example.com/2026/11/story.html";
/** Big enough for per-element costs to dominate, small enough for a unit test. */
const PAGE_BYTES = 200_000;
/** A figure this big holds more children than a call's arguments can. */
const FIGURE_PAGE_BYTES = 2_400_000;
/** A generous per-test limit for a shared machine; it is not a timing assertion. */
const TEST_TIMEOUT_MS = 120_000;

const WORD = /[\p{L}\p{N}_]+/gu;

describe("hostile page shapes", () => {
  for (const [shape, build] of Object.entries(HOSTILE_SHAPES)) {
    it(
      `extracts the "${shape}" shape into a sane article`,
      () => {
        // Prepare
        const html = build(PAGE_BYTES);
        // Act
        const article = extractArticle(html, URL);
        // Assess: no markup leaks into the text, nothing is invented, counts agree.
        expect(article.title).toBe("T");
        expect(article.text).not.toMatch(/[<>]/);
        expect(article.text.length).toBeLessThanOrEqual(html.length);
        expect(article.wordCount).toBe(article.text.match(WORD)?.length ?? 0);
        expect(article.html).not.toMatch(/<script|<style/i);
        for (const link of article.links)
          expect(link.href).toMatch(/^https:\/\/news\.example\.com\//);
      },
      TEST_TIMEOUT_MS,
    );
  }

  it(
    "reads a table figure whose children are too many to spread onto a stack",
    () => {
      // Prepare: about 300,000 inline children in one block of the figure.
      const html = HOSTILE_SHAPES.figureinline?.(FIGURE_PAGE_BYTES) ?? "";
      // Act
      const article = extractArticle(html, URL);
      // Assess: the figure's table is read, and the story's paragraphs are still there.
      expect(article.text).toMatch(/^The council met/);
      expect(article.text).toContain("\n\nc\n");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "keeps the text of the shapes that hold prose",
    () => {
      // Act
      const text = extractArticle(HOSTILE_SHAPES.text?.(PAGE_BYTES) ?? "", URL).text;
      const paragraphs = extractArticle(HOSTILE_SHAPES.block?.(PAGE_BYTES) ?? "", URL).text;
      const scripts = extractArticle(HOSTILE_SHAPES.scripts?.(PAGE_BYTES) ?? "", URL).text;
      // Assess
      expect(text.length).toBeGreaterThan(PAGE_BYTES * 0.9);
      expect(paragraphs).toMatch(/^word word\n\nword word/);
      expect(scripts).toBe("");
    },
    TEST_TIMEOUT_MS,
  );
});
