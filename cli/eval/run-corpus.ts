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
    predictions[page.id] = prediction;
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
 * Pages per second of several predictors measured page by page in alternating order, so a
 * change in machine load during the run affects all of them alike.
 */
export function pagesPerSecondInterleaved(
  pages: Iterable<CorpusPage>,
  predictors: PagePredictor[],
): number[] {
  const elapsed = predictors.map(() => 0n);
  let count = 0;
  for (const page of pages) {
    const order = predictors.map((_, i) => i);
    if (count % 2 === 1) order.reverse();
    for (const i of order) {
      const predict = predictors[i] as PagePredictor;
      const started = process.hrtime.bigint();
      try {
        predict(page.html, page.url);
      } catch {
        // A failing page still costs its time.
      }
      elapsed[i] = (elapsed[i] ?? 0n) + process.hrtime.bigint() - started;
    }
    count++;
  }
  return elapsed.map((ns) => (ns === 0n ? 0 : count / (Number(ns) / 1e9)));
}
