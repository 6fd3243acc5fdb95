/**
 * SSRF guard through the whole fetcher, against a real loopback server whose request log
 * proves that refused URLs never reached it. Host names are resolved by an injected
 * resolver, so "evil.test" can point at 10.0.0.1 or 169.254.169.254 without any traffic
 * leaving loopback: those addresses are refused before a connection is made.
 */
import net from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import { createFetcher, type Resolver } from "../../../functions/adapters/http-fetcher";
import { testConfig } from "./fetch-config";
import { html, type LoopbackServer, redirect, startServer } from "./loopback-server";

let server: LoopbackServer;

beforeEach(async () => {
  server = await startServer({ "/": html(), "/page": html() });
});

afterEach(async () => {
  await server.close();
});

/** A resolver that answers from a table and records every question. */
function fakeDns(table: Record<string, string[]>): Resolver & { questions: string[] } {
  const questions: string[] = [];
  const resolve = async (host: string) => {
    questions.push(host);
    const answers = table[host];
    if (!answers)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { questions });
}

const strict = () => testConfig({ allowPrivateNetworks: false });

describe("default settings refuse private targets", () => {
  test("plain loopback is refused by default and allowed only by allowPrivateNetworks", async () => {
    // Prepare
    const refusing = createFetcher({ config: strict(), hostStore: new InMemoryHostStore() });
    const allowing = createFetcher({ config: testConfig(), hostStore: new InMemoryHostStore() });

    // Act
    const refused = refusing.fetchPage(server.url("/page"));
    await expect(refused).rejects.toMatchObject({
      code: "blocked-address",
      disposition: "permanent",
    });
    const requestsWhileRefused = server.log.length;
    const page = await allowing.fetchPage(server.url("/page"));

    // Assess
    expect(requestsWhileRefused).toBe(0);
    expect(page.status).toBe(200);
  });

  // Each trick names 127.0.0.1 (or ::1 / 0.0.0.0) in another spelling, on the test server's port.
  test.each([
    "2130706433",
    "0x7f.1",
    "017700000001",
    "0x7f000001",
    "0177.0.0.1",
    "127.1",
    "127.0.0.1.",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "0",
    "0.0.0.0",
    "[::]",
  ])("numeric host trick http://%s:<port>/ is refused and never connected", async (host) => {
    // Prepare
    const fetcher = createFetcher({ config: strict(), hostStore: new InMemoryHostStore() });

    // Act
    const attempt = fetcher.fetchPage(`http://${host}:${server.port}/page`);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: "blocked-address" });
    expect(server.log).toHaveLength(0);
  });

  test("localhost (system resolver) is refused by default", async () => {
    const fetcher = createFetcher({ config: strict(), hostStore: new InMemoryHostStore() });
    await expect(fetcher.fetchPage(`http://localhost:${server.port}/page`)).rejects.toMatchObject({
      code: "blocked-address",
    });
    expect(server.log).toHaveLength(0);
  });
});

describe("DNS names that resolve to non-public addresses", () => {
  test.each([
    [["10.0.0.1"], false],
    [["172.16.0.1"], false],
    [["192.168.0.1"], false],
    [["127.0.0.1"], false],
    [["169.254.169.254"], true],
    [["100.64.0.1"], true],
    [["0.0.0.0"], true],
    [["224.0.0.1"], true],
    [["::ffff:127.0.0.1"], false],
    [["::ffff:169.254.169.254"], true],
    [["::1"], false],
    [["fd00::1"], false],
    [["fe80::1"], true],
    [["64:ff9b::10.0.0.1"], false],
    [["64:ff9b::169.254.169.254"], true],
    [["2002:a00:1::1"], false],
    [["93.184.216.34", "10.0.0.1"], false],
  ])(
    "evil.test -> %j is refused (also with private networks allowed: %s)",
    async (answers, alwaysBlocked) => {
      // Prepare
      const dns = fakeDns({ "evil.test": answers });
      const fetcher = createFetcher({
        config: strict(),
        hostStore: new InMemoryHostStore(),
        resolve: dns,
      });

      // Act
      const attempt = fetcher.fetchPage("http://evil.test/article");

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: "blocked-address",
        disposition: "permanent",
      });
      expect(dns.questions).toEqual(["evil.test"]);
      if (alwaysBlocked) {
        const relaxed = createFetcher({
          config: testConfig(),
          hostStore: new InMemoryHostStore(),
          resolve: dns,
        });
        await expect(relaxed.fetchPage("http://evil.test/article")).rejects.toMatchObject({
          code: "blocked-address",
        });
      }
    },
  );

  test("a name that does not resolve is a dns-error", async () => {
    const fetcher = createFetcher({
      config: strict(),
      hostStore: new InMemoryHostStore(),
      resolve: fakeDns({}),
    });
    await expect(fetcher.fetchPage("http://nowhere.test/")).rejects.toMatchObject({
      code: "dns-error",
    });
  });

  test("the connection goes to the checked address: one lookup per host, no second DNS query", async () => {
    // Prepare: pinned.test resolves to the loopback test server (private networks allowed).
    const dns = fakeDns({ "pinned.test": ["127.0.0.1"] });
    const fetcher = createFetcher({
      config: testConfig(),
      hostStore: new InMemoryHostStore(),
      resolve: dns,
    });

    // Act: robots.txt and the page are two requests to the same host.
    const page = await fetcher.fetchPage(`http://pinned.test:${server.port}/page`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.remoteAddress).toBe("127.0.0.1");
    expect(server.log.map((r) => [r.path, r.headers.host])).toEqual([
      ["/robots.txt", `pinned.test:${server.port}`],
      ["/page", `pinned.test:${server.port}`],
    ]);
    // One resolution per request we made, each answered by our resolver, never by the system.
    expect(dns.questions).toEqual(["pinned.test", "pinned.test"]);
  });
});

test("a dual-stack name connects to its checked IPv4 address first", async () => {
  // Prepare: the server listens on 127.0.0.1 only; the name also has an IPv6 address.
  const dns = fakeDns({ "dual.test": ["::1", "127.0.0.1"] });
  const fetcher = createFetcher({
    config: testConfig({ respectRobots: false }),
    hostStore: new InMemoryHostStore(),
    resolve: dns,
  });

  // Act
  const page = await fetcher.fetchPage(`http://dual.test:${server.port}/page`);

  // Assess
  expect(page.remoteAddress).toBe("127.0.0.1");
});

test("DNS rebinding: a later answer pointing elsewhere is never used for the connection", async () => {
  // Prepare: the first answer is the loopback test server; every later answer is the
  // metadata address. "rebind.test" exists in no real DNS, so a lookup by Node itself
  // would fail: the request can only have used the address we checked.
  let calls = 0;
  const rebinding: Resolver = async () => [
    { address: calls++ === 0 ? "127.0.0.1" : "169.254.169.254", family: 4 },
  ];
  const fetcher = createFetcher({
    config: testConfig({ respectRobots: false }),
    hostStore: new InMemoryHostStore(),
    resolve: rebinding,
  });

  // Act
  const page = await fetcher.fetchPage(`http://rebind.test:${server.port}/page`);

  // Assess
  expect(page.status).toBe(200);
  expect(page.remoteAddress).toBe("127.0.0.1");
  expect(calls).toBe(1);
});

describe("URL rules", () => {
  test.each([
    ["ftp://127.0.0.1/", "invalid-url"],
    ["file:///etc/passwd", "invalid-url"],
    ["javascript:alert(1)", "invalid-url"],
    ["http://user:pw@127.0.0.1/", "invalid-url"],
    ["not a url", "invalid-url"],
  ])("%s -> %s", async (url, code) => {
    const fetcher = createFetcher({ config: testConfig(), hostStore: new InMemoryHostStore() });
    await expect(fetcher.fetchPage(url)).rejects.toMatchObject({ code });
  });

  test("a port outside 80/443 is refused unless configured", async () => {
    const fetcher = createFetcher({
      config: testConfig({ allowedPorts: "" }),
      hostStore: new InMemoryHostStore(),
    });
    await expect(fetcher.fetchPage(server.url("/page"))).rejects.toMatchObject({
      code: "blocked-port",
    });
    expect(server.log).toHaveLength(0);
  });
});

describe("every redirect hop is checked again", () => {
  test.each([
    ["http://169.254.169.254/latest/meta-data/", "blocked-address"],
    ["http://[fe80::1]/", "blocked-address"],
    ["http://0.0.0.0/", "blocked-address"],
    ["http://100.64.0.1/", "blocked-address"],
    ["http://metadata.test/", "blocked-address"],
    ["file:///etc/passwd", "invalid-url"],
    ["gopher://127.0.0.1:70/", "invalid-url"],
    ["http://user:pw@127.0.0.1/", "invalid-url"],
  ])("a redirect to %s ends as %s", async (location, code) => {
    // Prepare
    const local = await startServer({ "/start": redirect(location) });
    const dns = fakeDns({ "metadata.test": ["169.254.169.254"] });
    const fetcher = createFetcher({
      config: testConfig(),
      hostStore: new InMemoryHostStore(),
      resolve: dns,
    });

    // Act
    const attempt = fetcher.fetchPage(local.url("/start"));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code });
    await local.close();
  });

  test("a redirect to a port that is not allowed ends as blocked-port", async () => {
    const local = await startServer({ "/start": redirect("http://127.0.0.1:22/") });
    const fetcher = createFetcher({
      config: testConfig({ allowedPorts: String(local.port) }),
      hostStore: new InMemoryHostStore(),
    });
    await expect(fetcher.fetchPage(local.url("/start"))).rejects.toMatchObject({
      code: "blocked-port",
    });
    await local.close();
  });
});

describe("connect timeout", () => {
  test("a TLS handshake that never completes ends as timeout", async () => {
    // Prepare: a TCP server that accepts and then says nothing.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const fetcher = createFetcher({
      config: testConfig({ connectTimeoutMs: 300, respectRobots: false }),
      hostStore: new InMemoryHostStore(),
    });

    // Act
    const attempt = fetcher.fetchPage(`https://127.0.0.1:${port}/`);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: "timeout", disposition: "retryable" });
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});
