import { describe, expect, it } from "vitest";
import { safeLine, safeText } from "../../functions/core/safe-text";

describe("safeText", () => {
  it("removes C0, DEL and C1 controls but keeps tab and newline", () => {
    expect(safeText("a\u0000b\u0007c\u001b[2Jd\u007fe\u009b31mf\u0085g")).toBe("abc[2Jde31mfg");
    expect(safeText("one\ttwo\nthree")).toBe("one\ttwo\nthree");
    expect(safeText("line\r\nnext\rover")).toBe("line\nnext\nover");
  });

  it("removes bidi embeddings, overrides and isolates, keeps LRM, RLM and ALM", () => {
    expect(safeText("x\u202a\u202b\u202c\u202d\u202ey\u2066\u2067\u2068\u2069z")).toBe("xyz");
    expect(safeText("\u200fשלום\u200e \u061cمرحبا")).toBe("\u200fשלום\u200e \u061cمرحبا");
  });

  it("leaves ordinary text alone", () => {
    const text = "Библиотека — «часы» 東京 😀 café";
    expect(safeText(text)).toBe(text);
  });
});

describe("safeLine", () => {
  it("turns line breaks and tabs into spaces and drops every other control", () => {
    expect(safeLine("a\nb\tc\r\u001b]52;c;aGk=\u0007d")).toBe("a b c ]52;c;aGk=d");
  });
});
