/**
 * An article's history, read: its versions in capture order, the difference between two
 * versions (changed fields and a unified diff of the body text), and its Memento TimeMap
 * (RFC 7089, `application/link-format`). Pure: the callers read the versions and documents.
 *
 * Version numbers are given in the order captures were stored; an imported capture older
 * than the latest gets the next number, so by number the history is not always in time
 * order. Everything here orders by capture time (`fetchedAt`), then by version number.
 */
import { createTwoFilesPatch } from "diff";
import { type ArticleRecord, changedFields, type VersionedField } from "./article-record";

/**
 * Most line insertions and deletions a text diff computes. Beyond it the diff is refused
 * (it would be slow and unreadable): two texts that different are reported as replaced.
 */
export const MAX_DIFF_EDITS = 1000;
/** Longest a text diff may compute (ms) before it is refused the same way. */
export const MAX_DIFF_MS = 2000;
/** Longest text (in characters) a diff compares; a longer one is cut at this length first. */
export const MAX_DIFF_TEXT_CHARS = 2_000_000;

/** The records of an article's versions, oldest capture first. */
export function inCaptureOrder<T extends Pick<ArticleRecord, "version" | "fetchedAt">>(
  records: T[],
): T[] {
  const time = (r: T) => (r.fetchedAt ? Date.parse(r.fetchedAt) : Number.NEGATIVE_INFINITY);
  return [...records].sort((a, b) => time(a) - time(b) || a.version - b.version);
}

export interface FieldChange {
  field: VersionedField;
  from: unknown;
  to: unknown;
}

export interface VersionDiff {
  from: number;
  to: number;
  /** Every versioned field that differs (`text` included when the body text does). */
  changedFields: VersionedField[];
  /** The old and new value of each changed field but the text (shown in `textDiff`). */
  fields: FieldChange[];
  /** A unified diff of the body text; `null` when the texts are equal. */
  textDiff: string | null;
  /** Why `textDiff` is not a line diff, when it is not (a text missing, or too different). */
  textNote?: string;
}

/**
 * The difference from one version to another. `fromText`/`toText` are the versions' body
 * texts, `null` when the archive holds none for that version.
 */
export function diffVersions(
  from: ArticleRecord,
  to: ArticleRecord,
  fromText: string | null,
  toText: string | null,
): VersionDiff {
  const changed = changedFields(from, to).filter((f) => f !== "text");
  const fields: FieldChange[] = changed.map((field) => ({
    field,
    from: from[field] ?? null,
    to: to[field] ?? null,
  }));
  const base = { from: from.version, to: to.version, fields };
  if (fromText === null || toText === null) {
    const missing = [fromText === null ? from.version : null, toText === null ? to.version : null]
      .filter((v) => v !== null)
      .join(" and ");
    const textChanged = changedFields(from, to).includes("text");
    return {
      ...base,
      changedFields: textChanged ? [...changed, "text"] : changed,
      textDiff: null,
      textNote: `the text of version ${missing} is not in the archive`,
    };
  }
  if (fromText === toText) return { ...base, changedFields: changed, textDiff: null };
  const patch = createTwoFilesPatch(
    `version ${from.version}`,
    `version ${to.version}`,
    withNewline(fromText.slice(0, MAX_DIFF_TEXT_CHARS)),
    withNewline(toText.slice(0, MAX_DIFF_TEXT_CHARS)),
    from.fetchedAt ?? "",
    to.fetchedAt ?? "",
    { context: 2, maxEditLength: MAX_DIFF_EDITS, timeout: MAX_DIFF_MS },
  );
  const changedWithText: VersionedField[] = [...changed, "text"];
  if (patch === undefined) {
    return {
      ...base,
      changedFields: changedWithText,
      textDiff: null,
      textNote: `the texts differ in more than ${MAX_DIFF_EDITS} lines (or too much to compare in ${MAX_DIFF_MS} ms): compare them whole`,
    };
  }
  return { ...base, changedFields: changedWithText, textDiff: patch };
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * Which two versions `diff` compares when not told: `to` defaults to the latest capture,
 * `from` to the capture just before `to` in capture order. Versions are given by number.
 */
export function defaultDiffPair(
  versions: Pick<ArticleRecord, "version" | "fetchedAt">[],
  latest: number,
  asked: { from?: number; to?: number },
): { from: number; to: number } | null {
  const ordered = inCaptureOrder(versions).map((v) => v.version);
  const to = asked.to ?? latest;
  if (asked.from !== undefined) return { from: asked.from, to };
  const at = ordered.indexOf(to);
  if (at <= 0) return null;
  return { from: ordered[at - 1] as number, to };
}

export interface Memento {
  /** Where the capture can be read. */
  uri: string;
  /** When it was captured (ISO 8601). */
  datetime: string;
}

/**
 * A TimeMap in the link format of RFC 7089 section 5.1.1: the original resource, the
 * TimeMap itself (with the first and last capture dates), and one link per memento, the
 * first and last marked as such. `mementos` in any order; listed oldest first.
 */
export function timeMap(original: string, self: string, mementos: Memento[]): string {
  const ordered = [...mementos].sort((a, b) => Date.parse(a.datetime) - Date.parse(b.datetime));
  const httpDate = (iso: string) => new Date(iso).toUTCString();
  const lines = [`<${linkUri(original)}>; rel="original"`];
  const first = ordered[0];
  const last = ordered.at(-1);
  lines.push(
    `<${linkUri(self)}>; rel="self"; type="application/link-format"` +
      (first && last
        ? `; from="${httpDate(first.datetime)}"; until="${httpDate(last.datetime)}"`
        : ""),
  );
  ordered.forEach((m, i) => {
    const rel =
      ordered.length === 1
        ? "first last memento"
        : i === 0
          ? "first memento"
          : i === ordered.length - 1
            ? "last memento"
            : "memento";
    lines.push(`<${linkUri(m.uri)}>; rel="${rel}"; datetime="${httpDate(m.datetime)}"`);
  });
  return `${lines.join(",\n")}\n`;
}

/** A URI as a link target: `<` and `>` (and spaces) cannot stand inside the brackets. */
function linkUri(uri: string): string {
  return uri.replace(/[<>\s"]/g, (c) => encodeURIComponent(c));
}
