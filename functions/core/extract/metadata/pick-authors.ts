/** Authors from every source, in precedence order: the first source naming a person wins. */
import type { CheerioAPI } from "cheerio/slim";
import { isPublisherName, isUserHandle, looksLikePerson, normalizeAuthors } from "./authors";
import {
  isJsonLdObject,
  type JsonLdDocument,
  type JsonLdNode,
  resolveRef,
  stringOf,
  typesOf,
  valuesOf,
} from "./json-ld";
import type { MetaTags } from "./meta-tags";
import { microdataAuthors } from "./microdata";
import type { Candidate } from "./sources";
import { cleanText, looksLikeUrl } from "./text";
import {
  authorBoxNames,
  authorLinks,
  handleBylines,
  headerLineNames,
  leadInBylines,
  notTheArticlesCredit,
  signatureNames,
  visibleBylines,
} from "./visible";

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

/** JSON-LD author names typed `Organization` (and its kinds): one name each, never split on "and". */
const ORGANIZATION_TYPE =
  /organization$|^(?:corporation|newsmediaorganization|governmentorganization|ngo|educationalorganization)$/i;

function jsonLdAuthors(
  doc: JsonLdDocument,
  node: JsonLdNode | null,
  organizations: Set<string>,
): string[] {
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
        if (name && typesOf(value).some((t) => ORGANIZATION_TYPE.test(t))) organizations.add(name);
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

/**
 * A desk or team credit in a byline ("Newsdesk", "The Example Team", "Redaktion Politik"):
 * the word for a newsroom's desk in the languages the extractor meets most.
 */
const DESK_CREDIT =
  /(?:^|\s)(?:team|staff|news\s?desk|newsroom|desk|editors|editorial\s+(?:team|staff|board)|redaktion|rédaction|redacción|redazione|redactie|redaksjonen|redaktionen|redakcja|redakce)$|^(?:the\s+)?(?:team|newsdesk|newsroom|redaktion|rédaction|redacción|redazione|redactie)(?:\s|$)/iu;

/** A site named after a person: two or three capitalised words of letters ("Jane Doe"). */
const OWNER_NAME = /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}$/u;
/** Words of a site's or brand's name, never a person's ("Example Blog", "Garden Studio"). */
const SITE_WORDS =
  /(?:^|\s)(?:the|blog|blogs|news|journal|magazine|media|studio|press|daily|times|post|shop|store|labs?|group|team|online|digital|hub|world|life|guide|reviews?|network|tech|home|official|site|web|co|inc|ltd|llc|gmbh)(?:\s|$)/i;
/** Links to the home page read for the site's name, and the longest such text. */
const MAX_HOME_LINKS = 5;
const MAX_HOME_LINK_TEXT = 40;

function foldedLetters(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Texts of links to the site's home page ("/", the origin): a blog's name is often one. */
function homeLinkTexts($: CheerioAPI, url: string): string[] {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const node of $("a[href]").toArray()) {
    const href = $(node).attr("href") ?? "";
    if (href !== "/" && href !== origin && href !== `${origin}/`) continue;
    const text = cleanText($(node).text());
    if (text && text.length <= MAX_HOME_LINK_TEXT) out.push(text);
    if (out.length >= MAX_HOME_LINKS) break;
  }
  return out;
}

/**
 * The person a personal site is named after, when no source credits anyone: the site's name
 * (declared, or the text of a link to the home page) is a person's name, and a word of it
 * (four letters or more) is in the host name ("Jane Doe" on janedoe.com or jane.blog.example).
 */
function siteOwner($: CheerioAPI, url: string, publisherNames: string[]): string[] {
  let host: string;
  try {
    host = foldedLetters(new URL(url).hostname);
  } catch {
    return [];
  }
  for (const candidate of [...publisherNames, ...homeLinkTexts($, url)]) {
    const name = cleanText(candidate);
    if (!OWNER_NAME.test(name) || !looksLikePerson(name) || SITE_WORDS.test(name)) continue;
    const words = foldedLetters(name).split(/[\s'’-]+/);
    if (words.some((w) => w.length >= 4 && host.includes(w))) return [name];
  }
  return [];
}

export function pickAuthors(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
  publisherNames: string[],
  url = "",
): Candidate<string[]> | null {
  // Sources are read lazily: the visible byline scan is the costly one and rarely needed.
  // `credits`: author links and "By ..." lines credit whoever they name (a single name,
  // "Amanda"); `usernames`: author links also a user name ("jdoe"). From the other visible
  // sources only person-shaped names, agencies and desk credits are kept.
  const organizations = new Set<string>();
  const sources: Array<Candidate<() => string[]> & { credits?: boolean; usernames?: boolean }> = [
    { value: () => jsonLdAuthors(doc, doc.article, organizations), source: "json-ld" },
    { value: () => microdataAuthors($, notTheArticlesCredit), source: "microdata" },
    {
      value: () =>
        metaAuthors(meta, ["author", "article:author", "parsely-author", "sailthru.author", "byl"]),
      source: "meta",
    },
    {
      value: () => metaAuthors(meta, ["dc.creator", "dcterms.creator", "dc:creator"]),
      source: "dublin-core",
    },
    { value: () => jsonLdAuthors(doc, doc.webPage, organizations), source: "json-ld" },
    { value: () => authorLinks($), source: "byline", credits: true, usernames: true },
    { value: () => leadInBylines($), source: "byline", credits: true },
    { value: () => handleBylines($), source: "byline", credits: true, usernames: true },
    { value: () => visibleBylines($), source: "byline" },
    { value: () => authorBoxNames($), source: "byline" },
    { value: () => signatureNames($), source: "byline" },
    { value: () => headerLineNames($), source: "byline" },
  ];
  let fallback: Candidate<string[]> | null = null;
  for (const source of sources) {
    const credits = source.credits === true;
    let names = normalizeAuthors(source.value(), publisherNames, {
      usernames: source.usernames === true,
      // Markup fields name the author and nothing else: their value counts as written.
      asWritten: source.source !== "byline",
      wholeNames: organizations,
    });
    // Byline selectors also match page chrome; from them keep person-shaped names and short
    // agency credits ("dpa", "AFP") only.
    if (source.source === "byline" && !credits)
      names = names.filter(
        (n) =>
          looksLikePerson(n) ||
          AGENCY_CREDIT.test(n) ||
          DESK_CREDIT.test(n) ||
          isPublisherName(n, publisherNames),
      );
    if (names.length === 0) continue;
    const people = names.filter((n) => !isPublisherName(n, publisherNames));
    // A visible byline replaces a publisher-only credit from markup only when it names people:
    // page chrome matched by the byline selectors ("Europe", "Share") must not win.
    // Author links (`rel=author`, links to author pages) name the author whatever its shape.
    if (
      fallback &&
      source.source === "byline" &&
      source.usernames !== true &&
      !people.every(looksLikePerson)
    )
      continue;
    // A markup field holding only a user name ("jdoe", "site_admin") is the account that
    // posted the page: a person named by a visible byline is the better credit.
    const handles =
      source.source !== "byline" && people.every((n) => isUserHandle(n) && !AGENCY_CREDIT.test(n));
    if (people.length > 0 && !handles) return { value: names, source: source.source };
    fallback ??= { value: names, source: source.source };
  }
  if (fallback) return fallback;
  const owner = siteOwner($, url, publisherNames);
  return owner.length > 0 ? { value: owner, source: "site-name" } : null;
}
