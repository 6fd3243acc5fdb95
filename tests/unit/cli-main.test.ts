import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import type { CliIo } from "../../cli/output";

function capture(now: () => Date = () => new Date("2026-11-29T12:00:00Z")) {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (chunk) => (out.stdout += String(chunk)) },
    stderr: { write: (chunk) => (out.stderr += String(chunk)) },
    stdin: Readable.from([]),
    env: {},
    interactive: false,
    now,
  };
  return { io, out };
}

describe("main", () => {
  it("prints help on stdout with exit code 0", async () => {
    // Prepare
    const { io, out } = capture();

    // Act
    const code = await main(["list", "--help"], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: article-ingest list \[options\]/);
    expect(out.stderr).toBe("");
  });

  it("checks URLs without any AWS target in a dry run", async () => {
    // Prepare
    const { io, out } = capture();

    // Act
    const code = await main(
      ["submit", "--dry-run", "HTTPS://News.Example.com/a.html?utm_medium=x#top", "nope"],
      io,
    );

    // Assess
    expect(code).toBe(1);
    expect(out.stdout).toBe(
      "https://news.example.com/a.html\nDry run: 1 URL checked, nothing sent (1 invalid line).\n",
    );
    expect(out.stderr).toBe(
      'invalid: argument 2: "nope" is not an absolute URL (expected http:// or https://)\n',
    );
  });

  it("prints a rejected line without its terminal control sequences", async () => {
    // Prepare: an argument that would clear the screen and retitle the terminal.
    const { io, out } = capture();

    // Act
    const code = await main(["submit", "--dry-run", "\u001b[2Jnope\u001b]0;owned\u0007"], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/^invalid: argument 1: .*nope/);
    expect(out.stderr).not.toContain("\u001b");
    expect(out.stderr).not.toContain("\u0007");
  });

  it("prints the stack of an unexpected error and says it is a bug", async () => {
    // Prepare: a clock that fails once the command runs.
    let calls = 0;
    const { io, out } = capture(() => {
      calls++;
      if (calls > 1) throw new RangeError("clock went backwards");
      return new Date("2026-11-29T12:00:00Z");
    });

    // Act
    const code = await main(["submit", "--dry-run", "https://a.example/"], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/^RangeError: clock went backwards\n\s+at /);
    expect(out.stderr).toContain(
      'error: "article-ingest submit" failed unexpectedly. This is a bug; please report it with the output above.',
    );
  });
});
