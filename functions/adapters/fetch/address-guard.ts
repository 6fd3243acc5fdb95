/**
 * The SSRF guard for one URL: the URL policy (scheme, credentials, length, port), one DNS
 * resolution (every address), the judgement of every address, and the address the
 * connection is pinned to.
 *
 * - A bad URL is `invalid-url`, a port not allowed `blocked-port` (core/url-policy.ts).
 * - A name that does not resolve is `dns-error`, with the resolver's code as `causeCode`
 *   (the error policy makes `ENOTFOUND` permanent and retries everything else); a name
 *   with no addresses is `dns-error` without a code (retried).
 * - One non-public address among the answers refuses the URL: `blocked-address`
 *   (core/address-policy.ts).
 * - IP literals are judged without a lookup. The pinned addresses are IPv4 first; the
 *   request connects only to them (pinned-request.ts), so DNS is never asked twice.
 */
import dns from "node:dns";
import { isIpLiteral, judgeAddress } from "../../core/address-policy";
import { IngestError } from "../../core/errors";
import { checkUrl, type FetchTarget, type UrlPolicy } from "../../core/url-policy";
import type { CheckedAddress, PinnedAddress } from "./pinned-request";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (injected in tests; never a second lookup). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A URL that passed the guard, and where to connect for it. */
export interface GuardedTarget {
  target: FetchTarget;
  pinned: PinnedAddress;
}

export type AddressGuard = (url: string) => Promise<GuardedTarget>;

export interface AddressGuardOptions {
  /** Ports besides 80/443 (`ARTICLE_INGEST_ALLOWED_PORTS`). */
  allowedPorts: UrlPolicy["allowedPorts"];
  allowPrivateNetworks: boolean;
  /** Defaults to the system resolver (getaddrinfo, all addresses). */
  resolve?: Resolver;
}

export const systemResolver: Resolver = async (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

export function createAddressGuard(options: AddressGuardOptions): AddressGuard {
  const resolve = options.resolve ?? systemResolver;
  const policy = { allowedPorts: options.allowedPorts };

  async function answersFor(target: FetchTarget): Promise<ResolvedAddress[]> {
    const href = target.url.href;
    if (isIpLiteral(target.hostname)) {
      return [{ address: target.hostname, family: target.hostname.includes(":") ? 6 : 4 }];
    }
    let answers: ResolvedAddress[];
    try {
      answers = await resolve(target.hostname);
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      throw new IngestError(
        "dns-error",
        `host ${target.hostname} of ${href} does not resolve (${String(code ?? cause)}); expected an A or AAAA record`,
        typeof code === "string" ? { cause, causeCode: code } : { cause },
      );
    }
    if (answers.length === 0) {
      throw new IngestError(
        "dns-error",
        `host ${target.hostname} of ${href} has no addresses; expected an A or AAAA record`,
      );
    }
    return answers;
  }

  return async (url) => {
    const target = checkUrl(url, policy);
    const answers = await answersFor(target);
    for (const answer of answers) {
      const verdict = judgeAddress(answer.address, options.allowPrivateNetworks);
      if (!verdict.allowed) {
        throw new IngestError(
          "blocked-address",
          `${target.url.href} resolves to ${verdict.address} (${verdict.range}); expected only public addresses${options.allowPrivateNetworks ? "" : " (private networks are not allowed)"}`,
        );
      }
    }
    // IPv4 first: many networks (Lambda outside a dual-stack VPC) have no IPv6 route.
    const all = answers
      .map((a): CheckedAddress => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
      .sort((a, b) => a.family - b.family);
    const first = all[0] as CheckedAddress;
    return { target, pinned: { address: first.address, family: first.family, all } };
  };
}
