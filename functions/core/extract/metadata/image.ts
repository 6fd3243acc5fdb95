/**
 * Lead image: the URL from JSON-LD `image`, `og:image`, `twitter:image`, microdata or
 * `link rel=image_src`; the caption and credit from the JSON-LD `ImageObject` or, failing that,
 * from the `<figure>` on the page that shows the same picture.
 */
import type { CheerioAPI } from "cheerio/slim";
import type { LeadImage, MetadataSource } from "../types";
import { METADATA_BOUNDS } from "./bounds";
import { isJsonLdObject, type JsonLdDocument, resolveRef, stringOf, valuesOf } from "./json-ld";
import type { MetaTags } from "./meta-tags";
import { metaSource } from "./meta-tags";
import { microdataValues } from "./microdata";
import { absoluteUrl, cleanText, plainText } from "./text";

/** Credit lead-ins inside captions: "Foto: Jane Doe", "Photo: Agency", "© Agency", "Credit: ...". */
const CREDIT_IN_CAPTION =
  /(?:^|[\s(|/·–—-])(?:©|\(c\)|copyright|photo(?:graph)?s?|foto(?:s|grafie)?|bild|image|picture|credit|quelle|source|fuente|crédit(?:s)?|imagen)\s*:?\s*([^()|]{2,80}?)\s*\)?\s*$/i;

/** Classes of elements that hold a photo credit inside a figure. */
const CREDIT_SELECTOR =
  '[class*="credit" i], [class*="copyright" i], [class*="source" i], [class*="photographer" i], [class*="author" i], small';

/** Longest caption kept; longer figcaptions are article text captured by mistake. */
const MAX_CAPTION_LENGTH = METADATA_BOUNDS.caption;

interface FoundImage {
  url: string;
  caption: string | null;
  credit: string | null;
  source: MetadataSource;
}

function fromJsonLd(doc: JsonLdDocument, pageUrl: string): FoundImage | null {
  for (const node of [doc.article, doc.webPage]) {
    for (const raw of valuesOf(node, "image").concat(valuesOf(node, "thumbnailUrl"))) {
      const value = resolveRef(doc, raw);
      if (typeof value === "string") {
        const url = absoluteUrl(value, pageUrl);
        if (url) return { url, caption: null, credit: null, source: "json-ld" };
        continue;
      }
      if (!isJsonLdObject(value)) continue;
      const url = absoluteUrl(stringOf(value.url) ?? stringOf(value.contentUrl), pageUrl);
      if (!url) continue;
      const caption = plainText(stringOf(value.caption) ?? stringOf(value.description)) || null;
      const creditRaw =
        stringOf(value.creditText) ??
        stringOf(resolveRef(doc, value.copyrightHolder)) ??
        stringOf(resolveRef(doc, value.author)) ??
        stringOf(value.copyrightNotice);
      return { url, caption, credit: plainText(creditRaw) || null, source: "json-ld" };
    }
  }
  return null;
}

/** File name without size suffixes and extension, to match CDN variants of one picture. */
function imageStem(url: string): string {
  try {
    const file = new URL(url).pathname.split("/").filter(Boolean).pop() ?? "";
    return file
      .toLowerCase()
      .replace(/\.(jpe?g|png|webp|gif|avif)$/, "")
      .replace(/[-_](\d{2,4}x\d{2,4}|w\d{2,4}|\d{2,4}w|scaled|large|medium|small)$/, "");
  } catch {
    return "";
  }
}

function imageSources($: CheerioAPI, img: ReturnType<CheerioAPI>): string[] {
  const out: string[] = [];
  for (const attr of [
    "src",
    "data-src",
    "data-original",
    "data-lazy-src",
    "srcset",
    "data-srcset",
  ]) {
    const value = img.attr(attr);
    if (value) out.push(...value.split(",").map((s) => s.trim().split(/\s+/)[0] ?? ""));
  }
  img
    .closest("picture")
    .find("source")
    .each((_, s) => {
      const value = $(s).attr("srcset") ?? $(s).attr("data-srcset");
      if (value) out.push(...value.split(",").map((x) => x.trim().split(/\s+/)[0] ?? ""));
    });
  return out.filter(Boolean);
}

/** Splits "Caption text. Foto: Jane Doe" into caption and credit. */
export function splitCaptionCredit(text: string): {
  caption: string | null;
  credit: string | null;
} {
  const clean = cleanText(text);
  const match = CREDIT_IN_CAPTION.exec(clean);
  if (!match || match.index === undefined) return { caption: clean || null, credit: null };
  const caption = cleanText(clean.slice(0, match.index)).replace(/[\s(|/·–—-]+$/, "");
  return { caption: caption || null, credit: cleanText(match[1]) || null };
}

/** Labels and punctuation around a credit: "Credits: Strava", "/Jane Doe", "© Agency |". */
export function cleanCredit(text: string): string {
  return cleanText(text)
    .replace(
      /^(?:©|\(c\)|copyright|credits?|photos?|fotos?|bild(?:er)?|image|quelle|source|fuente)\s*:?\s*/i,
      "",
    )
    .replace(/^[\s/|·,:;–—-]+|[\s/|·,:;–—-]+$/g, "")
    .trim();
}

/** Caption and credit from the `<figure>` showing `url` (same file name), if the page has one. */
function fromFigure($: CheerioAPI, url: string, pageUrl: string) {
  const stem = imageStem(url);
  if (!stem) return null;
  let result: { caption: string | null; credit: string | null } | null = null;
  $("figure img, figure picture source").each((_, node) => {
    const img = $(node);
    const matches = imageSources($, img).some((src) => {
      const abs = absoluteUrl(src, pageUrl);
      return abs !== null && imageStem(abs) === stem;
    });
    if (!matches) return undefined;
    const figure = img.closest("figure");
    const figcaption = figure.find("figcaption").first();
    if (figcaption.length === 0) return false;
    const creditEl = figcaption.find(CREDIT_SELECTOR).first();
    const creditText = creditEl.length > 0 ? cleanText(creditEl.text()) : "";
    const captionEl = figcaption.clone();
    captionEl.find(CREDIT_SELECTOR).remove();
    const split = splitCaptionCredit(captionEl.text());
    const caption =
      split.caption && split.caption.length <= MAX_CAPTION_LENGTH ? split.caption : null;
    const credit = cleanCredit(creditText) || (split.credit ? cleanCredit(split.credit) : "");
    result = { caption, credit: credit || null };
    return false;
  });
  return result as { caption: string | null; credit: string | null } | null;
}

export function readLeadImage(
  $: CheerioAPI,
  doc: JsonLdDocument,
  meta: MetaTags,
  pageUrl: string,
): { image: LeadImage | null; source: MetadataSource | null } {
  let found = fromJsonLd(doc, pageUrl);
  if (!found) {
    const key = meta.firstKey(
      "og:image:secure_url",
      "og:image",
      "og:image:url",
      "twitter:image",
      "twitter:image:src",
    );
    const url = key ? absoluteUrl(meta.first(key), pageUrl) : null;
    if (key && url) found = { url, caption: null, credit: null, source: metaSource(key) };
  }
  if (!found) {
    const url = absoluteUrl(
      microdataValues($, "image")[0] ?? $('link[rel="image_src"]').attr("href"),
      pageUrl,
    );
    if (url) found = { url, caption: null, credit: null, source: "microdata" };
  }
  if (!found) return { image: null, source: null };
  if (!found.caption || !found.credit) {
    const figure = fromFigure($, found.url, pageUrl);
    if (figure) {
      found.caption = found.caption ?? figure.caption;
      found.credit = found.credit ?? figure.credit;
    }
  }
  if (found.caption && !found.credit) {
    const split = splitCaptionCredit(found.caption);
    if (split.credit) {
      found.caption = split.caption;
      found.credit = split.credit;
    }
  }
  return {
    image: {
      url: found.url,
      caption: found.caption,
      credit: found.credit ? cleanCredit(found.credit) || null : null,
    },
    source: found.source,
  };
}
