import { describe, expect, test } from "vitest";
import {
  MAX_MATCHED_PATH_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_RULES_PER_GROUP,
  parseRobots,
  productToken,
  type RobotsRecord,
  robotsVerdict,
  verdictFor,
} from "../../../functions/core/robots";

const UA = "article-ingest/0.1 (+https://example.org/bot)";
const origin = "https://news.example";

function ok(body: string): RobotsRecord {
  return { origin, outcome: "ok", status: 200, body, fetchedAtMs: 0 };
}

describe("robots", () => {
  test("the product token is the agent name without version", () => {
    expect(productToken(UA)).toBe("article-ingest");
  });

  test("a group for our agent wins over *", () => {
    const record = ok(
      "User-agent: *\nDisallow: /\n\nUser-agent: article-ingest\nDisallow: /private\nCrawl-delay: 2\n",
    );
    expect(robotsVerdict(record, `${origin}/story`, UA)).toEqual({
      kind: "allowed",
      crawlDelayMs: 2000,
    });
    expect(robotsVerdict(record, `${origin}/private/x`, UA).kind).toBe("disallowed");
  });

  test("* rules apply when no group names us; longest match wins", () => {
    const record = ok("User-agent: *\nDisallow: /news\nAllow: /news/public\n");
    expect(robotsVerdict(record, `${origin}/news/secret`, UA).kind).toBe("disallowed");
    expect(robotsVerdict(record, `${origin}/news/public/1`, UA).kind).toBe("allowed");
    expect(robotsVerdict(record, `${origin}/other`, UA).kind).toBe("allowed");
  });

  test("a huge Crawl-delay is clamped to ten minutes", () => {
    expect(
      robotsVerdict(ok("User-agent: *\nCrawl-delay: 86400\n"), `${origin}/`, UA).crawlDelayMs,
    ).toBe(600_000);
  });

  test("unavailable robots allows all; unreachable is reported as such", () => {
    const base = { origin, body: "", fetchedAtMs: 0 };
    expect(
      robotsVerdict({ ...base, outcome: "unavailable", status: 404 }, `${origin}/x`, UA).kind,
    ).toBe("no-robots");
    expect(
      robotsVerdict({ ...base, outcome: "unreachable", status: 503 }, `${origin}/x`, UA).kind,
    ).toBe("unreachable");
  });

  test("* matches any run of characters and a trailing $ anchors the end", () => {
    const record = ok("User-agent: *\nDisallow: /*.pdf$\nDisallow: /a**b*c\nDisallow: /x$y\n");
    const kind = (path: string) => robotsVerdict(record, `${origin}${path}`, UA).kind;
    expect(kind("/files/report.pdf")).toBe("disallowed");
    expect(kind("/files/report.pdf?page=2")).toBe("allowed");
    expect(kind("/a-then-b-then-c/x")).toBe("disallowed");
    expect(kind("/a-then-c-then-b")).toBe("allowed");
    expect(kind("/x$y/z")).toBe("disallowed");
    expect(kind("/xy")).toBe("allowed");
  });

  test("a tie in length goes to Allow; percent escapes compare case-insensitively", () => {
    const record = ok("User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /caf%c3%a9\n");
    expect(robotsVerdict(record, `${origin}/page`, UA).kind).toBe("allowed");
    expect(robotsVerdict(record, `${origin}/café`, UA).kind).toBe("disallowed");
  });

  test("a URL of another origin is not governed by the file", () => {
    const record = ok("User-agent: *\nDisallow: /\n");
    expect(robotsVerdict(record, "https://other.example/x", UA).kind).toBe("allowed");
    expect(robotsVerdict(record, `${origin}/x`, UA).kind).toBe("disallowed");
  });

  test("a group keeps at most MAX_RULES_PER_GROUP rules and drops over-long patterns", () => {
    // Prepare
    const many = Array.from({ length: MAX_RULES_PER_GROUP + 5 }, (_, i) => `Disallow: /r${i}/\n`);
    const long = `Disallow: /${"x".repeat(MAX_PATTERN_LENGTH)}\n`;
    const record = ok(`User-agent: *\n${long}${many.join("")}`);

    // Act
    const rules = parseRobots(record, UA);

    // Assess
    expect(rules.rules).toHaveLength(MAX_RULES_PER_GROUP);
    expect(rules.dropped).toEqual({ overGroupLimit: 5, patternTooLong: 1 });
    expect(verdictFor(rules, `${origin}/r0/`).kind).toBe("disallowed");
    expect(verdictFor(rules, `${origin}/r${MAX_RULES_PER_GROUP + 4}/`).kind).toBe("allowed");
    expect(verdictFor(rules, `${origin}/${"x".repeat(MAX_PATTERN_LENGTH)}`).kind).toBe("allowed");
  });

  test("only the first MAX_MATCHED_PATH_LENGTH characters of a path are matched", () => {
    const rules = parseRobots(ok("User-agent: *\nDisallow: /*z\n"), UA);
    const inside = `/${"a".repeat(MAX_MATCHED_PATH_LENGTH - 3)}z`;
    const outside = `/${"a".repeat(MAX_MATCHED_PATH_LENGTH)}z`;
    expect(verdictFor(rules, `${origin}${inside}`).kind).toBe("disallowed");
    expect(verdictFor(rules, `${origin}${outside}`).kind).toBe("allowed");
  });

  test("groups for other agents are not kept, and their rules never apply to us", () => {
    const rules = parseRobots(
      ok("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n"),
      UA,
    );
    expect(rules.rules).toHaveLength(1);
    expect(verdictFor(rules, `${origin}/story`).kind).toBe("allowed");
    expect(verdictFor(rules, `${origin}/private`).kind).toBe("disallowed");
  });
});
