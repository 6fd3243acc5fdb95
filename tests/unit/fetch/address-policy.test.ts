import { describe, expect, test } from "vitest";
import { isIpLiteral, judgeAddress } from "../../../functions/core/address-policy";

// [address, range reported, allowed by default, allowed with allowPrivateNetworks]
const CASES: Array<[string, string, boolean, boolean]> = [
  ["93.184.216.34", "unicast", true, true],
  ["2606:4700::6810:84e5", "unicast", true, true],
  ["127.0.0.1", "loopback", false, true],
  ["127.255.255.254", "loopback", false, true],
  ["10.0.0.1", "private", false, true],
  ["172.16.5.4", "private", false, true],
  ["192.168.1.1", "private", false, true],
  ["169.254.169.254", "linkLocal", false, false],
  ["100.64.0.1", "carrierGradeNat", false, false],
  ["0.0.0.0", "unspecified", false, false],
  ["224.0.0.1", "multicast", false, false],
  ["255.255.255.255", "broadcast", false, false],
  ["240.0.0.1", "reserved", false, false],
  ["192.0.2.1", "reserved", false, false],
  ["198.18.0.1", "reserved", false, false],
  ["::1", "loopback", false, true],
  ["::", "unspecified", false, false],
  ["fe80::1", "linkLocal", false, false],
  ["fc00::1", "uniqueLocal", false, true],
  ["fd12:3456::1", "uniqueLocal", false, true],
  ["ff02::1", "multicast", false, false],
  ["2001:db8::1", "reserved", false, false],
  ["::ffff:127.0.0.1", "loopback", false, true],
  ["::ffff:7f00:1", "loopback", false, true],
  ["::ffff:169.254.169.254", "linkLocal", false, false],
  ["::ffff:8.8.8.8", "unicast", true, true],
  ["64:ff9b::10.0.0.1", "private", false, true],
  ["64:ff9b::a9fe:a9fe", "linkLocal", false, false],
  ["64:ff9b::8.8.8.8", "unicast", true, true],
  ["64:ff9b:1::a00:1", "nat64LocalUse", false, false],
  ["2002:7f00:1::1", "loopback", false, true],
  ["2002:a9fe:a9fe::1", "linkLocal", false, false],
  ["2001::1", "teredo", false, false],
  // ipaddr.js reads the dotted form as IPv4-mapped; the hex form is IPv4-compatible.
  ["::127.0.0.1", "loopback", false, true],
  ["::7f00:1", "ipv4Compatible", false, false],
  ["[::1]", "loopback", false, true],
  ["fe80::1%eth0", "linkLocal", false, false],
  ["127.1", "invalid", false, false],
  ["0x7f000001", "invalid", false, false],
  ["not-an-ip", "invalid", false, false],
];

describe("judgeAddress", () => {
  test.each(CASES)(
    "%s is %s (default %s, private networks %s)",
    (address, range, byDefault, withPrivate) => {
      // Prepare / Act
      const strict = judgeAddress(address, false);
      const relaxed = judgeAddress(address, true);

      // Assess
      expect(strict.range).toBe(range);
      expect(strict.allowed).toBe(byDefault);
      expect(relaxed.allowed).toBe(withPrivate);
    },
  );
});

describe("isIpLiteral", () => {
  test.each([
    ["127.0.0.1", true],
    ["::1", true],
    ["[::1]", true],
    ["example.org", false],
    ["localhost", false],
  ])("%s -> %s", (host, expected) => {
    expect(isIpLiteral(host)).toBe(expected);
  });
});
