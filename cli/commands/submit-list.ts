/**
 * `submit FILE --upload` and `submit --s3 S3URL`: the bulk path. The list goes to the
 * bucket under `submissions/` (uploaded, or copied from where it is), which triggers the
 * stack's bulk-list function; it submits every valid URL, deduplicated, at a bounded rate,
 * and writes `<list>.report.json` beside the list. With `--wait` the command waits for that
 * report and prints it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import {
  CopyObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { reportKeyOf } from "../../functions/bulk/bulk-list-service";
import type { ListReport } from "../../functions/core/bulk-list";
import { BUCKET_DEFINITION } from "../../functions/shared/resources";
import type { SubmitOptions } from "../args";
import { CliError } from "../cli-error";
import { type CliIo, printJson, printNdjson } from "../output";
import { withTarget } from "../target";

/** Longest `--wait` waits for a report. */
const WAIT_LIMIT_MS = 6 * 3600_000;
const WAIT_POLL_MS = 2000;
/** Largest list one PutObject uploads (S3's single-request limit). */
const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

function listKeyFor(name: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const safe = path.basename(name).replace(/[^A-Za-z0-9._-]/g, "_");
  return `${BUCKET_DEFINITION.submissionsPrefix}${stamp}-${safe}`;
}

function parseS3Url(value: string, bucket: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(value);
  if (match) return { bucket: match[1] as string, key: match[2] as string };
  if (value.startsWith("s3://")) {
    throw new CliError(
      `"${value}" names no object`,
      "give s3://bucket/key or a key in the stack's bucket",
    );
  }
  return { bucket, key: value };
}

async function readReport(s3: S3Client, bucket: string, key: string): Promise<ListReport | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(
      await (object.Body as { transformToString(): Promise<string> }).transformToString(),
    ) as ListReport;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return null;
    throw error;
  }
}

export async function submitListCommand(options: SubmitOptions, io: CliIo): Promise<number> {
  const list = options.list;
  if (!list) throw new Error("submitListCommand needs options.list");
  let size: number | undefined;
  if (list.upload !== undefined) {
    try {
      size = (await stat(list.upload)).size;
    } catch (error) {
      throw new CliError(
        `cannot read ${list.upload} (${(error as { code?: string }).code ?? (error as Error).message})`,
        "check the path",
      );
    }
    if (size > MAX_UPLOAD_BYTES) {
      throw new CliError(`${list.upload} is over 5 GiB`, "split it, or gzip it (lists may be .gz)");
    }
  }
  return withTarget(options.target, async (target, { s3 }) => {
    const metadata = options.tag !== undefined ? { tag: options.tag } : undefined;
    let key: string;
    if (list.upload !== undefined) {
      key = listKeyFor(list.upload, io.now());
      await s3.send(
        new PutObjectCommand({
          Bucket: target.bucketName,
          Key: key,
          Body: createReadStream(list.upload),
          ContentLength: size,
          ...(metadata ? { Metadata: metadata } : {}),
        }),
      );
    } else {
      const source = parseS3Url(list.s3 as string, target.bucketName);
      const inPlace =
        source.bucket === target.bucketName &&
        source.key.startsWith(BUCKET_DEFINITION.submissionsPrefix);
      key = inPlace ? source.key : listKeyFor(source.key, io.now());
      // A copy (onto itself for a list already under submissions/) is what triggers the stack.
      await s3.send(
        new CopyObjectCommand({
          Bucket: target.bucketName,
          Key: key,
          CopySource: `${source.bucket}/${source.key.split("/").map(encodeURIComponent).join("/")}`,
          MetadataDirective: "REPLACE",
          ...(metadata ? { Metadata: metadata } : {}),
        }),
      );
    }
    const reportKey = reportKeyOf(key);
    const where = { bucket: target.bucketName, list: key, report: reportKey };
    if (!list.wait) {
      if (options.format === "json") printJson(io, where);
      else if (options.format === "ndjson") printNdjson(io, [where]);
      else {
        io.stdout.write(`Uploaded s3://${target.bucketName}/${key}; the stack submits it now.\n`);
        io.stdout.write(
          `Its report will be s3://${target.bucketName}/${reportKey} (or run again with --wait).\n`,
        );
      }
      return 0;
    }
    const started = Date.now();
    let report: ListReport | null = null;
    while (Date.now() - started < WAIT_LIMIT_MS) {
      report = await readReport(s3, target.bucketName, reportKey);
      if (report && (list.upload !== undefined || Date.parse(report.finishedAt) >= started - 1000))
        break;
      report = null;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    if (!report)
      throw new CliError(
        `no report for ${key} after ${WAIT_LIMIT_MS / 3600_000} h`,
        "check the bulk-list queue's dead-letter queue",
      );
    if (options.format === "json") printJson(io, { ...where, report });
    else if (options.format === "ndjson")
      printNdjson(io, [
        ...report.rejectedLines.map((r) => ({ status: "invalid", ...r })),
        ...report.duplicateLines.map((d) => ({ status: "duplicate", ...d })),
      ]);
    else {
      for (const r of report.rejectedLines)
        io.stderr.write(`invalid: ${key}:${r.line}: ${r.reason}\n`);
      io.stdout.write(
        `Submitted ${report.accepted} URLs from ${report.lines} lines (${report.duplicates} duplicates, ${report.rejected} invalid${report.sendFailed ? `, ${report.sendFailed} failed to send` : ""}).\n`,
      );
      if (report.stopped) io.stderr.write(`note: ${report.stopped}\n`);
    }
    return report.rejected > 0 || report.sendFailed > 0 || report.stopped ? 1 : 0;
  });
}
