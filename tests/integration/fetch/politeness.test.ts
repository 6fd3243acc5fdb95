/**
 * robots.txt, Crawl-delay, politeness slots, Retry-After and conditional re-fetch, with the
 * in-memory host store, against real loopback servers.
 */
import { afterEach, describe, expect, test } from "vitest";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import { createFetcher, type FetcherConfig } from "../../../functions/adapters/http-fetcher";
import { classify, ROBOTS_UNREACHABLE_TTL_MS, statusForCode } from "../../../functions/core/errors";
import { startChildServer } from "./child-server";
import { testConfig } from "./fetch-config";
import { html, type LoopbackServer, type Route, redirect, startServer } from "./loopback-server";

const servers: LoopbackServer[] = [];

async function serve(routes: Record<string, Route>): Promise<LoopbackServer> {
  const server = await startServer(routes);
  servers.push(server);
  return server;
}

function robots(body: string, status = 200, headers: Record<string, string> = {}): Route {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "text/plain", ...headers });
    res.end(body);
  };
}

function fetcherWith(overrides: Partial<FetcherConfig> = {}, hostStore = new InMemoryHostStore()) {
  return createFetcher({ config: testConfig(overrides), hostStore });
}

function pagePaths(server: LoopbackServer): string[] {
  return server.log.filter((r) => r.path !== "/robots.txt").map((r) => r.path);
}

function robotsRequests(server: LoopbackServer): number {
  return server.log.filter((r) => r.path === "/robots.txt").length;
}

/** Gaps (ms) between consecutive requests in a server log. */
function gapsOf(log: Array<{ atMs: number }>): number[] {
  const times = log.map((r) => r.atMs).sort((a, b) => a - b);
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("robots.txt", () => {
  const rules =
    "User-agent: *\nDisallow: /\n\nUser-agent: article-ingest\nDisallow: /drafts\nAllow: /\n";

  test("a URL our group disallows is skipped as robots-disallowed and never requested", async () => {
    // Prepare
    const server = await serve({ "/robots.txt": robots(rules), "/drafts/1": html() });

    // Act
    const attempt = fetcherWith().fetchPage(server.url("/drafts/1"));

    // Assess
    const error = await attempt.catch((e: unknown) => e);
    expect(classify(error)).toMatchObject({ code: "robots-disallowed", disposition: "permanent" });
    expect(statusForCode("robots-disallowed")).toBe("skipped");
    expect((error as Error).message).toContain(server.url("/drafts/1"));
    expect(pagePaths(server)).toEqual([]);
  });

  test("an allowed URL is fetched, and robots.txt is fetched once per host", async () => {
    // Prepare
    const server = await serve({
      "/robots.txt": robots(rules),
      "/a": html(),
      "/b": html(),
      "/c": html(),
    });
    const fetcher = fetcherWith();

    // Act
    const pages = [];
    for (const path of ["/a", "/b", "/c"]) pages.push(await fetcher.fetchPage(server.url(path)));

    // Assess
    expect(pages.map((p) => p.robots)).toEqual(["allowed", "allowed", "allowed"]);
    expect(robotsRequests(server)).toBe(1);
    expect(server.log[0]?.headers["user-agent"]).toBe(testConfig().userAgent);
  });

  test.each([404, 401, 403, 410])("robots.txt answering %i allows everything", async (status) => {
    const server = await serve({ "/robots.txt": robots("Disallow: /", status), "/a": html() });
    const page = await fetcherWith().fetchPage(server.url("/a"));
    expect(page.robots).toBe("no-robots");
  });

  test("robots.txt answering 500 means disallow for now: the URL is deferred until the verdict expires, the page is not requested", async () => {
    // Prepare
    const server = await serve({ "/robots.txt": robots("oops", 500), "/a": html() });
    const fetcher = fetcherWith();

    // Act
    const first = fetcher.fetchPage(server.url("/a"));
    await expect(first).rejects.toMatchObject({
      code: "http-5xx",
      disposition: "throttled",
      retryAfterMs: ROBOTS_UNREACHABLE_TTL_MS,
      httpStatus: 500,
    });
    const second = fetcher.fetchPage(server.url("/a"));

    // Assess: the unreachable verdict is cached briefly, so the sick host is not asked again.
    await expect(second).rejects.toMatchObject({ code: "http-5xx" });
    expect(pagePaths(server)).toEqual([]);
    expect(robotsRequests(server)).toBe(1);
  });

  test("robots.txt answering 503 with Retry-After throttles the URL by that delay", async () => {
    const server = await serve({
      "/robots.txt": robots("", 503, { "retry-after": "120" }),
      "/a": html(),
    });
    await expect(fetcherWith().fetchPage(server.url("/a"))).rejects.toMatchObject({
      code: "http-5xx",
      disposition: "throttled",
      retryAfterMs: 120_000,
    });
  });

  test("robots.txt whose connection is reset defers the URL", async () => {
    const server = await serve({ "/robots.txt": (req) => req.socket.destroy(), "/a": html() });
    await expect(fetcherWith().fetchPage(server.url("/a"))).rejects.toMatchObject({
      code: "connection-error",
      disposition: "throttled",
      retryAfterMs: ROBOTS_UNREACHABLE_TTL_MS,
    });
    expect(pagePaths(server)).toEqual([]);
  });

  test("robots.txt redirecting to a blocked address counts as no robots.txt", async () => {
    const server = await serve({
      "/robots.txt": redirect("http://169.254.169.254/robots.txt"),
      "/a": html(),
    });
    const page = await fetcherWith().fetchPage(server.url("/a"));
    expect(page.robots).toBe("no-robots");
  });

  test("robots.txt redirecting to a Location that is not a URL counts as no robots.txt", async () => {
    const server = await serve({
      "/robots.txt": redirect("http://[not-a-host/robots.txt"),
      "/a": html(),
    });
    const page = await fetcherWith().fetchPage(server.url("/a"));
    expect(page.robots).toBe("no-robots");
  });

  test("robots.txt is followed through a redirect on the same host", async () => {
    const server = await serve({
      "/robots.txt": redirect("/real-robots.txt", 301),
      "/real-robots.txt": robots("User-agent: *\nDisallow: /secret\n"),
      "/secret": html(),
    });
    await expect(fetcherWith().fetchPage(server.url("/secret"))).rejects.toMatchObject({
      code: "robots-disallowed",
    });
  });

  test("with respectRobots off, robots.txt is not requested", async () => {
    const server = await serve({
      "/robots.txt": robots("User-agent: *\nDisallow: /\n"),
      "/a": html(),
    });
    const page = await fetcherWith({ respectRobots: false }).fetchPage(server.url("/a"));
    expect(page.robots).toBe("not-checked");
    expect(robotsRequests(server)).toBe(0);
  });

  test("a redirect target is checked against its own robots.txt", async () => {
    // Prepare: the second host disallows everything for us.
    const other = await serve({
      "/robots.txt": robots("User-agent: article-ingest\nDisallow: /\n"),
      "/x": html(),
    });
    const first = await serve({ "/go": redirect(other.url("/x")) });

    // Act / Assess
    await expect(fetcherWith().fetchPage(first.url("/go"))).rejects.toMatchObject({
      code: "robots-disallowed",
    });
    expect(pagePaths(other)).toEqual([]);
  });
});

describe("politeness", () => {
  // Timing is measured by a server in its own process, so its log is not delayed by ours;
  // retried because a saturated machine can stall that process (see the two-worker test).
  test("Crawl-delay spaces requests to the host even when the configured interval is 0", {
    retry: 2,
  }, async () => {
    // Prepare
    const server = await startChildServer("User-agent: *\nCrawl-delay: 0.25\n");
    const fetcher = fetcherWith({ politenessIntervalMs: 0 });

    // Act: three pages at once.
    await Promise.all(["/1", "/2", "/3"].map((p) => fetcher.fetchPage(server.url(p))));
    const log = await server.log();
    await server.close();

    // Assess: robots.txt, then one page every 250 ms at the earliest.
    expect(log.map((r) => r.path).sort()).toEqual(["/1", "/2", "/3", "/robots.txt"]);
    expect(Math.min(...gapsOf(log).slice(1))).toBeGreaterThanOrEqual(250);
  });

  test("concurrent fetches of one host keep the configured interval", { retry: 2 }, async () => {
    const server = await startChildServer("");
    const fetcher = fetcherWith({ politenessIntervalMs: 120 });

    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => fetcher.fetchPage(server.url(`/p${i}`))));
    const log = await server.log();
    await server.close();

    expect(log).toHaveLength(7);
    expect(Math.min(...gapsOf(log))).toBeGreaterThanOrEqual(120);
  });

  test("a slot further away than the wait budget is host-busy (throttled), nothing is sent", async () => {
    // Prepare
    const server = await serve({ "/a": html(), "/b": html() });
    const fetcher = fetcherWith({
      politenessIntervalMs: 5_000,
      politenessWaitBudgetMs: 200,
      respectRobots: false,
    });
    await fetcher.fetchPage(server.url("/a"));

    // Act
    const error = await fetcher.fetchPage(server.url("/b")).catch((e: unknown) => e);

    // Assess
    expect(classify(error)).toMatchObject({ code: "host-busy", disposition: "throttled" });
    const retryAfterMs = classify(error).retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(200);
    expect(retryAfterMs).toBeLessThanOrEqual(5_100); // interval plus the send-jitter guard
    expect(pagePaths(server)).toEqual(["/a"]);
  });

  test("429 with Retry-After is throttled by that delay and keeps the host off limits", async () => {
    // Prepare
    const server = await serve({
      "/a": html("slow down", { "retry-after": "7" }, 429),
      "/b": html(),
    });
    const fetcher = fetcherWith({ respectRobots: false });

    // Act
    const first = await fetcher.fetchPage(server.url("/a")).catch((e: unknown) => e);
    const second = await fetcher.fetchPage(server.url("/b")).catch((e: unknown) => e);

    // Assess
    expect(classify(first)).toMatchObject({
      code: "http-429",
      disposition: "throttled",
      retryAfterMs: 7000,
    });
    expect(classify(second)).toMatchObject({ code: "host-busy", disposition: "throttled" });
    expect(classify(second).retryAfterMs).toBeGreaterThan(6000);
    expect(pagePaths(server)).toEqual(["/a"]);
  });

  test("503 with an HTTP-date Retry-After is throttled; without it, retryable", async () => {
    const later = new Date(Date.now() + 30_000).toUTCString();
    const server = await serve({
      "/dated": html("busy", { "retry-after": later }, 503),
      "/plain": html("busy", {}, 503),
    });
    const dated = await fetcherWith({ respectRobots: false })
      .fetchPage(server.url("/dated"))
      .catch((e: unknown) => e);
    const plain = await fetcherWith({ respectRobots: false })
      .fetchPage(server.url("/plain"))
      .catch((e: unknown) => e);
    expect(classify(dated)).toMatchObject({ code: "http-5xx", disposition: "throttled" });
    expect(classify(dated).retryAfterMs).toBeGreaterThan(25_000);
    expect(classify(plain)).toMatchObject({ code: "http-5xx", disposition: "retryable" });
  });
});

describe("conditional re-fetch", () => {
  const validator: Route = (req, res) => {
    const etag = '"v1"';
    const lastModified = "Tue, 03 Nov 2026 10:00:00 GMT";
    if (
      req.headers["if-none-match"] === etag ||
      req.headers["if-modified-since"] === lastModified
    ) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html", etag, "last-modified": lastModified });
    res.end("<html><body><p>Version one</p></body></html>");
  };

  test("a 304 answer to the stored ETag is notModified with an empty body", async () => {
    // Prepare
    const server = await serve({ "/story": validator });
    const fetcher = fetcherWith({ respectRobots: false });
    const first = await fetcher.fetchPage(server.url("/story"));

    // Act
    const again = await fetcher.fetchPage(server.url("/story"), {
      conditional: { etag: first.etag, lastModified: first.lastModified },
    });

    // Assess
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"' });
    expect(first.lastModified).toBe("Tue, 03 Nov 2026 10:00:00 GMT");
    expect(again).toMatchObject({ status: 304, notModified: true, text: "", etag: '"v1"' });
    expect(again.body.length).toBe(0);
    expect(server.log[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(server.log[1]?.headers["if-modified-since"]).toBe("Tue, 03 Nov 2026 10:00:00 GMT");
  });

  test("Last-Modified alone is enough for a 304", async () => {
    const server = await serve({ "/story": validator });
    const page = await fetcherWith({ respectRobots: false }).fetchPage(server.url("/story"), {
      conditional: { lastModified: "Tue, 03 Nov 2026 10:00:00 GMT" },
    });
    expect(page.notModified).toBe(true);
    expect(server.log[0]?.headers["if-none-match"]).toBeUndefined();
  });

  test("a stale validator gets the full page", async () => {
    const server = await serve({ "/story": validator });
    const page = await fetcherWith({ respectRobots: false }).fetchPage(server.url("/story"), {
      conditional: { etag: '"v0"' },
    });
    expect(page.notModified).toBe(false);
    expect(page.text).toContain("Version one");
  });
});
