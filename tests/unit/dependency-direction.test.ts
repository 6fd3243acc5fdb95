/**
 * Dependencies point one way: the project (functions/, infra/, cli/, scripts/, bin/) never
 * imports from tests/. What both need lives in the project and the tests import it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROJECT_FOLDERS = ["functions", "infra", "cli", "scripts", "bin"];
const TESTS = path.join(ROOT, "tests");

/** Module specifiers of static imports, re-exports, dynamic imports and require calls. */
const SPECIFIER =
  /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\b(?:import|require)\s*\(\s*["']([^"']+)["']/g;

function sourceFiles(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]s|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes("node_modules"));
}

/** `file: specifier` for each import of `file` that resolves into tests/. */
function importsFromTests(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? "";
    if (!specifier.startsWith(".")) continue;
    const target = path.resolve(path.dirname(file), specifier);
    if (target === TESTS || target.startsWith(`${TESTS}${path.sep}`)) {
      found.push(`${path.relative(ROOT, file)}: ${specifier}`);
    }
  }
  return found;
}

describe("dependency direction", () => {
  it("no file of functions/, infra/, cli/, scripts/ or bin/ imports from tests/", () => {
    // Prepare
    const files = PROJECT_FOLDERS.flatMap((folder) => {
      try {
        return sourceFiles(path.join(ROOT, folder));
      } catch {
        return [];
      }
    });

    // Act
    const offending = files.flatMap((file) => importsFromTests(file, readFileSync(file, "utf8")));

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offending).toEqual([]);
  });

  it("recognizes every form of import that reaches tests/", () => {
    const file = path.join(ROOT, "scripts", "example.ts");
    const text = [
      'import { a } from "../tests/support/a";',
      'import type {\n  B,\n} from "../tests/support/b";',
      'export { c } from "../tests/c";',
      'import "../tests/setup";',
      'const d = await import("../tests/d");',
      'import { e } from "../cli/e";',
      'import { f } from "vitest";',
    ].join("\n");
    expect(importsFromTests(file, text)).toEqual([
      "scripts/example.ts: ../tests/support/a",
      "scripts/example.ts: ../tests/support/b",
      "scripts/example.ts: ../tests/c",
      "scripts/example.ts: ../tests/setup",
      "scripts/example.ts: ../tests/d",
    ]);
  });
});
