import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { evalCommand } from "../../../cli/commands/eval";

const BODY =
  "The lock gates were replaced over the weekend, and boats can pass again from Monday morning, the canal trust said.";

function writePage(dir: string, id: string, expected: Record<string, unknown> | null): void {
  mkdirSync(join(dir, id));
  const html = `<html lang="en"><head><title>Lock gates replaced</title></head><body><article><h1>Lock gates replaced</h1><p>${BODY}</p><p>${BODY}</p></article></body></html>`;
  writeFileSync(join(dir, id, "page.html.gz"), gzipSync(html));
  if (expected) writeFileSync(join(dir, id, "expected.json"), JSON.stringify(expected));
}

describe("eval command", () => {
  it("writes predictions with run figures and prints the corpus scores", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    writePage(dir, "aeb-1", {
      id: "aeb-1",
      url: "https://canal.example/a",
      body: `${BODY}\n\n${BODY}`,
    });
    writePage(dir, "fundus-1", {
      id: "fundus-1",
      url: "https://canal.example/b",
      title: "Lock gates replaced",
      language: "en",
      body: BODY,
    });
    writePage(dir, "other-1", null);
    const out = join(dir, "preds.json");
    const lines: string[] = [];
    // Act
    const code = evalCommand({ corpus: dir, out, print: (line) => lines.push(line) });
    // Assess
    expect(code).toBe(0);
    const raw = readFileSync(out, "utf8");
    const written = JSON.parse(raw);
    // Written one prediction at a time, the file is still exactly the indented JSON.
    expect(raw).toBe(`${JSON.stringify(written, null, 2)}\n`);
    expect(written.predictions["aeb-1"].text).toContain("lock gates were replaced");
    expect(written.meta.pages).toBe(3);
    expect(written.meta.pagesPerSecond).toBeGreaterThan(0);
    expect(written.meta.peakRssMb).toBeGreaterThan(0);
    expect(typeof written.meta.version).toBe("string");
    expect(Object.keys(written.predictions).sort()).toEqual(["aeb-1", "fundus-1", "other-1"]);
    expect(written.predictions["fundus-1"]).toMatchObject({ title: "Lock gates replaced" });
    expect(lines.find((l) => l.startsWith("body aeb-"))).toContain("F1 1.000");
    expect(lines.find((l) => l.trim().startsWith("fundus-"))).toMatch(/^\s+fundus-\s+1\.000/);
    expect(written.scores.bySource.fundus.titleExact).toEqual({ value: 1, pages: 1 });
    expect(typeof written.predictions["fundus-1"].isArticle).toBe("boolean");
  });

  it("fails with a usage code on a folder without pages", () => {
    const lines: string[] = [];
    const code = evalCommand({
      corpus: mkdtempSync(join(tmpdir(), "empty-")),
      print: (l) => lines.push(l),
    });
    expect(code).toBe(2);
    expect(lines[0]).toContain("no <id>/page.html.gz folders");
  });

  it("fails with a usage code, writing nothing, on a page whose expected.json does not parse", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    writePage(dir, "aeb-1", null);
    writeFileSync(join(dir, "aeb-1", "expected.json"), '{"id": "aeb-1", "body": ');
    const out = join(dir, "preds.json");
    const lines: string[] = [];
    // Act
    const code = evalCommand({ corpus: dir, out, print: (l) => lines.push(l) });
    // Assess
    expect(code).toBe(2);
    expect(lines[0]).toContain(`cannot read corpus folder "${dir}"`);
    expect(() => readFileSync(out)).toThrow();
  });
});
