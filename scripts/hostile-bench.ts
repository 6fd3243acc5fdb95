/**
 * `npm run bench:hostile [-- --mb 1,10] [--shape NAME] [--timeout SECONDS]`: extraction
 * time and peak memory on hostile page shapes (tests/fixtures/hostile-shapes.ts), each shape
 * and size in its own child process so one page's heap cannot inflate the next one's RSS.
 * Prints one table: shape, bytes, wall and CPU milliseconds of the extraction, peak RSS,
 * characters of body text. On a shared machine CPU time is the steadier of the two.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { HOSTILE_SHAPES } from "../cli/local/hostile-shapes";
import { extractArticle } from "../functions/core/extract/index";

interface Row {
  shape: string;
  bytes: number;
  ms: number;
  cpuMs: number;
  peakRssMB: number;
  textChars: number;
}

/** Child mode: build one page, extract it once, print one JSON row. */
function runChild(shape: string, bytes: number): void {
  const build = HOSTILE_SHAPES[shape];
  if (!build) throw new Error(`Unknown shape "${shape}" (expected one of ${shapeNames()})`);
  const html = build(bytes);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const article = extractArticle(html, "https://example.com/a");
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  const row: Row = {
    shape,
    bytes: html.length,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    // maxRSS is in kilobytes.
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    textChars: article.text.length,
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

function shapeNames(): string {
  return Object.keys(HOSTILE_SHAPES).join(", ");
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

function runParent(argv: string[]): void {
  const sizes = (option(argv, "--mb") ?? "1,10").split(",").map(Number);
  const only = option(argv, "--shape");
  const timeoutMs = Number(option(argv, "--timeout") ?? "300") * 1000;
  const shapes = only ? only.split(",") : Object.keys(HOSTILE_SHAPES);
  const script = fileURLToPath(import.meta.url);
  const header = ["shape", "bytes", "ms", "cpu ms", "peak RSS MB", "text chars"];
  console.log(header.join("\t"));
  for (const mb of sizes) {
    for (const shape of shapes) {
      const bytes = Math.round(mb * 1_000_000);
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", script, "--child", shape, String(bytes)],
        { encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 20 },
      );
      const line = child.stdout?.trim().split("\n").pop() ?? "";
      if (child.status !== 0 || !line.startsWith("{")) {
        const why = child.error ? `timeout after ${timeoutMs / 1000} s` : `exit ${child.status}`;
        console.log([shape, bytes, why, "-", "-", "-"].join("\t"));
        continue;
      }
      const row = JSON.parse(line) as Row;
      const cells = [row.shape, row.bytes, row.ms, row.cpuMs, row.peakRssMB, row.textChars];
      console.log(cells.join("\t"));
    }
  }
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") runChild(argv[1] ?? "", Number(argv[2]));
else runParent(argv);
