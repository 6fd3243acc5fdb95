/**
 * `submit`: reads URLs from arguments, files, standard input, feeds and sitemaps; normalizes
 * and checks each, reports invalid lines with where they came from, drops duplicates, and
 * sends one queue message per URL in batches of 10 (retrying refused entries).
 * Exit code 0 when every input was sent, 1 when any line was invalid or any send failed.
 */
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { SubmissionQueue } from "../../functions/adapters/submission-queue";
import { type FeedReport, readFeeds } from "../../functions/core/feeds/read-feeds";
import { submissionBody } from "../../functions/core/queue-message";
import { safeLine } from "../../functions/core/safe-text";
import { buildUrlList, linesOf, type UrlLine } from "../../functions/core/url-list";
import type { SubmitOptions } from "../args";
import { CliError } from "../cli-error";
import { type CliIo, printJson, printNdjson } from "../output";
import { createDocumentFetcher } from "../submit/fetch-document";
import { createProgress } from "../submit/progress";
import { configFor, resolveTarget, type Target, withTarget } from "../target";

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readInputLines(options: SubmitOptions, io: CliIo): Promise<UrlLine[]> {
  const lines: UrlLine[] = options.urls.map((text, i) => ({
    source: "argument",
    line: i + 1,
    text,
  }));
  for (const file of options.files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new CliError(
        `cannot read ${file} (${code ?? (error as Error).message})`,
        "check the path given to --file",
      );
    }
    lines.push(...linesOf(text, file));
  }
  if (options.stdin) lines.push(...linesOf(await readStream(io.stdin), "stdin"));
  return lines;
}

async function readFeedLines(
  options: SubmitOptions,
  target: Target,
  io: CliIo,
): Promise<{ lines: UrlLine[]; report: FeedReport | null }> {
  const starts = [...options.feeds, ...options.sitemaps];
  if (starts.length === 0) return { lines: [], report: null };
  const config = configFor(target, io.env);
  const report = await readFeeds(starts, createDocumentFetcher(config), {
    maxBytes: config.maxBodyBytes,
    ...(options.since ? { since: options.since } : {}),
  });
  for (const document of report.documents) {
    if (options.format === "table") {
      io.stderr.write(
        `read ${document.kind} ${safeLine(document.url)}: ${document.entries} entries\n`,
      );
    }
  }
  for (const problem of report.problems) io.stderr.write(`error: ${safeLine(problem.reason)}\n`);
  for (const note of report.notes) io.stderr.write(`note: ${safeLine(note)}\n`);
  return {
    lines: report.urls.map((u) => ({ source: u.source, line: u.position, text: u.url })),
    report,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export async function submitCommand(options: SubmitOptions, io: CliIo): Promise<number> {
  if (options.list) return (await import("./submit-list")).submitListCommand(options, io);
  // Read local inputs before resolving the target: a typo in a file name needs no AWS.
  const inputLines = await readInputLines(options, io);
  const needsTarget = !options.dryRun || options.feeds.length + options.sitemaps.length > 0;
  const target = needsTarget ? await resolveTarget(options.target) : null;
  const feeds = target ? await readFeedLines(options, target, io) : { lines: [], report: null };
  const list = buildUrlList([...inputLines, ...feeds.lines]);

  for (const r of list.rejected) {
    const where = r.source === "argument" ? `argument ${r.line}` : `${r.source}:${r.line}`;
    io.stderr.write(`invalid: ${safeLine(where)}: ${safeLine(r.reason)}\n`);
  }
  const feedProblems = feeds.report?.problems.length ?? 0;
  if (list.accepted.length === 0) {
    throw new CliError(
      `no valid URLs to submit (${plural(list.rejected.length, "invalid line")}, ${plural(feedProblems, "unreadable feed")})`,
      "give absolute http(s) URLs, one per line",
    );
  }

  const submittedAt = io.now().toISOString();
  const bodies = list.accepted.map((a) =>
    submissionBody({
      url: a.url,
      force: options.force,
      submittedAt,
      ...(options.tag !== undefined ? { tag: options.tag } : {}),
    }),
  );

  let failed: { url: string; reason: string }[] = [];
  if (!options.dryRun && target) {
    failed = await withTarget(target, async (resolved, { sqs }) => {
      const progress = createProgress(io, bodies.length, "submitting");
      const queue = new SubmissionQueue(sqs, resolved.queueUrl);
      const result = await queue.sendAll(bodies, (done) => progress.update(done));
      progress.finish();
      const urlOf = new Map(bodies.map((b, i) => [b, list.accepted[i]?.url ?? b]));
      return result.failed.map((f) => ({ url: urlOf.get(f.body) ?? f.body, reason: f.reason }));
    });
  }
  const failedUrls = new Set(failed.map((f) => f.url));
  const sent = options.dryRun ? 0 : list.accepted.length - failed.length;

  const summary = {
    queueUrl: target?.queueUrl ?? null,
    dryRun: options.dryRun,
    sent,
    urls: list.accepted.filter((a) => !failedUrls.has(a.url)).map((a) => a.url),
    invalid: list.rejected.map((r) => ({
      source: r.source,
      line: r.line,
      input: r.text,
      reason: r.reason,
    })),
    duplicates: list.duplicates.length + (feeds.report?.cut.duplicates ?? 0),
    failed,
    ...(feeds.report
      ? {
          feeds: feeds.report.documents,
          olderThanSince: feeds.report.older,
          feedProblems: feeds.report.problems,
          feedCut: feeds.report.cut,
        }
      : {}),
  };

  if (options.format === "json") {
    printJson(io, summary);
  } else if (options.format === "ndjson") {
    printNdjson(io, [
      ...list.accepted.map((a) => ({
        url: a.url,
        status: options.dryRun ? "checked" : failedUrls.has(a.url) ? "failed" : "sent",
        source: a.source,
        line: a.line,
        ...(failedUrls.has(a.url) ? { reason: failed.find((f) => f.url === a.url)?.reason } : {}),
      })),
      ...list.duplicates.map((d) => ({
        url: d.url,
        status: "duplicate",
        source: d.source,
        line: d.line,
      })),
      ...list.rejected.map((r) => ({
        input: r.text,
        status: "invalid",
        source: r.source,
        line: r.line,
        reason: r.reason,
      })),
    ]);
  } else {
    if (options.dryRun) {
      for (const a of list.accepted) io.stdout.write(`${safeLine(a.url)}\n`);
    }
    for (const f of failed) io.stderr.write(`failed: ${safeLine(f.url)}: ${safeLine(f.reason)}\n`);
    const parts = [
      options.dryRun
        ? `Dry run: ${plural(list.accepted.length, "URL")} checked, nothing sent`
        : `Submitted ${plural(sent, "URL")} to ${target?.local ? "the local queue" : `stack ${target?.label}`}`,
    ];
    const duplicates = summary.duplicates;
    const notes = [
      duplicates > 0 ? `${plural(duplicates, "duplicate")} skipped` : "",
      list.rejected.length > 0 ? `${plural(list.rejected.length, "invalid line")}` : "",
      failed.length > 0 ? `${failed.length} failed to send` : "",
      feedProblems > 0 ? `${plural(feedProblems, "feed")} could not be read` : "",
      feeds.report && feeds.report.older > 0
        ? `${feeds.report.older} older than --since left out`
        : "",
    ].filter(Boolean);
    io.stdout.write(`${parts[0]}${notes.length ? ` (${notes.join(", ")})` : ""}.\n`);
  }
  return list.rejected.length > 0 || failed.length > 0 || feedProblems > 0 ? 1 : 0;
}
