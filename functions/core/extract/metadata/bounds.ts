/**
 * How long each metadata field may be, and how many values a list may hold: a hostile page
 * (a 500 KB description, 30,000 `article:tag` metas) must still make a record that fits in
 * a DynamoDB item (400 KB) with room to spare. Lengths count UTF-16 code units (JavaScript
 * string length); a DynamoDB item counts UTF-8 bytes, at most 3 per code unit.
 *
 * Text is cut (`cutText`, on a character boundary, never inside a surrogate pair); a URL
 * is never cut (a cut URL points elsewhere): a longer one is dropped. A list keeps its
 * first values. docs/metadata.md ("Bounds") lists the same table.
 */
export const METADATA_BOUNDS = {
  /** Longer than any real headline (the longest front-page headlines run to ~300). */
  title: 500,
  /** A description is a summary; search engines show about 160 characters of it. */
  description: 2000,
  /** Publisher names, also the `twitter:site` handle fallback. */
  siteName: 200,
  section: 200,
  /** Longer "keywords" are sentences stuffed in for search engines: dropped, not cut. */
  tagLength: 60,
  tagCount: 50,
  /** A byline name longer than this is a sentence; it is cut. */
  authorLength: 200,
  /** More names than any real byline (large collaborative pieces list a few dozen). */
  authorCount: 20,
  /** Image, canonical and AMP URLs, link targets: the sitemap protocol's URL limit. */
  url: 2048,
  /** A caption is a sentence or two; a longer figcaption is article text caught by mistake. */
  caption: 600,
  credit: 200,
  /** In-body links kept in the extraction document (which lives in S3, not DynamoDB). */
  linkCount: 1000,
  linkText: 500,
} as const;

/** `value` cut to at most `max` UTF-16 code units, never splitting a surrogate pair. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  // A high surrogate at the end would lose its low half: leave the whole character out.
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end).trimEnd();
}

/** `value` cut to `max` (null stays null). */
export function cutField(value: string | null, max: number): string | null {
  return value === null ? null : cutText(value, max);
}

/** The URL when it is at most `METADATA_BOUNDS.url` long, else null (a cut URL is wrong). */
export function boundedUrl(value: string | null): string | null {
  return value !== null && value.length <= METADATA_BOUNDS.url ? value : null;
}
