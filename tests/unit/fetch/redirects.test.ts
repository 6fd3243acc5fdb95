import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import type { FetchRun } from "../../../functions/adapters/fetch/fetch-run";
import { followRedirects, type HopResponse } from "../../../functions/adapters/fetch/redirects";
import { checkUrl } from "../../../functions/core/url-policy";

/** A server by path: a status and an optional Location, answered without a network. */
function site(routes: Record<string, [number, string?]>) {
  const visited: string[] = [];
  const destroyed: string[] = [];
  const exchange = async (url: string): Promise<HopResponse> => {
    const target = checkUrl(url, { allowedPorts: "" });
    const path = `${target.url.pathname}${target.url.search}`;
    visited.push(path);
    const [status, location] = routes[path] ?? [404];
    const response = {
      statusCode: status,
      headers: location === undefined ? {} : { location },
      destroy: () => destroyed.push(path),
    } as unknown as IncomingMessage;
    return { target, response };
  };
  return { exchange, visited, destroyed };
}

function run(): FetchRun {
  return { signal: new AbortController().signal, deadlineMs: 0, currentUrl: "" };
}

describe("followRedirects", () => {
  test("follows a chain to the first answer that is not a redirect, recording each hop", async () => {
    const { exchange, visited, destroyed } = site({
      "/a": [301, "/b"],
      "/b": [307, "https://news.example/c?x=1#part"],
      "/c?x=1": [200],
    });
    const current = run();
    const chain = await followRedirects("https://news.example/a", {
      maxRedirects: 5,
      run: current,
      exchange,
    });
    expect(chain.last.response.statusCode).toBe(200);
    expect(chain.redirects).toEqual([
      { url: "https://news.example/a", status: 301 },
      { url: "https://news.example/b", status: 307 },
    ]);
    expect(visited).toEqual(["/a", "/b", "/c?x=1"]);
    expect(destroyed).toEqual(["/a", "/b"]);
    expect(current.currentUrl).toBe("https://news.example/c?x=1#part");
  });

  test("a redirect without Location is the answer", async () => {
    const { exchange } = site({ "/a": [302] });
    const chain = await followRedirects("https://news.example/a", {
      maxRedirects: 5,
      run: run(),
      exchange,
    });
    expect(chain.last.response.statusCode).toBe(302);
    expect(chain.redirects).toEqual([]);
  });

  test("a loop is too-many-redirects, fragments ignored, the chain in the message", async () => {
    const { exchange } = site({ "/a": [301, "/b"], "/b": [302, "/a#again"] });
    const attempt = followRedirects("https://news.example/a", {
      maxRedirects: 5,
      run: run(),
      exchange,
    });
    await expect(attempt).rejects.toMatchObject({
      code: "too-many-redirects",
      message: expect.stringContaining("https://news.example/a -> https://news.example/b"),
    });
  });

  test("more than maxRedirects redirects is too-many-redirects", async () => {
    const routes = Object.fromEntries(
      Array.from({ length: 4 }, (_, i): [string, [number, string]] => [
        `/${i}`,
        [301, `/${i + 1}`],
      ]),
    );
    const { exchange, visited } = site(routes);
    const attempt = followRedirects("https://news.example/0", {
      maxRedirects: 2,
      run: run(),
      exchange,
    });
    await expect(attempt).rejects.toMatchObject({ code: "too-many-redirects" });
    expect(visited).toEqual(["/0", "/1", "/2"]);
  });

  test("a Location that is not a URL is invalid-url", async () => {
    const { exchange } = site({ "/a": [301, "http://[broken"] });
    const attempt = followRedirects("https://news.example/a", {
      maxRedirects: 5,
      run: run(),
      exchange,
    });
    await expect(attempt).rejects.toMatchObject({ code: "invalid-url" });
  });
});
