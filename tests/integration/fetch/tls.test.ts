/**
 * HTTPS through the pinned connection: the socket goes to the checked address while TLS
 * uses the URL's host name for SNI and certificate verification.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InMemoryHostStore } from "../../../functions/adapters/host-store";
import { createFetcher, type Resolver } from "../../../functions/adapters/http-fetcher";
import { testConfig } from "./fetch-config";
import {
  SELF_SIGNED_CERT,
  SELF_SIGNED_KEY,
  TEST_CA_CERT,
  TLS_TEST_CERT,
  TLS_TEST_KEY,
} from "./tls-fixture";

interface TlsServer {
  port: number;
  servernames: Array<string | false | null>;
  close(): Promise<void>;
}

async function startTlsServer(cert: string, key: string): Promise<TlsServer> {
  const servernames: Array<string | false | null> = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    servernames.push((req.socket as TLSSocket).servername);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<html><body><p>secure</p></body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    servernames,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const loopbackDns: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

let trusted: TlsServer;
let selfSigned: TlsServer;

beforeAll(async () => {
  trusted = await startTlsServer(TLS_TEST_CERT, TLS_TEST_KEY);
  selfSigned = await startTlsServer(SELF_SIGNED_CERT, SELF_SIGNED_KEY);
});

afterAll(async () => {
  await Promise.all([trusted.close(), selfSigned.close()]);
});

function fetcher(extraCa: boolean) {
  return createFetcher({
    config: testConfig({ respectRobots: false }),
    hostStore: new InMemoryHostStore(),
    resolve: loopbackDns,
    ...(extraCa ? { extraCaCertificates: [TEST_CA_CERT] } : {}),
  });
}

describe("https", () => {
  test("the pinned connection sends SNI and verifies the certificate for the host name", async () => {
    // Act
    const page = await fetcher(true).fetchPage(`https://tls.test:${trusted.port}/`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain("secure");
    expect(trusted.servernames).toEqual(["tls.test"]);
  });

  test("a certificate for another name is refused permanently", async () => {
    await expect(
      fetcher(true).fetchPage(`https://other.test:${trusted.port}/`),
    ).rejects.toMatchObject({
      code: "connection-error",
      disposition: "permanent",
      message: expect.stringContaining("ERR_TLS_CERT_ALTNAME_INVALID"),
    });
  });

  test("a self-signed certificate is refused permanently", async () => {
    await expect(
      fetcher(false).fetchPage(`https://tls.test:${selfSigned.port}/`),
    ).rejects.toMatchObject({
      code: "connection-error",
      disposition: "permanent",
      message: expect.stringContaining("SELF_SIGNED"),
    });
  });
});
