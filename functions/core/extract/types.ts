/** What `extractArticle(html, url)` returns: the record's metadata plus the body in three forms. */
import type { PageType } from "./page-kind";

export type { PageType };

export type MetadataSource =
  | "json-ld"
  | "json-payload"
  | "opengraph"
  | "twitter"
  | "meta"
  | "dublin-core"
  | "microdata"
  | "time-element"
  | "html-lang"
  | "link"
  | "url"
  | "byline"
  /** The site's own name, on a site named after a person (authors only). */
  | "site-name"
  | "text"
  | "title-element"
  | "heading"
  | "structure";

export interface LeadImage {
  url: string;
  caption: string | null;
  credit: string | null;
}

export interface ExtractedLink {
  href: string;
  text: string;
}

export interface ExtractedArticle {
  /** One main text with a headline (functions/core/extract/page-kind.ts decides). */
  isArticle: boolean;
  /** What kind of page it is; null when it is not an article of no clear kind. */
  pageType: PageType | null;
  /** The signals that decided `isArticle` and `pageType`, strongest first. */
  pageSignals: string[];
  title: string | null;
  description: string | null;
  authors: string[];
  /** ISO 8601 in UTC (`...Z`). */
  publishedAt: string | null;
  /** The same instant as the page states it, with its offset, when known. */
  publishedAtLocal: string | null;
  modifiedAt: string | null;
  /** ISO 639-1 code, lower case. */
  language: string | null;
  section: string | null;
  tags: string[];
  image: LeadImage | null;
  canonicalUrl: string | null;
  ampUrl: string | null;
  siteName: string | null;
  /** `false` when the page declares a paywall (`isAccessibleForFree`), null when it says nothing. */
  isAccessibleForFree: boolean | null;
  /** Links inside the article body, absolute. */
  links: ExtractedLink[];
  /** Body as plain text, blocks separated by a blank line; the headline is not part of it. */
  text: string;
  markdown: string;
  /** Sanitized HTML of the body (allow-listed tags and attributes, absolute URLs). */
  html: string;
  wordCount: number;
  /** Which source won for each metadata field. */
  provenance: Partial<Record<string, MetadataSource>>;
}
