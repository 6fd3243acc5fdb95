/**
 * robots.txt rules (RFC 9309) for our user agent. Pure: the fetched file comes in as a
 * `RobotsRecord`, is parsed once into `RobotsRules`, and each URL's decision goes out.
 *
 * - 2xx: the file's rules apply (first 512 KiB, as RFC 9309 allows).
 * - 4xx (except 429), or a robots.txt we refuse to follow (a redirect to a blocked address,
 *   too many redirects): "unavailable", everything is allowed.
 * - 5xx, 429 or a network failure: "unreachable". RFC 9309 section 2.3.1.4 says to assume
 *   complete disallow; we do not fetch the page, and the error policy defers the URL
 *   (`CONTEXT_POLICY` in errors.ts) instead of recording it as disallowed for good.
 *
 * Parsing follows robots-parser 3 / google/robotstxt: groups of consecutive `User-agent`
 * lines, our product token's group (all of its groups merged) or else `*`, longest match
 * wins and `Allow` wins a tie. A hostile file cannot stall the worker: only our group and
 * `*` are kept, each with at most `MAX_RULES_PER_GROUP` rules of at most
 * `MAX_PATTERN_LENGTH` characters (longer ones are dropped, and counted), and a URL's path
 * is matched on its first `MAX_MATCHED_PATH_LENGTH` characters. Matching a rule is linear:
 * the pattern is split at `*` into literal parts, each found left to right with `indexOf`
 * (leftmost placement is always right for `*`-only patterns), and a trailing `$` anchors
 * the last part to the end of the path.
 */
import { type FailureCode, ROBOTS_UNREACHABLE_TTL_MS } from "./errors";

/** How long a fetched or unavailable robots.txt is trusted (RFC 9309: at most 24 hours). */
export const ROBOTS_TTL_MS = 24 * 3600_000;
/** Bytes of robots.txt we parse (RFC 9309 requires at least 500 KiB). */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** Longest Crawl-delay we honour; a larger value is clamped to this. */
export const MAX_CRAWL_DELAY_MS = 10 * 60_000;
/** Rules kept per user-agent group; later ones are dropped (real files have a few hundred). */
export const MAX_RULES_PER_GROUP = 2000;
/** Longest rule pattern kept (after percent-encoding); longer rules are dropped. */
export const MAX_PATTERN_LENGTH = 500;
/** Characters of a URL's path (with query) that rules are matched against. */
export const MAX_MATCHED_PATH_LENGTH = 2048;

export interface RobotsRecord {
  /** `scheme://host[:port]` the file belongs to. */
  origin: string;
  outcome: "ok" | "unavailable" | "unreachable";
  /** HTTP status of the robots.txt response (null when none arrived). */
  status: number | null;
  /** The file's text when `outcome` is "ok", else "". */
  body: string;
  fetchedAtMs: number;
  /** For "unreachable": the failure code and message of the robots.txt fetch. */
  failureCode?: FailureCode;
  failureMessage?: string;
  retryAfterMs?: number;
}

export type RobotsVerdictKind = "allowed" | "disallowed" | "no-robots" | "unreachable";

export interface RobotsVerdict {
  kind: RobotsVerdictKind;
  /** The host's Crawl-delay for our agent, in ms (clamped), or null. */
  crawlDelayMs: number | null;
}

/** One Allow/Disallow line, compiled for matching. */
export interface RobotsRule {
  allow: boolean;
  /** Length of the percent-normalized pattern: the longest matching rule wins. */
  length: number;
  /** The pattern split at `*` (a trailing `$` removed). */
  parts: readonly string[];
  /** The pattern ended in `$`: the last part must end the path. */
  anchored: boolean;
}

/** A robots record parsed for one user agent: everything a verdict needs. */
export interface RobotsRules {
  origin: string;
  outcome: RobotsRecord["outcome"];
  /** The rules of our agent's group, or else of `*` (empty when neither exists). */
  rules: readonly RobotsRule[];
  crawlDelayMs: number | null;
  /** Rules of that group left out by the bounds. */
  dropped: { overGroupLimit: number; patternTooLong: number };
}

/** The product token robots.txt groups are matched against: `article-ingest/0.1 (...)` -> `article-ingest`. */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[/\s]/)[0] ?? "").toLowerCase() || "*";
}

/** How long a record may be cached. */
export function robotsTtlMs(record: RobotsRecord): number {
  return record.outcome === "unreachable" ? ROBOTS_UNREACHABLE_TTL_MS : ROBOTS_TTL_MS;
}

/** A group's name as robots-parser compares it: lower case, without a `/version`. */
function groupName(userAgent: string): string {
  const lower = userAgent.toLowerCase();
  const slash = lower.indexOf("/");
  return (slash > -1 ? lower.slice(0, slash) : lower).trim();
}

/** `%2a` -> `%2A`, so escapes compare equal whatever their case. */
function upperEscapes(path: string): string {
  return path.replace(/%[0-9a-fA-F]{2}/g, (code) => code.toUpperCase());
}

/** Encodes non-ASCII characters of a pattern the way URL paths arrive. */
function normalizePattern(pattern: string): string {
  try {
    return upperEscapes(encodeURI(pattern).replace(/%25/g, "%"));
  } catch {
    return pattern;
  }
}

function compileRule(pattern: string, allow: boolean): RobotsRule {
  const anchored = pattern.endsWith("$");
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split("*");
  return { allow, length: pattern.length, parts, anchored };
}

interface Group {
  rules: RobotsRule[];
  crawlDelay?: number;
  overGroupLimit: number;
  patternTooLong: number;
}

/** Parses a record once for a user agent; the result answers any number of URLs. */
export function parseRobots(record: RobotsRecord, userAgent: string): RobotsRules {
  const base = { origin: record.origin, outcome: record.outcome };
  const none = { ...base, rules: [], crawlDelayMs: null, dropped: emptyDropped() };
  if (record.outcome !== "ok") return none;
  const agent = groupName(productToken(userAgent));
  const groups = new Map<string, Group>();
  const groupOf = (name: string): Group => {
    let group = groups.get(name);
    if (!group) {
      group = { rules: [], overGroupLimit: 0, patternTooLong: 0 };
      groups.set(name, group);
    }
    return group;
  };
  /** The groups the current lines apply to that matter to us (ours and `*`). */
  let current: string[] = [];
  let inUserAgentLines = false;
  for (const rawLine of record.body.split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf("#");
    const line = hash > -1 ? rawLine.slice(0, hash) : rawLine;
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (key === "") continue;
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!inUserAgentLines) current = [];
      const name = value === "" ? "" : groupName(value);
      if (name !== "" && (name === agent || name === "*")) current.push(name);
      // A group that names someone else still ends our previous group.
      inUserAgentLines = true;
      continue;
    }
    inUserAgentLines = false;
    if (key === "allow" || key === "disallow") {
      for (const name of current) {
        const group = groupOf(name);
        if (value === "") continue;
        const pattern = normalizePattern(value);
        if (pattern.length > MAX_PATTERN_LENGTH) group.patternTooLong++;
        else if (group.rules.length >= MAX_RULES_PER_GROUP) group.overGroupLimit++;
        else group.rules.push(compileRule(pattern, key === "allow"));
      }
    } else if (key === "crawl-delay") {
      const delay = Number(value);
      for (const name of current) {
        const group = groupOf(name);
        if (!Number.isNaN(delay)) group.crawlDelay = delay;
      }
    }
  }
  const group = groups.get(agent) ?? groups.get("*");
  if (!group) return none;
  const delay = group.crawlDelay;
  const crawlDelayMs =
    delay !== undefined && Number.isFinite(delay) && delay > 0
      ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS)
      : null;
  return {
    ...base,
    rules: group.rules,
    crawlDelayMs,
    dropped: { overGroupLimit: group.overGroupLimit, patternTooLong: group.patternTooLong },
  };
}

function emptyDropped(): RobotsRules["dropped"] {
  return { overGroupLimit: 0, patternTooLong: 0 };
}

/** Whether a rule matches a path: linear in the path for every pattern. */
export function ruleMatches(rule: RobotsRule, path: string): boolean {
  const { parts, anchored } = rule;
  const first = parts[0] ?? "";
  if (!path.startsWith(first)) return false;
  const last = parts.length - 1;
  if (last === 0) return anchored ? path.length === first.length : true;
  let position = first.length;
  for (let i = 1; i < last; i++) {
    const part = parts[i] ?? "";
    if (part === "") continue;
    const at = path.indexOf(part, position);
    if (at < 0) return false;
    position = at + part.length;
  }
  const tail = parts[last] ?? "";
  if (anchored) return path.length - tail.length >= position && path.endsWith(tail);
  return tail === "" || path.indexOf(tail, position) >= 0;
}

/** The rule that decides a path: the longest match, `Allow` winning a tie; null if none. */
function decidingRule(rules: readonly RobotsRule[], path: string): RobotsRule | null {
  let best: RobotsRule | null = null;
  for (const rule of rules) {
    if (best && (rule.length < best.length || (rule.length === best.length && !rule.allow))) {
      continue;
    }
    if (!ruleMatches(rule, path)) continue;
    best = rule;
  }
  return best;
}

function parsedUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Applies parsed rules to one URL; a URL of another origin is not governed by them. */
export function verdictFor(robots: RobotsRules, url: string): RobotsVerdict {
  if (robots.outcome === "unreachable") return { kind: "unreachable", crawlDelayMs: null };
  if (robots.outcome === "unavailable") return { kind: "no-robots", crawlDelayMs: null };
  const crawlDelayMs = robots.crawlDelayMs;
  const target = parsedUrl(url);
  if (target === null || target.origin !== parsedUrl(robots.origin)?.origin) {
    return { kind: "allowed", crawlDelayMs };
  }
  const path = upperEscapes(`${target.pathname}${target.search}`).slice(0, MAX_MATCHED_PATH_LENGTH);
  const rule = decidingRule(robots.rules, path);
  return { kind: rule === null || rule.allow ? "allowed" : "disallowed", crawlDelayMs };
}

/** Applies a robots record to one URL of the same origin (parses it: prefer `parseRobots` once). */
export function robotsVerdict(record: RobotsRecord, url: string, userAgent: string): RobotsVerdict {
  return verdictFor(parseRobots(record, userAgent), url);
}
