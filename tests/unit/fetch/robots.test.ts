import { describe, expect, test } from "vitest";
import { productToken, type RobotsRecord, robotsVerdict } from "../../../functions/core/robots";

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
});
