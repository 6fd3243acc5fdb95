/**
 * `npm run load -- --urls N`: drives N URLs through the whole local pipeline (stand-ins,
 * emulated SQS event source, the real ingest handler) and reports throughput, per-article
 * latency (submit -> record), peak memory, the accounting invariant, and as a ceiling the
 * fetch-only throughput of the same URLs (fetcher alone: no extraction, no storage).
 *
 * The URLs are generated article pages spread over many loopback hosts (127.0.0.2 and up,
 * one server each), with 2% 404s, 1% invalid URLs and 0.2% bodies that are not messages at
 * all (those end in the dead-letter queue), and a share of hostile inputs (`--hostile`,
 * cli/local/hostile-pages.ts: flat runs, deep nesting, huge metadata, a gzip bomb, a host
 * with a hostile robots.txt, ...) whose endings are reported per shape. Only loopback is
 * ever contacted.
 *
 * Options: --urls N (1000), --hosts H (N/40, 10..250), --concurrency C (poller loops, 4),
 * --interval MS (per-host politeness interval, 10), --faults RATE (0: put fault proxies in
 * front of DynamoDB, S3 and SQS at that rate, SDK attempts 2), --seed S, --rate R (submit R
 * URLs per second instead of all at once, so latency is processing rather than queueing),
 * --hostile SHARE (0.02: that share of the URLs are hostile, the shapes in turn; 0 for
 * none), --hostile-mb MB (2: size of the sized hostile pages), --visibility S (the queue's
 * visibility timeout: 20 s, 60 s with hostile pages), --shared-extractor (every poller loop
 * sends its pages to one extraction child, as before; default: each loop is one emulated
 * Lambda instance with its own handler and child, as on AWS).
 *
 * The Lambda line prices the handlers' wall time; the report also splits it by where it
 * went (waiting for and running extractions, the hostile pages' own ones apart) and gives
 * the extraction children's peak RSS, from which the function's memory is sized.
 * Exits non-zero when the invariant does not hold.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import {
  type AccountedUrl,
  accountingKey,
  checkAccounting,
  formatAccounting,
} from "../cli/local/accounting";
import { type FaultProxy, startFaultProxy } from "../cli/local/fault-proxy";
import { startGeneratedSite } from "../cli/local/generated-site";
import { HOSTILE_SHAPES, type HostileShape } from "../cli/local/hostile-pages";
import { startPoller } from "../cli/local/sqs-poller";
import { standInEnvironment, startStandIns } from "../cli/local/stand-ins";
import { ArticleTable } from "../functions/adapters/article-table";
import { createAwsClients } from "../functions/adapters/aws-clients";
import { InMemoryHostStore } from "../functions/adapters/host-store";
import { createFetcher } from "../functions/adapters/http-fetcher";
import { UsageMeter } from "../functions/adapters/usage-meter";
import { type BoundedExtractor, createBoundedExtractor } from "../functions/ingest/extract-pool";
import { buildIngestHandler } from "../functions/ingest/handler";
import { BATCH_CONCURRENCY } from "../functions/ingest/ingest-handler";
import { CONFIG_ENV, configEnv, LOOPBACK_SITES, loadConfig } from "../functions/shared/config";
import { INGEST_MEMORY_MB } from "../functions/shared/resources";
import { formatCost, priceRun, type RunMeasurement } from "./cost-model";

interface LoadOptions {
  urls: number;
  hosts: number;
  concurrency: number;
  intervalMs: number;
  faults: number;
  seed: number;
  /** Submissions per second (0: all at once, so latency includes the wait in the queue). */
  rate: number;
  /** Share of the URLs that are hostile inputs (0: none). */
  hostile: number;
  /** Size of the sized hostile pages, in bytes. */
  hostileBytes: number;
  /** The queue's visibility timeout, in seconds. */
  visibilitySeconds: number;
  /** All poller loops share one extraction child (the old, unfaithful model of Lambda). */
  sharedExtractor: boolean;
}

/** The address of the host whose robots.txt is hostile (apart from the --hosts ones). */
const HOSTILE_ROBOTS_HOST = "127.0.3.1";

function parseOptions(argv: string[]): LoadOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < 0) {
      throw new Error(`--${name} ${JSON.stringify(raw)}: expected a non-negative number`);
    }
    return parsed;
  };
  const urls = Math.floor(number("urls", 1000));
  const hostile = Math.min(1, number("hostile", 0.02));
  return {
    urls,
    hosts: Math.min(
      250,
      Math.max(1, Math.floor(number("hosts", Math.min(250, Math.max(10, Math.ceil(urls / 40)))))),
    ),
    concurrency: Math.max(1, Math.floor(number("concurrency", 4))),
    intervalMs: number("interval", 10),
    faults: number("faults", 0),
    seed: number("seed", 1),
    rate: number("rate", 0),
    hostile,
    hostileBytes: Math.round(number("hostile-mb", 2) * 2 ** 20),
    // A batch must finish within the visibility timeout, or SQS delivers it again while it
    // runs. Hostile pages can each hold the one extraction worker for EXTRACT_TIMEOUT_MS.
    visibilitySeconds: Math.max(1, Math.floor(number("visibility", hostile > 0 ? 60 : 20))),
    sharedExtractor: argv.includes("--shared-extractor"),
  };
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : "n/a";
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** This process's child processes: DynamoDB Local's JVM and the extraction children. */
function children(): { extraction: boolean; status: string }[] {
  const found: { extraction: boolean; status: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
      if (Number(ppid) !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      found.push({ extraction: cmdline.includes("extract-worker"), status });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function statusMb(status: string, field: "VmHWM" | "VmRSS"): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** Peak RSS (VmHWM, MB) of the child processes other than extraction (DynamoDB Local's JVM). */
function childrenPeakRssMb(): number {
  return children()
    .filter((child) => !child.extraction)
    .reduce((sum, child) => sum + statusMb(child.status, "VmHWM"), 0);
}

/** The largest peak RSS (MB) of any living extraction child (one per emulated instance). */
function extractionPeakRssMb(): number {
  return Math.max(
    0,
    ...children()
      .filter((child) => child.extraction)
      .map((child) => statusMb(child.status, "VmHWM")),
  );
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i] as T);
    }),
  );
}

/**
 * How the hostile inputs ended, one line per shape: `hostile <shape>: <ending> xN, ...`,
 * where an ending is the record's status and failure code, or `dead-letter`.
 */
function hostileReport(urls: AccountedUrl[], shapeOf: Map<string, HostileShape>): string[] {
  if (shapeOf.size === 0) return [];
  const endings = new Map<HostileShape, Map<string, number>>();
  for (const entry of urls) {
    const shape = shapeOf.get(entry.key);
    if (!shape) continue;
    const tally = endings.get(shape) ?? new Map<string, number>();
    endings.set(shape, tally);
    const labels = entry.endings.map((ending) =>
      ending === "dead-letter" || ending === "ok" || !entry.record?.failure
        ? ending
        : `${ending} ${entry.record.failure.code}`,
    );
    const label = labels.length > 0 ? labels.join(" + ") : "missing";
    tally.set(label, (tally.get(label) ?? 0) + 1);
  }
  return [
    `hostile urls: ${shapeOf.size}`,
    ...HOSTILE_SHAPES.filter((shape) => endings.has(shape)).map(
      (shape) =>
        `hostile ${shape}: ${[...(endings.get(shape) ?? [])].map(([label, n]) => `${label} x${n}`).join(", ")}`,
    ),
  ];
}

/**
 * Counts (and swallows) what is written to stdout until `stop`: the handler's log lines and
 * embedded metrics, which on Lambda go to CloudWatch Logs.
 */
function countLogBytes(): { stop(): number } {
  const write = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    stop() {
      process.stdout.write = write;
      return bytes;
    },
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  // Metrics are printed as CloudWatch embedded-metric log lines, as on Lambda, and counted
  // with the other log bytes (see `countLogBytes`).
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `load: ${options.urls} URLs over ${options.hosts} hosts, ${options.concurrency} poller loops x ${BATCH_CONCURRENCY} records, politeness ${options.intervalMs} ms${options.faults ? `, faults ${options.faults}` : ""}${options.rate ? `, ${options.rate} URLs/s` : ", all at once"}${options.hostile ? `, ${(options.hostile * 100).toFixed(1)}% hostile (${(options.hostileBytes / 2 ** 20).toFixed(2)} MB pages)` : ""}, visibility ${options.visibilitySeconds} s`,
  );

  const standIns = await startStandIns({
    // Generous: on a busy 2-core machine a batch can take several seconds, and a message
    // still being processed when its visibility ends is delivered a second time.
    queue: { visibilityTimeoutSeconds: options.visibilitySeconds, maxReceiveCount: 3 },
  });
  const hosts = Array.from(
    { length: options.hosts },
    (_, i) => `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
  );
  const site = await startGeneratedSite({
    hosts,
    ...(options.hostile > 0
      ? { hostile: { bytes: options.hostileBytes }, hostileRobotsHost: HOSTILE_ROBOTS_HOST }
      : {}),
  });
  const proxies: FaultProxy[] = [];
  try {
    const env: Record<string, string> = {
      ...standInEnvironment(standIns),
      ...configEnv({ ...LOOPBACK_SITES, politenessIntervalMs: String(options.intervalMs) }),
    };
    if (options.faults > 0) {
      process.env.AWS_MAX_ATTEMPTS = "2";
      const targets = [
        [CONFIG_ENV.dynamodbEndpoint, standIns.dynamodbEndpoint, "dynamodb"],
        [CONFIG_ENV.s3Endpoint, standIns.s3Endpoint, "s3"],
        [CONFIG_ENV.sqsEndpoint, standIns.sqsEndpoint, "sqs"],
      ] as const;
      for (const [name, target, flavor] of targets) {
        const proxy = await startFaultProxy({
          target,
          flavor,
          rate: options.faults,
          seed: options.seed + proxies.length,
        });
        proxies.push(proxy);
        env[name] = proxy.url;
      }
    }
    const config = loadConfig(env);
    const direct = createAwsClients({
      region: standIns.region,
      dynamodbEndpoint: standIns.dynamodbEndpoint,
      s3Endpoint: standIns.s3Endpoint,
      sqsEndpoint: standIns.sqsEndpoint,
    });
    const usage = new UsageMeter();
    const logs = countLogBytes();
    // Where the handlers' time goes: extraction calls (the wait for the child included),
    // the hostile pages' own calls apart.
    const time = { handlerMs: 0, extractMs: 0, hostileExtractMs: 0 };
    const hostileUrls = new Set<string>();
    const extractors: BoundedExtractor[] = [];
    const timedExtractor = (extractor: BoundedExtractor): Pick<BoundedExtractor, "extract"> => ({
      async extract(html, url) {
        const t0 = performance.now();
        try {
          return await extractor.extract(html, url);
        } finally {
          const ms = performance.now() - t0;
          time.extractMs += ms;
          if (hostileUrls.has(url)) time.hostileExtractMs += ms;
        }
      },
    });
    const newExtractor = () => {
      const extractor = createBoundedExtractor({
        timeoutMs: config.extractTimeoutMs,
        maxHeapMb: config.extractMaxHeapMb,
        maxElements: config.extractMaxElements,
      });
      extractors.push(extractor);
      return timedExtractor(extractor);
    };
    const shared = options.sharedExtractor ? newExtractor() : undefined;
    // One handler per poller loop: on AWS each concurrent invocation is its own instance,
    // with its own extraction child (unless --shared-extractor).
    const instances = Array.from({ length: options.concurrency }, () => {
      const ingest = buildIngestHandler(
        config,
        {
          // The deployed function's log level (Powertools' default, INFO): the bytes its
          // lines would send to CloudWatch Logs are counted and not printed.
          logger: new Logger({
            serviceName: "article-ingest",
            logLevel: (process.env.LOAD_LOG_LEVEL ?? "INFO") as "INFO",
          }),
          metrics: new Metrics({ namespace: "ArticleIngest", serviceName: "article-ingest" }),
        },
        { usage, extractor: shared ?? newExtractor() },
      );
      const handler: typeof ingest = async (event, remaining) => {
        const t0 = performance.now();
        try {
          return await ingest(event, remaining);
        } finally {
          time.handlerMs += performance.now() - t0;
        }
      };
      return handler;
    });
    let extractionPeakMb = 0;
    const rssSampler = setInterval(() => {
      extractionPeakMb = Math.max(extractionPeakMb, extractionPeakRssMb());
    }, 1000);

    // The URL mix: articles, 2% 404s, 1% invalid URLs, 0.2% bodies that are not messages,
    // and in place of some articles the hostile inputs, spread evenly, the shapes in turn.
    // The bodies that are not messages go first: they need maxReceiveCount visibility
    // timeouts to reach the dead-letter queue.
    const bodies: string[] = [];
    const fetchable: string[] = [];
    const hostileShapeOf = new Map<string, HostileShape>();
    for (let i = 499; i < options.urls; i += 500) bodies.push(`not a message ${i}`);
    for (let i = 0; i < options.urls; i++) {
      if (i % 500 === 499) continue;
      if (i % 100 === 13) bodies.push(JSON.stringify({ url: `http://bad host/${i}` }));
      else if (hostileShapeOf.size < Math.floor((i + 1) * options.hostile)) {
        const shape = HOSTILE_SHAPES[hostileShapeOf.size % HOSTILE_SHAPES.length] as HostileShape;
        const body = JSON.stringify({ url: site.hostileUrl(shape, i), tag: "load" });
        hostileShapeOf.set(accountingKey(body), shape);
        bodies.push(body);
        fetchable.push(site.hostileUrl(shape, i));
        hostileUrls.add(site.hostileUrl(shape, i));
      } else {
        const url = i % 50 === 7 ? site.missingUrl(i) : site.articleUrl(i);
        bodies.push(JSON.stringify({ url, tag: "load" }));
        fetchable.push(url);
      }
    }

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const poller = startPoller({
      sqs: direct.sqs,
      queueUrl: standIns.queueUrl,
      queueArn: standIns.queueArn,
      region: standIns.region,
      handler: instances[0] as (typeof instances)[number],
      instances,
      concurrency: options.concurrency,
      batchSize: 10,
      waitSeconds: 1,
      onError: (error) => log(`poller: ${(error as Error).message}`),
    });
    const progress = setInterval(() => {
      const s = poller.stats;
      log(
        `  ${s.deleted} done, ${s.failed} to retry, ${s.invocations} invocations, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
      );
    }, 10_000);

    // Submit: all at once (batches of 10, four in flight), each stamped with its send time.
    const sentAt = new Map<string, number>();
    const started = Date.now();
    const batches: string[][] = [];
    for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10));
    let index = 0;
    await mapLimit(batches, options.rate > 0 ? 1 : 4, async (batch) => {
      if (options.rate > 0) {
        const due = started + ((index++ * 10) / options.rate) * 1000;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      const now = Date.now();
      const response = await direct.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: standIns.queueUrl,
          Entries: batch.map((body, j) => ({ Id: String(j), MessageBody: body })),
        }),
      );
      if ((response.Failed ?? []).length > 0)
        throw new Error(`SQS refused ${response.Failed?.length} messages`);
      for (const body of batch) sentAt.set(accountingKey(body), now);
      usage.count("sqs:SendMessageBatch");
    });
    log(`submitted ${bodies.length} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await poller.drained({ timeoutMs: 60 * 60_000, pollMs: 250 });
    const drainedAt = Date.now();
    clearInterval(progress);
    await poller.stop();
    const logBytes = logs.stop();
    // The event source's calls, one receive and one delete per batch (idle long polls are
    // the at-rest cost, docs/deploy.md).
    usage.count("sqs:ReceiveMessage", poller.stats.invocations);
    usage.count("sqs:DeleteMessageBatch", poller.stats.invocations);

    const table = new ArticleTable(direct.documents, config.tableName, config.cursorSecret);
    const result = await checkAccounting({
      bodies,
      table,
      sqs: direct.sqs,
      deadLetterQueueUrl: standIns.deadLetterQueueUrl,
      queueUrl: standIns.queueUrl,
    });
    const latencies: number[] = [];
    let lastRecordMs = started;
    for (const entry of result.urls) {
      const sent = sentAt.get(entry.key);
      if (!entry.record || sent === undefined) continue;
      const at = Date.parse(entry.record.checkedAt);
      lastRecordMs = Math.max(lastRecordMs, at);
      latencies.push(at - sent);
    }
    latencies.sort((a, b) => a - b);
    const pipelineSeconds = (lastRecordMs - started) / 1000;
    const recorded = result.counts.ok + result.counts.failed + result.counts.skipped;
    const hostileEndings = hostileReport(result.urls, hostileShapeOf);

    // The ceiling: the same fetchable URLs through the fetcher alone, same parallelism.
    for (const proxy of proxies) proxy.setRate(0);
    const fetcher = createFetcher({ config, hostStore: new InMemoryHostStore() });
    const fetchStarted = Date.now();
    let fetchErrors = 0;
    await mapLimit(fetchable, options.concurrency * BATCH_CONCURRENCY, async (url) => {
      try {
        await fetcher.fetchPage(url);
      } catch {
        fetchErrors++;
      }
    });
    const fetchSeconds = (Date.now() - fetchStarted) / 1000;
    clearInterval(sampler);
    clearInterval(rssSampler);
    extractionPeakMb = Math.max(extractionPeakMb, extractionPeakRssMb());
    await Promise.all(extractors.map((extractor) => extractor.close()));
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

    const run: RunMeasurement = {
      usage: usage.snapshot(),
      invocations: poller.stats.invocations,
      handlerMs: time.handlerMs,
      memoryMb: INGEST_MEMORY_MB,
      logBytes,
      articles: result.counts.ok,
      // s3rver ignores If-None-Match, so the local stack HEADs before each capture PUT; on
      // AWS the PUT alone is conditional (a HEAD follows only a refused PUT).
      localOnly: { "s3:HeadObject": "the local stack's check before a capture PUT" },
    };
    const articlesPerSecond = result.counts.ok / pipelineSeconds;
    const fetchPerSecond = fetchable.length / fetchSeconds;
    const urlsPerSecond = recorded / pipelineSeconds;
    const lines = [
      "",
      `urls: ${options.urls} (${fetchable.length} fetchable, ${options.hosts} hosts)`,
      `pipeline s: ${pipelineSeconds.toFixed(1)} (drained after ${((drainedAt - started) / 1000).toFixed(1)} s)`,
      `records/s: ${urlsPerSecond.toFixed(1)}`,
      `articles/s: ${articlesPerSecond.toFixed(1)}`,
      `p50 ms: ${percentile(latencies, 50).toFixed(0)}`,
      `p95 ms: ${percentile(latencies, 95).toFixed(0)}`,
      `peak rss MB: ${(peakRss / 2 ** 20).toFixed(0)}`,
      `dynamodb local peak rss MB: ${childrenPeakRssMb().toFixed(0)}`,
      `extraction: ${options.sharedExtractor ? "one child shared by all poller loops" : `one child per poller loop (${options.concurrency})`}, peak rss of one child MB: ${extractionPeakMb.toFixed(0)}`,
      `handler time: ${(time.handlerMs / 1000).toFixed(1)} s, of which in extraction calls (waiting for the child included) ${(time.extractMs / 1000).toFixed(1)} s (${percent(time.extractMs, time.handlerMs)}), the hostile pages' own calls ${(time.hostileExtractMs / 1000).toFixed(1)} s (${percent(time.hostileExtractMs, time.handlerMs)})`,
      `fetch-only urls/s: ${fetchPerSecond.toFixed(1)} (${fetchErrors} non-2xx)`,
      `pipeline / fetch-only: ${(urlsPerSecond / fetchPerSecond).toFixed(2)}`,
      ...(proxies.length > 0
        ? [
            `faults injected: ${proxies.map((p) => Object.values(p.stats.spoiled).reduce((a, b) => a + b, 0)).join(" + ")} (dynamodb + s3 + sqs)`,
          ]
        : []),
      formatAccounting(result),
      ...hostileEndings,
      ...formatCost(run, priceRun(run)),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    direct.dynamodb.destroy();
    direct.s3.destroy();
    direct.sqs.destroy();
    return result.holds ? 0 : 1;
  } finally {
    for (const proxy of proxies) await proxy.close();
    await site.close();
    await standIns.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
