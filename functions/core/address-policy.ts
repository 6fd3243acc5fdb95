/**
 * Which IP addresses the fetcher may connect to (OWASP SSRF prevention).
 *
 * Only globally routable unicast addresses pass. Addresses that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4) are judged by the embedded
 * address, so `::ffff:127.0.0.1` or `64:ff9b::10.0.0.1` cannot sneak a private target
 * through. `allowPrivateNetworks` (tests and local mode) additionally admits loopback,
 * RFC 1918 private and IPv6 unique-local addresses, never link-local (cloud metadata
 * at 169.254.169.254), multicast, unspecified or reserved ranges.
 */
import ipaddr from "ipaddr.js";

export interface AddressVerdict {
  allowed: boolean;
  /** ipaddr.js range name of the address (or of the embedded IPv4 address). */
  range: string;
  /** The address in canonical form. */
  address: string;
}

/** IPv4 ranges admitted only when private networks are allowed. */
const PRIVATE_V4_RANGES = new Set(["loopback", "private"]);
/** IPv6 ranges admitted only when private networks are allowed. */
const PRIVATE_V6_RANGES = new Set(["loopback", "uniqueLocal"]);

/** Reads the IPv4 address held in 4 bytes of an IPv6 address. */
function embeddedV4(bytes: number[], offset: number): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(offset, offset + 4));
}

function judgeV4(ip: ipaddr.IPv4, allowPrivate: boolean): AddressVerdict {
  const range = ip.range();
  const allowed = range === "unicast" || (allowPrivate && PRIVATE_V4_RANGES.has(range));
  return { allowed, range, address: ip.toString() };
}

function judgeV6(ip: ipaddr.IPv6, allowPrivate: boolean): AddressVerdict {
  const bytes = ip.toByteArray();
  const range = ip.range();
  if (range === "ipv4Mapped") return judgeV4(ip.toIPv4Address(), allowPrivate);
  // NAT64 well-known prefix 64:ff9b::/96 embeds the IPv4 target in the last 32 bits.
  // The local-use prefix 64:ff9b:1::/48 (RFC 8215) is operator-defined: refused.
  if (range === "rfc6052") {
    const wellKnown = bytes.slice(4, 12).every((b) => b === 0);
    if (!wellKnown) return { allowed: false, range: "nat64LocalUse", address: ip.toString() };
    return judgeV4(embeddedV4(bytes, 12), allowPrivate);
  }
  // 6to4 2002::/16 embeds an IPv4 address in bits 16..48.
  if (range === "6to4") return judgeV4(embeddedV4(bytes, 2), allowPrivate);
  // Deprecated IPv4-compatible ::a.b.c.d (ipaddr.js calls it unicast).
  if (range === "unicast" && bytes.slice(0, 12).every((b) => b === 0)) {
    return { allowed: false, range: "ipv4Compatible", address: ip.toString() };
  }
  const allowed = range === "unicast" || (allowPrivate && PRIVATE_V6_RANGES.has(range));
  return { allowed, range, address: ip.toString() };
}

/**
 * Judges one IP address literal (no brackets). Anything that does not parse as a plain
 * dotted-quad IPv4 or an IPv6 address is refused with range "invalid".
 */
export function judgeAddress(address: string, allowPrivateNetworks: boolean): AddressVerdict {
  const literal = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (ipaddr.IPv4.isValidFourPartDecimal(literal)) {
    return judgeV4(ipaddr.IPv4.parse(literal), allowPrivateNetworks);
  }
  if (ipaddr.IPv6.isValid(literal)) {
    return judgeV6(ipaddr.IPv6.parse(literal), allowPrivateNetworks);
  }
  return { allowed: false, range: "invalid", address };
}

/** True when the host part of a URL is an IP literal rather than a name to resolve. */
export function isIpLiteral(hostname: string): boolean {
  const literal = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.IPv4.isValidFourPartDecimal(literal) || ipaddr.IPv6.isValid(literal);
}
