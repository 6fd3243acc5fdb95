/**
 * `npm run bench`: Mozilla Readability on linkedom (its usual pairing for server-side use)
 * as a whole process (see worker.ts).
 */
import { Readability } from "@mozilla/readability";
import { load } from "cheerio/slim";
import { parseHTML } from "linkedom";
import type { PagePredictor } from "../../cli/eval/run-corpus";
import { renderText } from "../../functions/core/extract/body/render-text";
import { serveBench } from "./worker";

const predictWithReadability: PagePredictor = (html) => {
  const { document } = parseHTML(html);
  const article = new Readability(document as never).parse();
  return {
    title: article?.title ?? null,
    authors: article?.byline ? [article.byline] : [],
    publishedAt: article?.publishedTime ?? null,
    language: article?.lang ?? document.documentElement?.getAttribute("lang") ?? null,
    tags: [],
    // Its HTML rendered with block breaks, as ours: textContent glues "Heading" + "Text".
    text: article?.content
      ? renderText(load(article.content, null, false).root()[0]?.children ?? [])
      : "",
  };
};

serveBench(predictWithReadability);
