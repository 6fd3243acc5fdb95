import { describe, expect, it } from "vitest";
import { JAVA_HINT, javaProblem } from "../../../cli/local/stand-ins";

describe("javaProblem", () => {
  it("accepts Java 17 and newer", () => {
    expect(javaProblem(17)).toBeNull();
    expect(javaProblem(21)).toBeNull();
  });

  it("names what is missing when there is no Java or it is too old", () => {
    expect(javaProblem(null)).toMatch(/No Java runtime found.*Java 17 or newer/);
    expect(javaProblem(11)).toMatch(/Java 11 is too old/);
    expect(JAVA_HINT).toContain("apt-get install openjdk-17-jre-headless");
  });
});
