import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACTOR_RULES_DIGEST, EXTRACTOR_VERSION } from "../../../functions/core/extract/version";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Everything whose change can change an extracted field. */
const RULE_SOURCES = ["functions/core/extract", "functions/core/sanitize-html.ts"];
/** The version file holds the digest itself, so it cannot be part of it. */
const EXCLUDED = new Set(["functions/core/extract/version.ts"]);
/** Libraries whose version changes parsing, language detection or the site name. */
const RULE_DEPENDENCIES = ["cheerio", "franc-min", "tldts"];

function filesUnder(path: string): string[] {
  const absolute = join(ROOT, path);
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute).flatMap((name) => filesUnder(join(path, name)));
}

/** SHA-256 over the sorted rule files (LF line endings) and the pinned dependency versions. */
function rulesDigest(): string {
  const hash = createHash("sha256");
  const files = RULE_SOURCES.flatMap(filesUnder)
    .map((f) => relative(ROOT, join(ROOT, f)).split("\\").join("/"))
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

  it("changes whenever the extraction rules change", () => {
    // Prepare
    const digest = rulesDigest();
    // Assess
    expect(
      digest,
      `The extraction rules changed (functions/core/extract, sanitize-html.ts or ${RULE_DEPENDENCIES.join(", ")}). ` +
        "Stored records are re-extracted only when the version changes: bump EXTRACTOR_VERSION " +
        "(see docs/extraction.md, 'Extractor version') and update the digest in " +
        `functions/core/extract/version.ts to EXTRACTOR_RULES_DIGEST = "${digest}".`,
    ).toBe(EXTRACTOR_RULES_DIGEST);
  });
});
