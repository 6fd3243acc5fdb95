/**
 * A loopback HTTP proxy that stands in front of one upstream (DynamoDB Local, s3rver,
 * fauxqs or a test site) and spoils a set share of the requests, the way the real services
 * and real sites fail:
 *
 * - `error`: a 500 in the service's own wire format;
 * - `throttle`: DynamoDB `ProvisionedThroughputExceededException` (400, JSON, x-amzn-ErrorType),
 *   S3 `SlowDown` (503, XML), SQS `ThrottlingException` (400, JSON, x-amzn-query-error),
 *   a site's 429 with Retry-After;
 * - `latency`: the request is held for a while, then forwarded;
 * - `drop`: the connection is destroyed, half the time before forwarding and half the time
 *   after the upstream answered (the write happened, the caller never hears of it);
 * - `truncate`: the upstream's answer is sent with its full Content-Length but only half the
 *   body, then the connection is destroyed.
 *
 * Which requests are spoiled, and how, is drawn from a seeded generator, so a run with one
 * seed spoils the same sequence of requests. Headers (Host included) are forwarded unchanged,
 * so SigV4 signatures made for the proxy's address still verify upstream. Point the SDK
 * client endpoints (or the test URLs) at `proxy.url`. Used by the fault tests and the load
 * script. Only ever listens on and connects to loopback.
 */
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FaultKind = "error" | "throttle" | "latency" | "drop" | "truncate";
export type Flavor = "dynamodb" | "s3" | "sqs" | "site";

export const ALL_FAULTS: FaultKind[] = ["error", "throttle", "latency", "drop", "truncate"];

export interface FaultProxyOptions {
  /** Upstream origin, e.g. `http://127.0.0.1:8000`. Must be loopback. */
  target: string;
  flavor: Flavor;
  /** Share of requests spoiled, 0..1. */
  rate: number;
  seed?: number;
  kinds?: FaultKind[];
  /** Added delay for `latency`, drawn between the two (ms). */
  latencyMs?: [number, number];
  /** Requests never spoiled (e.g. a site's robots.txt). */
  exempt?: (request: IncomingMessage) => boolean;
  /** Listen address (default 127.0.0.1). */
  host?: string;
}

export interface FaultStats {
  requests: number;
  spoiled: Record<FaultKind, number>;
}

export interface FaultProxy {
  url: string;
  stats: FaultStats;
  /** Changes the share of spoiled requests (0 turns faults off). */
  setRate(rate: number): void;
  close(): Promise<void>;
}

/** mulberry32: small, fast, good enough to spread faults; deterministic per seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Upstream {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (!/^127\.|^localhost$|^\[::1\]$/.test(target.hostname)) {
    throw new Error(`Fault proxy target ${options.target} is not loopback; expected 127.x or ::1`);
  }
  const random = seededRandom(options.seed ?? 1);
  const kinds = options.kinds ?? ALL_FAULTS;
  const [minLatency, maxLatency] = options.latencyMs ?? [50, 400];
  let rate = options.rate;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  const stats: FaultStats = {
    requests: 0,
    spoiled: { error: 0, throttle: 0, latency: 0, drop: 0, truncate: 0 },
  };

  function forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const upstream = request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on("error", reject);
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }

  function reply(res: ServerResponse, upstream: Upstream): void {
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    stats.requests++;
    const spoil = !options.exempt?.(req) && random() < rate;
    const kind = spoil ? (kinds[Math.floor(random() * kinds.length)] as FaultKind) : null;
    if (kind) stats.spoiled[kind]++;
    switch (kind) {
      case "error":
        return sendFault(res, options.flavor, "error");
      case "throttle":
        return sendFault(res, options.flavor, "throttle");
      case "latency":
        await sleep(minLatency + random() * (maxLatency - minLatency));
        return reply(res, await forward(req, body));
      case "drop":
        if (random() < 0.5) {
          req.socket.destroy();
          return;
        }
        await forward(req, body);
        req.socket.destroy();
        return;
      case "truncate": {
        const upstream = await forward(req, body);
        const { "transfer-encoding": _chunked, ...headers } = upstream.headers;
        res.writeHead(upstream.status, {
          ...headers,
          "content-length": String(upstream.body.length),
        });
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
        setImmediate(() => req.socket.destroy());
        return;
      }
      default:
        return reply(res, await forward(req, body));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // The upstream failed (or went away at shutdown): the caller sees a 502.
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("fault proxy: upstream failed");
      } else {
        req.socket.destroy();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    stats,
    setRate(next) {
      rate = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      }),
  };
}

/** A 500 or a throttling answer shaped the way each service sends it. */
function sendFault(res: ServerResponse, flavor: Flavor, kind: "error" | "throttle"): void {
  const requestId = `fault-${Date.now().toString(36)}`;
  switch (flavor) {
    case "dynamodb": {
      const type =
        kind === "throttle" ? "ProvisionedThroughputExceededException" : "InternalServerError";
      res.writeHead(kind === "throttle" ? 400 : 500, {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-errortype": type,
        "x-amzn-requestid": requestId,
      });
      res.end(
        JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${type}`,
          message:
            kind === "throttle"
              ? "The level of configured provisioned throughput for the table was exceeded."
              : "Internal server error",
        }),
      );
      return;
    }
    case "s3": {
      const [status, code, message] =
        kind === "throttle"
          ? [503, "SlowDown", "Please reduce your request rate."]
          : [500, "InternalError", "We encountered an internal error. Please try again."];
      res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": requestId });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
      );
      return;
    }
    case "sqs": {
      const type = kind === "throttle" ? "ThrottlingException" : "InternalError";
      res.writeHead(kind === "throttle" ? 400 : 500, {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-errortype": type,
        "x-amzn-query-error": `${type};${kind === "throttle" ? "Sender" : "Receiver"}`,
        "x-amzn-requestid": requestId,
      });
      res.end(
        JSON.stringify({
          __type: `com.amazonaws.sqs#${type}`,
          message: kind === "throttle" ? "Rate exceeded" : "Internal error",
        }),
      );
      return;
    }
    case "site":
      if (kind === "throttle") {
        res.writeHead(429, { "content-type": "text/html", "retry-after": "1" });
        res.end("<html><body>Too many requests</body></html>");
      } else {
        res.writeHead(500, { "content-type": "text/html" });
        res.end("<html><body>Internal server error</body></html>");
      }
      return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
