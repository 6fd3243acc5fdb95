/**
 * Turns the URL lines a user gave (arguments, files, standard input, feed entries) into the
 * list to submit: every URL normalized and checked, invalid lines reported with where they
 * came from, duplicates (after normalization) kept once, in first-seen order.
 * Pure: no I/O.
 */
import { classify } from "./errors";
import { normalizeUrl } from "./normalize-url";

export interface UrlLine {
  /** Where the line came from: "argument", a file name, "stdin", or a feed URL. */
  source: string;
  /** 1-based line (or argument or entry) number. */
  line: number;
  text: string;
}

export interface AcceptedUrl {
  url: string;
  source: string;
  line: number;
}

export interface RejectedLine extends UrlLine {
  reason: string;
}

export interface DuplicateLine extends UrlLine {
  url: string;
  /** Where the URL was first seen. */
  firstSeen: { source: string; line: number };
}

export interface UrlList {
  accepted: AcceptedUrl[];
  rejected: RejectedLine[];
  duplicates: DuplicateLine[];
}

/** Splits text into numbered lines, skipping blank lines and `#` comments. */
export function linesOf(text: string, source: string): UrlLine[] {
  const out: UrlLine[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    out.push({ source, line: index + 1, text });
  });
  return out;
}

export function buildUrlList(lines: UrlLine[]): UrlList {
  const result: UrlList = { accepted: [], rejected: [], duplicates: [] };
  const seen = new Map<string, AcceptedUrl>();
  for (const line of lines) {
    let url: string;
    try {
      url = normalizeUrl(line.text);
    } catch (error) {
      result.rejected.push({ ...line, reason: classify(error).message });
      continue;
    }
    const first = seen.get(url);
    if (first) {
      result.duplicates.push({
        ...line,
        url,
        firstSeen: { source: first.source, line: first.line },
      });
      continue;
    }
    const accepted = { url, source: line.source, line: line.line };
    seen.set(url, accepted);
    result.accepted.push(accepted);
  }
  return result;
}
