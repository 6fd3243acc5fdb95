/**
 * Runtime configuration: one table of key, environment variable, schema and default.
 * Read once per cold start by a handler (or once by the CLI) and passed down as values;
 * core code never reads `process.env`. Every bad key is reported at once.
 */
// zod's tree-shakable build: this module is on every cold start of every function.
import * as z from "zod/mini";

const BOOL_WORDS = ["1", "0", "true", "false", "yes", "no", ""] as const;
const bool = z.pipe(
  z.enum(BOOL_WORDS),
  z.transform((v: (typeof BOOL_WORDS)[number]) => v === "1" || v === "true" || v === "yes"),
);
const int = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
const nonEmpty = () => z.string().check(z.minLength(1));

/**
 * Default element budget: most start tags (`<` followed by a letter) a page may have to be
 * extracted; a page with more is `too-complex` before it reaches the extraction worker.
 * 100,000 is about 6x the largest page of the development corpus (15,793 elements), while a
 * 2 MB flat run of `<br>` has 500,000 and would hold the worker until its deadline.
 */
const EXTRACT_MAX_ELEMENTS = 100_000;

const CONFIG_TABLE = {
  tableName: { env: "ARTICLE_TABLE_NAME", schema: nonEmpty(), default: undefined },
  bucketName: { env: "ARCHIVE_BUCKET_NAME", schema: nonEmpty(), default: undefined },
  queueUrl: { env: "SUBMISSION_QUEUE_URL", schema: z.url(), default: undefined },
  deadLetterQueueUrl: {
    env: "DEAD_LETTER_QUEUE_URL",
    schema: z.union([z.literal(""), z.url()]),
    default: "",
  },
  /** The discovery queue (one message per due subscription); empty where discovery is not wired. */
  discoveryQueueUrl: {
    env: "DISCOVERY_QUEUE_URL",
    schema: z.union([z.literal(""), z.url()]),
    default: "",
  },
  /** The bulk-list queue (new lists and their chunks); empty where bulk lists are not wired. */
  bulkListQueueUrl: {
    env: "BULK_LIST_QUEUE_URL",
    schema: z.union([z.literal(""), z.url()]),
    default: "",
  },
  /** Most URLs per second a bulk list puts on the submission queue. */
  bulkListUrlsPerSecond: {
    env: "BULK_LIST_URLS_PER_SECOND",
    schema: int(1, 100_000),
    default: "500",
  },
  /** Lines of a bulk list one invocation works through before handing on to the next chunk. */
  bulkListChunkLines: {
    env: "BULK_LIST_CHUNK_LINES",
    schema: int(100, 200_000),
    default: "20000",
  },
  /** Endpoints of local stand-ins; empty on AWS. */
  dynamodbEndpoint: { env: "DYNAMODB_ENDPOINT", schema: z.string(), default: "" },
  s3Endpoint: { env: "S3_ENDPOINT", schema: z.string(), default: "" },
  sqsEndpoint: { env: "SQS_ENDPOINT", schema: z.string(), default: "" },
  /**
   * Set by the local stack only: its S3 stand-in (s3rver) ignores `If-None-Match` on PUT, so
   * a capture is written after a HEAD finds its key free. Never set on AWS, where the
   * conditional PUT alone keeps a capture written once.
   */
  s3IgnoresIfNoneMatch: { env: "S3_IGNORES_IF_NONE_MATCH", schema: bool, default: "0" },
  userAgent: {
    env: "ARTICLE_INGEST_USER_AGENT",
    schema: nonEmpty(),
    default: "article-ingest/0.1 (+https://github.com/article-ingest/article-ingest)",
  },
  allowPrivateNetworks: {
    env: "ARTICLE_INGEST_ALLOW_PRIVATE_NETWORKS",
    schema: bool,
    default: "0",
  },
  /** Ports a URL may use besides 80 and 443: `8080,3000-3999`, or `*` (see functions/core/port-policy.ts). */
  allowedPorts: { env: "ARTICLE_INGEST_ALLOWED_PORTS", schema: z.string(), default: "" },
  politenessIntervalMs: { env: "POLITENESS_INTERVAL_MS", schema: int(0, 600_000), default: "1000" },
  /** Longest a worker waits in-process for a host slot before re-enqueuing instead. */
  politenessWaitBudgetMs: {
    env: "POLITENESS_WAIT_BUDGET_MS",
    schema: int(0, 60_000),
    default: "3000",
  },
  respectRobots: { env: "ARTICLE_INGEST_RESPECT_ROBOTS", schema: bool, default: "1" },
  maxBodyBytes: { env: "MAX_BODY_BYTES", schema: int(1024, 200_000_000), default: "10000000" },
  connectTimeoutMs: { env: "CONNECT_TIMEOUT_MS", schema: int(100, 120_000), default: "5000" },
  totalTimeoutMs: { env: "FETCH_TIMEOUT_MS", schema: int(100, 300_000), default: "20000" },
  maxRedirects: { env: "MAX_REDIRECTS", schema: int(0, 20), default: "5" },
  /** Longest the extraction of one page may take (in its child process) before `too-complex`. */
  extractTimeoutMs: { env: "EXTRACT_TIMEOUT_MS", schema: int(100, 120_000), default: "8000" },
  /** Heap the extraction worker may use; a page needing more is `too-complex`. */
  extractMaxHeapMb: { env: "EXTRACT_MAX_HEAP_MB", schema: int(16, 8192), default: "512" },
  /** Most start tags a page may have to be extracted (see `EXTRACT_MAX_ELEMENTS`). */
  extractMaxElements: {
    env: "EXTRACT_MAX_ELEMENTS",
    schema: int(1000, 100_000_000),
    default: String(EXTRACT_MAX_ELEMENTS),
  },
  /** A record younger than this is not re-fetched unless the message says `force`. */
  refreshAfterSeconds: {
    env: "REFRESH_AFTER_SECONDS",
    schema: int(0, 365 * 86400),
    default: "3600",
  },
  /**
   * Key that signs pagination cursors (tamper check, not secrecy). When empty, one is
   * derived from the table name, which is stable across all functions of a deployment.
   */
  cursorSecret: { env: "CURSOR_SECRET", schema: z.string(), default: "" },
  /**
   * Secrets Manager secret holding the API's cursor key (the deployed stack sets it; the API
   * handler reads the secret at cold start and then ignores CURSOR_SECRET).
   */
  cursorSecretArn: { env: "CURSOR_SECRET_ARN", schema: z.string(), default: "" },
  /** Largest file `article-ingest import` reads (a WARC file or a saved page), in bytes. */
  importMaxFileBytes: {
    env: "IMPORT_MAX_FILE_BYTES",
    schema: int(1024, 1_099_511_627_776),
    default: "1073741824",
  },
  /** Most WARC records one imported file may hold; reading stops, and says so, after them. */
  importMaxRecords: { env: "IMPORT_MAX_RECORDS", schema: int(1, 10_000_000), default: "100000" },
  /** Most bytes one imported file may decompress to (a gzip bomb stops here). */
  importMaxInflatedBytes: {
    env: "IMPORT_MAX_INFLATED_BYTES",
    schema: int(1024, 4_398_046_511_104),
    default: "4294967296",
  },
  region: { env: "AWS_REGION", schema: nonEmpty(), default: "us-east-1" },
} as const;

type Table = typeof CONFIG_TABLE;
export type Config = {
  [K in keyof Table]: z.output<Table[K]["schema"]>;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Reads the whole configuration from an environment map; throws one error naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_TABLE)) {
    const raw = env[spec.env] ?? spec.default;
    if (raw === undefined) {
      problems.push(`${spec.env} is required (${key})`);
      continue;
    }
    const parsed = (spec.schema as z.ZodMiniType).safeParse(raw);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${spec.env}=${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (out.cursorSecret === "") out.cursorSecret = `article-ingest:${out.tableName}`;
  return out as Config;
}

/** The environment variable each config key is read from (for docs and the local launcher). */
export const CONFIG_ENV: { [K in keyof Table]: Table[K]["env"] } = Object.fromEntries(
  Object.entries(CONFIG_TABLE).map(([k, v]) => [k, v.env]),
) as { [K in keyof Table]: Table[K]["env"] };

/** Raw setting values by config key, e.g. `{ tableName: "articles" }`. */
export type ConfigSettings = Partial<Record<keyof Table, string>>;

/**
 * The same settings keyed by their environment variables:
 * `configEnv({ tableName: "articles" })` is `{ ARTICLE_TABLE_NAME: "articles" }`.
 */
export function configEnv(settings: ConfigSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) env[CONFIG_ENV[key as keyof Table]] = value;
  }
  return env;
}

/**
 * Settings that let the pipeline fetch sites on loopback, on any port: the defaults of local
 * mode, of the CLI against the local stack, and of the tests.
 */
export const LOOPBACK_SITES: ConfigSettings = { allowPrivateNetworks: "1", allowedPorts: "*" };

export interface ConfigLayers {
  /** A mode's defaults, e.g. LOOPBACK_SITES for local mode. */
  defaults?: Record<string, string>;
  /** The user's environment (`process.env`, or the CLI's `io.env`). */
  env?: Record<string, string | undefined>;
  /** Values the caller decides: which table, bucket, queues and endpoints to use. */
  fixed?: Record<string, string>;
}

/**
 * The environment to `loadConfig` from, by the one precedence every caller uses (later wins):
 *
 *   1. the table's defaults (CONFIG_TABLE above);
 *   2. `defaults`: the mode's defaults;
 *   3. `env`: the user's environment, so an explicit setting beats a mode's default;
 *   4. `fixed`: the resources the caller points the configuration at.
 *
 * A variable that is present in `env` but undefined counts as unset.
 */
export function layeredEnvironment(layers: ConfigLayers): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...layers.defaults };
  for (const [name, value] of Object.entries(layers.env ?? {})) {
    if (value !== undefined) out[name] = value;
  }
  return { ...out, ...layers.fixed };
}
