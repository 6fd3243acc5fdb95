import { describe, expect, test } from "vitest";
import {
  judgeContentType,
  parseContentType,
  sniffIsHtml,
} from "../../../functions/core/content-type";

describe("content types", () => {
  test.each([
    ["text/html", "html", null],
    ['TEXT/HTML; Charset="Windows-1251"', "html", "Windows-1251"],
    ["application/xhtml+xml; charset=utf-8", "xhtml", "utf-8"],
    ["application/pdf", "not-html", null],
    ["application/json; charset=utf-8", "not-html", "utf-8"],
    ["text/plain", "not-html", null],
    ["image/png", "not-html", null],
    ["", "sniff", null],
    ["garbage", "sniff", null],
    ["*/*", "sniff", null],
  ])("%j -> %s (charset %s)", (header, verdict, charset) => {
    const parsed = parseContentType(header);
    expect(judgeContentType(parsed)).toBe(verdict);
    expect(parsed.charset).toBe(charset);
  });

  test.each([
    ["<!DOCTYPE html><html>", true],
    ["\n\t  <html lang=en>", true],
    ["\ufeff<!-- comment --><p>x", true],
    ["<p>para", true],
    ["<body>", true],
    ["<pre>not a signature", false],
    ["%PDF-1.7", false],
    ['{"json": true}', false],
    ["plain text", false],
    ["<a", false],
  ])("sniffs %j as HTML: %s", (body, expected) => {
    expect(sniffIsHtml(Buffer.from(body))).toBe(expected);
  });
});
