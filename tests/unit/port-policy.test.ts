import { describe, expect, it } from "vitest";
import { isPortAllowed } from "../../functions/core/port-policy";

describe("isPortAllowed", () => {
  it.each([
    ["", 80, true],
    ["", 443, true],
    ["", 8080, false],
    ["8080", 8080, true],
    ["3000-3999,8443", 3500, true],
    ["3000-3999,8443", 4000, false],
    ["*", 61234, true],
  ])("allowedPorts=%s port %i → %s", (allowedPorts, port, expected) => {
    expect(isPortAllowed({ allowedPorts }, port)).toBe(expected);
  });
});
