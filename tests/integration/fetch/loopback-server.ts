/**
 * A real node:http server on 127.0.0.1, port 0, with a route table and a request log,
 * for the fetcher tests. Unknown paths answer 404 (so robots.txt is "none" by default).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface LoggedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  /** Arrival time (epoch ms, fractional) of the request headers. */
  atMs: number;
}

export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Route>): Promise<LoopbackServer> {
  const log: LoggedRequest[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    log.push({ path, headers: request.headers, atMs: performance.timeOrigin + performance.now() });
    const route = routes[path];
    if (route) route(request, response);
    else {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: (path) => `${origin}${path}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route answering 200 with an HTML page (or the given body and headers). */
export function html(
  body:
    | string
    | Buffer = "<!doctype html><html><head><title>t</title></head><body><p>Hello</p></body></html>",
  headers: Record<string, string> = {},
  status = 200,
): Route {
  return (_request, response) => {
    response.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
    response.end(body);
  };
}

/** A route answering with a redirect. */
export function redirect(location: string, status = 302): Route {
  return (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
}
