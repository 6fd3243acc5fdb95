/** Small string helpers shared by the metadata readers. */

/** Collapses runs of whitespace (including NBSP and zero-width characters) and trims. */
export function cleanText(value: string | null | undefined): string {
  if (!value) return "";
  return value
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[\s\u00a0]+/g, " ")
    .trim()
    .normalize("NFC");
}

/** HTML 4 names of Latin-1 characters 160-255, in code point order (`nbsp` = 160 ... `yuml` = 255). */
const LATIN1_ENTITY_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml".split(
    " ",
  );

const NAMED_ENTITIES: Record<string, string> = {
  ...Object.fromEntries(LATIN1_ENTITY_NAMES.map((name, i) => [name, String.fromCharCode(160 + i)])),
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  euro: "€",
  bull: "•",
  trade: "™",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** The character a named entity stands for; own keys only, so `&constructor;` stays as written. */
function namedEntity(name: string): string | undefined {
  return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
}

/**
 * Decodes HTML entities left inside values that were already parsed once (JSON-LD strings and
 * some meta contents are double-encoded by publishers: `&amp;#039;`).
 */
export function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, code: string) => {
    if (code[0] === "#") {
      const point =
        code[1] === "x" || code[1] === "X"
          ? Number.parseInt(code.slice(2), 16)
          : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(point) && point > 0 && point < 0x110000
        ? String.fromCodePoint(point)
        : match;
    }
    return namedEntity(code) ?? namedEntity(code.toLowerCase()) ?? match;
  });
}

/** Strips tags from a string that may contain markup (some JSON-LD values hold HTML). */
export function stripTags(value: string): string {
  return value.replace(/<[^>]*>/g, " ");
}

/** Text as a person reads it: tags stripped, entities decoded, whitespace collapsed. */
export function plainText(value: string | null | undefined): string {
  if (!value) return "";
  return cleanText(decodeEntities(stripTags(decodeEntities(value))));
}

/** Comparison key: lower case, letters and digits only. */
export function compareKey(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** True for absolute http(s) URLs and protocol-relative ones. */
export function looksLikeUrl(value: string): boolean {
  return /^(https?:)?\/\/\S+$/i.test(value.trim()) || /^www\.\S+\.\S+$/i.test(value.trim());
}

/** Resolves `href` against `base`, returning null for anything that is not http(s). */
export function absoluteUrl(href: string | null | undefined, base: string): string | null {
  const value = cleanText(href);
  if (!value || /^(data|javascript|mailto|tel):/i.test(value)) return null;
  try {
    const resolved = new URL(value, base);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : null;
  } catch {
    return null;
  }
}

/** Removes duplicates by `key`, keeping the first occurrence. */
export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
