import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTOR_RULES_DIGEST, EXTRACTOR_VERSION } from "../../../functions/core/extract/version";

const ROOT = resolve(import.meta.dirname, "../../..");

/** The extractor's entry point: every project file it imports, directly or not, is a rule source. */
const ENTRY = "functions/core/extract/index.ts";
/** The version file holds the digest itself, so it cannot be part of it. */
const EXCLUDED = new Set(["functions/core/extract/version.ts"]);
/** Libraries whose version changes parsing, language detection or the site name. */
const RULE_DEPENDENCIES = ["cheerio", "franc-min", "htmlparser2", "tldts"];

const RELATIVE_IMPORT = /(?:import|export)[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/g;

/** The project files `entry` imports, directly or through others (type-only imports too). */
function ruleSources(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = join(dirname(file), match[1] as string);
      const candidates = [target, `${target}.ts`, join(target, "index.ts")];
      const found = candidates.find((c) => c.endsWith(".ts") && existsSync(join(ROOT, c)));
      if (found) pending.push(relative(ROOT, join(ROOT, found)).split("\\").join("/"));
    }
  }
  return [...seen];
}

/** SHA-256 over the sorted rule files (LF line endings) and the pinned dependency versions. */
function rulesDigest(): string {
  const hash = createHash("sha256");
  const files = ruleSources(ENTRY)
    .filter((f) => !EXCLUDED.has(f))
    .sort();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8").replace(/\r\n?/g, "\n");
    hash.update(`${file}\0${text}\0`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const name of RULE_DEPENDENCIES) hash.update(`${name}@${pkg.dependencies[name]}\0`);
  return hash.digest("hex");
}

describe("EXTRACTOR_VERSION", () => {
  it("is a semantic version", () => {
    expect(EXTRACTOR_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("digests every rule file the extractor imports", () => {
    const files = ruleSources(ENTRY);
    expect(files).toContain("functions/core/extract/body/patterns.ts");
    expect(files).toContain("functions/core/sanitize-html.ts");
    expect(files).toContain("functions/core/safe-text.ts");
  });

  it("changes whenever the extraction rules change", () => {
    // Prepare
    const digest = rulesDigest();
    // Assess
    expect(
      digest,
      `The extraction rules changed (a file ${ENTRY} imports, or ${RULE_DEPENDENCIES.join(", ")}). ` +
        "Stored records are re-extracted only when the version changes: bump EXTRACTOR_VERSION " +
        "(see docs/extraction.md, 'Extractor version') and update the digest in " +
        `functions/core/extract/version.ts to EXTRACTOR_RULES_DIGEST = "${digest}".`,
    ).toBe(EXTRACTOR_RULES_DIGEST);
  });
});
