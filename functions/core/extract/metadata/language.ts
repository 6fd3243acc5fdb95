/**
 * Language of an article: the markup's declaration (`<html lang>`, `og:locale`, JSON-LD
 * `inLanguage`, `content-language`) normalised to ISO 639-1, checked against the body text.
 *
 * Rule (see docs/metadata.md): the markup wins unless the text clearly says otherwise.
 *  - no usable markup language → the language detected from the text (null if unsure);
 *  - the text is written in another script than the markup language uses (markup `en`,
 *    text in Cyrillic) → the detected language;
 *  - both are Latin-script languages the detector knows, the text is long enough, and the
 *    detector, asked to choose between the two, clearly prefers the other → the detected one;
 *  - otherwise the markup language (detectors confuse close languages such as no/da/sv).
 *
 * Detection: writing systems used by one language (Hangul, kana, Greek, Hebrew, Thai...) are
 * decided by counting characters; Latin, Cyrillic, Arabic and Devanagari text goes to
 * `franc-min` (trigram profiles of the 82 most spoken languages, ~170 KB minified).
 */
import { closerNeighbour, rankLanguages } from "./trigram-ranking";

/** Fewer letters than this and detection is a guess; return null instead. */
const MIN_LETTERS_TO_DETECT = 40;
/** A Latin-vs-Latin contradiction needs at least this much text before it overrides markup. */
const MIN_LETTERS_TO_CONTRADICT = 400;
/**
 * franc scores are relative and compressed (best = 1; English scores ~0.95 on German text).
 * Markup loses a Latin-vs-Latin contest only when its
 * language scores below this, so that near ties keep the publisher's declaration.
 */
const CONTRADICTION_SCORE = 0.975;
/** Text sample analysed: trigram statistics settle well within it (franc reads at most 2048). */
const SAMPLE_LENGTH = 1200;

/** ISO 639-3 codes franc-min returns → ISO 639-1 (languages without a 639-1 code are left out). */
const ISO3_TO_ISO1: Record<string, string> = {
  spa: "es",
  eng: "en",
  por: "pt",
  ind: "id",
  fra: "fr",
  deu: "de",
  jav: "jv",
  vie: "vi",
  ita: "it",
  tur: "tr",
  pol: "pl",
  swh: "sw",
  sun: "su",
  ron: "ro",
  hau: "ha",
  fuv: "ff",
  bos: "bs",
  hrv: "hr",
  nld: "nl",
  srp: "sr",
  ckb: "ku",
  yor: "yo",
  uzn: "uz",
  zlm: "ms",
  ibo: "ig",
  tgl: "tl",
  hun: "hu",
  azj: "az",
  ces: "cs",
  run: "rn",
  plt: "mg",
  qug: "qu",
  nya: "ny",
  zyb: "za",
  kin: "rw",
  zul: "zu",
  swe: "sv",
  lin: "ln",
  som: "so",
  rus: "ru",
  ukr: "uk",
  bel: "be",
  bul: "bg",
  kaz: "kk",
  arb: "ar",
  urd: "ur",
  pes: "fa",
  pbu: "ps",
  hin: "hi",
  mar: "mr",
  npi: "ne",
};
const ISO1_TO_ISO3: Record<string, string> = Object.fromEntries(
  Object.entries(ISO3_TO_ISO1).map(([three, one]) => [one, three]),
);

/** Other ISO 639-2/3 codes and legacy tags seen in markup → ISO 639-1. */
const TAG_ALIASES: Record<string, string> = {
  ...ISO3_TO_ISO1,
  ger: "de",
  fre: "fr",
  dut: "nl",
  cze: "cs",
  chi: "zh",
  zho: "zh",
  cmn: "zh",
  jpn: "ja",
  kor: "ko",
  ell: "el",
  gre: "el",
  heb: "he",
  ara: "ar",
  dan: "da",
  nor: "no",
  nob: "no",
  nno: "no",
  nb: "no",
  nn: "no",
  fin: "fi",
  slk: "sk",
  slo: "sk",
  slv: "sl",
  cat: "ca",
  est: "et",
  lav: "lv",
  lit: "lt",
  tha: "th",
  iw: "he",
  in: "id",
  ji: "yi",
  per: "fa",
  fas: "fa",
  msa: "ms",
  may: "ms",
  sqi: "sq",
  alb: "sq",
  isl: "is",
  ice: "is",
  gle: "ga",
  cym: "cy",
  wel: "cy",
  eus: "eu",
  baq: "eu",
  glg: "gl",
  afr: "af",
  xho: "xh",
};

/** Language names some CMSs write instead of codes. */
const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  german: "de",
  deutsch: "de",
  french: "fr",
  français: "fr",
  spanish: "es",
  español: "es",
  italian: "it",
  italiano: "it",
  portuguese: "pt",
  português: "pt",
  dutch: "nl",
  nederlands: "nl",
  polish: "pl",
  polski: "pl",
  russian: "ru",
  turkish: "tr",
  türkçe: "tr",
  swedish: "sv",
  svenska: "sv",
  danish: "da",
  dansk: "da",
  norwegian: "no",
  norsk: "no",
  czech: "cs",
  čeština: "cs",
  japanese: "ja",
  chinese: "zh",
  arabic: "ar",
  korean: "ko",
};

/** Writing systems used by (practically) one language, decided by character counts. */
const SINGLE_LANGUAGE_SCRIPTS: Array<[RegExp, string]> = [
  [/\p{Script=Hangul}/gu, "ko"],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, "ja"],
  [/\p{Script=Greek}/gu, "el"],
  [/\p{Script=Hebrew}/gu, "he"],
  [/\p{Script=Thai}/gu, "th"],
  [/\p{Script=Georgian}/gu, "ka"],
  [/\p{Script=Armenian}/gu, "hy"],
  [/\p{Script=Bengali}/gu, "bn"],
  [/\p{Script=Tamil}/gu, "ta"],
  [/\p{Script=Telugu}/gu, "te"],
  [/\p{Script=Kannada}/gu, "kn"],
  [/\p{Script=Malayalam}/gu, "ml"],
  [/\p{Script=Gujarati}/gu, "gu"],
  [/\p{Script=Gurmukhi}/gu, "pa"],
  [/\p{Script=Sinhala}/gu, "si"],
  [/\p{Script=Khmer}/gu, "km"],
  [/\p{Script=Lao}/gu, "lo"],
  [/\p{Script=Myanmar}/gu, "my"],
  [/\p{Script=Ethiopic}/gu, "am"],
];

type Script = "latin" | "cyrillic" | "arabic" | "devanagari" | "han" | "other";

/** The script each markup language is written in, for the script-contradiction test. */
const LANGUAGE_SCRIPT: Record<string, Script> = {
  ru: "cyrillic",
  uk: "cyrillic",
  bg: "cyrillic",
  be: "cyrillic",
  kk: "cyrillic",
  mk: "cyrillic",
  mn: "cyrillic",
  ar: "arabic",
  fa: "arabic",
  ur: "arabic",
  ps: "arabic",
  hi: "devanagari",
  mr: "devanagari",
  ne: "devanagari",
  zh: "han",
  ja: "han",
  ko: "other",
  el: "other",
  he: "other",
  th: "other",
  ka: "other",
  hy: "other",
  bn: "other",
  ta: "other",
  te: "other",
};

/** Normalises a language tag (`en-US`, `de_DE`, `deu`, `English`) to ISO 639-1, or null. */
export function normalizeLanguageTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const text = tag.trim().toLowerCase();
  if (!text) return null;
  // Own keys only: "constructor" or "__proto__" in markup is not a language.
  if (Object.hasOwn(LANGUAGE_NAMES, text)) return LANGUAGE_NAMES[text] ?? null;
  const primary = text.split(/[-_\s,;]/)[0] ?? "";
  if (Object.hasOwn(TAG_ALIASES, primary)) return TAG_ALIASES[primary] ?? null;
  if (/^[a-z]{2}$/.test(primary) && primary !== "xx" && primary !== "zz") return primary;
  return null;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

interface ScriptProfile {
  script: Script;
  /** Set when the script alone names the language. */
  language: string | null;
  letters: number;
}

function profileScript(text: string): ScriptProfile {
  const letters = count(text, /\p{L}/gu);
  // Mostly Latin text (the common case) needs no look at the other scripts.
  if (count(text, /\p{Script=Latin}/gu) > letters * 0.9) {
    return { script: "latin", language: null, letters };
  }
  const han = count(text, /\p{Script=Han}/gu);
  for (const [pattern, language] of SINGLE_LANGUAGE_SCRIPTS) {
    // Japanese mixes kana with Han; a few kana in Chinese text are quotes, not Japanese.
    const share = count(text, pattern) / Math.max(letters, 1);
    if (share > (language === "ja" ? 0.05 : 0.3)) {
      return { script: language === "ja" ? "han" : "other", language, letters };
    }
  }
  if (han / Math.max(letters, 1) > 0.3) return { script: "han", language: "zh", letters };
  const scripts: Array<[Script, number]> = [
    ["latin", count(text, /\p{Script=Latin}/gu)],
    ["cyrillic", count(text, /\p{Script=Cyrillic}/gu)],
    ["arabic", count(text, /\p{Script=Arabic}/gu)],
    ["devanagari", count(text, /\p{Script=Devanagari}/gu)],
  ];
  scripts.sort((a, b) => b[1] - a[1]);
  return { script: scripts[0]?.[0] ?? "other", language: null, letters };
}

interface Detection {
  language: string | null;
  profile: ScriptProfile;
  /** franc's relative scores (best = 1) by ISO 639-3 code, when franc was asked. */
  scores: Map<string, number>;
}

function detect(text: string): Detection {
  const sample = text.slice(0, SAMPLE_LENGTH);
  const profile = profileScript(sample);
  const scores = new Map<string, number>();
  if (profile.letters < MIN_LETTERS_TO_DETECT) return { language: null, profile, scores };
  if (profile.language) return { language: profile.language, profile, scores };
  // franc-min's ranking, computed faster (trigram-ranking.ts).
  const ranked = rankLanguages(sample, MIN_LETTERS_TO_DETECT);
  for (const [code, score] of ranked) scores.set(code, score);
  const ranking = ranked[0]?.[0];
  // A close neighbour franc-min has no model for (Xhosa beside Zulu) is told apart here.
  const best = ranking ? closerNeighbour(sample, ranking) : undefined;
  return {
    language: best ? (ISO3_TO_ISO1[best] ?? TAG_ALIASES[best] ?? null) : null,
    profile,
    scores,
  };
}

/** Detects the language of `text` (ISO 639-1), or null when the text is too short or unclear. */
export function detectLanguage(text: string): string | null {
  return detect(text).language;
}

/**
 * The article's language given the markup's declaration and the body text (rule above).
 * Returns the language and whether it came from the markup or the text.
 */
export function resolveLanguage(
  markupLanguage: string | null,
  text: string,
): { language: string | null; source: "markup" | "text" } {
  const markup = normalizeLanguageTag(markupLanguage);
  const { language: detected, profile, scores } = detect(text);
  if (!markup) return { language: detected, source: "text" };
  if (!detected || detected === markup) return { language: markup, source: "markup" };

  const markupScript = LANGUAGE_SCRIPT[markup] ?? "latin";
  if (markupScript !== profile.script) return { language: detected, source: "text" };

  // Scores are relative to the best language, so the markup language's score is how close it
  // came to the detected one.
  const markup3 = ISO1_TO_ISO3[markup];
  if (profile.script === "latin" && markup3 && profile.letters >= MIN_LETTERS_TO_CONTRADICT) {
    const markupScore = scores.get(markup3) ?? 1;
    if (markupScore < CONTRADICTION_SCORE) return { language: detected, source: "text" };
  }
  return { language: markup, source: "markup" };
}
