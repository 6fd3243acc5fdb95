/**
 * `npx tsx scripts/hostile-figures.ts [--sizes 1,10] [--shapes a,b]`: wall time and peak RSS
 * of each hostile page shape (cli/local/hostile-pages.ts) at each size in MB, extracted two
 * ways, each in a fresh child process so one shape's memory does not count for the next:
 *
 * - `direct`: `extractArticle` on the main thread, unbounded (a child that runs past
 *   `CHILD_LIMIT_MS` is killed and reported as such);
 * - `bounded`: through `createBoundedExtractor` with the configured defaults
 *   (EXTRACT_TIMEOUT_MS, EXTRACT_MAX_HEAP_MB); the worker's start-up is not timed.
 *
 * Then, in this process: the hostile robots.txt parsed and matched, and the gzip bomb
 * through `decodeContentEncoding` with the default MAX_BODY_BYTES. Peak RSS is the child's
 * `maxRSS` (worker threads included), with the HTML string built before timing starts.
 * Prints one Markdown table row per measurement.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  GZIP_BOMB_INFLATED_BYTES,
  gzipBomb,
  HOSTILE_PAGE_SHAPES,
  type HostilePageShape,
  hostileHtml,
  hostileRobots,
} from "../cli/local/hostile-pages";
import { decodeContentEncoding } from "../functions/adapters/fetch/body";
import { parseRobots, verdictFor } from "../functions/core/robots";
import { loadConfig } from "../functions/shared/config";

/** The configured defaults (the required names filled with placeholders). */
function defaults() {
  return loadConfig({
    ARTICLE_TABLE_NAME: "t",
    ARCHIVE_BUCKET_NAME: "b",
    SUBMISSION_QUEUE_URL: "http://127.0.0.1/q",
  });
}

/** Longest a child (start-up, building the page, one extraction) may run before it is killed. */
const CHILD_LIMIT_MS = 60_000;

type Mode = "direct" | "bounded";

interface ChildResult {
  ms: number;
  rssMb: number;
  outcome: string;
}

const MB = 2 ** 20;

async function child(mode: Mode, shape: HostilePageShape, bytes: number): Promise<void> {
  const html = hostileHtml(shape as Exclude<HostilePageShape, "gzip-bomb">, bytes);
  const url = `http://127.0.0.1/hostile/${shape}/1`;
  let outcome: string;
  let ms: number;
  if (mode === "direct") {
    const { extractArticle } = await import("../functions/core/extract/index");
    const started = performance.now();
    try {
      const article = extractArticle(html, url);
      outcome = `ok, ${article.wordCount} words`;
    } catch (error) {
      outcome = `threw ${(error as Error).name}: ${(error as Error).message.slice(0, 80)}`;
    }
    ms = performance.now() - started;
  } else {
    const { createBoundedExtractor } = await import("../functions/ingest/extract-pool");
    const config = defaults();
    const extractor = createBoundedExtractor({
      timeoutMs: config.extractTimeoutMs,
      maxHeapMb: config.extractMaxHeapMb,
      maxElements: config.extractMaxElements,
    });
    // Let the worker start (its start-up does not count against a page).
    await extractor.extract("<html><body><p>warm</p></body></html>", url).catch(() => undefined);
    const started = performance.now();
    try {
      const article = await extractor.extract(html, url);
      outcome = `ok, ${article.wordCount} words`;
    } catch (error) {
      const code = (error as { code?: string }).code;
      outcome = `${code ?? (error as Error).name}`;
    }
    ms = performance.now() - started;
    await extractor.close();
  }
  const result: ChildResult = { ms, rssMb: process.resourceUsage().maxRSS / 1024, outcome };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(mode: Mode, shape: HostilePageShape, sizeMb: number): ChildResult {
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--child",
      mode,
      shape,
      String(Math.round(sizeMb * MB)),
    ],
    { encoding: "utf8", timeout: CHILD_LIMIT_MS, maxBuffer: 16 * MB },
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status === 0 && line.startsWith("{")) return JSON.parse(line) as ChildResult;
  const why = run.signal
    ? `killed (${run.signal}) after ${CHILD_LIMIT_MS / 1000} s`
    : `exit ${run.status}: ${(run.stderr.trim().split("\n").pop() ?? "").slice(0, 100)}`;
  return { ms: Number.NaN, rssMb: Number.NaN, outcome: why };
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    await child(argv[1] as Mode, argv[2] as HostilePageShape, Number(argv[3]));
    return;
  }
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value("sizes") ?? "1,10").split(",").map(Number);
  const wanted = value("shapes")?.split(",");
  const shapes = HOSTILE_PAGE_SHAPES.filter(
    (shape) => shape !== "gzip-bomb" && (!wanted || wanted.includes(shape)),
  );
  const fixedSize = new Set<HostilePageShape>([
    "huge-description",
    "many-tags",
    "control-title",
    "lang-constructor",
  ]);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    row([
      "shape",
      "MB",
      "direct ms",
      "direct peak RSS MB",
      "direct outcome",
      "bounded ms",
      "bounded peak RSS MB",
      "bounded outcome",
    ]),
  );
  out(row(["---", "---", "---", "---", "---", "---", "---", "---"]));
  for (const shape of shapes) {
    // The shapes with a fixed size are measured once.
    for (const sizeMb of fixedSize.has(shape) ? [sizes[0] ?? 1] : sizes) {
      const actualMb =
        Buffer.byteLength(
          hostileHtml(shape as Exclude<HostilePageShape, "gzip-bomb">, sizeMb * MB),
        ) / MB;
      const direct = measure("direct", shape, sizeMb);
      const bounded = measure("bounded", shape, sizeMb);
      out(
        row([
          shape,
          actualMb.toFixed(1),
          direct.ms.toFixed(0),
          direct.rssMb.toFixed(0),
          direct.outcome,
          bounded.ms.toFixed(0),
          bounded.rssMb.toFixed(0),
          bounded.outcome,
        ]),
      );
    }
  }

  const robotsBody = hostileRobots(400 * 1024);
  const before = performance.now();
  const rules = parseRobots(
    { origin: "http://127.0.0.1", outcome: "ok", status: 200, body: robotsBody, fetchedAtMs: 0 },
    "article-ingest/0.1",
  );
  const parsedMs = performance.now() - before;
  const matchStarted = performance.now();
  const verdict = verdictFor(rules, `http://127.0.0.1/${"a".repeat(2000)}`);
  const matchMs = performance.now() - matchStarted;
  out("");
  out(
    `robots.txt ${(robotsBody.length / 1024).toFixed(0)} KB: parsed in ${parsedMs.toFixed(0)} ms (${rules.rules.length} rules kept, ${rules.dropped.overGroupLimit} over the group limit), one 2000-character path matched in ${matchMs.toFixed(1)} ms (${verdict.kind})`,
  );

  const bomb = gzipBomb();
  const maxBytes = defaults().maxBodyBytes;
  const bombStarted = performance.now();
  let bombOutcome: string;
  try {
    const body = await decodeContentEncoding(bomb, "gzip", { maxBytes, url: "http://x/" });
    bombOutcome = `decoded ${body.length} bytes`;
  } catch (error) {
    bombOutcome = (error as { code?: string }).code ?? (error as Error).message;
  }
  out(
    `gzip bomb ${(bomb.length / 1024).toFixed(0)} KB -> ${GZIP_BOMB_INFLATED_BYTES / MB} MB: ${bombOutcome} in ${(performance.now() - bombStarted).toFixed(0)} ms (MAX_BODY_BYTES ${maxBytes}); process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

main().catch((error) => {
  process.stderr.write(`hostile-figures: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
