/** fast-check generators of hostile, HTML-like strings for the extractor's property tests. */
import fc from "fast-check";

/** Names of Object.prototype members: page text that looks them up in a plain object finds them. */
export const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
] as const;

const TAGS = [
  "p",
  "div",
  "span",
  "a",
  "script",
  "style",
  "iframe",
  "article",
  "section",
  "h1",
  "h2",
  "ul",
  "li",
  "table",
  "tr",
  "td",
  "img",
  "svg",
  "figure",
  "figcaption",
  "blockquote",
  "pre",
  "br",
  "form",
  "noscript",
  "template",
  "math",
  "object",
  // Unknown elements named like prototype members.
  "constructor",
  "prototype",
];

const ATTRIBUTES = [
  'class="article-body"',
  'class="share social"',
  'id="comments"',
  'onclick="alert(1)"',
  "onerror=alert(1)",
  'href="javascript:alert(1)"',
  'href="  JaVaScRiPt:alert(1)"',
  'href="java&#x09;script:alert(1)"',
  'href="/relative/path?q=1"',
  'href="//evil.example/x"',
  'src="data:text/html,<script>alert(1)</script>"',
  'src="x.png"',
  'style="display:none"',
  "hidden",
  'aria-hidden="true"',
  'role="navigation"',
  'srcdoc="<script>alert(1)</script>"',
  'formaction="javascript:alert(1)"',
  ...PROTOTYPE_NAMES.flatMap((name) => [`lang="${name}"`, `class="${name}"`, `${name}="x"`]),
];

const TEXTS = [
  "The council met on Monday, and the vote was close, officials said.",
  "Read more: ",
  "Advertisement",
  "<",
  ">",
  "&amp;",
  "&lt;script&gt;",
  "\u00a0",
  "Ünïcödé text, 日本語の文章、 русский текст.",
  "javascript:alert(1)",
  "",
  ...PROTOTYPE_NAMES.flatMap((name) => [name, `&${name};`]),
];

const openTag = fc
  .tuple(fc.constantFrom(...TAGS), fc.array(fc.constantFrom(...ATTRIBUTES), { maxLength: 3 }))
  .map(([tag, attrs]) => `<${[tag, ...attrs].join(" ")}>`);
const closeTag = fc.constantFrom(...TAGS).map((tag) => `</${tag}>`);

/** Strings made of tags, hostile attributes, entities and text, not necessarily balanced. */
export const htmlLike = fc
  .array(fc.oneof(openTag, closeTag, fc.constantFrom(...TEXTS), fc.string({ maxLength: 20 })), {
    maxLength: 60,
  })
  .map((parts) => parts.join(""));

/** Any string at all, or an HTML-like one. */
export const anyInput = fc.oneof(fc.string({ maxLength: 300 }), htmlLike);
