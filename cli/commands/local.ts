/**
 * `local`: runs the whole pipeline on this machine (stand-ins, queue poller with the real
 * ingest handler, HTTP API) until Ctrl-C, printing its endpoints and a line whenever the
 * poller has processed more messages. Other commands reach it with `--local`.
 */
import { rmSync } from "node:fs";
import type { LocalOptions } from "../args";
import { startLocalStack } from "../local/local-stack";
import type { CliIo } from "../output";

/** How often the activity line is refreshed. */
const ACTIVITY_INTERVAL_MS = 2000;

export async function localCommand(
  options: LocalOptions,
  io: CliIo,
  /** Resolves when the command should stop; Ctrl-C or SIGTERM by default. */
  untilStopped: Promise<void> = new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  }),
): Promise<number> {
  io.stderr.write("Starting the local stack (DynamoDB, S3, SQS, poller, HTTP API)…\n");
  const stack = await startLocalStack({
    dataDir: options.dataDir,
    api: true,
    logLevel: "SILENT",
    notice: (line) => io.stderr.write(`${line}\n`),
  });
  // The stand-ins end this process on Ctrl-C; never leave an endpoints file pointing at nothing.
  const removeEndpoints = () => rmSync(stack.endpointsFile, { force: true });
  process.once("exit", removeEndpoints);
  try {
    const s = stack.standIns;
    io.stdout.write(
      [
        `Local stack running (data in ${options.dataDir}).`,
        "",
        `  DynamoDB   ${s.dynamodbEndpoint}  table ${s.tableName}`,
        `  S3         ${s.s3Endpoint}  bucket ${s.bucketName}`,
        `  SQS        ${s.queueUrl}`,
        `  DLQ        ${s.deadLetterQueueUrl}`,
        `  HTTP API   ${stack.api?.url ?? "-"}`,
        `  endpoints  ${stack.endpointsFile}`,
        "",
        "In another terminal:",
        "  npx article-ingest submit --local https://example.com/some-article.html",
        "  npx article-ingest stats --local",
        "  npx article-ingest list --local --site example.com",
        "Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
    let reported = 0;
    const timer = setInterval(() => {
      const stats = stack.poller.stats;
      if (stats.received === reported) return;
      reported = stats.received;
      io.stderr.write(
        `${io.now().toISOString()}  processed ${stats.received} message(s): ${stats.deleted} done, ${stats.failed} to retry\n`,
      );
    }, ACTIVITY_INTERVAL_MS);
    try {
      await untilStopped;
    } finally {
      clearInterval(timer);
    }
    io.stderr.write("Stopping…\n");
    return 0;
  } finally {
    await stack.stop();
    process.off("exit", removeEndpoints);
  }
}
