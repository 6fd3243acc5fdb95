import { MIN_ARTICLE_WORDS } from "../../functions/core/extract/page-kind";
import type { ExtractedArticle } from "../../functions/core/extract/types";

/**
 * An extraction with `words` words of text and nothing else, with any field overridden: an
 * article from `MIN_ARTICLE_WORDS` words on, a page of no kind below.
 */
export function fakeExtraction(
  words: number,
  extra: Partial<ExtractedArticle> = {},
): ExtractedArticle {
  const isArticle = words >= MIN_ARTICLE_WORDS;
  return {
    isArticle,
    pageType: isArticle ? "article" : null,
    pageSignals: isArticle ? [] : ["too-few-words"],
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
