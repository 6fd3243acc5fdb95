/**
 * `import FILE... [--url URL --date D]`: ingests captures someone already has, without
 * fetching, into the local stack or a deployed one (its table and bucket, directly). WARC
 * files give one capture per HTML response record (its WARC-Target-URI and WARC-Date); any
 * other file is a saved page, at `--url`, captured at `--date` (default: the file's
 * modification time). Each capture goes through the same extraction (bounded, in a child
 * process), identity and storage as a fetch (`importCapture`). One line per capture or
 * skipped record; exit code 1 when a file could not be read or a capture not stored.
 */
import { stat } from "node:fs/promises";
import { IngestError } from "../../functions/core/errors";
import { createBoundedExtractor } from "../../functions/ingest/extract-pool";
import { type ImportDeps, importCapture } from "../../functions/ingest/import-service";
import type { ImportOptions } from "../args";
import { CliError } from "../cli-error";
import {
  isWarcFile,
  type ReadItem,
  type ReadLimits,
  readHtmlFile,
  readWarc,
  type WarcSummary,
} from "../import/read-captures";
import { type CliIo, printJson, printNdjson, renderTable } from "../output";
import { openStore } from "../store";
import { configFor, withTarget } from "../target";

export interface ImportRow {
  where: string;
  url: string | null;
  capturedAt: string | null;
  /** What the capture came to (`ok`, `skipped`, `unchanged`), or `failed` when not stored. */
  result: string;
  articleId?: string;
  version?: number;
  code?: string;
  message?: string;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof IngestError) return { code: error.code, message: error.message };
  return { code: "internal", message: (error as Error).message ?? String(error) };
}

export async function importCommand(options: ImportOptions, io: CliIo): Promise<number> {
  const warcs = await Promise.all(
    options.files.map(async (file) => {
      try {
        return await isWarcFile(file);
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
      }
    }),
  );
  const pages = options.files.filter((_, i) => !warcs[i]);
  if (pages.length > 0 && options.url === undefined) {
    throw new CliError(
      `${pages[0]} is not a WARC file, so it is read as a saved HTML page: give its address with --url URL`,
      "and when it was captured with --date DATE",
    );
  }
  if (pages.length > 1) {
    throw new CliError(
      `${pages.length} saved HTML pages given; --url names one page, so import them one at a time`,
    );
  }
  return withTarget(options.target, async (target, clients) => {
    const config = configFor(target, io.env);
    const store = openStore(target, clients, io.env);
    const extractor = createBoundedExtractor({
      timeoutMs: config.extractTimeoutMs,
      maxHeapMb: config.extractMaxHeapMb,
      maxElements: config.extractMaxElements,
    });
    const deps: ImportDeps = {
      archive: store.archive,
      store: store.table,
      extract: extractor.extract,
      now: () => new Date(),
    };
    const limits: ReadLimits = {
      maxFileBytes: config.importMaxFileBytes,
      maxRecords: config.importMaxRecords,
      maxInflatedBytes: config.importMaxInflatedBytes,
      maxBodyBytes: config.maxBodyBytes,
    };
    const rows: ImportRow[] = [];
    const fileErrors: { file: string; code: string; message: string }[] = [];
    const others: Record<string, number> = {};
    const store1 = async (item: ReadItem) => {
      if (item.kind === "skipped") {
        rows.push({
          where: item.where,
          url: item.url,
          capturedAt: null,
          result: "skipped",
          code: item.code,
          message: item.message,
        });
        return;
      }
      const capture = { ...item.capture, ...(options.tag ? { tag: options.tag } : {}) };
      const row: ImportRow = {
        where: item.where,
        url: capture.url,
        capturedAt: capture.capturedAt,
        result: "failed",
      };
      try {
        const outcome = await importCapture(capture, deps);
        row.result = outcome.kind;
        row.articleId = outcome.articleId;
        if (outcome.version !== undefined) row.version = outcome.version;
        if (outcome.code) row.code = outcome.code;
        if (outcome.message) row.message = outcome.message;
      } catch (error) {
        Object.assign(row, describe(error));
      }
      rows.push(row);
    };
    try {
      for (const [i, file] of options.files.entries()) {
        try {
          if (warcs[i]) {
            const summary: WarcSummary = { records: 0, others: {} };
            try {
              for await (const item of readWarc(file, limits, summary)) await store1(item);
            } finally {
              for (const [type, n] of Object.entries(summary.others)) {
                others[type] = (others[type] ?? 0) + n;
              }
            }
          } else {
            const capturedAt = options.date ?? (await stat(file)).mtime.toISOString();
            const capture = await readHtmlFile(
              file,
              { url: options.url as string, capturedAt },
              limits,
            );
            await store1({ kind: "capture", where: file, capture });
          }
        } catch (error) {
          fileErrors.push({ file, ...describe(error) });
        }
      }
    } finally {
      await extractor.close();
    }
    const failed = rows.filter((r) => r.result === "failed").length + fileErrors.length;
    if (options.format === "json") {
      printJson(io, { imports: rows, fileErrors, otherRecords: others });
    } else if (options.format === "ndjson") {
      printNdjson(io, rows);
    } else {
      if (rows.length > 0) {
        io.stdout.write(
          renderTable(
            [
              { header: "Result", value: (r: ImportRow) => r.result },
              { header: "Version", value: (r) => r.version, align: "right" },
              { header: "Captured", value: (r) => r.capturedAt },
              { header: "URL", value: (r) => r.url, max: 80 },
              { header: "Reason", value: (r) => (r.code ? `${r.code}: ${r.message}` : "") },
            ],
            rows,
            io.columns,
          ),
        );
      }
      const other = Object.entries(others)
        .map(([type, n]) => `${n} ${type}`)
        .join(", ");
      const stored = rows.filter(
        (r) => r.result === "ok" || (r.result === "skipped" && r.articleId),
      );
      io.stdout.write(
        `\n${stored.length} of ${rows.length} response records stored` +
          `${other ? ` (other records, not captures: ${other})` : ""}.\n`,
      );
    }
    for (const e of fileErrors) io.stderr.write(`error: ${e.file}: ${e.code}: ${e.message}\n`);
    return failed > 0 ? 1 : 0;
  });
}
