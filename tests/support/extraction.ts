import type { ExtractedArticle } from "../../functions/core/extract/types";

/** An extraction with `words` words of text and nothing else, with any field overridden. */
export function fakeExtraction(
  words: number,
  extra: Partial<ExtractedArticle> = {},
): ExtractedArticle {
  return {
    title: "T",
    description: null,
    authors: [],
    publishedAt: null,
    publishedAtLocal: null,
    modifiedAt: null,
    language: "en",
    section: null,
    tags: [],
    image: null,
    canonicalUrl: null,
    ampUrl: null,
    siteName: null,
    isAccessibleForFree: null,
    links: [],
    text: "word ".repeat(words).trim(),
    markdown: "",
    html: "",
    wordCount: words,
    provenance: {},
    ...extra,
  };
}
