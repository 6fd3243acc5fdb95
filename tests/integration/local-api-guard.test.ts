/**
 * The local API server refuses what a web page in the user's browser could send it:
 * cross-site requests, DNS-rebound Host names and writes that are not JSON. Requests go
 * over HTTP with node:http, which sends exactly the headers given (a browser's included).
 */
import { request } from "node:http";
import { Logger } from "@aws-lambda-powertools/logger";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../cli/local/api-server";
import { loadConfig } from "../../functions/shared/config";
import { createTestResources, type TestResources } from "../support/stand-ins";

let resources: TestResources;
let api: LocalApi;
let port: number;

beforeAll(async () => {
  resources = await createTestResources();
  api = await startLocalApi(loadConfig(resources.env), new Logger({ logLevel: "SILENT" }));
  port = Number(new URL(api.url).port);
});

afterAll(async () => {
  await api?.close();
});

interface Reply {
  status: number;
  body: { error?: { code: string; message: string }; accepted?: unknown[] };
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return await new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const submission = JSON.stringify({ urls: ["https://example.com/a-story"] });
const json = { "content-type": "application/json" };

async function queuedBodies(): Promise<string[]> {
  const received = await resources.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: resources.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  );
  return (received.Messages ?? []).map((m) => m.Body ?? "");
}

describe("local API server", () => {
  it("refuses a cross-site POST, whatever its content type", async () => {
    // Act
    const fromPage = await send(
      "POST",
      "/submissions",
      { ...json, origin: "https://attacker.example", "sec-fetch-site": "cross-site" },
      submission,
    );
    const sameSite = await send(
      "POST",
      "/submissions",
      { ...json, "sec-fetch-site": "same-site" },
      submission,
    );
    const nullOrigin = await send("POST", "/submissions", { ...json, origin: "null" }, submission);

    // Assess
    for (const reply of [fromPage, sameSite, nullOrigin]) {
      expect(reply.status).toBe(403);
      expect(reply.body.error?.code).toBe("cross-site-request");
    }
    expect(fromPage.body.error?.message).toContain('Origin "https://attacker.example"');
    expect(await queuedBodies()).toEqual([]);
  });

  it("refuses a POST that is not JSON (a form or text/plain a page can send)", async () => {
    // Act
    const plain = await send("POST", "/submissions", { "content-type": "text/plain" }, submission);
    const form = await send(
      "POST",
      "/submissions",
      { "content-type": "application/x-www-form-urlencoded" },
      "urls=https://example.com/a-story",
    );
    const none = await send("POST", "/submissions", {}, submission);
    const del = await send("DELETE", "/articles/abc", {});

    // Assess
    for (const reply of [plain, form, none, del]) {
      expect(reply.status).toBe(415);
      expect(reply.body.error?.code).toBe("unsupported-media-type");
    }
    expect(plain.body.error?.message).toBe(
      'POST needs Content-Type: application/json (got "text/plain")',
    );
    expect(await queuedBodies()).toEqual([]);
  });

  it("refuses a Host other than the loopback name and port it serves (DNS rebinding)", async () => {
    // Act
    const rebound = await send("GET", "/failures", { host: `attacker.example:${port}` });
    const otherPort = await send("GET", "/failures", { host: `127.0.0.1:${port + 1}` });
    const rebindPost = await send(
      "POST",
      "/submissions",
      { ...json, host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` },
      submission,
    );

    // Assess
    for (const reply of [rebound, otherPort, rebindPost]) {
      expect(reply.status).toBe(403);
      expect(reply.body.error?.code).toBe("forbidden-host");
    }
    expect(rebound.body.error?.message).toContain(`use http://127.0.0.1:${port}`);
    expect(await queuedBodies()).toEqual([]);
  });

  it("serves a same-origin JSON POST and plain GETs from curl, the CLI or a typed URL", async () => {
    // Act
    const sameOrigin = await send(
      "POST",
      "/submissions",
      { ...json, origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
      submission,
    );
    const typed = await send("GET", "/failures", { "sec-fetch-site": "none" });
    const byName = await send("GET", "/failures", { host: `localhost:${port}` });
    const viaFetch = await fetch(`${api.url}/failures`);

    // Assess
    expect(sameOrigin.status).toBe(202);
    expect(sameOrigin.body.accepted).toHaveLength(1);
    expect(typed.status).toBe(200);
    expect(byName.status).toBe(200);
    expect(viaFetch.status).toBe(200);
    expect(await queuedBodies()).toHaveLength(1);
  });
});
