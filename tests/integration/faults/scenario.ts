/**
 * The submissions every fault scenario sends: articles, a few 404s, a URL that does not
 * parse and a body that is not a message at all, so each kind of ending is exercised.
 */
import type { GeneratedSite } from "../../../cli/local/generated-site";

export function scenarioBodies(
  site: Pick<GeneratedSite, "articleUrl" | "missingUrl">,
  articles: number,
): string[] {
  const bodies: string[] = [];
  for (let n = 0; n < articles; n++) bodies.push(JSON.stringify({ url: site.articleUrl(n) }));
  bodies.push(JSON.stringify({ url: site.missingUrl(1) }), site.missingUrl(2));
  bodies.push(JSON.stringify({ url: "http://exa mple.invalid/has a space" }));
  bodies.push("this is not a submission");
  return bodies;
}
