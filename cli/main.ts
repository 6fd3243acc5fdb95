/**
 * Entry point of the `article-ingest` command: parses argv (cli/args.ts), runs the command
 * function (cli/commands/*), and turns errors into one line and an exit code:
 * 0 success, 1 a failure the user can act on, 2 a usage mistake. An unexpected error
 * prints its stack and asks for a bug report.
 *
 * Command modules are imported lazily, so `--help` and small commands start fast without
 * loading the AWS SDK or cheerio.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type CommandName,
  type CommandOptions,
  commandHelp,
  PROGRAM,
  parseCommandLine,
  UsageError,
} from "./args";
import { CliError } from "./cli-error";
import { type CliIo, processIo } from "./output";

type Runner<K extends CommandName> = (options: CommandOptions[K], io: CliIo) => Promise<number>;

const RUNNERS: { [K in CommandName]: Runner<K> } = {
  submit: async (o, io) => (await import("./commands/submit")).submitCommand(o, io),
  get: async (o, io) => (await import("./commands/get")).getCommand(o, io),
  diff: async (o, io) => (await import("./commands/history")).diffCommand(o, io),
  timemap: async (o, io) => (await import("./commands/history")).timeMapCommand(o, io),
  import: async (o, io) => (await import("./commands/import")).importCommand(o, io),
  export: async (o, io) => (await import("./commands/export")).exportCommand(o, io),
  list: async (o, io) => (await import("./commands/list")).listCommand(o, io),
  failures: async (o, io) => (await import("./commands/failures")).failuresCommand(o, io),
  stats: async (o, io) => (await import("./commands/stats")).statsCommand(o, io),
  reprocess: async (o, io) => (await import("./commands/reprocess")).reprocessCommand(o, io),
  "dlq list": async (o, io) => (await import("./commands/dlq")).dlqListCommand(o, io),
  "dlq redrive": async (o, io) => (await import("./commands/dlq")).dlqRedriveCommand(o, io),
  sweep: async (o, io) => (await import("./commands/sweep")).sweepCommand(o, io),
  "watch add": async (o, io) => (await import("./commands/watch")).watchAddCommand(o, io),
  "watch list": async (o, io) => (await import("./commands/watch")).watchListCommand(o, io),
  "watch remove": async (o, io) => (await import("./commands/watch")).watchRemoveCommand(o, io),
  "watch pause": async (o, io) => (await import("./commands/watch")).watchPauseCommand(o, io, true),
  "watch resume": async (o, io) =>
    (await import("./commands/watch")).watchPauseCommand(o, io, false),
  "watch poll": async (o, io) => (await import("./commands/watch")).watchPollCommand(o, io),
  local: async (o, io) => (await import("./commands/local")).localCommand(o, io),
  demo: async (o, io) => (await import("./commands/demo")).demoCommand(o, io),
  fetch: async (o, io) => (await import("./commands/fetch")).fetchCommand(o, io),
  extract: async (o, io) => (await import("./commands/extract")).extractCommand(o, io),
  eval: async (o, io) => {
    const { evalCommand } = await import("./commands/eval");
    return evalCommand({ ...o, print: (line) => io.stdout.write(`${line}\n`) });
  },
};

export function packageVersion(): string {
  const file = fileURLToPath(new URL("../package.json", import.meta.url));
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Runs one command line and returns the exit code (never calls process.exit). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, { env: io.env, now: io.now() });
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command ? `${PROGRAM} ${error.command} --help` : `${PROGRAM} --help`;
      io.stderr.write(`error: ${error.message}\nRun "${help}" for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.kind === "help") {
    io.stdout.write(parsed.text);
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout.write(`${PROGRAM} ${packageVersion()}\n`);
    return 0;
  }
  const run = RUNNERS[parsed.command] as Runner<typeof parsed.command>;
  try {
    return await run(parsed.options as never, io);
  } catch (error) {
    return reportError(error, parsed.command, io);
  }
}

function reportError(error: unknown, command: CommandName, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n${commandHelp(command)}`);
    return 2;
  }
  if (error instanceof CliError) {
    io.stderr.write(`error: ${error.message}${error.hint ? `\n  ${error.hint}` : ""}\n`);
    if (io.env.ARTICLE_INGEST_DEBUG && error.cause instanceof Error) {
      io.stderr.write(`${error.cause.stack ?? error.cause.message}\n`);
    }
    return 1;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `${stack}\n\nerror: "${PROGRAM} ${command}" failed unexpectedly. This is a bug; please report it with the output above.\n`,
  );
  return 1;
}

/** Runs the process's command line and sets the exit code. */
export async function run(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // `article-ingest list ... | head` closes the pipe early: stop quietly, like other tools.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run();
}
