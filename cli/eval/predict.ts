/** Our extractor as a corpus predictor: the fields the corpus scores, and the page's kind. */
import { extractArticle } from "../../functions/core/extract/index";
import type { PageType } from "../../functions/core/extract/types";
import type { Prediction } from "./score";

/** A prediction with the verdict on the page: an article or not, and its kind when known. */
export type KindedPrediction = Prediction & { isArticle: boolean; pageType: PageType | null };

export function predictWithExtractor(html: string, url: string): KindedPrediction {
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
