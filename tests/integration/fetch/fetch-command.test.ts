import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchCommand } from "../../../cli/commands/fetch";
import type { CliIo } from "../../../cli/output";
import { html, type LoopbackServer, redirect, startServer } from "./loopback-server";

let server: LoopbackServer;

beforeAll(async () => {
  server = await startServer({
    "/robots.txt": (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("User-agent: *\nDisallow: /private\n");
    },
    "/old": redirect("/story", 301),
    "/story": html(
      Buffer.from(
        "<html><head><meta charset=windows-1251></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>",
        "latin1",
      ),
      { "content-type": "text/html" },
    ),
  });
});

afterAll(async () => {
  await server.close();
});

function captureIo(
  env: Record<string, string> = {},
): CliIo & { out: () => Record<string, unknown> } {
  let stdout = "";
  return {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => true },
    stdin: Readable.from([]),
    env: { POLITENESS_INTERVAL_MS: "0", ...env },
    interactive: false,
    now: () => new Date(),
    out: () => JSON.parse(stdout) as Record<string, unknown>,
  };
}

describe("article-ingest fetch", () => {
  test("refuses loopback by default: exit 1 with the failure code", async () => {
    // Prepare: the port is allowed, so only the address rule can refuse.
    const io = captureIo({ ARTICLE_INGEST_ALLOWED_PORTS: String(server.port) });

    // Act
    const code = await fetchCommand({ url: server.url("/story") }, io);

    // Assess
    expect(code).toBe(1);
    expect(io.out()).toMatchObject({ version: 1, ok: false, failure: { code: "blocked-address" } });
    expect(server.log).toHaveLength(0);
  });

  test("with --allow-private-networks prints the fetch outcome", async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await fetchCommand({ url: server.url("/old"), allowPrivateNetworks: true }, io);

    // Assess
    expect(code).toBe(0);
    expect(io.out()).toMatchObject({
      version: 1,
      ok: true,
      requestedUrl: server.url("/old"),
      finalUrl: server.url("/story"),
      redirects: [{ url: server.url("/old"), status: 301 }],
      status: 200,
      contentType: "text/html",
      declaredCharset: "windows-1251",
      charset: "windows-1251",
      charsetSource: "meta",
      bytes: 72,
      robots: "allowed",
      remoteAddress: "127.0.0.1",
    });
  });

  test("ARTICLE_INGEST_ALLOW_PRIVATE_NETWORKS=1 does the same; robots verdicts are reported", async () => {
    const io = captureIo({
      ARTICLE_INGEST_ALLOW_PRIVATE_NETWORKS: "1",
      ARTICLE_INGEST_ALLOWED_PORTS: String(server.port),
    });
    const code = await fetchCommand({ url: server.url("/private/x") }, io);
    expect(code).toBe(1);
    expect(io.out()).toMatchObject({
      ok: false,
      robots: "disallowed",
      failure: { code: "robots-disallowed", disposition: "permanent" },
    });
  });
});
