/**
 * Which URL a story is keyed by. A page's `rel=canonical` (or `og:url`) becomes the
 * record's identity only when it is on the same site (registrable domain) as the URL we
 * actually fetched: a canonical pointing to another site could let any page claim
 * another publisher's record, so it is kept as metadata but not trusted as identity.
 * AMP caches are the documented exception the other way round: they are never identities.
 */
import { siteOf } from "./article-record";
import { articleIdFor, normalizeUrl } from "./normalize-url";

export interface Identity {
  articleId: string;
  /** Normalized identity URL. */
  url: string;
  /** The canonical URL the page declared, normalized, when it was trusted. */
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
  let canonical: string | null = null;
  if (declaredCanonical) {
    try {
      const candidate = normalizeUrl(new URL(declaredCanonical, finalUrl).toString());
      if (siteOf(candidate) === siteOf(final)) canonical = candidate;
    } catch {
      canonical = null; // a malformed canonical is ignored, not fatal
    }
  }
  const url = canonical ?? final;
  return {
    articleId: articleIdFor(url),
    url,
    canonicalUrl: canonical,
    aliases: [...new Set([submitted, final, url])],
  };
}
