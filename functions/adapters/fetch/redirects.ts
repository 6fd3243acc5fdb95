/**
 * The one redirect loop, for pages, documents and robots.txt alike. Each hop is whatever
 * the caller's `exchange` does with a URL (the address guard, robots.txt for pages,
 * politeness, the pinned request), so every redirect target passes all of it again.
 *
 * A 301, 302, 303, 307 or 308 with a Location is followed; its body is not read. A
 * Location that is not a URL is `invalid-url`; a target seen before in the chain
 * (fragments ignored) or more than `maxRedirects` redirects is `too-many-redirects`, the
 * message listing the chain. Any other answer ends the loop and is returned unread.
 */
import type { IncomingMessage } from "node:http";
import { IngestError } from "../../core/errors";
import type { RedirectHop } from "../../core/fetch-types";
import type { FetchTarget } from "../../core/url-policy";
import type { FetchRun } from "./fetch-run";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What one hop produced: the URL it went to and the response headers. */
export interface HopResponse {
  target: FetchTarget;
  response: IncomingMessage;
}

export interface RedirectChain<H extends HopResponse> {
  /** The hop that did not redirect. */
  last: H;
  /** Every redirect followed, in order. */
  redirects: RedirectHop[];
}

export interface FollowOptions<H extends HopResponse> {
  maxRedirects: number;
  run: FetchRun;
  /** One request to a URL (guarded, polite). */
  exchange: (url: string) => Promise<H>;
}

export async function followRedirects<H extends HopResponse>(
  requestedUrl: string,
  options: FollowOptions<H>,
): Promise<RedirectChain<H>> {
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>();
  let url = requestedUrl;
  for (;;) {
    options.run.currentUrl = url;
    const hop = await options.exchange(url);
    const status = hop.response.statusCode ?? 0;
    const location = hop.response.headers.location;
    if (!REDIRECT_STATUSES.has(status) || !location) return { last: hop, redirects };
    hop.response.destroy();
    const href = hop.target.url.href;
    seen.add(href);
    redirects.push({ url: href, status });
    let next: string;
    try {
      next = new URL(location, hop.target.url).href;
    } catch (cause) {
      throw new IngestError(
        "invalid-url",
        `${href} redirects to ${JSON.stringify(location)}; expected a valid URL`,
        { cause },
      );
    }
    if (seen.has(next.replace(/#.*$/, ""))) {
      throw new IngestError(
        "too-many-redirects",
        `redirect loop: ${[...redirects.map((r) => r.url), next].join(" -> ")}; expected a chain that ends`,
      );
    }
    if (redirects.length > options.maxRedirects) {
      throw new IngestError(
        "too-many-redirects",
        `${requestedUrl} redirects more than ${options.maxRedirects} times; expected at most ${options.maxRedirects}`,
      );
    }
    url = next;
  }
}
