/**
 * Hostile pages for the load script and the hostile-input figures: each shape is a page (or
 * a robots.txt, or a response encoding) that a crawler meets on the open web and that costs
 * a naive pipeline time or memory out of proportion to what it holds. The bytes depend only
 * on the shape and the size asked for, so one copy per shape serves every request.
 *
 * Sizes are approximate (within a few hundred bytes of `bytes` for the sized shapes); the
 * shapes whose hostility is not their size (a title with control characters, a
 * prototype-named `lang`) ignore it.
 */
import { gzipSync } from "node:zlib";
import { prose } from "./article-page";

/** The page shapes, in the order the load script cycles through them. */
export const HOSTILE_PAGE_SHAPES = [
  "flat-br",
  "flat-span",
  "flat-p",
  "flat-li",
  "flat-td",
  "deep-nesting",
  "many-links",
  "huge-attribute",
  "many-scripts",
  "huge-description",
  "many-tags",
  "control-title",
  "lang-constructor",
  "gzip-bomb",
] as const;

export type HostilePageShape = (typeof HOSTILE_PAGE_SHAPES)[number];

/** A robots.txt on a host of its own: hundreds of KB of wildcard rules. */
export const HOSTILE_ROBOTS_SHAPE = "robots-wildcards";

export type HostileShape = HostilePageShape | typeof HOSTILE_ROBOTS_SHAPE;

export const HOSTILE_SHAPES: readonly HostileShape[] = [
  ...HOSTILE_PAGE_SHAPES,
  HOSTILE_ROBOTS_SHAPE,
];

/** How many bytes the gzip bomb inflates to (past the default MAX_BODY_BYTES of 10 MB). */
export const GZIP_BOMB_INFLATED_BYTES = 64 * 2 ** 20;

/** A hostile response: the body as sent and its headers. */
export interface HostileResponse {
  body: Buffer;
  headers: Record<string, string>;
}

const HTML = { "content-type": "text/html; charset=utf-8" };

/** Enough ordinary article text that the page is an article apart from its hostile part. */
const ARTICLE = Array.from({ length: 5 }, (_, i) => `<p>${prose(`Part ${i + 1}.`)}</p>`).join("");

function page(options: { head?: string; body: string; title?: string; lang?: string }): string {
  return `<!doctype html><html lang="${options.lang ?? "en"}"><head><meta charset="utf-8">
<title>${options.title ?? "A hostile page | The Test Gazette"}</title>${options.head ?? ""}</head>
<body><main><article><h1>A hostile page</h1>${ARTICLE}${options.body}</article></main></body></html>`;
}

/** `unit` repeated until the string is about `bytes` long. */
function repeat(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));
}

/** The HTML of a page shape, about `bytes` long where the shape has a size. */
export function hostileHtml(shape: Exclude<HostilePageShape, "gzip-bomb">, bytes: number): string {
  switch (shape) {
    case "flat-br":
      return page({ body: repeat("<br>", bytes) });
    case "flat-span":
      return page({ body: repeat("<span>x</span>", bytes) });
    case "flat-p":
      return page({ body: repeat("<p>x</p>", bytes) });
    case "flat-li":
      return page({ body: `<ul>${repeat("<li>x</li>", bytes)}</ul>` });
    case "flat-td":
      return page({ body: `<table><tr>${repeat("<td>x</td>", bytes)}</tr></table>` });
    case "deep-nesting": {
      const depth = Math.ceil(bytes / 11);
      return page({ body: `${"<div>".repeat(depth)}deep${"</div>".repeat(depth)}` });
    }
    case "many-links": {
      const count = Math.ceil(bytes / 40);
      const links = Array.from({ length: count }, (_, i) => `<a href="/l/${i}">link ${i}</a> `);
      return page({ body: `<p>${links.join("")}</p>` });
    }
    case "huge-attribute":
      return page({ body: `<div data-blob="${"a".repeat(bytes)}">blob</div>` });
    case "many-scripts": {
      const half = repeat(
        "<script>var x=1;for(var i=0;i<9;i++){x*=i}</script><style>.a{color:red}</style>",
        bytes,
      );
      return page({ head: half.slice(0, half.length / 2), body: half.slice(half.length / 2) });
    }
    case "huge-description":
      return page({
        head: `<meta name="description" content="${"d".repeat(500 * 1024)}">`,
        body: "",
      });
    case "many-tags": {
      const tags = Array.from(
        { length: 30_000 },
        (_, i) => `<meta property="article:tag" content="tag-${i}">`,
      );
      return page({ head: tags.join("\n"), body: "" });
    }
    case "control-title":
      return page({
        title:
          "Plain\u0000 \u0007bell\u001b[31m red \u202eevil\u202c \u2066iso\u2069 \u200f\u061c end",
        body: "",
      });
    case "lang-constructor":
      return page({ lang: "constructor", body: "" });
  }
}

/**
 * The gzip bomb: about 64 KB that inflate to `GZIP_BOMB_INFLATED_BYTES` of spaces. It is
 * made of 1 MiB gzip members one after the other (a gzip stream may hold several), so the
 * inflated bytes are never held here.
 */
export function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(2 ** 20, " "), { level: 9 });
  return Buffer.concat(Array.from({ length: GZIP_BOMB_INFLATED_BYTES / 2 ** 20 }, () => member));
}

/** A robots.txt of about `bytes` of wildcard rules, then `Allow: /`. */
export function hostileRobots(bytes: number): string {
  const rules: string[] = ["User-agent: *"];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const rule = `Disallow: /*a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*${i}$`;
    rules.push(rule);
    size += rule.length + 1;
  }
  rules.push("Allow: /");
  return `${rules.join("\n")}\n`;
}

/**
 * The response of a page shape at about `bytes`, cached per shape and size (the bytes are
 * the same for every request).
 */
export function hostileResponder(bytes: number): (shape: HostilePageShape) => HostileResponse {
  const cache = new Map<HostilePageShape, HostileResponse>();
  return (shape) => {
    let response = cache.get(shape);
    if (!response) {
      response =
        shape === "gzip-bomb"
          ? { body: gzipBomb(), headers: { ...HTML, "content-encoding": "gzip" } }
          : { body: Buffer.from(hostileHtml(shape, bytes), "utf8"), headers: HTML };
      cache.set(shape, response);
    }
    return response;
  };
}

export function isHostilePageShape(value: string): value is HostilePageShape {
  return (HOSTILE_PAGE_SHAPES as readonly string[]).includes(value);
}
