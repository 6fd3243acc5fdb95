/**
 * `article-ingest eval --corpus DIR [--out preds.json]`: runs the extractor over every
 * `<id>/page.html.gz` of a corpus folder, writes the predictions with the run's speed and
 * memory, and prints the corpus scores where `expected.json` files exist.
 */
import { writeFileSync } from "node:fs";
import { EXTRACTOR_VERSION } from "../../functions/core/extract/version";
import { type CorpusPage, listCorpusIds, readCorpusPage } from "../eval/corpus";
import { predictWithExtractor } from "../eval/predict";
import { runCorpus } from "../eval/run-corpus";
import { type Expected, formatScores, scoreCorpus } from "../eval/score";

export interface EvalOptions {
  corpus: string;
  out?: string;
  /** Where lines go (stdout by default). */
  print?: (line: string) => void;
}

/** Reads every page of a corpus (the pages are small; the whole set fits in memory). */
export function readCorpus(dir: string): CorpusPage[] {
  return listCorpusIds(dir).map((id) => readCorpusPage(dir, id));
}

export function evalCommand(options: EvalOptions): number {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let pages: CorpusPage[];
  try {
    pages = readCorpus(options.corpus);
  } catch (error) {
    print(`eval: cannot read corpus folder "${options.corpus}": ${(error as Error).message}`);
    return 2;
  }
  if (pages.length === 0) {
    print(`eval: no <id>/page.html.gz folders in "${options.corpus}"`);
    return 2;
  }
  const run = runCorpus(pages, predictWithExtractor);
  const output = {
    meta: {
      version: EXTRACTOR_VERSION,
      pages: run.pages,
      pagesPerSecond: Math.round(run.pagesPerSecond * 10) / 10,
      peakRssMb: run.peakRssMb,
    },
    predictions: run.predictions,
  };
  if (options.out) writeFileSync(options.out, `${JSON.stringify(output, null, 2)}\n`);
  print(
    `pages ${run.pages}  pages/s ${output.meta.pagesPerSecond}  peak RSS ${run.peakRssMb} MB  extractor ${EXTRACTOR_VERSION}`,
  );
  const scored = pages.flatMap((page) => {
    const prediction = run.predictions[page.id];
    return page.expected && prediction ? [{ expected: page.expected as Expected, prediction }] : [];
  });
  if (scored.length > 0) for (const line of formatScores(scoreCorpus(scored))) print(line);
  return 0;
}
