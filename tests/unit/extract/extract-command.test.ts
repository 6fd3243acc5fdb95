import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { extractCommand } from "../../../cli/commands/extract";

const PAGE = `<html lang="en"><head><title>Quiet night</title></head><body><article><h1>Quiet night</h1>
<p>The harbour was calm overnight, and the ferries ran on time, the port authority said on Sunday.</p>
<p>Crews will resume dredging on Monday, weather permitting, before the spring tides arrive.</p></article></body></html>`;

function capture(stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      stdin: Readable.from([Buffer.from(stdin)]),
    },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

describe("extract command", () => {
  it("prints the record as JSON from a saved, gzipped page", async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "extract-"));
    const file = join(dir, "page.html.gz");
    writeFileSync(file, gzipSync(PAGE));
    const { io, out } = capture();
    // Act
    const code = await extractCommand({ file, url: "https://port.example/news/1" }, io);
    // Assess
    expect(code).toBe(0);
    const record = JSON.parse(out());
    expect(record.version).toBe(1);
    expect(record.title).toBe("Quiet night");
    expect(record.text).toContain("The harbour was calm overnight");
  });

  it("reads stdin with - and prints only the text or the Markdown", async () => {
    const text = capture(PAGE);
    expect(
      await extractCommand({ file: "-", url: "https://port.example/n", view: "text" }, text.io),
    ).toBe(0);
    expect(text.out().startsWith("The harbour was calm overnight")).toBe(true);
    const markdown = capture(PAGE);
    await extractCommand({ url: "https://port.example/n", view: "markdown" }, markdown.io);
    expect(markdown.out()).toContain("Crews will resume dredging");
  });

  it("rejects a relative --url and reports an unreadable file", async () => {
    const bad = capture();
    expect(await extractCommand({ file: "-", url: "/news/1" }, bad.io)).toBe(2);
    expect(bad.err()).toContain('--url "/news/1" is not an absolute http(s) URL');
    const missing = capture();
    const code = await extractCommand(
      { file: "/nonexistent/page.html", url: "https://port.example/" },
      missing.io,
    );
    expect(code).toBe(1);
    expect(missing.err()).toContain("cannot read /nonexistent/page.html");
  });
});
