/**
 * Reads a corpus folder in the format of the corpus README: one folder per page holding
 * `page.html.gz` and, where annotated, `expected.json`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Expected } from "./score";

export interface CorpusPage {
  id: string;
  /** The page's URL from `expected.json`, or a placeholder on the page id. */
  url: string;
  html: string;
  expected: Expected | null;
}

/** Ids of the page folders of a corpus, sorted. */
export function listCorpusIds(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "page.html.gz")))
    .map((entry) => entry.name)
    .sort();
}

/** One page of a corpus, decompressed and decoded as UTF-8. */
export function readCorpusPage(dir: string, id: string): CorpusPage {
  const html = gunzipSync(readFileSync(join(dir, id, "page.html.gz"))).toString("utf8");
  const expectedPath = join(dir, id, "expected.json");
  const expected = existsSync(expectedPath)
    ? (JSON.parse(readFileSync(expectedPath, "utf8")) as Expected)
    : null;
  return { id, url: expected?.url ?? `https://corpus.invalid/${id}/`, html, expected };
}

/** Every page of a corpus, read lazily one at a time. */
export function* corpusPages(dir: string, ids = listCorpusIds(dir)): Generator<CorpusPage> {
  for (const id of ids) yield readCorpusPage(dir, id);
}

/** The expectations of a corpus, by page id (pages without `expected.json` are left out). */
export function readExpectations(dir: string, ids = listCorpusIds(dir)): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const id of ids) {
    const path = join(dir, id, "expected.json");
    if (existsSync(path)) out.set(id, JSON.parse(readFileSync(path, "utf8")) as Expected);
  }
  return out;
}
