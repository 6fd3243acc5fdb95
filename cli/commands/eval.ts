/**
 * `article-ingest eval --corpus DIR [--out preds.json]`: runs the extractor over every
 * `<id>/page.html.gz` of a corpus folder, writes the predictions with the run's speed, memory
 * and scores, and prints the corpus scores where `expected.json` files exist.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { EXTRACTOR_VERSION } from "../../functions/core/extract/version";
import { corpusPages, listCorpusIds, readExpectations } from "../eval/corpus";
import { predictWithExtractor } from "../eval/predict";
import { runCorpus } from "../eval/run-corpus";
import { type Expected, formatScores, type Prediction, scoreCorpus } from "../eval/score";

export interface EvalOptions {
  corpus: string;
  out?: string;
  /** Where lines go (stdout by default). */
  print?: (line: string) => void;
}

/** Scores predictions against the expectations that exist. */
export function scorePredictions(
  expectations: Map<string, Expected>,
  predictions: Record<string, Prediction>,
) {
  const pages = [...expectations].flatMap(([id, expected]) => {
    const prediction = predictions[id];
    return prediction ? [{ expected, prediction }] : [];
  });
  return pages.length > 0 ? scoreCorpus(pages) : null;
}

/**
 * Writes `JSON.stringify(output, null, 2)` and a newline to `path`, one prediction at a time:
 * the whole text of a corpus's predictions is never one string.
 */
function writeOutput(
  path: string,
  output: { meta: unknown; scores: unknown; predictions: Record<string, Prediction> },
): void {
  // JSON text holds no raw newline inside a string, so indenting every line is exact.
  const nested = (value: unknown, indent: string) =>
    JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, `{\n  "meta": ${nested(output.meta, "  ")},\n`);
    writeSync(fd, `  "scores": ${nested(output.scores, "  ")},\n`);
    const ids = Object.keys(output.predictions);
    if (ids.length === 0) writeSync(fd, `  "predictions": {}\n}\n`);
    else {
      writeSync(fd, `  "predictions": {\n`);
      ids.forEach((id, i) => {
        const entry = `    ${JSON.stringify(id)}: ${nested(output.predictions[id], "    ")}`;
        writeSync(fd, `${entry}${i < ids.length - 1 ? "," : ""}\n`);
      });
      writeSync(fd, "  }\n}\n");
    }
  } finally {
    closeSync(fd);
  }
}

export function evalCommand(options: EvalOptions): number {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const cannotRead = (error: unknown) => {
    print(`eval: cannot read corpus folder "${options.corpus}": ${(error as Error).message}`);
    return 2;
  };
  let ids: string[];
  try {
    ids = listCorpusIds(options.corpus);
  } catch (error) {
    return cannotRead(error);
  }
  if (ids.length === 0) {
    print(`eval: no <id>/page.html.gz folders in "${options.corpus}"`);
    return 2;
  }
  // The expectations are read after the run, not before: held through it, they raised the
  // heap the garbage collector lets grow (and the peak RSS the run reports) by over 100 MB.
  // A page the predictor fails on is a miss inside runCorpus; what escapes it is a read error.
  let run: ReturnType<typeof runCorpus>;
  let expectations: Map<string, Expected>;
  try {
    run = runCorpus(corpusPages(options.corpus, ids), predictWithExtractor);
    expectations = readExpectations(options.corpus, ids);
  } catch (error) {
    return cannotRead(error);
  }
  const scores = scorePredictions(expectations, run.predictions);
  const output = {
    meta: {
      version: EXTRACTOR_VERSION,
      pages: run.pages,
      pagesPerSecond: Math.round(run.pagesPerSecond * 10) / 10,
      peakRssMb: run.peakRssMb,
    },
    scores,
    predictions: run.predictions,
  };
  if (options.out) writeOutput(options.out, output);
  print(
    `pages ${run.pages}  pages/s ${output.meta.pagesPerSecond}  peak RSS ${run.peakRssMb} MB  extractor ${EXTRACTOR_VERSION}`,
  );
  if (scores) for (const line of formatScores(scores)) print(line);
  return 0;
}
