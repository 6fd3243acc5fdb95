/**
 * The HTTP API of local mode: the same app as the API Lambda (functions/api/api-app.ts),
 * served by node:http on a loopback port. No authorization: it listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@aws-lambda-powertools/logger";
import { MAX_BODY_BYTES } from "../../functions/api/api-app";
import { buildApiDeps, serveApiRequest } from "../../functions/api/handler";
import type { Config } from "../../functions/shared/config";

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startLocalApi(config: Config, logger: Logger, port = 0): Promise<LocalApi> {
  const deps = buildApiDeps(config);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const response =
      body === null
        ? {
            status: 413,
            headers: { "content-type": "application/json; charset=utf-8" },
            body: JSON.stringify({
              error: {
                code: "payload-too-large",
                message: `Request body is over ${MAX_BODY_BYTES} bytes`,
              },
            }),
          }
        : await serveApiRequest(
            {
              method: req.method ?? "GET",
              path: url.pathname,
              query: Object.fromEntries(url.searchParams),
              ...(body ? { body } : {}),
            },
            deps,
            logger,
          );
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
