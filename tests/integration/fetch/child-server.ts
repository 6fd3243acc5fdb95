/**
 * A loopback HTTP server in a separate Node process, for timing measurements: its request
 * log is stamped by an event loop that the workers under test (SDK calls, timers) cannot
 * delay. Every path answers a small HTML page, except /robots.txt which answers `robots`.
 */
import { type ChildProcess, spawn } from "node:child_process";

const SERVER_SOURCE = `
const http = require("node:http");
const robots = process.argv[1];
const log = [];
const server = http.createServer((req, res) => {
  log.push({ path: req.url, atMs: performance.timeOrigin + performance.now() });
  if (req.url === "/robots.txt") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(robots);
    return;
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end("<!doctype html><html><head><title>t</title></head><body><p>Hello</p></body></html>");
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", () => process.send({ log }));
`;

export interface ChildServer {
  port: number;
  url(path: string): string;
  /** Requests received so far, in arrival order. */
  log(): Promise<Array<{ path: string; atMs: number }>>;
  close(): Promise<void>;
}

export async function startChildServer(robots: string): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ["-e", SERVER_SOURCE, robots], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("error", reject);
  });
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    log: () =>
      new Promise((resolve) => {
        child.once("message", (m) =>
          resolve((m as { log: Array<{ path: string; atMs: number }> }).log),
        );
        child.send("log");
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}
