/**
 * The scores of the article corpus, exactly as its README defines them: body 4-gram F1 (the
 * scrapinghub metric), word F1 and must-include / must-exclude rates (the WCXB metrics), the
 * article-or-not verdict, title exact and token F1, authors set F1, date same minute / same
 * day with the precision of the dates given, language, tags set F1; over all pages, per
 * source, per language and per page type. Pure functions over plain values, so each rule is
 * unit-tested on tiny inputs.
 */

import type { PageType } from "../../functions/core/extract/page-kind";

/** What an extraction run predicts for one page. */
export interface Prediction {
  title: string | null;
  authors: string[];
  publishedAt: string | null;
  language: string | null;
  tags: string[];
  text: string;
  /** The extractor's verdict: `false` when it finds no article on the page. */
  isArticle?: boolean;
  /** `"not-article"` says the same as `isArticle: false`. */
  status?: string;
  /** The kind of page, where the extractor names it (`product`, `forum`, ...). */
  pageType?: string | null;
}

/** The page kinds of the corpus (the extractor's own); every kind but `article` is "not an article". */
export type { PageType };

/** The annotated fields of a page's `expected.json`; absent fields are not scored. */
export interface Expected {
  id: string;
  source?: string;
  pageType?: PageType;
  url?: string;
  title?: string;
  authors?: string[];
  publishedAt?: string;
  publishedAtUtc?: string;
  publishedAtPrecision?: "minute" | "day";
  language?: string;
  topics?: string[];
  body?: string;
  mustInclude?: string[];
  mustExclude?: string[];
}

const TOKEN = /[\p{L}\p{N}_]+/gu;
/** The body metric compares word 4-grams. */
const GRAM_SIZE = 4;

/** Runs of Unicode letters, digits and `_`, case kept. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The multiset of word 4-grams of a text; 1-3 tokens give one shorter gram, none gives none. */
export function wordGrams(text: string): Map<string, number> {
  const tokens = tokenize(text);
  const grams = new Map<string, number>();
  if (tokens.length === 0) return grams;
  const size = Math.min(GRAM_SIZE, tokens.length);
  for (let i = 0; i + size <= tokens.length; i++) {
    const gram = tokens.slice(i, i + size).join(" ");
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

export interface Overlap {
  tp: number;
  fp: number;
  fn: number;
}

/** Shared, extra and missing items of two multisets. */
export function multisetOverlap(predicted: Map<string, number>, expected: Map<string, number>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of predicted) {
    const other = expected.get(key) ?? 0;
    tp += Math.min(count, other);
    fp += Math.max(0, count - other);
  }
  for (const [key, count] of expected) {
    fn += Math.max(0, count - (predicted.get(key) ?? 0));
  }
  return { tp, fp, fn } satisfies Overlap;
}

export interface PagePR {
  /** null when the prediction is empty (the page does not count for precision). */
  precision: number | null;
  /** null when the expected body is empty (the page does not count for recall). */
  recall: number | null;
}

/** Per-page body precision and recall over word 4-grams. */
export function bodyPageScore(predicted: string, expected: string): PagePR {
  const p = wordGrams(predicted);
  const e = wordGrams(expected);
  const { tp, fp, fn } = multisetOverlap(p, e);
  const perfect = fp === 0 && fn === 0;
  return {
    precision: p.size === 0 ? null : perfect ? 1 : tp / (tp + fp),
    recall: e.size === 0 ? null : perfect ? 1 : tp / (tp + fn),
  };
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function harmonic(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Precision averaged over pages with a prediction, recall over pages with an expectation. */
export function aggregateBody(pages: PagePR[]): PRF {
  const precision = mean(pages.flatMap((s) => (s.precision === null ? [] : [s.precision])));
  const recall = mean(pages.flatMap((s) => (s.recall === null ? [] : [s.recall])));
  return { precision, recall, f1: harmonic(precision, recall), pages: pages.length };
}

/**
 * Whitespace as the reference scorer splits on (Unicode White_Space: U+FEFF and the zero-width
 * characters are format characters, not whitespace).
 */
const WHITESPACE = /\p{White_Space}+/gu;
/** Format characters (zero-width space and joiners, soft hyphen, BOM, direction marks). */
const FORMAT = /\p{Cf}/gu;

/** Whitespace collapsed, NFC, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.normalize("NFC").replace(WHITESPACE, " ").trim();
}

/** A title as compared: NFC, format characters dropped, whitespace collapsed. */
export function normalizeTitle(text: string): string {
  return collapseWhitespace(text.replace(FORMAT, ""));
}

export function titleExact(predicted: string | null, expected: string): boolean {
  return normalizeTitle(predicted ?? "") === normalizeTitle(expected);
}

/** F1 of two multisets; 1 when both are empty. */
function multisetF1(predicted: Map<string, number>, expected: Map<string, number>): number {
  if (predicted.size === 0 && expected.size === 0) return 1;
  const { tp, fp, fn } = multisetOverlap(predicted, expected);
  if (tp === 0) return 0;
  return harmonic(tp / (tp + fp), tp / (tp + fn));
}

function counts(items: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of items) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

/** Token F1 of two titles (tokens as in the body metric). */
export function titleTokenF1(predicted: string | null, expected: string): number {
  return multisetF1(
    counts(tokenize(normalizeTitle(predicted ?? ""))),
    counts(tokenize(normalizeTitle(expected))),
  );
}

/**
 * Word F1 of one page (the WCXB metric): lower-cased tokens as multisets. An empty prediction
 * scores 0; an empty expected body scores 1 when the prediction is empty too, else 0.
 */
export function wordPageScore(
  predicted: string,
  expected: string,
): { precision: number; recall: number; f1: number } {
  const p = counts(tokenize(predicted.toLowerCase()));
  const e = counts(tokenize(expected.toLowerCase()));
  if (e.size === 0) {
    const score = p.size === 0 ? 1 : 0;
    return { precision: score, recall: score, f1: score };
  }
  if (p.size === 0) return { precision: 0, recall: 0, f1: 0 };
  const { tp, fp, fn } = multisetOverlap(p, e);
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { precision, recall, f1: harmonic(precision, recall) };
}

/** The share of passages found in the text (case-insensitive, as written); null when none. */
export function passageShare(text: string, passages: string[] | undefined): number | null {
  if (!passages || passages.length === 0) return null;
  const haystack = text.toLowerCase();
  const found = passages.filter((passage) => haystack.includes(passage.toLowerCase())).length;
  return found / passages.length;
}

/** The verdict of a prediction: says "not an article" (the class sought) or not. */
export function saysNotArticle(prediction: Prediction): boolean {
  return prediction.isArticle === false || prediction.status === "not-article";
}

/** Case- and whitespace-normalised form of a name or tag. */
export function normalizeName(name: string): string {
  return collapseWhitespace(name).toLowerCase();
}

/** Set F1 over normalised strings; 1 when both sets are empty. */
export function setF1(predicted: string[], expected: string[]): number {
  const p = new Set(predicted.map(normalizeName).filter((s) => s !== ""));
  const e = new Set(expected.map(normalizeName).filter((s) => s !== ""));
  if (p.size === 0 && e.size === 0) return 1;
  let tp = 0;
  for (const item of p) if (e.has(item)) tp++;
  if (tp === 0) return 0;
  return harmonic(tp / p.size, tp / e.size);
}

const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;

/** Offset of an ISO date string in minutes, or null when it states none. */
function offsetMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/[T ]\d/.test(trimmed)) return null;
  const match = OFFSET.exec(trimmed);
  if (!match) return null;
  const raw = match[0];
  if (raw.toUpperCase() === "Z") return 0;
  const digits = raw.replace(":", "");
  const sign = digits.startsWith("-") ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/**
 * Milliseconds since the epoch of an ISO 8601 date, or null when the text is no date. A date
 * or time without an offset is read as UTC, never in the scoring machine's time zone.
 */
export function instant(text: string): number | null {
  const trimmed = text.trim();
  const parts = DATE_TIME.exec(trimmed);
  if (!parts) return null;
  const [, y, mo, d, h = "0", mi = "0", sec = "0"] = parts;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number.isNaN(wall)) return null;
  return wall - (offsetMinutes(trimmed) ?? 0) * 60_000;
}

/** The calendar day a date states (`YYYY-MM-DD`), as written. */
function statedDay(text: string): string | null {
  const parts = DATE_TIME.exec(text.trim());
  return parts ? `${parts[1]}-${parts[2]}-${parts[3]}` : null;
}

/** Both dates name the same UTC minute (a prediction without an offset is read as UTC). */
export function sameMinute(predicted: string | null, expectedUtc: string): boolean {
  if (predicted === null) return false;
  const p = instant(predicted);
  const e = instant(expectedUtc);
  if (p === null || e === null) return false;
  return Math.floor(p / 60_000) === Math.floor(e / 60_000);
}

/**
 * Same calendar day as the page states it. When both dates carry an offset, the predicted
 * instant is read in the expected date's offset; otherwise the days as written are compared.
 */
export function sameDay(predicted: string | null, expected: string): boolean {
  if (predicted === null) return false;
  const expectedDay = statedDay(expected);
  if (expectedDay === null) return false;
  const expectedOffset = offsetMinutes(expected);
  if (expectedOffset === null || offsetMinutes(predicted) === null) {
    return statedDay(predicted) === expectedDay;
  }
  const p = instant(predicted);
  if (p === null) return false;
  return new Date(p + expectedOffset * 60_000).toISOString().slice(0, 10) === expectedDay;
}

/** Primary language subtags equal (`en-GB` counts as `en`). */
export function sameLanguage(predicted: string | null, expected: string): boolean {
  if (predicted === null) return false;
  const primary = (tag: string) => tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return primary(predicted) === primary(expected);
}

export interface FieldScore {
  value: number;
  pages: number;
}

/** The metadata scores of a group of pages. */
export interface FieldScores {
  titleExact: FieldScore;
  titleF1: FieldScore;
  authorsF1: FieldScore;
  dateSameMinute: FieldScore;
  dateSameDay: FieldScore;
  /** Of the pages with an annotated date where a date was given, the share on the right day. */
  datePrecision: FieldScore;
  language: FieldScore;
  tagsF1: FieldScore;
}

export interface WordScores {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

export interface PassageScores {
  /** Mean share of `mustInclude` passages found. */
  mustInclude: FieldScore;
  /** Mean share of `mustExclude` passages leaked. */
  mustExclude: FieldScore;
}

/** "Not an article" is the class sought. */
export interface ClassificationScores {
  precision: number;
  recall: number;
  /** Pages that are not articles / said so / both. */
  notArticles: number;
  saidNotArticle: number;
  right: number;
  /** Non-article pages whose prediction still has text. */
  notArticlesWithText: number;
  /** Article pages wrongly said not to be articles, by id. */
  wronglyRejected: string[];
}

export interface CorpusScores extends FieldScores {
  body: { all: PRF; bySource: Record<string, PRF>; wcxbArticles: PRF };
  /** Word F1 over the `wcxb-` pages, all and per page type. */
  words: { all: WordScores; byPageType: Record<string, WordScores> };
  /** Must-include / must-exclude on the `wcxb-` pages, all and on article pages. */
  passages: { all: PassageScores; articles: PassageScores };
  articleOrNot: ClassificationScores;
  bySource: Record<string, FieldScores>;
  byLanguage: Record<string, FieldScores>;
}

/** The source group of a page: its id prefix before the first `-` (`aeb`, `fundus`). */
export function sourceOf(id: string): string {
  return id.split("-")[0] ?? id;
}

function field(values: number[]): FieldScore {
  return { value: mean(values), pages: values.length };
}

type ScoredPage = { expected: Expected; prediction: Prediction };

/** The metadata scores of some pages, each field over the pages that annotate it. */
export function scoreFields(pages: ScoredPage[]): FieldScores {
  const exact: number[] = [];
  const titleF1: number[] = [];
  const authors: number[] = [];
  const minute: number[] = [];
  const day: number[] = [];
  const precision: number[] = [];
  const language: number[] = [];
  const tags: number[] = [];
  for (const { expected: e, prediction: p } of pages) {
    if (e.title !== undefined) {
      exact.push(titleExact(p.title, e.title) ? 1 : 0);
      titleF1.push(titleTokenF1(p.title, e.title));
    }
    if (e.authors !== undefined) authors.push(setF1(p.authors, e.authors));
    if (e.publishedAt !== undefined) {
      if (e.publishedAtPrecision !== "day" && e.publishedAtUtc !== undefined) {
        minute.push(sameMinute(p.publishedAt, e.publishedAtUtc) ? 1 : 0);
      }
      const right = sameDay(p.publishedAt, e.publishedAt);
      day.push(right ? 1 : 0);
      if (p.publishedAt !== null) precision.push(right ? 1 : 0);
    }
    if (e.language !== undefined) language.push(sameLanguage(p.language, e.language) ? 1 : 0);
    if (e.topics !== undefined) tags.push(setF1(p.tags, e.topics));
  }
  return {
    titleExact: field(exact),
    titleF1: field(titleF1),
    authorsF1: field(authors),
    dateSameMinute: field(minute),
    dateSameDay: field(day),
    datePrecision: field(precision),
    language: field(language),
    tagsF1: field(tags),
  };
}

function scoreWords(pages: ScoredPage[]): WordScores {
  const scores = pages.map(({ expected, prediction }) =>
    wordPageScore(prediction.text, expected.body ?? ""),
  );
  return {
    precision: mean(scores.map((s) => s.precision)),
    recall: mean(scores.map((s) => s.recall)),
    f1: mean(scores.map((s) => s.f1)),
    pages: scores.length,
  };
}

function scorePassages(pages: ScoredPage[]): PassageScores {
  const found: number[] = [];
  const leaked: number[] = [];
  for (const { expected, prediction } of pages) {
    const include = passageShare(prediction.text, expected.mustInclude);
    if (include !== null) found.push(include);
    const exclude = passageShare(prediction.text, expected.mustExclude);
    if (exclude !== null) leaked.push(exclude);
  }
  return { mustInclude: field(found), mustExclude: field(leaked) };
}

function scoreArticleOrNot(pages: ScoredPage[]): ClassificationScores {
  let notArticles = 0;
  let said = 0;
  let right = 0;
  let withText = 0;
  const wronglyRejected: string[] = [];
  for (const { expected, prediction } of pages) {
    const isNot = expected.pageType !== "article";
    const saysNot = saysNotArticle(prediction);
    if (isNot) notArticles++;
    if (saysNot) said++;
    if (isNot && saysNot) right++;
    if (isNot && prediction.text.trim() !== "") withText++;
    if (!isNot && saysNot) wronglyRejected.push(expected.id);
  }
  return {
    precision: said === 0 ? 0 : right / said,
    recall: notArticles === 0 ? 0 : right / notArticles,
    notArticles,
    saidNotArticle: said,
    right,
    notArticlesWithText: withText,
    wronglyRejected,
  };
}

function groupBy(pages: ScoredPage[], key: (page: ScoredPage) => string | undefined) {
  const groups = new Map<string, ScoredPage[]>();
  for (const page of pages) {
    const name = key(page);
    if (name === undefined) continue;
    groups.set(name, [...(groups.get(name) ?? []), page]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

function bodyOf(pages: ScoredPage[]): PRF {
  return aggregateBody(
    pages
      .filter(({ expected }) => expected.body !== undefined && expected.body.trim() !== "")
      .map(({ expected, prediction }) => bodyPageScore(prediction.text, expected.body ?? "")),
  );
}

/** Every score of the corpus README over the pages that have an expectation. */
export function scoreCorpus(pages: ScoredPage[]): CorpusScores {
  const wcxb = pages.filter(({ expected }) => expected.pageType !== undefined);
  const wcxbArticles = wcxb.filter(({ expected }) => expected.pageType === "article");
  const withBody = wcxb.filter(({ expected }) => expected.body !== undefined);
  const bySource = groupBy(pages, ({ expected }) => sourceOf(expected.id));
  const byLanguage = groupBy(
    pages,
    ({ expected }) => expected.language?.trim().toLowerCase().split(/[-_]/)[0],
  );
  return {
    ...scoreFields(pages),
    body: {
      all: bodyOf(pages),
      bySource: Object.fromEntries(bySource.map(([name, group]) => [name, bodyOf(group)])),
      wcxbArticles: bodyOf(wcxbArticles),
    },
    words: {
      all: scoreWords(withBody),
      byPageType: Object.fromEntries(
        groupBy(withBody, ({ expected }) => expected.pageType).map(([type, group]) => [
          type,
          scoreWords(group),
        ]),
      ),
    },
    passages: { all: scorePassages(wcxb), articles: scorePassages(wcxbArticles) },
    articleOrNot: scoreArticleOrNot(wcxb),
    bySource: Object.fromEntries(bySource.map(([name, group]) => [name, scoreFields(group)])),
    byLanguage: Object.fromEntries(byLanguage.map(([name, group]) => [name, scoreFields(group)])),
  };
}

function fmt(n: number): string {
  return n.toFixed(3);
}

function percent(n: number): string {
  return `${(n * 100).toFixed(1)}%`;
}

const FIELD_COLUMNS: Array<[string, keyof FieldScores]> = [
  ["title", "titleExact"],
  ["titleF1", "titleF1"],
  ["authors", "authorsF1"],
  ["minute", "dateSameMinute"],
  ["day", "dateSameDay"],
  ["datePrec", "datePrecision"],
  ["lang", "language"],
  ["tags", "tagsF1"],
];

/** One row of field scores: `-` where the group annotates no such field. */
function fieldRow(name: string, scores: FieldScores, pages: number): string {
  const cells = FIELD_COLUMNS.map(([label, key]) => {
    const s = scores[key];
    return (s.pages === 0 ? "-" : fmt(s.value)).padStart(label.length);
  });
  return `  ${name.padEnd(10)} ${cells.join(" ")}  (${pages} pages)`;
}

function groupSize(pages: Record<string, FieldScores>, name: string): number {
  const s = pages[name];
  return s ? Math.max(...FIELD_COLUMNS.map(([, key]) => s[key].pages)) : 0;
}

/** The score lines `eval` prints. */
export function formatScores(scores: CorpusScores): string[] {
  const prf = (name: string, s: PRF) =>
    `body ${name.padEnd(14)} F1 ${fmt(s.f1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  (${s.pages} pages)`;
  const words = (name: string, s: WordScores) =>
    `words ${name.padEnd(13)} F1 ${fmt(s.f1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  (${s.pages} pages)`;
  const passages = (name: string, s: PassageScores) =>
    `passages ${name.padEnd(10)} must-include found ${percent(s.mustInclude.value)} (${s.mustInclude.pages} pages)  must-exclude leaked ${percent(s.mustExclude.value)} (${s.mustExclude.pages} pages)`;
  const c = scores.articleOrNot;
  const header = `  ${"".padEnd(10)} ${FIELD_COLUMNS.map(([label]) => label).join(" ")}`;
  return [
    prf("all", scores.body.all),
    ...Object.entries(scores.body.bySource).map(([source, s]) => prf(`${source}-`, s)),
    prf("wcxb- articles", scores.body.wcxbArticles),
    words("wcxb- all", scores.words.all),
    ...Object.entries(scores.words.byPageType).map(([type, s]) => words(type, s)),
    passages("all", scores.passages.all),
    passages("articles", scores.passages.articles),
    `not-article  precision ${fmt(c.precision)}  recall ${fmt(c.recall)}  (${c.right} right of ${c.saidNotArticle} said, ${c.notArticles} non-article pages; ${c.notArticlesWithText} of them with text)`,
    "fields, all pages:",
    header,
    fieldRow("all", scores, groupSize({ all: scores }, "all")),
    "fields per source:",
    header,
    ...Object.entries(scores.bySource).map(([name, s]) =>
      fieldRow(`${name}-`, s, groupSize(scores.bySource, name)),
    ),
    "fields per language:",
    header,
    ...Object.entries(scores.byLanguage).map(([name, s]) =>
      fieldRow(name, s, groupSize(scores.byLanguage, name)),
    ),
  ];
}
