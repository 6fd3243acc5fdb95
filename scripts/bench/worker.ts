/**
 * One side of `npm run bench`, as a whole process: reads and decompresses each page of the
 * list itself, predicts it, writes the predictions, and prints one JSON line with its own
 * counts (pages, extraction-only seconds, peak RSS). The parent times the whole process.
 *
 * Usage (bundled by scripts/bench.ts): `node <bundle> CORPUS_DIR IDS_FILE OUT_FILE`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { readCorpusPage } from "../../cli/eval/corpus";
import { type PagePredictor, runCorpus } from "../../cli/eval/run-corpus";

export interface WorkerReport {
  pages: number;
  /** Time inside the predictor only (reading, decompressing and start-up excluded). */
  extractSeconds: number;
  /** Peak resident set size of the whole process (MB), from the kernel's own count. */
  peakRssMb: number;
}

/** Runs `predict` over the pages named in IDS_FILE (one id a line). */
export function serveBench(predict: PagePredictor): void {
  const [dir, idsFile, outFile] = process.argv.slice(2);
  if (!dir || !idsFile || !outFile) {
    process.stderr.write("usage: worker CORPUS_DIR IDS_FILE OUT_FILE\n");
    process.exit(2);
  }
  const ids = readFileSync(idsFile, "utf8").split("\n").filter(Boolean);
  function* pages() {
    for (const id of ids) yield readCorpusPage(dir as string, id);
  }
  const run = runCorpus(pages(), predict);
  writeFileSync(outFile, JSON.stringify(run.predictions));
  const report: WorkerReport = {
    pages: run.pages,
    extractSeconds: run.seconds,
    // resourceUsage().maxRSS is in kilobytes and covers the whole life of the process.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
