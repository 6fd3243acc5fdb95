/**
 * `article-ingest demo` (`npm start`): starts the local pipeline and the bundled sample news
 * site, submits the site's pages, waits until every message is processed, and prints one
 * line per stored record, the local endpoints and how to query them. With `--once` it then
 * stops everything; otherwise it keeps running until Ctrl-C.
 */

import { ArticleTable } from "../../functions/adapters/article-table";
import { SubmissionQueue } from "../../functions/adapters/submission-queue";
import type { ArticleRecord } from "../../functions/core/article-record";
import { normalizeUrl } from "../../functions/core/normalize-url";
import { submissionBody } from "../../functions/core/queue-message";
import { safeLine } from "../../functions/core/safe-text";
import type { DemoOptions } from "../args";
import { startLocalStack } from "../local/local-stack";
import { startSampleSite } from "../local/sample-site";
import type { CliIo } from "../output";

/** Port the sample site prefers, so record ids stay the same across runs of the demo. */
const SAMPLE_SITE_PORT = 4599;

export async function demoCommand(options: DemoOptions, io: CliIo): Promise<number> {
  const started = Date.now();
  io.stderr.write("Starting the local stand-ins (DynamoDB, S3, SQS) and the sample site…\n");
  const stack = await startLocalStack({
    dataDir: options.dataDir,
    logLevel: "SILENT",
    api: true,
    notice: (line) => io.stderr.write(`${line}\n`),
  });
  const site = await startSampleSite({ port: SAMPLE_SITE_PORT }).catch(() => startSampleSite());
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await site.close();
    await stack.stop();
  };
  try {
    const urls = [...site.urls.articles, site.urls.cyrillic, site.urls.notArticle];
    const queue = new SubmissionQueue(stack.clients.sqs, stack.standIns.queueUrl);
    const submittedAt = io.now().toISOString();
    const sent = await queue.sendAll(
      urls.map((url) => submissionBody({ url, submittedAt, force: true })),
    );
    io.stderr.write(
      `Submitted ${sent.sent} URLs of ${site.origin} to the local queue; ingesting…\n`,
    );
    await stack.poller.drained({ timeoutMs: 120_000 });

    const table = new ArticleTable(
      stack.clients.documents,
      stack.config.tableName,
      stack.config.cursorSecret,
    );
    const records: ArticleRecord[] = [];
    for (const url of urls) {
      const record = await table.getByUrl(normalizeUrl(url));
      if (record) records.push(record);
    }
    io.stdout.write(`\n${formatRecords(records)}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(`\n${records.length} of ${urls.length} URLs have a record (${seconds} s).\n`);
    io.stdout.write(`\nLocal endpoints (also in ${stack.endpointsFile}):\n`);
    io.stdout.write(
      `  DynamoDB  ${stack.standIns.dynamodbEndpoint}  table ${stack.standIns.tableName}\n`,
    );
    io.stdout.write(
      `  S3        ${stack.standIns.s3Endpoint}  bucket ${stack.standIns.bucketName}\n`,
    );
    io.stdout.write(`  SQS       ${stack.standIns.queueUrl}\n`);
    io.stdout.write(`  HTTP API  ${stack.api?.url}\n`);
    io.stdout.write(`  sample site ${site.origin}/\n`);
    if (options.once) {
      io.stdout.write(
        "\nRun `npm start` (without --once) to keep the pipeline running, then in another terminal:\n" +
          `  npx article-ingest list --local --site 127.0.0.1\n  npx article-ingest get --local ${urls[0]}\n`,
      );
      return records.length === urls.length ? 0 : 1;
    }
    io.stdout.write(
      "\nThe pipeline keeps running. In another terminal try:\n" +
        `  npx article-ingest list --local --site 127.0.0.1\n  npx article-ingest get --local ${urls[0]}\n` +
        `  npx article-ingest submit --local ${urls[1]} --force\n` +
        `  curl ${stack.api?.url}/sites/127.0.0.1/articles\nPress Ctrl-C to stop.\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    return 0;
  } finally {
    await stopAll();
  }
}

function formatRecords(records: ArticleRecord[]): string {
  const rows = records.map((r) => [
    r.status,
    (r.publishedAt ?? "").slice(0, 10) || "-",
    r.site,
    r.language ?? "-",
    truncate(safeLine(r.title ?? r.failure?.message ?? "-"), 70),
  ]);
  const header = ["STATUS", "PUBLISHED", "SITE", "LANG", "TITLE"];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
