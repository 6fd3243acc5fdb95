/**
 * Runs an extractor over every page of a corpus and measures it: pages per second (extraction
 * time only, reading and decompressing excluded) and the peak resident set size.
 */
import type { CorpusPage } from "./corpus";
import type { Prediction } from "./score";

export type PagePredictor = (html: string, url: string) => Prediction;

export interface CorpusRun {
  predictions: Record<string, Prediction>;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  peakRssMb: number;
}

const EMPTY: Prediction = {
  title: null,
  authors: [],
  publishedAt: null,
  language: null,
  tags: [],
  text: "",
};

/** A surrogate code unit without its pair (in `u` mode a pair is one code point, not `Cs`). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The prediction with its text held as UTF-8 bytes outside the JavaScript heap and decoded
 * when read (`text` stays an enumerable property, so `JSON.stringify` writes the same JSON).
 * A corpus run keeps every page's prediction until it is scored: held as strings (two bytes a
 * character in most texts), they made the heap the garbage collector lets grow, and the peak
 * RSS, over 100 MB larger on a corpus of 1,500 pages.
 */
export function compactPrediction(prediction: Prediction): Prediction {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(prediction)) {
    // A lone surrogate would not survive UTF-8: such a text stays a string.
    if (key === "text" && typeof value === "string" && !LONE_SURROGATE.test(value)) {
      const bytes = Buffer.from(value, "utf8");
      Object.defineProperty(out, "text", {
        get: () => bytes.toString("utf8"),
        enumerable: true,
      });
    } else {
      out[key] = value;
    }
  }
  return out as unknown as Prediction;
}

/**
 * Runs `predict` on each page; a page that throws predicts nothing and is counted as a miss.
 * Pages come from an iterable so a corpus can be read one page at a time (bounded memory).
 */
export function runCorpus(pages: Iterable<CorpusPage>, predict: PagePredictor): CorpusRun {
  const predictions: Record<string, Prediction> = {};
  let peakRss = process.memoryUsage.rss();
  let elapsedNs = 0n;
  let count = 0;
  for (const page of pages) {
    count++;
    const started = process.hrtime.bigint();
    let prediction: Prediction;
    try {
      prediction = predict(page.html, page.url);
    } catch {
      prediction = EMPTY;
    }
    elapsedNs += process.hrtime.bigint() - started;
    predictions[page.id] = compactPrediction(prediction);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const seconds = Number(elapsedNs) / 1e9;
  return {
    predictions,
    pages: count,
    seconds,
    pagesPerSecond: seconds === 0 ? 0 : count / seconds,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}

/**
 * Pages per second of several predictors: `rounds` passes over the corpus, each predictor
 * running the whole corpus in turn (the order rotating every round), median per predictor.
 * Whole passes keep one predictor's garbage collection out of another's timing; rotation and
 * the median keep a change in machine load from favouring either.
 */
export function pagesPerSecondRounds(
  pages: () => Iterable<CorpusPage>,
  predictors: PagePredictor[],
  rounds = 3,
): number[] {
  const speeds: number[][] = predictors.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = predictors.map((_, i) => (i + round) % predictors.length);
    for (const i of order) {
      const run = runCorpus(pages(), predictors[i] as PagePredictor);
      speeds[i]?.push(run.pagesPerSecond);
    }
  }
  return speeds.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  });
}
