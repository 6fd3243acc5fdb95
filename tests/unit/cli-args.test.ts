import { describe, expect, it } from "vitest";
import {
  COMMAND_NAMES,
  commandHelp,
  DEFAULT_DATA_DIR,
  DEFAULT_STACK,
  type ParsedCommandLine,
  parseCommandLine,
  UsageError,
} from "../../cli/args";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const STACK = { target: { mode: "stack", stack: DEFAULT_STACK }, format: "table" } as const;
const LOCAL = { target: { mode: "local", dataDir: DEFAULT_DATA_DIR }, format: "table" } as const;

function parse(argv: string[], env: Record<string, string> = {}): ParsedCommandLine {
  return parseCommandLine(argv, { env, now: NOW });
}

describe("parseCommandLine: argv to options", () => {
  const cases: [string, string[], unknown][] = [
    [
      "submit with URLs",
      ["submit", "https://a.example/1", "https://a.example/2"],
      {
        urls: ["https://a.example/1", "https://a.example/2"],
        files: [],
        stdin: false,
        feeds: [],
        sitemaps: [],
        force: false,
        dryRun: false,
        ...STACK,
      },
    ],
    [
      "submit from files, stdin, with force and tag, locally",
      ["submit", "-f", "a.txt", "--file", "b.txt", "-", "--force", "--tag", "backfill", "--local"],
      {
        urls: [],
        files: ["a.txt", "b.txt"],
        stdin: true,
        feeds: [],
        sitemaps: [],
        force: true,
        dryRun: false,
        tag: "backfill",
        ...LOCAL,
      },
    ],
    [
      "submit a feed and a sitemap since a relative date, as JSON",
      [
        "submit",
        "--feed",
        "https://a.example/rss",
        "--sitemap",
        "https://a.example/sitemap.xml",
        "--since",
        "24h",
        "--json",
      ],
      {
        urls: [],
        files: [],
        stdin: false,
        feeds: ["https://a.example/rss"],
        sitemaps: ["https://a.example/sitemap.xml"],
        since: "2026-11-28T12:00:00.000Z",
        force: false,
        dryRun: false,
        target: STACK.target,
        format: "json",
      },
    ],
    [
      "get by id with markdown, named stack, region and profile",
      [
        "get",
        "0123456789abcdef0123456789abcdef",
        "--markdown",
        "--stack",
        "news-prod",
        "--region",
        "eu-west-1",
        "--profile",
        "ops",
      ],
      {
        ref: "0123456789abcdef0123456789abcdef",
        view: "markdown",
        target: { mode: "stack", stack: "news-prod", region: "eu-west-1", profile: "ops" },
        format: "table",
      },
    ],
    [
      "get a URL as NDJSON",
      ["get", "https://a.example/1", "--ndjson"],
      { ref: "https://a.example/1", view: "record", target: STACK.target, format: "ndjson" },
    ],
    [
      "list a site within dates",
      ["list", "--site", "Example.COM", "--from", "2026-11-01", "--to", "2026-11-28", "-n", "5"],
      {
        site: "example.com",
        from: "2026-11-01",
        to: "2026-11-28",
        limit: 5,
        ...STACK,
      },
    ],
    [
      "list with a cursor in a data folder (implies local)",
      ["list", "-s", "example.com", "--cursor", "abc", "--data-dir", "/tmp/x"],
      {
        site: "example.com",
        limit: 20,
        cursor: "abc",
        target: { mode: "local", dataDir: "/tmp/x" },
        format: "table",
      },
    ],
    [
      "failures since a date with a code",
      ["failures", "--since", "2026-11-20T08:00:00+01:00", "--code", "timeout"],
      { since: "2026-11-20T07:00:00.000Z", code: "timeout", limit: 20, ...STACK },
    ],
    ["stats", ["stats", "--local", "--json"], { target: LOCAL.target, format: "json" }],
    [
      "stats watched as NDJSON",
      ["stats", "-w", "--interval", "30", "--ndjson"],
      { target: STACK.target, format: "ndjson", watchSeconds: 30 },
    ],
    ["stats watched", ["stats", "--watch"], { ...STACK, watchSeconds: 5 }],
    [
      "reprocess a site, dry run",
      ["reprocess", "--site", "example.com", "--dry-run"],
      { scope: { kind: "site", site: "example.com" }, dryRun: true, ...STACK },
    ],
    ["reprocess all", ["reprocess", "--all"], { scope: { kind: "all" }, dryRun: false, ...STACK }],
    ["sweep", ["sweep"], { olderThanMinutes: 15, withinDays: 2, dryRun: false, ...STACK }],
    [
      "sweep older objects, dry run",
      ["sweep", "--older-than", "120", "--within-days", "7", "--dry-run", "--local"],
      {
        olderThanMinutes: 120,
        withinDays: 7,
        dryRun: true,
        target: LOCAL.target,
        format: "table",
      },
    ],
    ["dlq list", ["dlq", "list", "--limit", "50"], { limit: 50, ...STACK }],
    [
      "dlq redrive all",
      ["dlq", "redrive", "--all", "--local"],
      { scope: { kind: "all" }, ...LOCAL },
    ],
    [
      "dlq redrive ids, deduplicated",
      ["dlq", "redrive", "id-1", "id-2", "id-1"],
      { scope: { kind: "ids", ids: ["id-1", "id-2"] }, ...STACK },
    ],
    ["local", ["local"], { dataDir: DEFAULT_DATA_DIR }],
    ["local in a folder", ["local", "--data-dir", "/srv/ai"], { dataDir: "/srv/ai" }],
    ["demo once", ["demo", "--once"], { once: true, dataDir: DEFAULT_DATA_DIR }],
    [
      "fetch a local URL",
      ["fetch", "http://127.0.0.1:4599/news/", "--allow-private-networks"],
      { url: "http://127.0.0.1:4599/news/", allowPrivateNetworks: true },
    ],
    [
      "extract a saved page as Markdown",
      ["extract", "page.html.gz", "--url", "https://a.example/s.html", "--markdown"],
      { file: "page.html.gz", url: "https://a.example/s.html", view: "markdown" },
    ],
    [
      "extract from stdin",
      ["extract", "--url", "https://a.example/s"],
      { url: "https://a.example/s", view: "record" },
    ],
    [
      "eval a corpus",
      ["eval", "--corpus", "corpus", "--out", "p.json"],
      { corpus: "corpus", out: "p.json" },
    ],
  ];

  it.each(cases)("%s", (_name, argv, expected) => {
    // Act
    const parsed = parse(argv);

    // Assess
    expect(parsed.kind).toBe("command");
    if (parsed.kind === "command") expect(parsed.options).toEqual(expected);
  });

  it("takes the default stack from ARTICLE_INGEST_STACK", () => {
    // Act
    const parsed = parse(["stats"], { ARTICLE_INGEST_STACK: "article-ingest-prod" });

    // Assess
    expect(parsed).toMatchObject({
      command: "stats",
      options: { target: { mode: "stack", stack: "article-ingest-prod" } },
    });
  });
});

describe("parseCommandLine: usage errors", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "unknown command, with a suggestion",
      ["sumbit"],
      /unknown command "sumbit"; did you mean "submit"/,
    ],
    ["unknown option", ["list", "--site", "a.com", "--colour"], /unknown option --colour/],
    ["missing option value", ["list", "--site"], /--site needs a value/],
    ["nothing to submit", ["submit"], /nothing to submit/],
    [
      "--since without a feed",
      ["submit", "https://a.example/", "--since", "1d"],
      /--since applies/,
    ],
    ["bad date", ["failures", "--since", "yesterday"], /--since "yesterday" is not a date/],
    [
      "--from after --to",
      ["list", "--site", "a.com", "--from", "2026-11-02", "--to", "2026-11-01"],
      /after --to/,
    ],
    ["missing site", ["list"], /--site SITE is required/],
    ["json and ndjson", ["stats", "--json", "--ndjson"], /--json or --ndjson/],
    ["local and stack", ["stats", "--local", "--stack", "x"], /--local or --stack/],
    ["two views", ["get", "x", "--raw", "--text"], /choose one of --raw, --text/],
    ["get without a ref", ["get"], /expected a URL or article id/],
    ["get with two refs", ["get", "a", "b"], /expected one a URL or article id, got 2/],
    ["bad limit", ["failures", "--limit", "0"], /--limit must be a whole number/],
    ["unknown failure code", ["failures", "--code", "http-999"], /unknown failure code "http-999"/],
    [
      "failure code named like a prototype member",
      ["failures", "--code", "constructor"],
      /unknown failure code "constructor"/,
    ],
    ["command named like a prototype member", ["constructor"], /unknown command "constructor"/],
    ["command __proto__", ["__proto__"], /unknown command "__proto__"/],
    ["reprocess without scope", ["reprocess"], /exactly one of --site SITE or --all/],
    ["reprocess with both scopes", ["reprocess", "--all", "--site", "a.com"], /exactly one/],
    ["sweep younger than an invocation", ["sweep", "--older-than", "5"], /from 15 to 525600/],
    ["sweep of a fraction", ["sweep", "--older-than", "15.5"], /whole number of minutes/],
    ["sweep of no days", ["sweep", "--within-days", "0"], /from 1 to 3650/],
    ["redrive without ids", ["dlq", "redrive"], /either --all or one or more message IDs/],
    ["redrive with ids and --all", ["dlq", "redrive", "--all", "x"], /either --all/],
    ["unknown dlq command", ["dlq", "purge"], /unknown dlq command "purge"/],
    ["stray positional", ["stats", "extra"], /unexpected argument "extra"/],
    [
      "tag too long",
      ["submit", "https://a.example/", "--tag", "x".repeat(129)],
      /--tag must be 1 to 128/,
    ],
    ["option before command", ["--local", "stats"], /expected a command before "--local"/],
    ["fetch without a URL", ["fetch"], /expected a URL/],
    [
      "watch as one JSON document",
      ["stats", "--watch", "--json"],
      /--watch prints a table or NDJSON/,
    ],
    ["interval without watch", ["stats", "--interval", "5"], /--interval applies to --watch only/],
    ["bad interval", ["stats", "-w", "--interval", "0"], /--interval must be 1 to 3600 seconds/],
    ["extract without --url", ["extract", "page.html"], /--url URL is required/],
    ["eval without --corpus", ["eval"], /--corpus DIR is required/],
  ];

  it.each(cases)("%s", (_name, argv, message) => {
    // Act
    const act = () => parse(argv);

    // Assess
    expect(act).toThrow(UsageError);
    expect(act).toThrow(message);
  });
});

describe("parseCommandLine: help and version", () => {
  it("prints the overview for no arguments, --help and help", () => {
    for (const argv of [[], ["--help"], ["-h"], ["help"]]) {
      // Act
      const parsed = parse(argv);

      // Assess
      expect(parsed.kind).toBe("help");
      if (parsed.kind === "help") {
        for (const name of COMMAND_NAMES) expect(parsed.text).toContain(name);
      }
    }
  });

  it("prints a command's help for --help and help COMMAND", () => {
    // Act
    const viaFlag = parse(["dlq", "redrive", "--help"]);
    const viaHelp = parse(["help", "dlq", "redrive"]);

    // Assess
    expect(viaFlag).toEqual({ kind: "help", text: commandHelp("dlq redrive") });
    expect(viaHelp).toEqual(viaFlag);
    if (viaFlag.kind === "help") {
      expect(viaFlag.text).toContain("Usage: article-ingest dlq redrive --all | ID...");
      expect(viaFlag.text).toContain("--stack NAME");
      expect(viaFlag.text).toContain("--json");
    }
  });

  it("gives every command a help text naming each of its options", () => {
    for (const name of COMMAND_NAMES) {
      // Act
      const text = commandHelp(name);

      // Assess
      expect(text).toMatch(new RegExp(`^Usage: article-ingest ${name}`));
      expect(text).toContain("--help");
    }
  });

  it("answers --version", () => {
    expect(parse(["--version"])).toEqual({ kind: "version" });
  });
});
