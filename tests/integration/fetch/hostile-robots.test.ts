/**
 * A hostile robots.txt (hundreds of KB of wildcard rules) cannot stall the worker: it is
 * parsed once per host into a bounded rule set, and a long path is matched linearly.
 */
import { afterEach, describe, expect, test } from "vitest";
import { createDocumentFetcher } from "../../../functions/adapters/fetch/document-fetcher";
import { createGuardedFetch } from "../../../functions/adapters/fetch/guarded-fetch";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import { createFetcher } from "../../../functions/adapters/http-fetcher";
import {
  MAX_MATCHED_PATH_LENGTH,
  MAX_RULES_PER_GROUP,
  type RobotsRules,
} from "../../../functions/core/robots";
import { testConfig } from "./fetch-config";
import { html, type LoopbackServer, type Route, startServer } from "./loopback-server";

const servers: LoopbackServer[] = [];

async function serve(routes: Record<string, Route>): Promise<LoopbackServer> {
  const server = await startServer(routes);
  servers.push(server);
  return server;
}

function robots(body: string): Route {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(body);
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** About 400 KB of `Disallow: /*a*a*...*a*b`: each rule is a worst case for backtracking. */
function hostileRobots(): { body: string; ruleCount: number } {
  const rule = `Disallow: /${"*a".repeat(30)}*b\n`;
  let body = "User-agent: *\n";
  let ruleCount = 0;
  while (body.length < 400_000) {
    body += rule;
    ruleCount++;
  }
  return { body, ruleCount };
}

describe("a hostile robots.txt", () => {
  test("is parsed once into at most MAX_RULES_PER_GROUP rules, and a long path gets its verdict", async () => {
    // Prepare
    const { body, ruleCount } = hostileRobots();
    const longPath = `/${"a".repeat(4000)}`;
    const server = await serve({
      "/robots.txt": robots(body),
      [longPath]: html(),
      [`${longPath}b`]: html(),
      "/short": html(),
    });
    const parsed: RobotsRules[] = [];
    const parts = createGuardedFetch({
      config: testConfig({ totalTimeoutMs: 20_000 }),
      hostStore: new InMemoryHostStore(),
      onRobotsParsed: (rules) => parsed.push(rules),
    });
    const fetcher = createFetcher({ parts });

    // Act
    const page = await fetcher.fetchPage(server.url(longPath));
    const short = await fetcher.fetchPage(server.url("/short"));
    const pastBound = await fetcher.fetchPage(server.url(`${longPath}b`)).catch((e: unknown) => e);

    // Assess: one parse for three URLs, the group bound applied, verdicts as the rules say
    // (the "b" of the last URL lies past the matched prefix of the path, so it is allowed).
    expect(ruleCount).toBeGreaterThan(MAX_RULES_PER_GROUP);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.rules).toHaveLength(MAX_RULES_PER_GROUP);
    expect(parsed[0]?.dropped).toEqual({
      overGroupLimit: ruleCount - MAX_RULES_PER_GROUP,
      patternTooLong: 0,
    });
    expect(page.robots).toBe("allowed");
    expect(short.robots).toBe("allowed");
    expect(`${longPath}b`.length).toBeGreaterThan(MAX_MATCHED_PATH_LENGTH);
    expect(pastBound).toMatchObject({ robots: "allowed" });
  });

  test("a rule matching within the matched prefix still disallows a long path", async () => {
    // Prepare
    const { body } = hostileRobots();
    const longPath = `/${"a".repeat(1000)}b${"c".repeat(3000)}`;
    const server = await serve({ "/robots.txt": robots(body), [longPath]: html() });
    const fetcher = createFetcher({
      config: testConfig({ totalTimeoutMs: 20_000 }),
      hostStore: new InMemoryHostStore(),
    });

    // Act
    const attempt = fetcher.fetchPage(server.url(longPath));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: "robots-disallowed" });
    expect(server.log.filter((r) => r.path !== "/robots.txt")).toEqual([]);
  });

  test("documents share the page fetcher's parsed rules when built from the same parts", async () => {
    // Prepare
    const server = await serve({
      "/robots.txt": robots("User-agent: *\nDisallow: /private\n"),
      "/feed.xml": html("<rss/>", { "content-type": "application/rss+xml" }),
      "/private/feed.xml": html("<rss/>", { "content-type": "application/rss+xml" }),
      "/a": html(),
    });
    const parsed: RobotsRules[] = [];
    const parts = createGuardedFetch({
      config: testConfig(),
      hostStore: new InMemoryHostStore(),
      onRobotsParsed: (rules) => parsed.push(rules),
    });
    const pages = createFetcher({ parts });
    const documents = createDocumentFetcher({ parts });

    // Act
    const feed = await documents.fetchDocument(server.url("/feed.xml"));
    const page = await pages.fetchPage(server.url("/a"));
    const refused = documents.fetchDocument(server.url("/private/feed.xml"));

    // Assess
    await expect(refused).rejects.toMatchObject({ code: "robots-disallowed" });
    expect(feed.robots).toBe("allowed");
    expect(page.robots).toBe("allowed");
    expect(parsed).toHaveLength(1);
    expect(server.log.filter((r) => r.path === "/robots.txt")).toHaveLength(1);
  });
});
