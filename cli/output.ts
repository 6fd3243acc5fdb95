/**
 * How commands talk to the terminal: the I/O they receive (so tests can capture it),
 * `--json` documents (always with a version field), `--ndjson` lines and readable tables.
 * Tables and key-value lines carry page text (titles, authors, failure messages), so every
 * cell goes through `safeLine` (functions/core/safe-text.ts): no control character or bidi
 * override reaches the terminal, even from a record stored before extraction cleaned them.
 * JSON output escapes control characters by itself.
 */
import type { Readable } from "node:stream";
import { safeLine, safeText } from "../functions/core/safe-text";
import type { OutputFormat } from "./args";

/** Version of the JSON shapes printed by `--json` and `--ndjson`. */
export const JSON_OUTPUT_VERSION = 1;

export interface Writer {
  write(chunk: string | Uint8Array): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin: Readable;
  env: Record<string, string | undefined>;
  /** True when stderr is a terminal (progress bars, colours). */
  interactive: boolean;
  /** Terminal width for tables, when known. */
  columns?: number;
  now(): Date;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
    ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
    now: () => new Date(),
  };
}

/** Prints one JSON document: `{"version": 1, ...payload}`. */
export function printJson(io: CliIo, payload: Record<string, unknown>): void {
  io.stdout.write(`${JSON.stringify({ version: JSON_OUTPUT_VERSION, ...payload }, null, 2)}\n`);
}

/** Prints one JSON object per line. */
export function printNdjson(io: CliIo, rows: readonly unknown[]): void {
  for (const row of rows) io.stdout.write(`${JSON.stringify(row)}\n`);
}

export interface Column<Row> {
  header: string;
  value(row: Row): string | number | undefined | null;
  /** Longest a cell may be before it is cut with "…". */
  max?: number;
  align?: "left" | "right";
}

function cell(value: string | number | undefined | null, max: number | undefined): string {
  const text = value === undefined || value === null || value === "" ? "-" : String(value);
  const flat = safeLine(text).replace(/\s+/g, " ");
  return max !== undefined && flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Renders rows as an aligned plain-text table with a header line; with `maxWidth` (the
 * terminal's width), longer lines are cut with "…" instead of wrapping.
 */
export function renderTable<Row>(
  columns: Column<Row>[],
  rows: readonly Row[],
  maxWidth?: number,
): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.max)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] as string).length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] as number;
        if (i === values.length - 1 && columns[i]?.align !== "right") return v;
        return columns[i]?.align === "right" ? v.padStart(width) : v.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const fit = (text: string) =>
    maxWidth !== undefined && maxWidth > 20 && text.length > maxWidth
      ? `${text.slice(0, maxWidth - 1)}…`
      : text;
  const lines = [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)];
  return `${lines.map(fit).join("\n")}\n`;
}

/** Prints a list in the chosen format: a table, one JSON document, or NDJSON lines. */
export function printList<Row>(
  io: CliIo,
  format: OutputFormat,
  options: {
    /** Key of the array in the JSON document (e.g. "articles"). */
    key: string;
    rows: readonly Row[];
    columns: Column<Row>[];
    /** Extra fields of the JSON document (e.g. a cursor). */
    extra?: Record<string, unknown>;
    /** Printed instead of an empty table. */
    empty: string;
    /** Printed after the table (e.g. how to get the next page). */
    footer?: string;
  },
): void {
  if (format === "json") {
    printJson(io, { [options.key]: options.rows, ...options.extra });
    return;
  }
  if (format === "ndjson") {
    printNdjson(io, options.rows);
    return;
  }
  if (options.rows.length === 0) {
    io.stdout.write(`${options.empty}\n`);
  } else {
    io.stdout.write(renderTable(options.columns, options.rows, io.columns));
  }
  if (options.footer) io.stdout.write(`${options.footer}\n`);
}

/** Key-value lines ("Title: ...") for one record. */
export function renderFields(fields: [string, string | number | undefined | null][]): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return `${fields
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${safeLine(String(v))}`)
    .join("\n")}\n`;
}

/** Page text of several lines (an article body) made safe to print: tab and newline kept. */
export function terminalText(text: string): string {
  return safeText(text);
}
