import { describe, expect, it } from "vitest";
import {
  AFFILIATE_TEXT,
  BOILERPLATE_TEXT,
  BYLINE_NAME_TEXT,
  BYLINE_TEXT,
  CAPTION_TEXT,
  CONSENT_TEXT,
  LEGAL_TEXT,
  PATTERNS,
  PROMO_MENTION_TEXT,
  PROMO_TEXT,
  RELATED_HEADING,
  RULE_LISTS,
  TEASER_PREFIX,
} from "../../../functions/core/extract/body/patterns";
import { extractArticle } from "../../../functions/core/extract/index";
import type { Rule } from "../../../functions/core/extract/rule-list";

const URL = "https://news.example.com/2026/11/river.html";

/** Two paragraphs of prose, so the article container is never in doubt. */
const PROSE = [
  "The river report says the water rose quickly overnight, and residents moved to higher ground before dawn on Tuesday.",
  "Council engineers, working through the night, closed the old bridge and opened the flood gates to ease the pressure downstream.",
];

function articleWith(block: string): string {
  return `<!doctype html><html lang="en"><head><title>River rises</title></head><body><article>
    <p>${PROSE[0]}</p>${block}<p>${PROSE[1]}</p></article></body></html>`;
}

function textOf(block: string): string {
  return extractArticle(articleWith(block), URL).text;
}

/** Each list, the pattern built from it, and whether its examples are names or text. */
const TABLES: Array<[keyof typeof RULE_LISTS, RegExp, "name" | "text"]> = [
  ["unlikelyNames", PATTERNS.unlikely, "name"],
  ["maybeNames", PATTERNS.maybe, "name"],
  ["boilerplateWords", PATTERNS.boilerplate, "name"],
  ["boilerplateTokens", PATTERNS.boilerplate, "name"],
  ["positiveNames", PATTERNS.positive, "name"],
  ["negativeNames", PATTERNS.negative, "name"],
  ["negativeTokens", PATTERNS.negative, "name"],
  ["quotedEmbedWords", PATTERNS.quotedEmbed, "name"],
  ["leadWords", PATTERNS.lead, "name"],
  ["disclosureWords", PATTERNS.disclosure, "name"],
  ["callToActionWords", PATTERNS.callToAction, "name"],
  ["boilerplatePhrases", BOILERPLATE_TEXT, "text"],
  ["bylineLeadIns", BYLINE_NAME_TEXT, "text"],
  ["bylineLines", BYLINE_TEXT, "text"],
  ["captionLines", CAPTION_TEXT, "text"],
  ["promoLines", PROMO_TEXT, "text"],
  ["promoMentions", PROMO_MENTION_TEXT, "text"],
  ["consentLines", CONSENT_TEXT, "text"],
  ["layoutNames", PATTERNS.layout, "name"],
  ["regionNames", PATTERNS.region, "name"],
  ["legalLines", LEGAL_TEXT, "text"],
  ["affiliateLines", AFFILIATE_TEXT, "text"],
  ["relatedHeadings", RELATED_HEADING, "text"],
  ["teaserPrefixes", TEASER_PREFIX, "text"],
];

const examples = (list: readonly Rule[]) =>
  list.map(([match, example]) => [String(match), example]);

describe("rule lists: every entry catches its example", () => {
  for (const [list, pattern] of TABLES) {
    it.each(examples(RULE_LISTS[list]))(`${list}: %s catches "%s"`, (_match, example) => {
      expect(pattern.test(example)).toBe(true);
    });
  }
});

describe("rule lists: the extractor removes what each entry catches", () => {
  const removedBlocks: Array<keyof typeof RULE_LISTS> = [
    "boilerplatePhrases",
    "bylineLeadIns",
    "bylineLines",
    "captionLines",
    "promoLines",
    "consentLines",
    "affiliateLines",
  ];
  for (const list of removedBlocks) {
    it.each(examples(RULE_LISTS[list]))(`${list}: %s removes "%s"`, (_match, example) => {
      // Act
      const text = textOf(`<p>${example}</p>`);
      // Assess
      expect(text).toContain(PROSE[0]);
      expect(text).toContain(PROSE[1]);
      expect(text).not.toContain(example);
    });
  }

  it.each(examples(RULE_LISTS.promoMentions))(
    'promoMentions: %s removes "%s" standing apart from the paragraphs',
    (_match, example) => {
      // Prepare: the offer in a box of its own, after the story's paragraphs
      const text = textOf(`<div class="box"><p>${example}</p></div>`);
      expect(text).toContain(PROSE[1]);
      expect(text).not.toContain(example);
    },
  );

  it.each(examples(RULE_LISTS.teaserPrefixes))(
    "teaserPrefixes: %s removes the linked teaser %s",
    (_match, example) => {
      const text = textOf(`<p><a href="/2026/11/other.html">${example}</a></p>`);
      expect(text).toContain(PROSE[1]);
      expect(text).not.toContain(example);
    },
  );

  it.each(examples(RULE_LISTS.relatedHeadings))(
    "relatedHeadings: %s removes the heading %s and the links after it",
    (_match, example) => {
      const text = textOf(
        `<h2>${example}</h2><ul><li><a href="/a">Bridge closed again</a></li><li><a href="/b">Gates opened</a></li></ul>`,
      );
      expect(text).toContain(PROSE[1]);
      expect(text).not.toContain(example);
      expect(text).not.toContain("Bridge closed again");
    },
  );

  const removedByName: Array<keyof typeof RULE_LISTS> = [
    "unlikelyNames",
    "boilerplateWords",
    "boilerplateTokens",
  ];
  for (const list of removedByName) {
    it.each(examples(RULE_LISTS[list]))(`${list}: %s removes class="%s"`, (_match, example) => {
      const text = textOf(`<div class="${example}"><p>Furniture line beside the story.</p></div>`);
      expect(text).toContain(PROSE[1]);
      expect(text).not.toContain("Furniture line");
    });
  }
});

describe("rule lists: whole-token names leave real content alone", () => {
  it.each(["article-teaser", "teaser-text", "player-profile", "printable-story"])(
    'keeps the story in class="%s"',
    (name) => {
      // Prepare: the story itself sits in an element whose name holds a boilerplate word
      const html = `<!doctype html><html lang="en"><head><title>River rises</title></head><body>
      <div class="${name}"><p>${PROSE[0]}</p><p>${PROSE[1]}</p></div></body></html>`;
      // Act
      const { text } = extractArticle(html, URL);
      // Assess
      expect(text).toContain(PROSE[0]);
      expect(text).toContain(PROSE[1]);
    },
  );

  it("keeps a short lead paragraph whose class contains a boilerplate word", () => {
    const text = textOf(`<p class="article-teaser">A short lead about the river.</p>`);
    expect(text).toContain("A short lead about the river.");
  });

  it("removes a box whose whole class token is a boilerplate word", () => {
    const text = textOf(`<div class="teaser"><p>Other story about a fire.</p></div>`);
    expect(text).not.toContain("Other story about a fire.");
  });

  it.each(["teaser", "teaser__title", "teaser--wide", "teaser-list", "article-player"])(
    'matches whole tokens: "%s" against the boilerplate names',
    (name) => {
      expect(PATTERNS.boilerplate.test(name)).toBe(
        name.startsWith("teaser") && name !== "teaser-list",
      );
    },
  );
});

describe("rule lists: quoted embeds and leads are never removed by name", () => {
  it.each(examples(RULE_LISTS.quotedEmbedWords))(
    "quotedEmbedWords: %s keeps a quoted post in class %s",
    (_match, example) => {
      const text = textOf(
        `<blockquote class="${example} social"><p>Water over the road on Main Street this morning, said a resident.</p></blockquote>`,
      );
      expect(text).toContain("Water over the road on Main Street");
    },
  );

  it.each(examples(RULE_LISTS.leadWords))(
    "leadWords: %s keeps a lead in class %s",
    (_match, example) => {
      const text = textOf(
        `<div class="${example} social"><p>The river has risen two metres since Sunday evening.</p></div>`,
      );
      expect(text).toContain("The river has risen two metres");
    },
  );
});
