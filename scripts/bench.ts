/**
 * `npm run bench [-- --corpus DIR] [--sample N | --all | --pages ID,ID,...] [--rounds R]
 * [--node PATH] [--no-lambda]`: our extractor against Mozilla Readability on linkedom, whole
 * process against whole process on the same pages. Each side is bundled (the stack's esbuild
 * options) and run as its own Node process that reads and decompresses every page itself,
 * extracts it and writes its predictions; the wall time of that whole process gives the
 * pages per second, the kernel's peak RSS of it the memory. Rounds alternate which side runs
 * first; the medians are reported, then the corpus scores of both sides and the Lambda
 * figures (scripts/lambda-figures.ts; `--no-lambda` skips them).
 *
 * Pages: by default an even sample of 300 of the corpus's sorted ids (every source in
 * proportion), so the run takes a few minutes; `--all` runs every page; `--pages` names them.
 * The corpus defaults to ../shared/corpus next to the repository.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { scorePredictions } from "../cli/commands/eval";
import { listCorpusIds, readExpectations } from "../cli/eval/corpus";
import type { CorpusScores, Prediction } from "../cli/eval/score";
import { esbuildOptions } from "../infra/constructs/bundle-options";
import { evenSample } from "./bench/sample";
import type { WorkerReport } from "./bench/worker";
import { printLambdaFigures } from "./lambda-figures";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SAMPLE = 300;
const DEFAULT_ROUNDS = 3;
/** Longest one side may take over its pages before the bench gives up on it. */
const PROCESS_TIMEOUT_MS = 30 * 60_000;
const SIDES = [
  { name: "article-ingest", entry: join(repoRoot, "scripts/bench/ours.ts") },
  { name: "readability+linkedom", entry: join(repoRoot, "scripts/bench/readability.ts") },
] as const;

interface Args {
  corpus: string | null;
  sample: number | null;
  pages: string[] | null;
  rounds: number;
  node: string;
  lambda: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const fallback = resolve(repoRoot, "../shared/corpus");
  const sample = value("--sample");
  const rounds = value("--rounds");
  const args: Args = {
    corpus: value("--corpus") ?? (existsSync(fallback) ? fallback : null),
    sample: argv.includes("--all") ? null : Number(sample ?? DEFAULT_SAMPLE),
    pages: value("--pages")?.split(",").filter(Boolean) ?? null,
    rounds: Number(rounds ?? DEFAULT_ROUNDS),
    node: value("--node") ?? process.execPath,
    lambda: !argv.includes("--no-lambda"),
  };
  if (args.sample !== null && !(Number.isInteger(args.sample) && args.sample > 0)) {
    return `--sample wants a whole number above 0, not ${JSON.stringify(sample)}`;
  }
  if (!(Number.isInteger(args.rounds) && args.rounds > 0 && args.rounds <= 20)) {
    return `--rounds wants a whole number from 1 to 20, not ${JSON.stringify(rounds)}`;
  }
  return args;
}

interface SideRun {
  wallSeconds: number;
  report: WorkerReport;
  predictions: Record<string, Prediction>;
}

function runSide(node: string, bundle: string, dir: string, idsFile: string, out: string): SideRun {
  const started = performance.now();
  const child = spawnSync(node, [bundle, dir, idsFile, out], {
    encoding: "utf8",
    timeout: PROCESS_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    throw new Error(
      `${bundle} failed (exit ${child.status}, ${child.signal ?? "no signal"}): ${child.stderr.slice(0, 500)}`,
    );
  }
  return {
    wallSeconds,
    report: JSON.parse(line) as WorkerReport,
    predictions: JSON.parse(readFileSync(out, "utf8")) as Record<string, Prediction>,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const COLUMNS = [
  "body F1",
  "aeb-",
  "fundus-",
  "wcxb-",
  "title",
  "authors",
  "minute",
  "day",
  "lang",
  "tags",
  "pages/s",
  "extract p/s",
  "peak RSS MB",
];

function row(name: string, scores: CorpusScores | null, speed: number[]): string {
  const f = (n: number | undefined) => (n === undefined ? "-" : n.toFixed(3));
  const cells = [
    f(scores?.body.all.f1),
    f(scores?.body.bySource.aeb?.f1),
    f(scores?.body.bySource.fundus?.f1),
    f(scores?.body.bySource.wcxb?.f1),
    f(scores?.titleExact.value),
    f(scores?.authorsF1.value),
    f(scores?.dateSameMinute.value),
    f(scores?.dateSameDay.value),
    f(scores?.language.value),
    f(scores?.tagsF1.value),
    ...speed.map((n, i) => (i === 2 ? n.toFixed(0) : n.toFixed(1))),
  ];
  return [name.padEnd(22), ...cells.map((c, i) => c.padStart(COLUMNS[i]?.length ?? 7))].join(" ");
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    process.stderr.write(`bench: ${args}\n`);
    return 2;
  }
  if (!args.corpus) {
    process.stderr.write("bench: no corpus; pass --corpus DIR\n");
    return 2;
  }
  const dir = args.corpus;
  const all = listCorpusIds(dir);
  const unknown = args.pages?.filter((id) => !all.includes(id)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: no such pages in ${dir}: ${unknown.slice(0, 5).join(", ")}\n`);
    return 2;
  }
  const ids = args.pages ?? (args.sample === null ? all : evenSample(all, args.sample));
  if (ids.length === 0) {
    process.stderr.write(`bench: no <id>/page.html.gz folders in ${dir}\n`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), "article-ingest-bench-"));
  try {
    // Both sides bundled as the Lambda bundle is (no source maps: nothing to map here).
    const entries = Object.fromEntries(SIDES.map((side, i) => [`side-${i}`, side.entry]));
    await build({ ...esbuildOptions(entries, work), sourcemap: false });
    const idsFile = join(work, "ids.txt");
    writeFileSync(idsFile, `${ids.join("\n")}\n`);
    const runs: SideRun[][] = SIDES.map(() => []);
    for (let round = 0; round < args.rounds; round++) {
      for (let k = 0; k < SIDES.length; k++) {
        const i = (k + round) % SIDES.length;
        const out = join(work, `predictions-${i}.json`);
        runs[i]?.push(runSide(args.node, join(work, `side-${i}.mjs`), dir, idsFile, out));
      }
    }
    const expectations = readExpectations(dir, ids);
    const nodeVersion = spawnSync(args.node, ["--version"], { encoding: "utf8" }).stdout.trim();
    process.stdout.write(
      `corpus ${dir}: ${ids.length} of ${all.length} pages${args.pages ? " (--pages)" : args.sample === null ? "" : ` (even sample; --all for every page)`}, ${args.rounds} round(s), node ${nodeVersion}\n`,
    );
    process.stdout.write(`${["extractor".padEnd(22), ...COLUMNS].join(" ")}\n`);
    const speeds = SIDES.map((_, i) => {
      const list = runs[i] ?? [];
      return {
        pagesPerSecond: median(list.map((r) => r.report.pages / r.wallSeconds)),
        extractPerSecond: median(list.map((r) => r.report.pages / r.report.extractSeconds)),
        peakRssMb: Math.max(...list.map((r) => r.report.peakRssMb)),
        wallSeconds: median(list.map((r) => r.wallSeconds)),
      };
    });
    SIDES.forEach((side, i) => {
      const first = runs[i]?.[0];
      const speed = speeds[i];
      if (!first || !speed) return;
      const scores = scorePredictions(expectations, first.predictions);
      process.stdout.write(
        `${row(side.name, scores, [speed.pagesPerSecond, speed.extractPerSecond, speed.peakRssMb])}\n`,
      );
    });
    const [ours, theirs] = speeds;
    const ratio =
      ours && theirs && theirs.pagesPerSecond > 0 ? ours.pagesPerSecond / theirs.pagesPerSecond : 0;
    process.stdout.write(
      `speed ratio ${ratio.toFixed(2)}x, whole process (start-up, reading, decompressing and extracting; ` +
        `median of ${args.rounds}, order alternating; wall s ${ours?.wallSeconds.toFixed(1)} / ${theirs?.wallSeconds.toFixed(1)})\n` +
        "extract p/s: time inside the extractor only; peak RSS: the highest of the rounds\n",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // printLambdaFigures reports its own failure in process.exitCode.
  if (args.lambda) await printLambdaFigures({ node: args.node, runs: 3 });
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}

process.exitCode = await main();
