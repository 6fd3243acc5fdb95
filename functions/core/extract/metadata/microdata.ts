/** Microdata (`itemprop`) reader for the properties of an article's `itemscope`. */
import type { Cheerio, CheerioAPI } from "cheerio/slim";
import type { AnyNode } from "domhandler";
import { cleanText } from "./text";

/** The value of one `itemprop` element, following the microdata rules for each tag. */
export function itempropValue($: CheerioAPI, el: Cheerio<AnyNode>): string {
  const tag = (el.prop("tagName") ?? "").toLowerCase();
  if (el.attr("content") !== undefined) return cleanText(el.attr("content"));
  if (tag === "time") return cleanText(el.attr("datetime") ?? el.text());
  if (tag === "a" || tag === "link" || tag === "area") return cleanText(el.attr("href"));
  if (tag === "img" || tag === "source" || tag === "video" || tag === "audio") {
    return cleanText(el.attr("src"));
  }
  if (tag === "meta") return cleanText(el.attr("content"));
  if (tag === "data" || tag === "meter") return cleanText(el.attr("value"));
  return cleanText($(el).text());
}

/** Values of `itemprop~=prop` elements anywhere in the document, in order. */
export function microdataValues($: CheerioAPI, prop: string): string[] {
  const out: string[] = [];
  $(`[itemprop~="${prop}"]`).each((_, node) => {
    const value = itempropValue($, $(node));
    if (value) out.push(value);
  });
  return out;
}

/** `itemtype`s whose `author` is the article's author. */
const ARTICLE_SCOPE = /article|posting|report|webpage|creativework/i;

/**
 * People named by `itemprop=author|creator`: a nested `itemscope` gives its `name` property,
 * a plain element gives its text. Only one article's authors are read: when several article
 * scopes name authors (a story and the cards of other stories), those of the scope holding
 * the page's `<h1>` (else the first); an author element in page chrome (related-story boxes,
 * asides, navigation, comments) or crediting another role (`skip`) is left out.
 */
export function microdataAuthors(
  $: CheerioAPI,
  skip: (node: AnyNode) => boolean = () => false,
): string[] {
  const byScope = new Map<AnyNode | null, string[]>();
  $('[itemprop~="author"], [itemprop~="creator"]').each((_, node) => {
    const el = $(node);
    // The author of a photo, comment or review inside the page is not the article's author.
    const scope = el.parent().closest("[itemscope]");
    if (scope.length > 0 && !ARTICLE_SCOPE.test(scope.attr("itemtype") ?? "Article")) return;
    if (skip(node)) return;
    let value: string;
    if (el.attr("itemscope") !== undefined) {
      const name = el.find('[itemprop~="name"]').first();
      value = name.length > 0 ? itempropValue($, name) : cleanText(el.text());
    } else value = itempropValue($, el);
    if (!value) return;
    const key = scope.get(0) ?? null;
    const list = byScope.get(key) ?? [];
    list.push(value);
    byScope.set(key, list);
  });
  if (byScope.size <= 1) return [...byScope.values()].flat();
  for (let node: AnyNode | null = $("h1").get(0) ?? null; node; node = node.parent) {
    const names = byScope.get(node);
    if (names) return names;
  }
  return [...byScope.values()][0] ?? [];
}
