/**
 * Every command of the CLI, its options and its help, in one table. Parsing is separate
 * from behaviour: `parseCommandLine(argv)` turns argv into a typed options object (or help
 * text), and `cli/main.ts` hands that object to the command function. Usage mistakes throw
 * `UsageError` (exit code 2). Built on `node:util` parseArgs.
 */
import { parseArgs } from "node:util";
import { FAILURE_CODES, type FailureCode } from "../functions/core/errors";
import { MAX_TAG_LENGTH } from "../functions/core/queue-message";
import { parseInterval, SubscriptionInputError } from "../functions/core/subscription";

export const PROGRAM = "article-ingest";

/** Stack name when neither `--stack` nor ARTICLE_INGEST_STACK says otherwise (`cdk deploy` default stage). */
export const DEFAULT_STACK = "article-ingest-dev";
/** Where local mode keeps its data and writes its endpoints. */
export const DEFAULT_DATA_DIR = ".article-ingest";

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help the user should read. */
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

// ---------------------------------------------------------------------------------------
// Option shapes handed to the commands.

export type OutputFormat = "table" | "json" | "ndjson";

export type TargetSelection =
  | { mode: "local"; dataDir: string }
  | { mode: "stack"; stack: string; region?: string; profile?: string };

export interface TargetOptions {
  target: TargetSelection;
}

export interface OutputOptions {
  format: OutputFormat;
}

export interface SubmitOptions extends TargetOptions, OutputOptions {
  /** URLs given as arguments, in order. */
  urls: string[];
  /** Files with one URL per line. */
  files: string[];
  /** Read URLs from standard input (`-`). */
  stdin: boolean;
  feeds: string[];
  sitemaps: string[];
  /** ISO 8601: only feed/sitemap entries dated at or after this. */
  since?: string;
  force: boolean;
  tag?: string;
  dryRun: boolean;
  /** The bulk path: upload a list file, or name a list in the bucket. */
  list?: SubmitListOptions;
}

export type GetView = "record" | "raw" | "text" | "markdown" | "versions";

export interface GetOptions extends TargetOptions, OutputOptions {
  /** A URL or a 32-character article id. */
  ref: string;
  view: GetView;
  /** An older version's record, raw copy or text instead of the latest. */
  version?: number;
}

export interface DiffOptions extends TargetOptions, OutputOptions {
  ref: string;
  /** Default: the capture before `to`. */
  from?: number;
  /** Default: the latest. */
  to?: number;
}

export interface TimeMapOptions extends TargetOptions {
  ref: string;
}

export interface ImportOptions extends TargetOptions, OutputOptions {
  files: string[];
  /** The address of a saved HTML page (required for HTML files). */
  url?: string;
  /** When the saved page was captured (ISO); default the file's modification time. */
  date?: string;
  tag?: string;
}

export interface ExportOptions extends TargetOptions {
  site: string;
  /** Inclusive, yyyy-mm-dd or ISO: on publication date. */
  from?: string;
  to?: string;
  exportFormat: "parquet" | "jsonl";
  out: string;
}

export interface ListOptions extends TargetOptions, OutputOptions {
  site: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface FailuresOptions extends TargetOptions, OutputOptions {
  since?: string;
  code?: FailureCode;
  limit: number;
  cursor?: string;
}

export interface StatsOptions extends TargetOptions, OutputOptions {
  /** Refresh every this many seconds until Ctrl-C; absent = print once. */
  watchSeconds?: number;
}

export interface ReprocessOptions extends TargetOptions, OutputOptions {
  scope: { kind: "site"; site: string } | { kind: "all" };
  dryRun: boolean;
}

export interface DlqListOptions extends TargetOptions, OutputOptions {
  limit: number;
}

export interface DlqRedriveOptions extends TargetOptions, OutputOptions {
  scope: { kind: "all" } | { kind: "ids"; ids: string[] };
}

export interface SweepOptions extends TargetOptions, OutputOptions {
  /** Only shared capture objects written longer ago than this are checked. */
  olderThanMinutes: number;
  /** Only objects written in the last this many days. */
  withinDays: number;
  dryRun: boolean;
}

export interface WatchAddOptions extends TargetOptions, OutputOptions {
  url: string;
  /** Poll interval in seconds. */
  intervalSeconds?: number;
  tag?: string;
  /** ISO: entries dated before this are not submitted. */
  since?: string;
}

export interface WatchRefOptions extends TargetOptions, OutputOptions {
  /** A subscription id or the watched URL. */
  ref: string;
}

export interface WatchPollOptions extends TargetOptions, OutputOptions {
  scope: { kind: "all" } | { kind: "one"; ref: string };
}

export interface SubmitListOptions {
  /** `submit FILE --upload`: the local list to upload under submissions/. */
  upload?: string;
  /** `submit --s3 KEY`: a list already in the bucket (a key, or s3://bucket/key). */
  s3?: string;
  /** Wait for the report and print it. */
  wait: boolean;
}

export interface LocalOptions {
  dataDir: string;
}

export interface DemoOptions {
  once: boolean;
  dataDir: string;
}

export interface ExtractOptions {
  /** A saved page; `-` or absent reads standard input. */
  file?: string;
  url: string;
  view: "record" | "text" | "markdown";
}

export interface FetchOptions {
  url: string;
  allowPrivateNetworks: boolean;
}

export interface EvalOptions {
  corpus: string;
  out?: string;
}

/** Command name to the options object its function receives. */
export interface CommandOptions {
  submit: SubmitOptions;
  get: GetOptions;
  diff: DiffOptions;
  timemap: TimeMapOptions;
  import: ImportOptions;
  export: ExportOptions;
  list: ListOptions;
  failures: FailuresOptions;
  stats: StatsOptions;
  reprocess: ReprocessOptions;
  "dlq list": DlqListOptions;
  "dlq redrive": DlqRedriveOptions;
  sweep: SweepOptions;
  "watch add": WatchAddOptions;
  "watch list": TargetOptions & OutputOptions;
  "watch remove": WatchRefOptions;
  "watch pause": WatchRefOptions;
  "watch resume": WatchRefOptions;
  "watch poll": WatchPollOptions;
  local: LocalOptions;
  demo: DemoOptions;
  fetch: FetchOptions;
  extract: ExtractOptions;
  eval: EvalOptions;
}

export type CommandName = keyof CommandOptions;

export type ParsedCommandLine =
  | { [K in CommandName]: { kind: "command"; command: K; options: CommandOptions[K] } }[CommandName]
  | { kind: "help"; text: string }
  | { kind: "version" };

export interface ParseContext {
  /** Environment (for ARTICLE_INGEST_STACK, AWS_REGION defaults shown in help). */
  env?: Record<string, string | undefined>;
  /** Clock for relative dates such as `--since 24h`. */
  now?: Date;
}

// ---------------------------------------------------------------------------------------
// The command table.

interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. FILE. */
  value?: string;
  description: string;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface ParseInput {
  values: Values;
  positionals: string[];
  context: Required<ParseContext>;
}

interface CommandSpec<K extends CommandName> {
  name: K;
  summary: string;
  /** Positional part of the usage line, e.g. "[URL...]". */
  args?: string;
  /** Longer explanation shown under the usage line. */
  details?: string;
  options: Record<string, OptionSpec>;
  /** Adds --stack/--local/--data-dir/--region/--profile. */
  target?: boolean;
  /** Adds --json/--ndjson. */
  output?: boolean;
  examples?: string[];
  build(input: ParseInput): CommandOptions[K];
}

const TARGET_OPTIONS: Record<string, OptionSpec> = {
  stack: {
    type: "string",
    value: "NAME",
    description: `deployed stack to use (default $ARTICLE_INGEST_STACK or ${DEFAULT_STACK})`,
  },
  local: { type: "boolean", description: "use the local stack started by `article-ingest local`" },
  "data-dir": {
    type: "string",
    value: "DIR",
    description: `local mode's data folder (default ${DEFAULT_DATA_DIR})`,
  },
  region: {
    type: "string",
    value: "REGION",
    description: "AWS region (default from AWS settings)",
  },
  profile: { type: "string", value: "NAME", description: "AWS profile (default $AWS_PROFILE)" },
};

const OUTPUT_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "print one JSON document (with a version field)" },
  ndjson: { type: "boolean", description: "print one JSON object per line" },
};

const HELP_OPTION: Record<string, OptionSpec> = {
  help: { type: "boolean", short: "h", description: "show this help" },
};

const LIMIT_OPTION: OptionSpec = {
  type: "string",
  short: "n",
  value: "N",
  description: "show at most N items (default 20)",
};
const CURSOR_OPTION: OptionSpec = {
  type: "string",
  value: "CURSOR",
  description: "continue a listing from the cursor printed by the previous page",
};

const COMMANDS: { [K in CommandName]: CommandSpec<K> } = {
  submit: {
    name: "submit",
    summary: "put article URLs on the ingest queue",
    args: "[URL... | -]",
    details:
      "URLs come from arguments, --file (one per line, # comments allowed), standard input (-),\n" +
      "or the articles listed by an RSS/Atom feed or an XML sitemap (sitemap indexes, Google\n" +
      "News sitemaps and .gz included). Every URL is normalized and checked; invalid lines are\n" +
      "reported with their line numbers and duplicates are sent once.",
    options: {
      file: {
        type: "string",
        short: "f",
        multiple: true,
        value: "FILE",
        description: "read URLs from FILE, one per line",
      },
      feed: {
        type: "string",
        multiple: true,
        value: "URL",
        description: "submit the articles of an RSS or Atom feed",
      },
      sitemap: {
        type: "string",
        multiple: true,
        value: "URL",
        description: "submit the URLs of a sitemap or sitemap index",
      },
      since: {
        type: "string",
        value: "DATE",
        description:
          "with --feed/--sitemap: only entries dated DATE or later (ISO date or 24h, 7d)",
      },
      force: { type: "boolean", description: "re-fetch even if the article was fetched recently" },
      tag: { type: "string", value: "TAG", description: "label stored with each submission" },
      "dry-run": { type: "boolean", description: "check and list the URLs without sending them" },
      upload: {
        type: "boolean",
        description: "bulk path: upload FILE (txt, csv, jsonl, .gz) to the bucket's submissions/",
      },
      s3: {
        type: "string",
        value: "S3URL",
        description: "bulk path: submit a list already in S3 (s3://bucket/key or a key)",
      },
      wait: { type: "boolean", description: "with --upload/--s3: wait for the list's report" },
    },
    target: true,
    output: true,
    examples: [
      "article-ingest submit https://news.example.com/2026/11/story.html",
      "article-ingest submit urls.csv.gz --upload --tag backfill --wait",
      "article-ingest submit --file urls.txt --tag backfill",
      "cat urls.txt | article-ingest submit - --local",
      "article-ingest submit --feed https://news.example.com/rss.xml --since 24h",
    ],
    build({ values, positionals, context }) {
      const s3 = optionalString(values.s3);
      if (values.upload === true || s3 !== undefined)
        return bulkSubmit(values, positionals, context, s3);
      if (values.wait === true)
        throw new UsageError("--wait applies to --upload and --s3", "submit");
      const stdin = positionals.includes("-");
      const urls = positionals.filter((p) => p !== "-");
      const files = strings(values.file);
      const feeds = strings(values.feed);
      const sitemaps = strings(values.sitemap);
      if (urls.length + files.length + feeds.length + sitemaps.length === 0 && !stdin) {
        throw new UsageError(
          "nothing to submit: give URLs, --file FILE, - (standard input), --feed URL or --sitemap URL",
          "submit",
        );
      }
      const since = optionalDate(values.since, "--since", context.now);
      if (since !== undefined && feeds.length + sitemaps.length === 0) {
        throw new UsageError("--since applies to --feed and --sitemap entries only", "submit");
      }
      const tag = optionalString(values.tag);
      if (tag !== undefined && (tag.length === 0 || tag.length > MAX_TAG_LENGTH)) {
        throw new UsageError(`--tag must be 1 to ${MAX_TAG_LENGTH} characters`, "submit");
      }
      const options: SubmitOptions = {
        urls,
        files,
        stdin,
        feeds,
        sitemaps,
        force: values.force === true,
        dryRun: values["dry-run"] === true,
        ...targetAndFormat(values, context, "submit"),
      };
      if (since !== undefined) options.since = since;
      if (tag !== undefined) options.tag = tag;
      return options;
    },
  },

  get: {
    name: "get",
    summary: "show one article record by URL or id",
    args: "URL|ID",
    options: {
      raw: { type: "boolean", description: "print the raw HTML exactly as fetched" },
      text: { type: "boolean", description: "print the extracted plain text" },
      markdown: { type: "boolean", description: "print the extracted Markdown" },
      versions: { type: "boolean", description: "list the stored versions, newest capture first" },
      version: {
        type: "string",
        value: "N",
        description: "show version N (its record, --raw copy, --text or --markdown)",
      },
    },
    target: true,
    output: true,
    examples: [
      "article-ingest get https://news.example.com/2026/11/story.html",
      "article-ingest get 3f2a9c0e7b1d4a5f8e6c2b9a1d0f4e3c --markdown",
      "article-ingest get https://news.example.com/2026/11/story.html --version 1 --text",
    ],
    build({ values, positionals, context }) {
      const ref = exactlyOne(positionals, "a URL or article id", "get");
      const views = (["raw", "text", "markdown", "versions"] as const).filter((v) => values[v]);
      if (views.length > 1) {
        throw new UsageError(
          `choose one of ${views.map((v) => `--${v}`).join(", ")}, not several`,
          "get",
        );
      }
      const version = versionOption(values.version, "--version", "get");
      if (version !== undefined && views[0] === "versions") {
        throw new UsageError("choose --versions or --version N, not both", "get");
      }
      return {
        ref,
        view: views[0] ?? "record",
        ...(version !== undefined ? { version } : {}),
        ...targetAndFormat(values, context, "get"),
      };
    },
  },

  diff: {
    name: "diff",
    summary: "show what changed between two versions of an article (fields and text)",
    args: "URL|ID",
    details:
      "Without --from and --to, compares the latest capture with the one before it.\n" +
      "Versions are ordered by capture date (an imported older capture has a higher number).",
    options: {
      from: {
        type: "string",
        value: "N",
        description: "the older version (default: the capture before --to)",
      },
      to: { type: "string", value: "M", description: "the newer version (default: the latest)" },
    },
    target: true,
    output: true,
    examples: ["article-ingest diff https://news.example.com/2026/11/story.html --from 1 --to 3"],
    build({ values, positionals, context }) {
      const ref = exactlyOne(positionals, "a URL or article id", "diff");
      const from = versionOption(values.from, "--from", "diff");
      const to = versionOption(values.to, "--to", "diff");
      return {
        ref,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...targetAndFormat(values, context, "diff"),
      };
    },
  },

  timemap: {
    name: "timemap",
    summary: "print the Memento TimeMap (RFC 7089 link format) of an article's captures",
    args: "URL|ID",
    options: {},
    target: true,
    examples: ["article-ingest timemap https://news.example.com/2026/11/story.html --local"],
    build({ values, positionals, context }) {
      const ref = exactlyOne(positionals, "a URL or article id", "timemap");
      return { ref, target: targetAndFormat(values, context, "timemap").target };
    },
  },

  import: {
    name: "import",
    summary: "ingest captures you already have: WARC files, or saved HTML pages (no fetching)",
    args: "FILE...",
    details:
      "A .warc or .warc.gz file: each response record with an HTML payload is ingested under\n" +
      "its own WARC-Target-URI and WARC-Date. Any other file is a saved HTML page (.gz is\n" +
      "decompressed): give its address with --url and when it was captured with --date.\n" +
      "Imports go through the same extraction, identity and storage as a fetch. A capture\n" +
      "older than the stored latest adds a version and leaves the latest as it is.",
    options: {
      url: { type: "string", value: "URL", description: "the address of a saved HTML page" },
      date: {
        type: "string",
        value: "DATE",
        description: "when the saved page was captured (default: the file's modification time)",
      },
      tag: { type: "string", value: "TAG", description: "label the imported records with TAG" },
    },
    target: true,
    output: true,
    examples: [
      "article-ingest import crawl-2025.warc.gz --local",
      "article-ingest import saved.html --url https://news.example.com/story.html --date 2025-03-01T10:00Z",
    ],
    build({ values, positionals, context }) {
      if (positionals.length === 0) throw new UsageError("give one or more FILEs", "import");
      const url = optionalString(values.url);
      const date = optionalDate(values.date, "--date", context.now);
      const tag = optionalString(values.tag);
      if (tag !== undefined && tag.length > MAX_TAG_LENGTH) {
        throw new UsageError(`--tag is longer than ${MAX_TAG_LENGTH} characters`, "import");
      }
      return {
        files: positionals,
        ...(url !== undefined ? { url } : {}),
        ...(date !== undefined ? { date } : {}),
        ...(tag !== undefined ? { tag } : {}),
        ...targetAndFormat(values, context, "import"),
      };
    },
  },

  export: {
    name: "export",
    summary: "write a site's records as a table (Parquet or JSON Lines), one folder per date",
    details:
      "Writes DIR/date=YYYY-MM-DD/part-00000.parquet (or .jsonl), by publication date (the\n" +
      "fetch date when a record has none), in the schema of docs/archive.md. DuckDB reads it\n" +
      "with read_parquet('DIR/**/*.parquet', hive_partitioning = true).",
    options: {
      site: {
        type: "string",
        short: "s",
        value: "SITE",
        description: "registrable domain (required)",
      },
      from: { type: "string", value: "DATE", description: "published at or after DATE" },
      to: { type: "string", value: "DATE", description: "published at or before DATE" },
      format: { type: "string", value: "FORMAT", description: "parquet (default) or jsonl" },
      out: { type: "string", value: "DIR", description: "output folder (default ./export)" },
    },
    target: true,
    examples: [
      "article-ingest export --site example.com --from 2026-11-01 --to 2026-11-30 --local",
    ],
    build({ values, positionals, context }) {
      noPositionals(positionals, "export");
      const site = optionalString(values.site);
      if (site === undefined) throw new UsageError("--site SITE is required", "export");
      const format = optionalString(values.format) ?? "parquet";
      if (format !== "parquet" && format !== "jsonl") {
        throw new UsageError(`--format must be parquet or jsonl, got "${format}"`, "export");
      }
      const from = optionalString(values.from);
      const to = optionalString(values.to);
      for (const [name, value] of [
        ["--from", from],
        ["--to", to],
      ] as const) {
        if (value !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
          throw new UsageError(`${name} must be a date (YYYY-MM-DD), got "${value}"`, "export");
        }
      }
      return {
        site: site.trim().toLowerCase(),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        exportFormat: format,
        out: optionalString(values.out) ?? "export",
        target: targetAndFormat(values, context, "export").target,
      };
    },
  },

  list: {
    name: "list",
    summary: "list a site's articles by publication date, newest first",
    options: {
      site: {
        type: "string",
        short: "s",
        value: "SITE",
        description: "registrable domain, e.g. example.com",
      },
      from: { type: "string", value: "DATE", description: "published at or after DATE" },
      to: { type: "string", value: "DATE", description: "published before DATE" },
      limit: LIMIT_OPTION,
      cursor: CURSOR_OPTION,
    },
    target: true,
    output: true,
    examples: ["article-ingest list --site example.com --from 2026-11-01 --limit 50"],
    build({ values, positionals, context }) {
      noPositionals(positionals, "list");
      const site = optionalString(values.site);
      if (site === undefined || site.trim() === "") {
        throw new UsageError("--site SITE is required (e.g. --site example.com)", "list");
      }
      const options: ListOptions = {
        site: site.trim().toLowerCase(),
        limit: limit(values.limit, "list"),
        ...targetAndFormat(values, context, "list"),
      };
      const from = optionalDate(values.from, "--from", context.now);
      const to = optionalDate(values.to, "--to", context.now);
      if (from !== undefined && to !== undefined && from > to) {
        throw new UsageError(`--from (${from}) is after --to (${to})`, "list");
      }
      if (from !== undefined) options.from = from;
      if (to !== undefined) options.to = to;
      const cursor = optionalString(values.cursor);
      if (cursor !== undefined) options.cursor = cursor;
      return options;
    },
  },

  failures: {
    name: "failures",
    summary: "list failed and skipped ingests with their reasons, newest first",
    options: {
      since: { type: "string", value: "DATE", description: "failed at or after DATE (or 24h, 7d)" },
      code: {
        type: "string",
        value: "CODE",
        description: "only this failure code (e.g. http-4xx, timeout)",
      },
      limit: LIMIT_OPTION,
      cursor: CURSOR_OPTION,
    },
    target: true,
    output: true,
    examples: ["article-ingest failures --since 24h --code timeout"],
    build({ values, positionals, context }) {
      noPositionals(positionals, "failures");
      const options: FailuresOptions = {
        limit: limit(values.limit, "failures"),
        ...targetAndFormat(values, context, "failures"),
      };
      const since = optionalDate(values.since, "--since", context.now);
      if (since !== undefined) options.since = since;
      const code = optionalString(values.code);
      if (code !== undefined) {
        if (!Object.hasOwn(FAILURE_CODES, code)) {
          throw new UsageError(
            `unknown failure code "${code}"; expected one of: ${Object.keys(FAILURE_CODES).join(", ")}`,
            "failures",
          );
        }
        options.code = code as FailureCode;
      }
      const cursor = optionalString(values.cursor);
      if (cursor !== undefined) options.cursor = cursor;
      return options;
    },
  },

  stats: {
    name: "stats",
    summary: "queue and dead-letter queue depth, records by status and failure code",
    options: {
      watch: {
        type: "boolean",
        short: "w",
        description: "refresh until Ctrl-C (with --ndjson: one line per refresh)",
      },
      interval: {
        type: "string",
        value: "SECONDS",
        description: "with --watch: seconds between refreshes (default 5)",
      },
    },
    target: true,
    output: true,
    examples: [
      "article-ingest stats --watch",
      "article-ingest stats --watch --ndjson >> stats.log",
    ],
    build({ values, positionals, context }) {
      noPositionals(positionals, "stats");
      const options: StatsOptions = targetAndFormat(values, context, "stats");
      const interval = optionalString(values.interval);
      if (interval !== undefined && values.watch !== true) {
        throw new UsageError("--interval applies to --watch only", "stats");
      }
      if (values.watch === true) {
        if (options.format === "json") {
          throw new UsageError("--watch prints a table or NDJSON lines, not --json", "stats");
        }
        const seconds = interval === undefined ? 5 : Number(interval);
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
          throw new UsageError(`--interval must be 1 to 3600 seconds, got "${interval}"`, "stats");
        }
        options.watchSeconds = seconds;
      }
      return options;
    },
  },

  reprocess: {
    name: "reprocess",
    summary: "re-run extraction on stored raw copies (no new fetch)",
    options: {
      site: { type: "string", short: "s", value: "SITE", description: "every article of SITE" },
      all: { type: "boolean", description: "every stored article" },
      "dry-run": { type: "boolean", description: "count the articles without enqueuing them" },
    },
    target: true,
    output: true,
    examples: ["article-ingest reprocess --site example.com"],
    build({ values, positionals, context }) {
      noPositionals(positionals, "reprocess");
      const site = optionalString(values.site);
      if ((site === undefined) === (values.all !== true)) {
        throw new UsageError("give exactly one of --site SITE or --all", "reprocess");
      }
      return {
        scope:
          site === undefined ? { kind: "all" } : { kind: "site", site: site.trim().toLowerCase() },
        dryRun: values["dry-run"] === true,
        ...targetAndFormat(values, context, "reprocess"),
      };
    },
  },

  sweep: {
    name: "sweep",
    summary: "delete shared capture objects that no record points at (left by a crash)",
    options: {
      "older-than": {
        type: "string",
        value: "MINUTES",
        description:
          "only objects written longer ago (default 15, at least 15: longer than any invocation)",
      },
      "within-days": {
        type: "string",
        value: "DAYS",
        description: "only objects written in the last DAYS days (default 2; 1 to 3650)",
      },
      "dry-run": { type: "boolean", description: "list the objects without deleting them" },
    },
    target: true,
    output: true,
    examples: ["article-ingest sweep --dry-run"],
    build({ values, positionals, context }) {
      noPositionals(positionals, "sweep");
      const raw = optionalString(values["older-than"]);
      const minutes = raw === undefined ? 15 : Number(raw);
      if (raw !== undefined && (!/^\d+$/.test(raw) || minutes < 15 || minutes > 525_600)) {
        throw new UsageError(
          `--older-than must be a whole number of minutes from 15 to 525600, got "${raw}"`,
          "sweep",
        );
      }
      const rawDays = optionalString(values["within-days"]);
      const days = rawDays === undefined ? 2 : Number(rawDays);
      if (rawDays !== undefined && (!/^\d+$/.test(rawDays) || days < 1 || days > 3650)) {
        throw new UsageError(
          `--within-days must be a whole number of days from 1 to 3650, got "${rawDays}"`,
          "sweep",
        );
      }
      return {
        olderThanMinutes: minutes,
        withinDays: days,
        dryRun: values["dry-run"] === true,
        ...targetAndFormat(values, context, "sweep"),
      };
    },
  },

  "dlq list": {
    name: "dlq list",
    summary: "show the messages waiting in the dead-letter queue",
    options: { limit: LIMIT_OPTION },
    target: true,
    output: true,
    build({ values, positionals, context }) {
      noPositionals(positionals, "dlq list");
      return {
        limit: limit(values.limit, "dlq list"),
        ...targetAndFormat(values, context, "dlq list"),
      };
    },
  },

  "dlq redrive": {
    name: "dlq redrive",
    summary: "move dead-letter messages back to the ingest queue",
    args: "--all | ID...",
    details:
      "--all uses SQS's message move task where the service supports it and falls back to\n" +
      "receive, send and delete. IDs are the message ids printed by `dlq list`.",
    options: {
      all: { type: "boolean", description: "move every message" },
    },
    target: true,
    output: true,
    examples: ["article-ingest dlq redrive --all", "article-ingest dlq redrive 5fd1c9e2-..."],
    build({ values, positionals, context }) {
      const all = values.all === true;
      if (all === positionals.length > 0) {
        throw new UsageError("give either --all or one or more message IDs", "dlq redrive");
      }
      return {
        scope: all ? { kind: "all" } : { kind: "ids", ids: [...new Set(positionals)] },
        ...targetAndFormat(values, context, "dlq redrive"),
      };
    },
  },

  "watch add": {
    name: "watch add",
    summary: "watch a feed or sitemap: the stack polls it and submits every new URL",
    args: "URL",
    details:
      "URL is an RSS 1/2, Atom or JSON feed, a sitemap, a news sitemap or a sitemap index.\n" +
      "The stack polls it every --every (conditional GET: an unchanged feed costs one request)\n" +
      "and submits each URL never seen before, once, whichever feed lists it.",
    options: {
      every: {
        type: "string",
        value: "INTERVAL",
        description: "poll interval, 1m to 7d (default 15m)",
      },
      tag: { type: "string", value: "TAG", description: "label given to every URL it submits" },
      since: {
        type: "string",
        value: "DATE",
        description: "leave out entries dated before DATE (ISO date or 24h, 7d)",
      },
    },
    target: true,
    output: true,
    examples: [
      "article-ingest watch add https://news.example.com/rss.xml --every 5m --tag city",
      "article-ingest watch add https://news.example.com/news-sitemap.xml --since 24h",
    ],
    build({ values, positionals, context }) {
      const url = exactlyOne(positionals, "a feed or sitemap URL", "watch add");
      const options: WatchAddOptions = { url, ...targetAndFormat(values, context, "watch add") };
      const every = optionalString(values.every);
      if (every !== undefined) {
        try {
          options.intervalSeconds = parseInterval(every);
        } catch (error) {
          if (error instanceof SubscriptionInputError)
            throw new UsageError(`--every: ${error.message}`, "watch add");
          throw error;
        }
      }
      const tag = optionalString(values.tag);
      if (tag !== undefined && (tag.length === 0 || tag.length > MAX_TAG_LENGTH)) {
        throw new UsageError(`--tag must be 1 to ${MAX_TAG_LENGTH} characters`, "watch add");
      }
      if (tag !== undefined) options.tag = tag;
      const since = optionalDate(values.since, "--since", context.now);
      if (since !== undefined) options.since = since;
      return options;
    },
  },

  "watch list": {
    name: "watch list",
    summary: "list the watched feeds and sitemaps with their health",
    options: {},
    target: true,
    output: true,
    build({ values, positionals, context }) {
      noPositionals(positionals, "watch list");
      return targetAndFormat(values, context, "watch list");
    },
  },

  "watch remove": refCommand("watch remove", "stop watching a feed or sitemap"),
  "watch pause": refCommand("watch pause", "pause a subscription's polls"),
  "watch resume": refCommand("watch resume", "resume a paused subscription (polled at once)"),

  "watch poll": {
    name: "watch poll",
    summary: "poll subscriptions now, from this machine, and print what was found",
    args: "ID|URL | --all",
    options: { all: { type: "boolean", description: "every active subscription" } },
    target: true,
    output: true,
    examples: [
      "article-ingest watch poll --all --local",
      "article-ingest watch poll 3f2a9c0e7b1d4a5f",
    ],
    build({ values, positionals, context }) {
      const all = values.all === true;
      if (all === positionals.length > 0) {
        throw new UsageError("give either --all or one subscription ID or URL", "watch poll");
      }
      return {
        scope: all
          ? { kind: "all" }
          : { kind: "one", ref: exactlyOne(positionals, "an ID or URL", "watch poll") },
        ...targetAndFormat(values, context, "watch poll"),
      };
    },
  },

  local: {
    name: "local",
    summary: "run the whole pipeline on this machine (stand-ins, poller, API) until Ctrl-C",
    details:
      "Starts DynamoDB Local (needs Java 17+), s3rver and fauxqs on loopback ports,\n" +
      "the queue poller and the HTTP API, and writes their endpoints to DIR/endpoints.json so\n" +
      "that other commands run with --local use them. Records are kept in DIR across restarts.",
    options: {
      "data-dir": {
        type: "string",
        value: "DIR",
        description: `data folder (default ${DEFAULT_DATA_DIR})`,
      },
    },
    build({ values, positionals }) {
      noPositionals(positionals, "local");
      return { dataDir: optionalString(values["data-dir"]) ?? DEFAULT_DATA_DIR };
    },
  },

  demo: {
    name: "demo",
    summary: "ingest the bundled sample news site locally and show the results",
    options: {
      once: { type: "boolean", description: "exit when the sample articles are processed" },
      "data-dir": {
        type: "string",
        value: "DIR",
        description: `data folder (default ${DEFAULT_DATA_DIR})`,
      },
    },
    build({ values, positionals }) {
      noPositionals(positionals, "demo");
      return {
        once: values.once === true,
        dataDir: optionalString(values["data-dir"]) ?? DEFAULT_DATA_DIR,
      };
    },
  },

  fetch: {
    name: "fetch",
    summary: "run the fetch step alone on one URL and print its outcome as JSON (stores nothing)",
    args: "URL",
    details:
      "Applies the same checks as the ingest function: address and port policy, robots.txt,\n" +
      "size and time limits, charset detection. Exit code 1 when the fetch failed; the\n" +
      "failure code and message are in the JSON.",
    options: {
      "allow-private-networks": {
        type: "boolean",
        description: "allow loopback and private addresses (and any port), e.g. for a local site",
      },
    },
    examples: ["article-ingest fetch https://news.example.com/2026/11/story.html"],
    build({ values, positionals }) {
      return {
        url: exactlyOne(positionals, "a URL", "fetch"),
        allowPrivateNetworks: values["allow-private-networks"] === true,
      };
    },
  },

  extract: {
    name: "extract",
    summary: "extract the article from a saved page, offline (prints JSON, text or Markdown)",
    args: "[FILE | -]",
    details:
      "Nothing is fetched; --url is the page's address, used to resolve relative links.\nA .gz file is decompressed.",
    options: {
      url: { type: "string", value: "URL", description: "the page's address (required)" },
      text: { type: "boolean", description: "print only the plain text" },
      markdown: { type: "boolean", description: "print only the Markdown" },
    },
    examples: [
      "article-ingest extract page.html --url https://news.example.com/story.html --markdown",
    ],
    build({ values, positionals }) {
      if (positionals.length > 1) {
        throw new UsageError(`expected at most one FILE, got ${positionals.length}`, "extract");
      }
      const url = optionalString(values.url);
      if (url === undefined) throw new UsageError("--url URL is required", "extract");
      if (values.text === true && values.markdown === true) {
        throw new UsageError("choose --text or --markdown, not both", "extract");
      }
      const options: ExtractOptions = {
        url,
        view: values.text === true ? "text" : values.markdown === true ? "markdown" : "record",
      };
      if (positionals[0] !== undefined) options.file = positionals[0];
      return options;
    },
  },

  eval: {
    name: "eval",
    summary: "score the extractor on a corpus folder (<id>/page.html.gz + expected.json)",
    options: {
      corpus: { type: "string", value: "DIR", description: "corpus folder (required)" },
      out: { type: "string", value: "FILE", description: "write the predictions to FILE" },
    },
    build({ values, positionals }) {
      noPositionals(positionals, "eval");
      const corpus = optionalString(values.corpus);
      if (corpus === undefined) throw new UsageError("--corpus DIR is required", "eval");
      const out = optionalString(values.out);
      return out === undefined ? { corpus } : { corpus, out };
    },
  },
};

/** `submit FILE --upload` / `submit --s3 S3URL`: the bulk path (a list worked through by the stack). */
function bulkSubmit(
  values: Values,
  positionals: string[],
  context: Required<ParseContext>,
  s3: string | undefined,
): SubmitOptions {
  const files = [...positionals, ...strings(values.file)];
  if (values.upload === true && s3 !== undefined) {
    throw new UsageError("choose --upload FILE or --s3 S3URL, not both", "submit");
  }
  if (values.upload === true && files.length !== 1) {
    throw new UsageError("--upload takes exactly one FILE", "submit");
  }
  if (s3 !== undefined && files.length > 0) {
    throw new UsageError("--s3 names the list; give no FILE or URL with it", "submit");
  }
  for (const flag of ["feed", "sitemap", "since", "force", "dry-run"]) {
    if (values[flag] !== undefined) {
      throw new UsageError(`--${flag} does not apply to --upload/--s3`, "submit");
    }
  }
  const tag = optionalString(values.tag);
  if (tag !== undefined && (tag.length === 0 || tag.length > MAX_TAG_LENGTH)) {
    throw new UsageError(`--tag must be 1 to ${MAX_TAG_LENGTH} characters`, "submit");
  }
  const options: SubmitOptions = {
    urls: [],
    files: [],
    stdin: false,
    feeds: [],
    sitemaps: [],
    force: false,
    dryRun: false,
    list:
      s3 !== undefined
        ? { s3, wait: values.wait === true }
        : { upload: files[0] as string, wait: values.wait === true },
    ...targetAndFormat(values, context, "submit"),
  };
  if (tag !== undefined) options.tag = tag;
  return options;
}

function refCommand<K extends "watch remove" | "watch pause" | "watch resume">(
  name: K,
  summary: string,
): CommandSpec<K> {
  return {
    name,
    summary,
    args: "ID|URL",
    options: {},
    target: true,
    output: true,
    build({ values, positionals, context }) {
      return {
        ref: exactlyOne(positionals, "a subscription ID or URL", name),
        ...targetAndFormat(values, context, name),
      } as CommandOptions[K];
    },
  };
}

/** Commands in the order the overview lists them. */
const OVERVIEW: { title: string; commands: CommandName[] }[] = [
  { title: "Build the archive", commands: ["submit", "import", "reprocess"] },
  {
    title: "Follow feeds and sitemaps",
    commands: [
      "watch add",
      "watch list",
      "watch remove",
      "watch pause",
      "watch resume",
      "watch poll",
    ],
  },
  { title: "Query", commands: ["get", "diff", "timemap", "list", "failures", "stats", "export"] },
  { title: "Recover", commands: ["dlq list", "dlq redrive", "sweep"] },
  { title: "Run locally", commands: ["local", "demo"] },
  { title: "Debug the pipeline's steps", commands: ["fetch", "extract", "eval"] },
];

// ---------------------------------------------------------------------------------------
// Parsing.

/** Parses argv (without `node` and the script) into a command and its options. */
export function parseCommandLine(argv: string[], context: ParseContext = {}): ParsedCommandLine {
  const full: Required<ParseContext> = {
    env: context.env ?? {},
    now: context.now ?? new Date(),
  };
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") {
    return { kind: "help", text: overviewHelp() };
  }
  if (first === "--version" || first === "-v") return { kind: "version" };
  if (first === "help") {
    const name = resolveName(rest).name;
    return { kind: "help", text: name === undefined ? overviewHelp() : commandHelp(name) };
  }
  const { name, args } = resolveName(argv);
  if (name === undefined) {
    if (first === "dlq" || first === "watch") {
      const sub = rest[0];
      if (sub === undefined || sub === "--help" || sub === "-h") {
        return { kind: "help", text: groupHelp(first) };
      }
      const names = (Object.keys(COMMANDS) as CommandName[]).filter((n) =>
        n.startsWith(`${first} `),
      );
      throw new UsageError(
        `unknown ${first} command "${sub}"; expected ${names.map((n) => `"${n}"`).join(", ")}`,
      );
    }
    if (first.startsWith("-")) {
      throw new UsageError(`expected a command before "${first}"`);
    }
    const suggestion = closest(first);
    throw new UsageError(
      `unknown command "${first}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
    );
  }
  return parseCommand(name, args, full);
}

function resolveName(argv: string[]): { name: CommandName | undefined; args: string[] } {
  const [first, second] = argv;
  if (first === undefined) return { name: undefined, args: [] };
  const two = `${first} ${second ?? ""}`;
  if (Object.hasOwn(COMMANDS, two)) return { name: two as CommandName, args: argv.slice(2) };
  if (Object.hasOwn(COMMANDS, first)) return { name: first as CommandName, args: argv.slice(1) };
  return { name: undefined, args: argv.slice(1) };
}

function parseCommand<K extends CommandName>(
  name: K,
  args: string[],
  context: Required<ParseContext>,
): ParsedCommandLine {
  const spec = COMMANDS[name] as CommandSpec<K>;
  const options = allOptions(spec);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(options).map(([key, o]) => [
          key,
          {
            type: o.type,
            ...(o.short ? { short: o.short } : {}),
            ...(o.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
      strict: true,
      allowPositionals: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), name);
  }
  if (parsed.values.help === true) return { kind: "help", text: commandHelp(name) };
  return {
    kind: "command",
    command: name,
    options: spec.build({ ...parsed, context }),
  } as ParsedCommandLine;
}

/** node:util's messages are long and mention `parseArgs`; keep the useful part. */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) {
    return `unknown option ${unknown[1]}`;
  }
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) {
    return `option ${missing[1]?.replace(/^-\w, /, "").replace(/ <value>$/, "")} needs a value`;
  }
  const notString = /Option '([^']+)' does not take an argument/.exec(message);
  if (notString) return `option ${notString[1]?.replace(/^-\w, /, "")} does not take a value`;
  return message.split("\n")[0] ?? message;
}

function allOptions(spec: CommandSpec<CommandName>): Record<string, OptionSpec> {
  return {
    ...spec.options,
    ...(spec.target ? TARGET_OPTIONS : {}),
    ...(spec.output ? OUTPUT_OPTIONS : {}),
    ...HELP_OPTION,
  };
}

// ---------------------------------------------------------------------------------------
// Value helpers.

function strings(value: Values[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function optionalString(value: Values[string]): string | undefined {
  const all = strings(value);
  return all[all.length - 1];
}

function exactlyOne(positionals: string[], what: string, command: string): string {
  if (positionals.length === 0) throw new UsageError(`expected ${what}`, command);
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one ${what}, got ${positionals.length}: ${positionals.join(" ")}`,
      command,
    );
  }
  return positionals[0] as string;
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`, command);
  }
}

const MAX_LIMIT = 1000;

function limit(value: Values[string], command: string, fallback = 20): number {
  const raw = optionalString(value);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new UsageError(
      `--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${raw}"`,
      command,
    );
  }
  return n;
}

const RELATIVE = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * A date option: a bare ISO date (`2026-11-01`, kept as is), an ISO date-time
 * (`2026-11-01T08:00:00+01:00`, returned as UTC ISO 8601) or a time ago (`90m`, `24h`, `7d`).
 */
export function parseDateOption(raw: string, name: string, now: Date): string {
  const relative = RELATIVE.exec(raw.trim());
  if (relative) {
    const unit = UNIT_MS[(relative[2] as string).toLowerCase()] as number;
    return new Date(now.getTime() - Number(relative[1]) * unit).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) && !Number.isNaN(Date.parse(raw.trim()))) {
    // A bare date stays a date: as a lower bound it sorts before every time of that day,
    // and the store treats an upper bound as a prefix, so `--to DATE` includes the day.
    return raw.trim();
  }
  if (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(raw.trim())
  ) {
    const iso = raw.trim().replace(" ", "T");
    // A date-time without a zone is read as UTC, like a bare date.
    const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(iso) || !iso.includes("T") ? iso : `${iso}Z`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new UsageError(
    `${name} "${raw}" is not a date; expected an ISO date (2026-11-01, 2026-11-01T08:00Z) or a time ago (90m, 24h, 7d)`,
  );
}

/** A version number option (a whole number from 1). */
function versionOption(value: Values[string], name: string, command: string): number | undefined {
  const raw = optionalString(value);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${name} must be a version number (1, 2, ...), got "${raw}"`, command);
  }
  return n;
}

function optionalDate(value: Values[string], name: string, now: Date): string | undefined {
  const raw = optionalString(value);
  return raw === undefined ? undefined : parseDateOption(raw, name, now);
}

function targetAndFormat(
  values: Values,
  context: Required<ParseContext>,
  command: string,
): TargetOptions & OutputOptions {
  if (values.json === true && values.ndjson === true) {
    throw new UsageError("choose --json or --ndjson, not both", command);
  }
  const format: OutputFormat =
    values.json === true ? "json" : values.ndjson === true ? "ndjson" : "table";
  const stack = optionalString(values.stack);
  const local = values.local === true;
  if (local && stack !== undefined) {
    throw new UsageError("choose --local or --stack, not both", command);
  }
  const dataDir = optionalString(values["data-dir"]);
  if (local || (dataDir !== undefined && stack === undefined)) {
    return { target: { mode: "local", dataDir: dataDir ?? DEFAULT_DATA_DIR }, format };
  }
  const target: TargetSelection = {
    mode: "stack",
    stack: stack ?? context.env.ARTICLE_INGEST_STACK ?? DEFAULT_STACK,
  };
  const region = optionalString(values.region);
  const profile = optionalString(values.profile);
  if (region !== undefined) target.region = region;
  if (profile !== undefined) target.profile = profile;
  return { target, format };
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

function closest(word: string): string | undefined {
  const names = [...Object.keys(COMMANDS).map((n) => n.split(" ")[0] as string), "help"];
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of new Set(names)) {
    const d = distance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Help text, generated from the table.

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([key, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${key}${o.value ? ` ${o.value}` : ""}`;
    return [flag, `${o.description}${o.multiple ? " (repeatable)" : ""}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

/** Help for one command: usage, details, options, examples. */
export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name] as CommandSpec<CommandName>;
  const lines = [
    `Usage: ${PROGRAM} ${name}${spec.args ? ` ${spec.args}` : ""} [options]`,
    "",
    `${spec.summary[0]?.toUpperCase()}${spec.summary.slice(1)}.`,
  ];
  if (spec.details) lines.push("", spec.details);
  if (Object.keys(spec.options).length > 0)
    lines.push("", "Options:", ...optionLines(spec.options));
  if (spec.output) lines.push("", "Output:", ...optionLines(OUTPUT_OPTIONS));
  if (spec.target) lines.push("", "Target:", ...optionLines(TARGET_OPTIONS));
  lines.push("", ...optionLines(HELP_OPTION));
  if (spec.examples?.length) {
    lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  }
  return `${lines.join("\n")}\n`;
}

function groupHelp(group: string): string {
  const names = (Object.keys(COMMANDS) as CommandName[]).filter((n) => n.startsWith(`${group} `));
  const width = Math.max(...names.map((n) => n.length));
  return [
    `Usage: ${PROGRAM} ${group} <command> [options]`,
    "",
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`),
    "",
    `Run "${PROGRAM} ${group} <command> --help" for a command's options.`,
    "",
  ].join("\n");
}

/** The overview: every command with its one-line summary. */
export function overviewHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Turn article URLs into clean, queryable records: submit URLs to the ingest queue,",
    "query the stored articles, and recover failed messages.",
  ];
  for (const group of OVERVIEW) {
    lines.push("", `${group.title}:`);
    for (const name of group.commands) {
      lines.push(`  ${name.padEnd(width)}  ${COMMANDS[name].summary}`);
    }
  }
  lines.push(
    "",
    "The build, query and recover commands talk to a deployed stack (--stack NAME, default",
    `$ARTICLE_INGEST_STACK or ${DEFAULT_STACK}) or to the local stack (--local), and print`,
    "a table, or JSON with --json / --ndjson.",
    "",
    `Run "${PROGRAM} <command> --help" for a command's options, "${PROGRAM} --version" for the version.`,
    "",
  );
  return lines.join("\n");
}

/** Names of every command (for tests and docs). */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
