import { load } from "cheerio/slim";
import type { AnyNode } from "domhandler";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  loadFragment,
  loadHtml,
  SkippingTokenizer,
} from "../../../functions/core/extract/parse-html";
import { htmlLike } from "./html-arbitrary";

/** Every node of a tree as one line: its type, name, attributes in order, and its text. */
function dump(nodes: readonly AnyNode[], depth = 0, out: string[] = []): string[] {
  for (const node of nodes) {
    const pad = " ".repeat(depth);
    if ("name" in node && "attribs" in node) {
      out.push(`${pad}${node.type} ${node.name} ${JSON.stringify(Object.entries(node.attribs))}`);
    } else {
      out.push(`${pad}${node.type} ${JSON.stringify("data" in node ? node.data : null)}`);
    }
    if ("children" in node) dump(node.children as AnyNode[], depth + 1, out);
  }
  return out;
}

/** The tree of `html` as htmlparser2's own tokenizer builds it, and as `loadHtml` does. */
function bothTrees(html: string): [string[], string[]] {
  return [
    dump(load(html).root()[0]?.children ?? []),
    dump(loadHtml(html).root()[0]?.children ?? []),
  ];
}

/** Hand-written markup for every state the skipping tokenizer touches, and its neighbours. */
const PAGES = [
  // Text: entities of every form, broken ones, an ampersand at the very end.
  "<p>Fish &amp; chips, caf&eacute;, &#233;&#xE9;, &nbsp;x, &notanentity; &amp &#; & done &</p>",
  "plain text before any tag, then <b>bold</b> and after",
  "<p>a < b and c > d, 3<4, <<double, <!-- a comment & < --> after</p>",
  "text with no tag at all &amp; an entity at the end &amp",
  "<p>unterminated paragraph with a tail",
  "<p>ends on an open tag <",
  // Attribute values: both quotes, unquoted, entities, `<`, `>` and the other quote inside.
  `<a href="/a?x=1&amp;y=2&z=3" title='it&#39;s "quoted" <here>' data-x=un&amp;quoted>link</a>`,
  `<div class="" id='' data-empty hidden data-json='{"a":"<b>&c"}'>empty values</div>`,
  `<img alt="ends with an ampersand &" src='x.png?a=1&'>`,
  `<div title="unterminated value`,
  `<div title='unterminated single &amp;`,
  `<input value="a&quot;b" name=q&lt;>`,
  // Special tags: scripts, styles, title and textarea (which decode entities), and friends.
  "<script>if (a < b && c > d) { x = '&amp;'; }</script><p>after</p>",
  "<style>a > b { content: '&lt;'; }</style><noscript><p>no &amp; script</p></noscript>",
  "<title>Fish &amp; chips < 5</title><textarea>a &lt; b & c</textarea>",
  "<svg><path d='M0 0L1 1'/><text>x &amp; y</text></svg><math><mi>&pi;</mi></math>",
  "<![CDATA[ raw & < ]]><?xml version='1.0'?><!DOCTYPE html><p>after declarations</p>",
  // Uppercase, self-closing, implied ends.
  '<DIV CLASS="Upper">A<BR/>B<P>one<P>two</DIV><ul><li>a<li>b &amp; c</ul>',
];

describe("loadHtml (htmlparser2 with the skipping tokenizer)", () => {
  it("parses with the skipping tokenizer (cheerio hands the option on to htmlparser2)", () => {
    const spy = vi.spyOn(SkippingTokenizer.prototype, "stateText");
    try {
      expect(loadHtml("<p>some text</p>")("p").text()).toBe("some text");
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("builds the same tree as htmlparser2's own tokenizer on every tricky construct", () => {
    for (const html of PAGES) {
      const [theirs, ours] = bothTrees(html);
      expect(ours, html).toEqual(theirs);
    }
  });

  it("builds the same tree on long runs of text and attribute values", () => {
    const long = "word ".repeat(20_000);
    const html = `<div class="${"c ".repeat(5000)}" data-a='${"v&amp;".repeat(3000)}'><p>${long}&amp;${long}</p></div>`;
    const [theirs, ours] = bothTrees(html);
    expect(ours).toEqual(theirs);
    expect(loadHtml(html)("p").text().length).toBe(long.length * 2 + 1);
  });

  it("parses fragments as cheerio's fragment mode does", () => {
    const html = "<p>one &amp; two</p><span title='a&lt;b'>x</span>tail &";
    expect(dump(loadFragment(html).root()[0]?.children ?? [])).toEqual(
      dump(load(html, null, false).root()[0]?.children ?? []),
    );
  });

  it("builds the same tree on arbitrary HTML-like input", () => {
    const specials = fc
      .array(
        fc.constantFrom(
          "<",
          ">",
          "&",
          "&amp;",
          "&#",
          "&#x",
          ";",
          '"',
          "'",
          "=",
          "/",
          " ",
          "a",
          "p",
          "!--",
          "-->",
          "script",
        ),
        {
          maxLength: 80,
        },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(htmlLike, specials, fc.string({ maxLength: 200 })), (html) => {
        const [theirs, ours] = bothTrees(html);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 600 },
    );
  });
});
