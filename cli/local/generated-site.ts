/**
 * A site of generated article pages served on one or more loopback addresses (each its own
 * host for politeness), for the fault scenarios and the load script:
 *
 * - `/articles/<n>`: an article page, the same bytes for the same n;
 * - `/missing/<n>`: 404;
 * - `/robots.txt`: allows everything.
 *
 * Every 127.x.y.z address routes to loopback on Linux, so `hosts` may name many of them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { articlePage, prose } from "./article-page";

export interface GeneratedSite {
  /** `http://<host>:<port>` per host, in the order given. */
  origins: string[];
  /** The URL of article n (spread over the hosts). */
  articleUrl(n: number): string;
  /** A URL that answers 404. */
  missingUrl(n: number): string;
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

export async function startGeneratedSite(
  options: { hosts?: string[]; latencyMs?: number } = {},
): Promise<GeneratedSite> {
  const hosts = options.hosts ?? ["127.0.0.1"];
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
          res.end("User-agent: *\nAllow: /\n");
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
  return {
    origins,
    articleUrl: (n) => `${origins[n % origins.length]}/articles/${n}`,
    missingUrl: (n) => `${origins[n % origins.length]}/missing/${n}`,
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
