/** Our extractor as a corpus predictor: the fields the corpus scores, and the page's kind. */
import { extractArticle } from "../../functions/core/extract/index";
import type { Prediction } from "./score";

export function predictWithExtractor(html: string, url: string): Prediction {
  const article = extractArticle(html, url);
  return {
    title: article.title,
    authors: article.authors,
    publishedAt: article.publishedAtLocal ?? article.publishedAt,
    language: article.language,
    tags: article.tags,
    // The text stays: a page called "not an article" is still scored on its content.
    text: article.text,
    isArticle: article.isArticle,
    pageType: article.pageType,
  };
}
