/** Authors from every source, in precedence order: the first source naming a person wins. */
import type { CheerioAPI } from "cheerio/slim";
import { isPublisherName, looksLikePerson, normalizeAuthors } from "./authors";
import {
  isJsonLdObject,
  type JsonLdDocument,
  type JsonLdNode,
  resolveRef,
  stringOf,
  valuesOf,
} from "./json-ld";
import type { MetaTags } from "./meta-tags";
import { microdataAuthors } from "./microdata";
import type { Candidate } from "./sources";
import { looksLikeUrl } from "./text";
import { authorLinks, leadInBylines, visibleBylines } from "./visible";

/** Profile URLs name the person in their last path segment: `/author/jane-doe`. */
const AUTHOR_URL_PATH =
  /\/(?:authors?|autor(?:en)?|auteurs?|profiles?|people|journalists?|staff|redaktion|writers?)\/([^/?#]+)\/?$/i;

function nameFromProfileUrl(url: string): string | null {
  const match = AUTHOR_URL_PATH.exec(url.replace(/[?#].*$/, ""));
  const slug = match?.[1];
  if (!slug || /\d{3,}/.test(slug)) return null;
  let decoded = slug;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    // Malformed percent-encoding: use the slug as written.
  }
  return decoded
    .split(/[-_.+]+/)
    .filter(Boolean)
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join(" ");
}

function jsonLdAuthors(doc: JsonLdDocument, node: JsonLdNode | null): string[] {
  const out: string[] = [];
  for (const key of ["author", "creator"]) {
    for (const raw of valuesOf(node, key)) {
      const value = resolveRef(doc, raw);
      if (typeof value === "string") {
        out.push(looksLikeUrl(value) ? (nameFromProfileUrl(value) ?? "") : value);
      } else if (isJsonLdObject(value)) {
        const name =
          stringOf(value.name) ??
          [stringOf(value.givenName), stringOf(value.familyName)].filter(Boolean).join(" ");
        out.push(name || nameFromProfileUrl(stringOf(value.url) ?? "") || "");
      }
    }
    if (out.some(Boolean)) break;
  }
  return out.filter(Boolean);
}

function metaAuthors(meta: MetaTags, keys: string[]): string[] {
  return meta
    .all(...keys)
    .map((v) => (looksLikeUrl(v) ? (nameFromProfileUrl(v) ?? "") : v))
    .filter(Boolean);
}

/** A short agency credit: an acronym ("AFP", "ANSA") or a lower-case one ("dpa"). */
const AGENCY_CREDIT = /^(?:\p{Lu}{2,6}|\p{Ll}{2,4})$/u;

export function pickAuthors(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
  publisherNames: string[],
): Candidate<string[]> | null {
  // Sources are read lazily: the visible byline scan is the costly one and rarely needed.
  const sources: Array<Candidate<() => string[]>> = [
    { value: () => jsonLdAuthors(doc, doc.article), source: "json-ld" },
    { value: () => microdataAuthors($), source: "microdata" },
    {
      value: () =>
        metaAuthors(meta, ["author", "article:author", "parsely-author", "sailthru.author", "byl"]),
      source: "meta",
    },
    {
      value: () => metaAuthors(meta, ["dc.creator", "dcterms.creator", "dc:creator"]),
      source: "dublin-core",
    },
    { value: () => jsonLdAuthors(doc, doc.webPage), source: "json-ld" },
    { value: () => authorLinks($), source: "byline" },
    { value: () => leadInBylines($), source: "byline" },
    { value: () => visibleBylines($), source: "byline" },
  ];
  let fallback: Candidate<string[]> | null = null;
  for (const [index, source] of sources.entries()) {
    // Author links and "By ..." lines credit whoever they name: a single name ("Amanda"), and
    // on author links a user name ("jdoe").
    const credits = index >= sources.length - 3 && index < sources.length - 1;
    let names = normalizeAuthors(source.value(), publisherNames, {
      usernames: index === sources.length - 3,
    });
    // Byline selectors also match page chrome; from them keep person-shaped names and short
    // agency credits ("dpa", "AFP") only.
    if (source.source === "byline" && !credits)
      names = names.filter((n) => looksLikePerson(n) || AGENCY_CREDIT.test(n));
    if (names.length === 0) continue;
    const people = names.filter((n) => !isPublisherName(n, publisherNames));
    // A visible byline replaces a publisher-only credit from markup only when it names people:
    // page chrome matched by the byline selectors ("Europe", "Share") must not win.
    if (fallback && source.source === "byline" && !people.every(looksLikePerson)) continue;
    if (people.length > 0) return { value: names, source: source.source };
    fallback ??= { value: names, source: source.source };
  }
  return fallback;
}
