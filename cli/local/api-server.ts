/**
 * The HTTP API of local mode: the same app as the API Lambda (functions/api/api-app.ts),
 * served by node:http on a loopback port. No authorization: it listens on 127.0.0.1 only.
 *
 * Loopback is not enough on its own: a web page in the user's browser can send requests to
 * 127.0.0.1 too, and local mode's ingest may fetch private addresses on any port. So the
 * server answers only requests a browser page cannot forge (`checkLocalRequest`):
 *
 * - `Host` must be the loopback name and port it serves (`127.0.0.1:PORT` or
 *   `localhost:PORT`): a DNS-rebound name (`attacker.example:PORT`) gets 403;
 * - a present `Origin` must be the server's own origin, and a present `Sec-Fetch-Site` must
 *   be `same-origin` or `none` (a typed URL, curl and the CLI send neither): 403 otherwise;
 * - writes (every method but GET, HEAD and OPTIONS) need `Content-Type: application/json`,
 *   which a page cannot send cross-site without a CORS preflight: 415 otherwise.
 *
 * These checks live here, not in the Lambda app: behind API Gateway, IAM authorization does
 * this job.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@aws-lambda-powertools/logger";
import { MAX_BODY_BYTES } from "../../functions/api/api-app";
import { buildApiDeps, serveApiRequest } from "../../functions/api/handler";
import type { Config } from "../../functions/shared/config";

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

/** Loopback names the server answers to; the port is always its own. */
const LOCAL_HOST_NAMES = ["127.0.0.1", "localhost"];

/** Methods that do not change anything; every other one must carry JSON. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `Sec-Fetch-Site` values of a request that no other site started. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

export interface Refusal {
  status: 403 | 415;
  code: "forbidden-host" | "cross-site-request" | "unsupported-media-type";
  message: string;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * Why a request to the local API on `port` is refused, or null when it may be served.
 * Pure: looks at the method and headers only.
 */
export function checkLocalRequest(
  method: string,
  headers: IncomingHttpHeaders,
  port: number,
): Refusal | null {
  const host = single(headers.host)?.toLowerCase();
  const allowedHosts = LOCAL_HOST_NAMES.map((name) => `${name}:${port}`);
  if (host === undefined || !allowedHosts.includes(host)) {
    return {
      status: 403,
      code: "forbidden-host",
      message: `Host ${JSON.stringify(host ?? "")} is not this local API; use ${allowedHosts.map((h) => `http://${h}`).join(" or ")}`,
    };
  }
  const origin = single(headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return {
      status: 403,
      code: "cross-site-request",
      message: `Origin ${JSON.stringify(origin)} may not use the local API (only http://${host} itself)`,
    };
  }
  const fetchSite = single(headers["sec-fetch-site"])?.toLowerCase();
  if (fetchSite !== undefined && !OWN_FETCH_SITES.has(fetchSite)) {
    return {
      status: 403,
      code: "cross-site-request",
      message: `Sec-Fetch-Site ${JSON.stringify(fetchSite)}: the local API answers only same-origin requests`,
    };
  }
  if (!SAFE_METHODS.has(method.toUpperCase())) {
    const contentType = single(headers["content-type"]);
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      return {
        status: 415,
        code: "unsupported-media-type",
        message: `${method} needs Content-Type: application/json (got ${JSON.stringify(contentType ?? "")})`,
      };
    }
  }
  return null;
}

function errorResponse(status: number, code: string, message: string) {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ error: { code, message } }),
  };
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
  let ownPort = port;
  const server = createServer(async (req, res) => {
    const method = req.method ?? "GET";
    const refusal = checkLocalRequest(method, req.headers, ownPort);
    if (refusal) {
      logger.warn("request refused", { method, code: refusal.code, status: refusal.status });
      const response = errorResponse(refusal.status, refusal.code, refusal.message);
      // The body is not read: close the connection rather than keep it for another request.
      res.writeHead(response.status, { ...response.headers, connection: "close" });
      res.end(response.body);
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const response =
      body === null
        ? errorResponse(413, "payload-too-large", `Request body is over ${MAX_BODY_BYTES} bytes`)
        : await serveApiRequest(
            {
              method,
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
  ownPort = address.port;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
