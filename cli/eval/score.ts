/**
 * The scores of the article corpus (see the corpus README): body 4-gram F1 (the scrapinghub
 * metric), title exact and token F1, authors set F1, date same minute / same day, language,
 * tags set F1. Pure functions over plain values, so each rule is unit-tested on tiny inputs.
 */

/** What an extraction run predicts for one page. */
export interface Prediction {
  title: string | null;
  authors: string[];
  publishedAt: string | null;
  language: string | null;
  tags: string[];
  text: string;
}

/** The annotated fields of a page's `expected.json`; absent fields are not scored. */
export interface Expected {
  id: string;
  source?: string;
  url?: string;
  title?: string;
  authors?: string[];
  publishedAt?: string;
  publishedAtUtc?: string;
  publishedAtPrecision?: "minute" | "day";
  language?: string;
  topics?: string[];
  body?: string;
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

/** Whitespace collapsed, NFC, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

export function titleExact(predicted: string | null, expected: string): boolean {
  return collapseWhitespace(predicted ?? "") === collapseWhitespace(expected);
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
    counts(tokenize((predicted ?? "").normalize("NFC"))),
    counts(tokenize(expected.normalize("NFC"))),
  );
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

/** Milliseconds since the epoch, or null when the text is no date. */
function instant(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Both dates name the same UTC minute. */
export function sameMinute(predicted: string | null, expectedUtc: string): boolean {
  if (predicted === null) return false;
  const p = instant(predicted);
  const e = instant(expectedUtc);
  if (p === null || e === null) return false;
  return Math.floor(p / 60_000) === Math.floor(e / 60_000);
}

/** Offset of an ISO date string in minutes, or null when it states none. */
function offsetMinutes(text: string): number | null {
  const match = OFFSET.exec(text.trim());
  if (!match) return null;
  const raw = match[0];
  if (raw.toUpperCase() === "Z") return 0;
  const digits = raw.replace(":", "");
  const sign = digits.startsWith("-") ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/**
 * Same calendar day as the page states it: when the expected date has an offset, the
 * predicted instant is read in that offset; otherwise the stated dates are compared.
 */
export function sameDay(predicted: string | null, expected: string): boolean {
  if (predicted === null) return false;
  const expectedDay = expected.trim().slice(0, 10);
  const offset = offsetMinutes(expected);
  const p = instant(predicted);
  if (offset === null || p === null || !/T\d/.test(expected)) {
    return predicted.trim().slice(0, 10) === expectedDay;
  }
  return new Date(p + offset * 60_000).toISOString().slice(0, 10) === expectedDay;
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

export interface CorpusScores {
  body: { all: PRF; bySource: Record<string, PRF> };
  titleExact: FieldScore;
  titleF1: FieldScore;
  authorsF1: FieldScore;
  dateSameMinute: FieldScore;
  dateSameDay: FieldScore;
  language: FieldScore;
  tagsF1: FieldScore;
}

/** The source group of a page: its id prefix before the first `-` (`aeb`, `fundus`). */
export function sourceOf(id: string): string {
  return id.split("-")[0] ?? id;
}

function field(values: number[]): FieldScore {
  return { value: mean(values), pages: values.length };
}

/** Every score of the corpus README over the pages that have an expectation. */
export function scoreCorpus(
  pages: Array<{ expected: Expected; prediction: Prediction }>,
): CorpusScores {
  const body: PagePR[] = [];
  const bodyBySource = new Map<string, PagePR[]>();
  const exact: number[] = [];
  const titleF1: number[] = [];
  const authors: number[] = [];
  const minute: number[] = [];
  const day: number[] = [];
  const language: number[] = [];
  const tags: number[] = [];
  for (const { expected: e, prediction: p } of pages) {
    if (e.body !== undefined) {
      const score = bodyPageScore(p.text, e.body);
      body.push(score);
      const source = sourceOf(e.id);
      bodyBySource.set(source, [...(bodyBySource.get(source) ?? []), score]);
    }
    if (e.title !== undefined) {
      exact.push(titleExact(p.title, e.title) ? 1 : 0);
      titleF1.push(titleTokenF1(p.title, e.title));
    }
    if (e.authors !== undefined) authors.push(setF1(p.authors, e.authors));
    if (e.publishedAt !== undefined) {
      if (e.publishedAtPrecision !== "day" && e.publishedAtUtc !== undefined) {
        minute.push(sameMinute(p.publishedAt, e.publishedAtUtc) ? 1 : 0);
      }
      day.push(sameDay(p.publishedAt, e.publishedAt) ? 1 : 0);
    }
    if (e.language !== undefined) language.push(sameLanguage(p.language, e.language) ? 1 : 0);
    if (e.topics !== undefined) tags.push(setF1(p.tags, e.topics));
  }
  const bySource: Record<string, PRF> = {};
  for (const [source, scores] of [...bodyBySource].sort(([a], [b]) => a.localeCompare(b))) {
    bySource[source] = aggregateBody(scores);
  }
  return {
    body: { all: aggregateBody(body), bySource },
    titleExact: field(exact),
    titleF1: field(titleF1),
    authorsF1: field(authors),
    dateSameMinute: field(minute),
    dateSameDay: field(day),
    language: field(language),
    tagsF1: field(tags),
  };
}

function fmt(n: number): string {
  return n.toFixed(3);
}

/** The score lines `eval` prints. */
export function formatScores(scores: CorpusScores): string[] {
  const prf = (name: string, s: PRF) =>
    `body ${name.padEnd(8)} F1 ${fmt(s.f1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  (${s.pages} pages)`;
  const one = (name: string, s: FieldScore) =>
    `${name.padEnd(22)} ${fmt(s.value)}  (${s.pages} pages)`;
  return [
    prf("all", scores.body.all),
    ...Object.entries(scores.body.bySource).map(([source, s]) => prf(`${source}-`, s)),
    one("title exact", scores.titleExact),
    one("title token F1", scores.titleF1),
    one("authors F1", scores.authorsF1),
    one("date same minute", scores.dateSameMinute),
    one("date same day", scores.dateSameDay),
    one("language", scores.language),
    one("tags F1", scores.tagsF1),
  ];
}
