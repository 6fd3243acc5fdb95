import { describe, expect, it } from "vitest";
import { safeUrl, sanitizeHtml } from "../../../functions/core/sanitize-html";

const BASE = "https://news.example.com/2026/11/story.html";

describe("sanitizeHtml", () => {
  it("drops scripts, styles, iframes and form controls", () => {
    const out = sanitizeHtml(
      `<p>Keep</p><script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe><form><input value="x"></form>`,
      BASE,
    );
    expect(out).toBe("<p>Keep</p>");
  });

  it("removes event handlers, styles and unknown attributes", () => {
    const out = sanitizeHtml(
      `<p onclick="x()" style="color:red" class="a" data-x="1">Hi</p>`,
      BASE,
    );
    expect(out).toBe("<p>Hi</p>");
  });

  it("unwraps unknown elements but keeps their text", () => {
    expect(sanitizeHtml(`<section><span>Some <font>text</font></span></section>`, BASE)).toBe(
      "Some text",
    );
  });

  it("unwraps elements named like Object.prototype members", () => {
    expect(
      sanitizeHtml(
        `<p>A <constructor>b</constructor> <toString>c</toString> <valueOf>d</valueOf></p>`,
        BASE,
      ),
    ).toBe("<p>A b c d</p>");
  });

  it("makes URLs absolute and drops javascript:, data: and other schemes", () => {
    const out = sanitizeHtml(
      `<a href="../a.html">rel</a><a href="javascript:alert(1)">js</a><a href="java&#x09;script:alert(1)">tab</a><a href="mailto:desk@example.com">mail</a><img src="data:image/png;base64,AAAA"><img src="/i.png" alt="x">`,
      BASE,
    );
    expect(out).toBe(
      '<a href="https://news.example.com/2026/a.html">rel</a><a>js</a><a>tab</a><a href="mailto:desk@example.com">mail</a><img src="https://news.example.com/i.png" alt="x">',
    );
  });

  it("uses lazy-loading image sources when src is a placeholder", () => {
    const out = sanitizeHtml(`<img src="data:image/gif;base64,R0l" data-src="/real.jpg">`, BASE);
    expect(out).toBe('<img src="https://news.example.com/real.jpg">');
  });

  it("escapes text and attribute values", () => {
    const out = sanitizeHtml(`<p title='a"b'>1 &lt; 2 &amp; 3</p><abbr title='x"y'>X</abbr>`, BASE);
    expect(out).toBe('<p>1 &lt; 2 &amp; 3</p><abbr title="x&quot;y">X</abbr>');
  });

  it("accepts only http(s) for images and http(s)/mailto for links", () => {
    expect(safeUrl("ftp://x.example/f", BASE)).toBeNull();
    expect(safeUrl("mailto:a@b.example", BASE, true)).toBeNull();
    expect(safeUrl("//cdn.example/x.png", BASE, true)).toBe("https://cdn.example/x.png");
  });
});

describe("sanitizeHtml: forms", () => {
  it("unwraps a form that wraps the page but drops its controls", () => {
    const out = sanitizeHtml(
      `<form action="/post"><p>Story text.</p><input name="q"><button>Go</button></form>`,
      BASE,
    );
    expect(out).toBe("<p>Story text.</p>");
  });
});
