/**
 * A site of generated article pages served on one or more loopback addresses (each its own
 * host for politeness), for the fault scenarios and the load script:
 *
 * - `/articles/<n>`: an article page, the same bytes for the same n;
 * - `/missing/<n>`: 404;
 * - `/robots.txt`: allows everything;
 * - with `hostile`: `/hostile/<shape>/<n>`, a hostile page of that shape (hostile-pages.ts),
 *   and, when `hostileRobotsHost` is given, one more host whose robots.txt is hundreds of KB
 *   of wildcard rules (its articles are the ordinary ones).
 *
 * Every 127.x.y.z address routes to loopback on Linux, so `hosts` may name many of them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { articlePage, prose } from "./article-page";
import {
  HOSTILE_ROBOTS_SHAPE,
  type HostileShape,
  hostileResponder,
  hostileRobots,
  isHostilePageShape,
} from "./hostile-pages";

export interface GeneratedSite {
  /** `http://<host>:<port>` per host, in the order given. */
  origins: string[];
  /** The URL of article n (spread over the hosts). */
  articleUrl(n: number): string;
  /** A URL that answers 404. */
  missingUrl(n: number): string;
  /**
   * The URL of a hostile page of `shape` (n makes it distinct); for the robots shape, an
   * ordinary article on the host with the hostile robots.txt. Throws when the site was
   * started without `hostile` (or, for the robots shape, without `hostileRobotsHost`).
   */
  hostileUrl(shape: HostileShape, n: number): string;
  /** Requests served. */
  readonly requests: number;
  close(): Promise<void>;
}

const TOPICS = ["harbour", "library", "tram line", "market", "school board", "river", "budget"];

/** The HTML of article n: a few paragraphs of prose with title, author and date. */
export function generatedArticle(n: number): string {
  const topic = TOPICS[n % TOPICS.length] as string;
  const paragraphs = Array.from(
    { length: 4 + (n % 5) },
    (_, i) => `${prose(`Report ${n}, part ${i + 1}: the ${topic} plan moved forward.`)}`,
  );
  const day = String(1 + (n % 28)).padStart(2, "0");
  return articlePage({
    title: `The ${topic} plan, update ${n}`,
    paragraphs,
    published: `2026-11-${day}T08:00:00Z`,
    author: `Reporter ${n % 13}`,
  });
}

/** Size of the hostile robots.txt (under MAX_ROBOTS_BYTES, so all of it is parsed). */
const HOSTILE_ROBOTS_BYTES = 400 * 1024;

export interface GeneratedSiteOptions {
  hosts?: string[];
  latencyMs?: number;
  /** Serve hostile pages of about `bytes` each under `/hostile/<shape>/<n>`. */
  hostile?: { bytes: number };
  /** One more host (not in `hosts`) whose robots.txt is hostile. */
  hostileRobotsHost?: string;
}

export async function startGeneratedSite(
  options: GeneratedSiteOptions = {},
): Promise<GeneratedSite> {
  const hosts = [...(options.hosts ?? ["127.0.0.1"])];
  const robotsHost = options.hostileRobotsHost;
  if (robotsHost !== undefined) hosts.push(robotsHost);
  const hostile = options.hostile ? hostileResponder(options.hostile.bytes) : null;
  const badRobots = robotsHost !== undefined ? hostileRobots(HOSTILE_ROBOTS_BYTES) : "";
  let requests = 0;
  const servers: Server[] = [];
  const origins: string[] = [];
  for (const host of hosts) {
    const server = createServer((req, res) => {
      requests++;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const send = () => {
        if (path === "/robots.txt") {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(host === robotsHost ? badRobots : "User-agent: *\nAllow: /\n");
          return;
        }
        const shape = /^\/hostile\/([a-z-]+)\/\d+$/.exec(path)?.[1];
        if (hostile && shape !== undefined && isHostilePageShape(shape)) {
          const response = hostile(shape);
          res.writeHead(200, response.headers);
          res.end(response.body);
          return;
        }
        const match = /^\/articles\/(\d+)$/.exec(path);
        if (!match) {
          res.writeHead(404, { "content-type": "text/html" });
          res.end("<html><body>Not found</body></html>");
          return;
        }
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(generatedArticle(Number(match[1])));
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    servers.push(server);
    origins.push(`http://${host}:${port}`);
  }
  const robotsOrigin = robotsHost !== undefined ? origins.pop() : undefined;
  return {
    origins,
    articleUrl: (n) => `${origins[n % origins.length]}/articles/${n}`,
    missingUrl: (n) => `${origins[n % origins.length]}/missing/${n}`,
    hostileUrl: (shape, n) => {
      if (shape === HOSTILE_ROBOTS_SHAPE) {
        if (robotsOrigin === undefined) throw new Error("started without hostileRobotsHost");
        return `${robotsOrigin}/articles/${n}`;
      }
      if (!hostile) throw new Error("started without hostile pages");
      return `${origins[n % origins.length]}/hostile/${shape}/${n}`;
    },
    get requests() {
      return requests;
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
