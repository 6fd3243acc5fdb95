/**
 * Which URL a story is keyed by. A page's `rel=canonical` (or `og:url`) becomes the
 * record's identity only when it is on the same site (registrable domain) as the URL we
 * actually fetched: a canonical pointing to another site could let any page claim
 * another publisher's record, so it is kept as metadata (`canonicalUrl`: a mirror or a
 * saved copy still names its original) but not trusted as identity, nor given an alias.
 * AMP caches are the documented exception the other way round: they are never identities.
 */
import { siteOf } from "./article-record";
import { articleIdFor, normalizeUrl } from "./normalize-url";

export interface Identity {
  articleId: string;
  /** Normalized identity URL. */
  url: string;
  /**
   * The canonical URL the page declared, normalized, also when it is on another site (then
   * it is metadata only: `url` stays on the fetched site and no alias points at it).
   */
  canonicalUrl: string | null;
  /** Every normalized URL that should resolve to this record (submitted, final, canonical). */
  aliases: string[];
}

export function resolveIdentity(
  submittedUrl: string,
  finalUrl: string,
  declaredCanonical: string | null,
): Identity {
  const submitted = normalizeUrl(submittedUrl);
  const final = normalizeUrl(finalUrl);
  const declared = declaredCanonical ? normalizedCanonical(declaredCanonical, finalUrl) : null;
  const trusted = declared !== null && siteOf(declared) === siteOf(final) ? declared : null;
  const url = trusted ?? final;
  return {
    articleId: articleIdFor(url),
    url,
    canonicalUrl: declared,
    aliases: [...new Set([submitted, final, url])],
  };
}

/** The declared canonical, absolute and normalized; null when it is malformed (not fatal). */
function normalizedCanonical(declared: string, finalUrl: string): string | null {
  try {
    return normalizeUrl(new URL(declared, finalUrl).toString());
  } catch {
    return null;
  }
}
