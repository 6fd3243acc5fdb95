/**
 * `npm run bench [-- --corpus DIR]`: our extractor and Mozilla Readability on linkedom over
 * the same corpus, in one process, side by side: every corpus score, pages per second, and
 * the speed ratio. The corpus defaults to ../shared/corpus next to the repository.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Readability } from "@mozilla/readability";
import { load } from "cheerio/slim";
import { parseHTML } from "linkedom";
import { scorePredictions } from "../cli/commands/eval";
import { corpusPages, listCorpusIds, readExpectations } from "../cli/eval/corpus";
import { predictWithExtractor } from "../cli/eval/predict";
import {
  type CorpusRun,
  type PagePredictor,
  pagesPerSecondRounds,
  runCorpus,
} from "../cli/eval/run-corpus";
import type { CorpusScores } from "../cli/eval/score";
import { renderText } from "../functions/core/extract/body/render-text";
import { printLambdaFigures } from "./lambda-figures";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function corpusDir(argv: string[]): string | null {
  const index = argv.indexOf("--corpus");
  if (index >= 0) return argv[index + 1] ?? null;
  const fallback = resolve(repoRoot, "../shared/corpus");
  return existsSync(fallback) ? fallback : null;
}

/** Readability on linkedom as a corpus predictor (its usual pairing for server-side use). */
const predictWithReadability: PagePredictor = (html) => {
  const { document } = parseHTML(html);
  const article = new Readability(document as never).parse();
  return {
    title: article?.title ?? null,
    authors: article?.byline ? [article.byline] : [],
    publishedAt: article?.publishedTime ?? null,
    language: article?.lang ?? document.documentElement?.getAttribute("lang") ?? null,
    tags: [],
    // Its HTML rendered with block breaks, as ours: textContent glues "Heading" + "Text".
    text: article?.content
      ? renderText(load(article.content, null, false).root()[0]?.children ?? [])
      : "",
  };
};

const COLUMNS = [
  "body F1",
  "aeb-",
  "fundus-",
  "title",
  "authors",
  "minute",
  "day",
  "lang",
  "tags",
  "pages/s",
  "RSS MB",
];

function row(name: string, scores: CorpusScores | null, run: CorpusRun): string {
  const f = (n: number | undefined) => (n === undefined ? "-" : n.toFixed(3));
  const cells = [
    f(scores?.body.all.f1),
    f(scores?.body.bySource.aeb?.f1),
    f(scores?.body.bySource.fundus?.f1),
    f(scores?.titleExact.value),
    f(scores?.authorsF1.value),
    f(scores?.dateSameMinute.value),
    f(scores?.dateSameDay.value),
    f(scores?.language.value),
    f(scores?.tagsF1.value),
    run.pagesPerSecond.toFixed(1),
    String(run.peakRssMb),
  ];
  return [name.padEnd(22), ...cells.map((c, i) => c.padStart(COLUMNS[i]?.length ?? 7))].join(" ");
}

function main(): number {
  const dir = corpusDir(process.argv.slice(2));
  if (!dir) {
    process.stderr.write("bench: no corpus; pass --corpus DIR\n");
    return 2;
  }
  const ids = listCorpusIds(dir);
  const expectations = readExpectations(dir, ids);
  const warmup = ids.slice(0, 10);
  runCorpus(corpusPages(dir, warmup), predictWithExtractor);
  runCorpus(corpusPages(dir, warmup), predictWithReadability);
  const ours = runCorpus(corpusPages(dir, ids), predictWithExtractor);
  const theirs = runCorpus(corpusPages(dir, ids), predictWithReadability);
  // Speed: median of three rounds of whole-corpus passes, the order rotating each round.
  const [oursSpeed = 0, theirsSpeed = 0] = pagesPerSecondRounds(
    () => corpusPages(dir, ids),
    [predictWithExtractor, predictWithReadability],
  );
  ours.pagesPerSecond = oursSpeed;
  theirs.pagesPerSecond = theirsSpeed;
  const score = (run: CorpusRun) => scorePredictions(expectations, run.predictions);
  process.stdout.write(`corpus ${dir} (${ids.length} pages)\n`);
  process.stdout.write(`${["extractor".padEnd(22), ...COLUMNS].join(" ")}\n`);
  process.stdout.write(`${row("article-ingest", score(ours), ours)}\n`);
  process.stdout.write(`${row("readability+linkedom", score(theirs), theirs)}\n`);
  const ratio = theirs.pagesPerSecond === 0 ? 0 : ours.pagesPerSecond / theirs.pagesPerSecond;
  process.stdout.write(
    `speed ratio ${ratio.toFixed(2)}x (pages/s: median of 3 rounds, order rotating)\n`,
  );
  return 0;
}

process.exitCode = main();
await printLambdaFigures();
