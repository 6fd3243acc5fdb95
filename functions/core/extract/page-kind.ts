/**
 * Article or not: what kind of page a document is, from its structure and markup rather
 * than its length. An article is one main text with a headline (news story, blog post,
 * editorial, guide, review); the other kinds are forums, product pages, collections
 * (category pages, product grids), listings (indexes of posts or courses), documentation
 * and service pages (a company's landing, feature or pricing page).
 *
 * Two steps. `readPageFacts` walks the untouched document once and counts what the signals
 * need (JSON-LD and microdata types, prices and buy buttons, repeated blocks of the same
 * shape, code blocks and side navigation, forms, the URL's path). `classifyPage` weighs the
 * signals of `PAGE_SIGNALS` (one row each: the kind it points to, its weight and why), adds
 * what speaks for an article (`ARTICLE_SIGNALS`), and calls a page "not an article" only
 * when the evidence against clearly outweighs the evidence for: a story recorded as not
 * an article is lost to the user, a listing recorded as an article is only clutter.
 */
import type { AnyNode, Document, Element } from "domhandler";
import { isElement, isText } from "./body/dom";
import type { MetadataSource } from "./types";

export type PageType =
  | "article"
  | "forum"
  | "product"
  | "collection"
  | "listing"
  | "documentation"
  | "service";

export type OtherPageType = Exclude<PageType, "article">;

/** What the page is, and the signals that said so. */
export interface PageKind {
  isArticle: boolean;
  /** The kind when known; null when the page is not an article of no clear kind. */
  pageType: PageType | null;
  /** Names of the signals that decided, strongest first (from the tables below). */
  signals: string[];
  /** The source of the strongest deciding signal, for the provenance. */
  source: MetadataSource;
}

/** What one walk over the document counted. */
export interface PageFacts {
  /** Lower-case schema.org types named in JSON-LD blocks. */
  ldTypes: Set<string>;
  /** Lower-case schema.org types named in microdata `itemtype`s. */
  microdataTypes: Set<string>;
  /** `og:type`, lower case ("" when absent). */
  ogType: string;
  /** `<meta name="generator">`, lower case. */
  generator: string;
  /** `article:published_time` or a similar meta tag is present. */
  publishedMeta: boolean;
  /** Path segments of the URL, lower case. */
  pathSegments: string[];
  /** Visible text characters (scripts, styles and templates left out). */
  chars: number;
  /** Of those, characters inside links. */
  linkChars: number;
  /** Characters in paragraphs of prose (`p` of 80+ characters, few links). */
  proseChars: number;
  /** Number of such paragraphs. */
  proseParagraphs: number;
  /** The longest run of prose paragraphs that are siblings (a story's body). */
  longestProseRun: number;
  /** Elements carrying a price: `itemprop="price"`, or a short `price` element with a digit. */
  priceElements: number;
  /** Amounts of money written with cents or a currency sign ("$19.99", "24,90 €"). */
  moneyAmounts: number;
  /** Buttons or links that put something in a cart ("Add to cart", `add-to-cart`). */
  buyButtons: number;
  /** `pre` blocks, and characters of code in `pre` and `code`. */
  codeBlocks: number;
  codeChars: number;
  /** Navigation blocks (`nav`, `aside`, sidebar or table-of-contents names) of 15+ links. */
  sideNavLinks: number;
  /** Text inputs, selects and text areas outside the search box. */
  formFields: number;
  /** Elements named like a forum post, comment or answer, and microdata/ld posts. */
  postBlocks: number;
  /** `time` elements. */
  timeElements: number;
  /** Headings `h2`-`h3`. */
  headings: number;
  /** The repeated group of sibling blocks of one shape holding the most text. */
  repeated: RepeatedGroup;
}

/** Siblings of the same tag and class, each a block with text: cards, rows, posts. */
export interface RepeatedGroup {
  count: number;
  /** Characters of text in the group. */
  chars: number;
  /** Of those, characters inside links. */
  linkChars: number;
  /** Items holding an image, a heading, a price. */
  withImage: number;
  withHeading: number;
  withPrice: number;
  /** Items holding a time stamp (`time`, or a date-like name). */
  withTime: number;
  /** Items named like a post, comment, reply or answer. */
  postNamed: number;
}

/** What the body extraction and the metadata add. */
export interface ExtractedFacts {
  /** Words of the extracted body. */
  wordCount: number;
  /** A publication date was found. */
  hasDate: boolean;
  /** An author was found. */
  hasAuthors: boolean;
}

// --- Bounds -------------------------------------------------------------------------------

/** Elements walked at most: real pages have a few thousand; a hostile one is not read on. */
const MAX_WALK_ELEMENTS = 200_000;
/** JSON-LD text read per block for `@type`s: the types sit near the top. */
const MAX_LD_CHARS = 200_000;
/** JSON-LD blocks read. */
const MAX_LD_BLOCKS = 30;
/** Nodes a look into one element's subtree visits (a label's text, a menu's links). */
const MAX_SUBTREE_VISITS = 5000;
/** Distinct types kept (JSON-LD and microdata each). */
const MAX_TYPES = 100;

// --- Thresholds ---------------------------------------------------------------------------

/** A paragraph this long with few links is prose. */
const PROSE_PARAGRAPH_CHARS = 80;
/** Link share above which a paragraph is a link list, not prose. */
const PROSE_MAX_LINK_SHARE = 0.3;
/** A price element's own text is a price tag, not a sentence about prices. */
const PRICE_ELEMENT_MAX_CHARS = 40;
/** A side navigation has at least this many links. */
const SIDE_NAV_MIN_LINKS = 15;
/** A sibling with less text than this (an ad label, a caption) does not end a run of prose. */
const RUN_BREAK_CHARS = 100;
/** Siblings that belong to a story's text and do not end a run of prose. */
const RUN_CONTINUES = new Set([
  "p",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "ul",
  "ol",
  "figure",
]);
/** Fewest siblings of one shape that make a repeated group. */
const MIN_REPEATED_ITEMS = 4;
/** Words below which a page holds no article text, whatever its markup. */
export const MIN_ARTICLE_WORDS = 25;

// --- Names and phrases (general conventions, not one site's) ---------------------------------

/** schema.org types that describe one article. */
const ARTICLE_LD = new Set([
  "article",
  "newsarticle",
  "reportagenewsarticle",
  "analysisnewsarticle",
  "opinionnewsarticle",
  "backgroundnewsarticle",
  "reviewnewsarticle",
  "blogposting",
  "liveblogposting",
  "socialmediaposting",
  "scholarlyarticle",
  "satiricalarticle",
  "factcheckarticle",
  "report",
]);
const PRODUCT_LD = new Set(["product", "productgroup", "individualproduct", "productmodel"]);
const OFFER_LD = new Set(["offer", "aggregateoffer"]);
const FORUM_LD = new Set(["discussionforumposting", "qapage"]);
const COLLECTION_LD = new Set(["collectionpage", "offercatalog", "searchresultspage"]);
const DOCS_LD = new Set(["techarticle", "apireference", "softwaresourcecode"]);

/** Site generators that build documentation sites or forums. */
const DOCS_GENERATOR =
  /\b(docusaurus|sphinx|mkdocs|gitbook|vuepress|vitepress|docfx|jsdoc|typedoc|mediawiki|readthedocs|nextra|starlight|mintlify)\b/;
const FORUM_GENERATOR =
  /\b(discourse|phpbb|vbulletin|xenforo|invision|mybb|smf|nodebb|flarum|vanilla)\b/;

/** URL path segments that name a kind of page (whole segments, lower case). */
const PATH_KIND: ReadonlyArray<readonly [RegExp, OtherPageType, string]> = [
  [/^(products?|dp|item|itm|shop|sku)$/, "product", "/product/, /p/, /dp/ in the path"],
  [
    /^(category|categories|collections|c|catalog|catalogue|department|browse|tag|tags)$/,
    "collection",
    "/category/, /collections/ in the path",
  ],
  [
    /^(forums?|thread|threads|t|topic|topics|questions|comments|community|discussions?|board|boards|viewtopic\.php|showthread\.php)$/,
    "forum",
    "/forum/, /thread/, /questions/ in the path",
  ],
  [
    /^(docs?|documentation|api|reference|manual|wiki|kb|knowledge-?base|developer|developers|sdk)$/,
    "documentation",
    "/docs/, /api/, /reference/ in the path",
  ],
  [
    /^(services?|solutions?|pricing|features?|plans|platform|industries|use-cases)$/,
    "service",
    "/services/, /pricing/, /features/ in the path",
  ],
];

/** A date in the path (`/2024/05/`, `/2024-05-12-`, `/20240512/`): how stories are filed. */
const DATED_PATH =
  /(?:^|\/)(?:19|20)\d{2}(?:[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\/|$|-))/;

/** Path segments under which sites file their stories (`/blog/`, `/news/`, `/articles/`). */
const ARTICLE_PATH =
  /^(blogs?|news|articles?|posts?|stories|story|insights|magazine|journal|notebook|notes|columns?|opinion|features|reviews?)$/;

/** Buttons that buy ("Add to cart", "In den Warenkorb", "Ajouter au panier", ...). */
const BUY_TEXT =
  /^\W*(add to (cart|bag|basket|trolley)|buy (it )?now|add to shopping (cart|bag)|in den warenkorb|ajouter au panier|añadir al carrito|aggiungi al carrello|in winkelwagen|adicionar ao carrinho|köp|kaufen|comprar)\b/i;
/** Names of buy buttons and cart forms (`add-to-cart`, `addtocart`, `btn-cart`). */
const BUY_NAME = /add-?to-?(cart|bag|basket)|addtocart|buy-?now|product-form__cart/;
/** Class/id names of a price tag. */
const PRICE_NAME = /(?:^|[\s_-])(price|prices|product-price|sale-price|amount)(?=[\s_-]|$)/;
/** An amount of money: a currency sign and a number, or a number with cents and a currency. */
const MONEY =
  /(?:[$€£¥₹]|US\$|R\$)\s?\d{1,3}(?:[,.\s]\d{3})*(?:[.,]\d{2})\b|\b\d{1,3}(?:[.\s]\d{3})*,\d{2}\s?(?:€|EUR|zł|kr|Kč|CHF)|\b\d+\.\d{2}\s?(?:USD|EUR|GBP)\b/g;
/** Class/id names of a forum post, a comment, an answer or a reply. */
const POST_NAME =
  /(?:^|[\s_-])(post|posts|message|comment|comments|reply|replies|answer|answers|topic-post|postbody|post-body|forum-post)(?=[\s_-]|$|\d)/;
/** Class/id names of a side navigation or table of contents. */
const SIDE_NAV_NAME =
  /(?:^|[\s_-])(sidebar|sidenav|side-nav|toc|table-of-contents|docs-nav|menu|navigation|nav)(?=[\s_-]|$)/;
/** Date-like class names inside a repeated item (`date`, `time`, `timestamp`, `posted`). */
const TIME_NAME = /(?:^|[\s_-])(date|time|timestamp|posted|published|ago)(?=[\s_-]|$)/;

const SKIP_TAGS = new Set(["script", "style", "noscript", "template", "svg", "title"]);
const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4"]);

// --- Reading the facts --------------------------------------------------------------------

interface NodeStats {
  chars: number;
  linkChars: number;
  image: boolean;
  heading: boolean;
  price: boolean;
  time: boolean;
}

const EMPTY_STATS: NodeStats = {
  chars: 0,
  linkChars: 0,
  image: false,
  heading: false,
  price: false,
  time: false,
};

function emptyGroup(): RepeatedGroup {
  return {
    count: 0,
    chars: 0,
    linkChars: 0,
    withImage: 0,
    withHeading: 0,
    withPrice: 0,
    withTime: 0,
    postNamed: 0,
  };
}

function nameOf(el: Element): string {
  const cls = el.attribs.class ?? "";
  const id = el.attribs.id ?? "";
  return cls || id ? `${cls} ${id}`.toLowerCase() : "";
}

/** Collapsed length of a text run (whitespace runs count as one, ends trimmed). */
function collapsedLength(data: string): number {
  let length = 0;
  let pendingSpace = false;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 160) {
      pendingSpace = length > 0;
    } else {
      length += pendingSpace ? 2 : 1;
      pendingSpace = false;
    }
  }
  return length;
}

/** Whether a text holds a digit (the cheap test before the money pattern). */
const DIGIT = /\d/;

function addTypes(out: Set<string>, raw: string): void {
  for (const part of raw.split(/\s+/)) {
    const type = part
      .replace(/^.*[/#:]/, "")
      .trim()
      .toLowerCase();
    if (type && out.size < MAX_TYPES) out.add(type);
  }
}

/** `@type` names in a JSON-LD block, read as text: broken JSON still names its types. */
function ldTypesOf(text: string, out: Set<string>): void {
  const re = /"@type"\s*:\s*(\[[^\]]{0,2000}\]|"[^"]{0,200}")/g;
  for (const match of text.slice(0, MAX_LD_CHARS).matchAll(re)) {
    for (const name of (match[1] ?? "").matchAll(/"([^"]+)"/g)) addTypes(out, name[1] ?? "");
  }
}

/** The shape of a sibling: its tag and class with digits and state words taken out. */
/**
 * Class part of a shape by class attribute, for the page being read (emptied after each,
 * so no page's strings outlive it): pages repeat a few class lists many times.
 */
const shapeClasses = new Map<string, string>();
/** Bound on `shapeClasses`: emptied when full, so one page's names cannot grow it forever. */
const MAX_SHAPE_CLASSES = 4096;

function shapeOf(el: Element): string {
  const raw = el.attribs.class;
  if (!raw) return el.name;
  let cls = shapeClasses.get(raw);
  if (cls === undefined) {
    cls = shapeClassesOf(raw);
    if (shapeClasses.size >= MAX_SHAPE_CLASSES) shapeClasses.clear();
    shapeClasses.set(raw, cls);
  }
  return `${el.name}.${cls}`;
}

function shapeClassesOf(raw: string): string {
  return raw
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t && !/\d/.test(t) && !/^(is-|has-|active|first|last|odd|even|selected)/.test(t))
    .sort()
    .join(".");
}

/** Counts the page's facts in one walk over the untouched document. */
export function readPageFacts(doc: Document, url: string): PageFacts {
  const facts: PageFacts = {
    ldTypes: new Set(),
    microdataTypes: new Set(),
    ogType: "",
    generator: "",
    publishedMeta: false,
    pathSegments: pathSegmentsOf(url),
    chars: 0,
    linkChars: 0,
    proseChars: 0,
    proseParagraphs: 0,
    longestProseRun: 0,
    priceElements: 0,
    moneyAmounts: 0,
    buyButtons: 0,
    codeBlocks: 0,
    codeChars: 0,
    sideNavLinks: 0,
    formFields: 0,
    postBlocks: 0,
    timeElements: 0,
    headings: 0,
    repeated: emptyGroup(),
  };
  // Document order, then statistics bottom-up in reverse order.
  const elements: Element[] = [];
  const stack: AnyNode[] = [...doc.children].reverse();
  let ldBlocks = 0;
  while (stack.length > 0 && elements.length < MAX_WALK_ELEMENTS) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    const tag = node.name;
    if (tag === "script") {
      const type = (node.attribs.type ?? "").toLowerCase();
      if (type.includes("ld+json") && ldBlocks < MAX_LD_BLOCKS) {
        ldBlocks++;
        const text = node.children.map((c) => (isText(c) ? c.data : "")).join("");
        ldTypesOf(text, facts.ldTypes);
      }
      continue;
    }
    if (tag === "meta") readMeta(node, facts);
    if (SKIP_TAGS.has(tag)) continue;
    elements.push(node);
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }

  const stats = new Map<Element, NodeStats>();
  for (let e = elements.length - 1; e >= 0; e--) {
    const el = elements[e] as Element;
    const s: NodeStats = {
      chars: 0,
      linkChars: 0,
      image: false,
      heading: false,
      price: false,
      time: false,
    };
    let ownText = "";
    for (const child of el.children) {
      if (isText(child)) {
        ownText += child.data;
      } else if (isElement(child)) {
        const c = stats.get(child);
        if (c) {
          s.chars += c.chars;
          s.linkChars += c.linkChars;
          s.image ||= c.image;
          s.heading ||= c.heading;
          s.price ||= c.price;
          s.time ||= c.time;
        }
      }
    }
    const own = collapsedLength(ownText);
    s.chars += own;
    if (own > 0 && DIGIT.test(ownText)) {
      const money = ownText.match(MONEY)?.length ?? 0;
      facts.moneyAmounts += money;
      if (money > 0) s.price = true;
    }
    observe(el, s, stats, facts);
    stats.set(el, s);
  }
  const body = elements.find((el) => el.name === "body") ?? elements[0];
  const top = body ? stats.get(body) : undefined;
  facts.chars = top?.chars ?? 0;
  facts.linkChars = top?.linkChars ?? 0;
  shapeClasses.clear();
  return facts;
}

function readMeta(el: Element, facts: PageFacts): void {
  const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? "").toLowerCase();
  const content = (el.attribs.content ?? "").toLowerCase().trim();
  if (key === "og:type") facts.ogType = content.slice(0, 100);
  else if (key === "generator") facts.generator = `${facts.generator} ${content.slice(0, 200)}`;
  else if (
    key === "article:published_time" ||
    key === "datepublished" ||
    key === "og:article:published_time"
  ) {
    facts.publishedMeta = true;
  }
}

/** One element's contribution to the facts, its statistics known. */
function observe(
  el: Element,
  s: NodeStats,
  stats: Map<Element, NodeStats>,
  facts: PageFacts,
): void {
  const tag = el.name;
  const name = nameOf(el);
  const attribs = el.attribs;
  if (attribs.itemtype) addTypes(facts.microdataTypes, attribs.itemtype);
  if (tag === "a" && attribs.href !== undefined) s.linkChars = s.chars;
  if (tag === "img" || tag === "picture") s.image = true;
  if (HEADING_TAGS.has(tag)) {
    s.heading = true;
    if (tag === "h2" || tag === "h3") facts.headings++;
  }
  if (tag === "time") {
    s.time = true;
    facts.timeElements++;
  } else if (name && TIME_NAME.test(name) && s.chars > 0 && s.chars < 60) {
    s.time = true;
  }
  const itemprop = (attribs.itemprop ?? "").toLowerCase();
  if (
    itemprop === "price" ||
    itemprop === "lowprice" ||
    (name &&
      PRICE_NAME.test(name) &&
      s.chars > 0 &&
      s.chars <= PRICE_ELEMENT_MAX_CHARS &&
      /\d/.test(textSample(el)))
  ) {
    facts.priceElements++;
    s.price = true;
  }
  if (tag === "button" || tag === "a" || tag === "input" || tag === "form") {
    const label = tag === "input" ? (attribs.value ?? "") : tag === "form" ? "" : textSample(el);
    const action = tag === "form" ? (attribs.action ?? "").toLowerCase() : "";
    if (
      BUY_TEXT.test(label.trim()) ||
      (name && BUY_NAME.test(name)) ||
      /\/cart(\/add|\b)/.test(action) ||
      (attribs.name ?? "").toLowerCase() === "add-to-cart"
    ) {
      facts.buyButtons++;
    }
  }
  if (tag === "pre") {
    facts.codeBlocks++;
    facts.codeChars += s.chars;
  } else if (tag === "code" && !hasAncestor(el, "pre")) {
    facts.codeChars += s.chars;
  }
  if (tag === "textarea" || tag === "select") facts.formFields++;
  else if (tag === "input") {
    const type = (attribs.type ?? "text").toLowerCase();
    const role =
      `${attribs.name ?? ""} ${attribs.id ?? ""} ${attribs.placeholder ?? ""}`.toLowerCase();
    if (/^(text|email|tel|number|date)$/.test(type) && !/search|query|^q\b|\bq$/.test(role)) {
      facts.formFields++;
    }
  }
  if (name && POST_NAME.test(name) && s.chars >= PROSE_PARAGRAPH_CHARS) facts.postBlocks++;
  if (
    (tag === "nav" || tag === "aside" || (name && SIDE_NAV_NAME.test(name))) &&
    !hasAncestor(el, "nav") &&
    !hasAncestor(el, "aside")
  ) {
    const links = countLinks(el);
    if (links >= SIDE_NAV_MIN_LINKS && !/header|footer|top|main-nav|primary/.test(name)) {
      facts.sideNavLinks = Math.max(facts.sideNavLinks, links);
    }
  }
  if (
    tag === "p" &&
    s.chars >= PROSE_PARAGRAPH_CHARS &&
    s.linkChars / s.chars < PROSE_MAX_LINK_SHARE
  ) {
    facts.proseParagraphs++;
    facts.proseChars += s.chars;
  }
  // Repeated children and runs of prose paragraphs.
  if (el.children.length >= 2) observeChildren(el, stats, facts);
}

function observeChildren(el: Element, stats: Map<Element, NodeStats>, facts: PageFacts): void {
  let run = 0;
  const groups = new Map<string, Element[]>();
  for (const child of el.children) {
    if (!isElement(child)) continue;
    const s = stats.get(child) ?? EMPTY_STATS;
    if (
      child.name === "p" &&
      s.chars >= PROSE_PARAGRAPH_CHARS &&
      s.linkChars / s.chars < PROSE_MAX_LINK_SHARE
    ) {
      run += s.chars;
      facts.longestProseRun = Math.max(facts.longestProseRun, run);
    } else if (s.chars >= RUN_BREAK_CHARS && !RUN_CONTINUES.has(child.name)) {
      // A block of other text ends the run; labels, captions, subheadings and quotes do not.
      run = 0;
    }
    if (child.name === "p" || child.name === "br" || s.chars === 0) continue;
    const shape = shapeOf(child);
    const list = groups.get(shape);
    if (list) list.push(child);
    else groups.set(shape, [child]);
  }
  for (const items of groups.values()) {
    if (items.length < MIN_REPEATED_ITEMS) continue;
    const group = emptyGroup();
    for (const item of items) {
      const s = stats.get(item) ?? EMPTY_STATS;
      group.count++;
      group.chars += s.chars;
      group.linkChars += s.linkChars;
      if (s.image) group.withImage++;
      if (s.heading) group.withHeading++;
      if (s.price) group.withPrice++;
      if (s.time) group.withTime++;
      const name = nameOf(item);
      if (name && POST_NAME.test(name)) group.postNamed++;
    }
    if (group.chars > facts.repeated.chars) facts.repeated = group;
  }
}

function textSample(el: Element): string {
  let out = "";
  const stack: AnyNode[] = [...el.children].reverse();
  let visited = 0;
  while (stack.length > 0 && out.length < 200 && visited++ < MAX_SUBTREE_VISITS) {
    const node = stack.pop() as AnyNode;
    if (isText(node)) out += node.data;
    else if (isElement(node)) {
      const kids = node.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
    }
  }
  return out.replace(/\s+/g, " ");
}

function hasAncestor(el: Element, tag: string): boolean {
  let node = el.parent;
  for (let depth = 0; node && depth < 40; depth++) {
    if (isElement(node as AnyNode) && (node as Element).name === tag) return true;
    node = node.parent;
  }
  return false;
}

function countLinks(el: Element): number {
  let links = 0;
  const stack: AnyNode[] = [...el.children];
  let visited = 0;
  while (stack.length > 0 && links < 1000 && visited++ < MAX_SUBTREE_VISITS) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    if (node.name === "a" && node.attribs.href !== undefined) links++;
    for (const kid of node.children) stack.push(kid);
  }
  return links;
}

function pathSegmentsOf(url: string): string[] {
  try {
    return new URL(url).pathname.toLowerCase().split("/").filter(Boolean).slice(0, 20);
  } catch {
    return [];
  }
}

// --- The signal tables ----------------------------------------------------------------------

/** What the signals read: the page's facts and what the extraction found. */
export interface SignalInput extends PageFacts, ExtractedFacts {}

interface Signal<K> {
  name: string;
  kind: K;
  /** Evidence points: 3 is decisive alone, 1 only adds up. */
  weight: number;
  source: MetadataSource;
  test: (f: SignalInput) => boolean;
}

function hasAny(types: Set<string>, wanted: Set<string>): boolean {
  for (const t of types) if (wanted.has(t)) return true;
  return false;
}

function pathKind(f: SignalInput, kind: OtherPageType): boolean {
  return f.pathSegments.some((segment) =>
    PATH_KIND.some(([re, k]) => k === kind && re.test(segment)),
  );
}

function linkShare(f: SignalInput): number {
  return f.chars === 0 ? 0 : f.linkChars / f.chars;
}

/** Share of the page's text in its dominant repeated group. */
function repeatedShare(f: SignalInput): number {
  return f.chars === 0 ? 0 : f.repeated.chars / f.chars;
}

function repeatedLinkShare(f: SignalInput): number {
  return f.repeated.chars === 0 ? 0 : f.repeated.linkChars / f.repeated.chars;
}

/** Share of the page's text in its longest run of prose paragraphs. */
function runShare(f: SignalInput): number {
  return f.chars === 0 ? 0 : f.longestProseRun / f.chars;
}

function allTypes(f: SignalInput): Set<string> {
  return new Set([...f.ldTypes, ...f.microdataTypes]);
}

/**
 * Evidence that the page is of another kind than an article, one signal a row: its name (in
 * the provenance and the skip message), the kind it points to (null: not an article, of no
 * one kind), its weight (3 is nearly decisive alone, 1 only adds up), where it is read, and
 * its test. A kind's points are the sum of its rows; the kind-less rows add to the best kind.
 */
// biome-ignore format: one signal per line reads as a table
export const PAGE_SIGNALS: ReadonlyArray<Signal<OtherPageType | null>> = [
  // Product: one thing for sale, with its price and a way to buy it.
  { name: "product-markup", kind: "product", weight: 2, source: "json-ld", test: (f) => hasAny(allTypes(f), PRODUCT_LD) && hasAny(allTypes(f), OFFER_LD) },
  { name: "og-type-product", kind: "product", weight: 2, source: "opengraph", test: (f) => f.ogType.startsWith("product") && f.ogType !== "product.group" },
  { name: "buy-button", kind: "product", weight: 2, source: "structure", test: (f) => f.buyButtons > 0 && f.buyButtons <= 3 },
  { name: "price-tag", kind: "product", weight: 1, source: "structure", test: (f) => f.priceElements > 0 && f.priceElements <= 6 },
  { name: "product-path", kind: "product", weight: 1, source: "url", test: (f) => pathKind(f, "product") },
  // Collection: a category page, a grid of products.
  { name: "collection-markup", kind: "collection", weight: 2, source: "json-ld", test: (f) => hasAny(allTypes(f), COLLECTION_LD) || f.ogType === "product.group" },
  { name: "priced-item-grid", kind: "collection", weight: 3, source: "structure", test: (f) => f.repeated.count >= 6 && f.repeated.withPrice >= f.repeated.count * 0.5 },
  { name: "many-buy-buttons", kind: "collection", weight: 2, source: "structure", test: (f) => f.buyButtons >= 4 },
  { name: "collection-path", kind: "collection", weight: 1, source: "url", test: (f) => pathKind(f, "collection") },
  // Forum: a thread of posts by several people (their dates and authors are no byline).
  { name: "forum-markup", kind: "forum", weight: 5, source: "json-ld", test: (f) => hasAny(allTypes(f), FORUM_LD) },
  { name: "forum-software", kind: "forum", weight: 3, source: "meta", test: (f) => FORUM_GENERATOR.test(f.generator) },
  { name: "repeated-posts", kind: "forum", weight: 3, source: "structure", test: (f) => f.repeated.count >= MIN_REPEATED_ITEMS && f.repeated.postNamed >= f.repeated.count * 0.5 && repeatedShare(f) >= 0.4 && repeatedLinkShare(f) < 0.4 },
  { name: "forum-path", kind: "forum", weight: 1, source: "url", test: (f) => pathKind(f, "forum") },
  // Listing: an index of entries, each a heading and link with a short description.
  { name: "link-card-list", kind: "listing", weight: 2, source: "structure", test: (f) => f.repeated.count >= 6 && f.repeated.withHeading >= f.repeated.count * 0.6 && repeatedShare(f) >= 0.3 && f.longestProseRun < 600 },
  { name: "section-index-path", kind: "listing", weight: 2, source: "url", test: (f) => ARTICLE_PATH.test(f.pathSegments.at(-1) ?? "") || (f.pathSegments.at(-2) === "page" && /^\d+$/.test(f.pathSegments.at(-1) ?? "")) },
  { name: "link-heavy-page", kind: "listing", weight: 1, source: "structure", test: (f) => linkShare(f) >= 0.5 && f.longestProseRun < 400 },
  // Documentation: text and code, with a side navigation.
  { name: "docs-markup", kind: "documentation", weight: 2, source: "json-ld", test: (f) => hasAny(allTypes(f), DOCS_LD) },
  { name: "docs-software", kind: "documentation", weight: 3, source: "meta", test: (f) => DOCS_GENERATOR.test(f.generator) },
  { name: "much-code", kind: "documentation", weight: 3, source: "structure", test: (f) => f.codeChars >= 1000 },
  { name: "code-with-side-nav", kind: "documentation", weight: 2, source: "structure", test: (f) => f.codeBlocks >= 1 && f.sideNavLinks >= 25 },
  { name: "docs-path", kind: "documentation", weight: 2, source: "url", test: (f) => pathKind(f, "documentation") },
  // Service: a company's page about what it sells, in many short sections.
  { name: "site-front-page", kind: "service", weight: 3, source: "url", test: (f) => f.pathSegments.length === 0 },
  { name: "service-path", kind: "service", weight: 1, source: "url", test: (f) => pathKind(f, "service") },
  { name: "service-markup", kind: "service", weight: 1, source: "json-ld", test: (f) => f.ldTypes.has("service") || f.ldTypes.has("softwareapplication") },
  { name: "short-sections", kind: "service", weight: 1, source: "structure", test: (f) => f.headings >= 6 && f.proseChars / f.headings < 250 },
  // Any kind: no run of prose paragraphs holds a tenth of the page's text.
  { name: "no-main-text", kind: null, weight: 2, source: "structure", test: (f) => runShare(f) < 0.1 },
];

/** Evidence that the page is one article, in the same form. */
// biome-ignore format: one signal per line reads as a table
export const ARTICLE_SIGNALS: ReadonlyArray<Signal<"article">> = [
  { name: "article-markup", kind: "article", weight: 3, source: "json-ld", test: (f) => hasAny(allTypes(f), ARTICLE_LD) },
  { name: "dated-path", kind: "article", weight: 3, source: "url", test: (f) => DATED_PATH.test(f.pathSegments.join("/")) },
  { name: "published-meta", kind: "article", weight: 2, source: "meta", test: (f) => f.publishedMeta },
  { name: "byline", kind: "article", weight: 2, source: "byline", test: (f) => f.hasAuthors },
  { name: "article-path", kind: "article", weight: 2, source: "url", test: (f) => f.pathSegments.slice(0, -1).some((s) => ARTICLE_PATH.test(s)) },
  { name: "main-text-dominates", kind: "article", weight: 2, source: "structure", test: (f) => runShare(f) >= 0.3 },
  { name: "published-date", kind: "article", weight: 1, source: "meta", test: (f) => f.hasDate },
  { name: "og-type-article", kind: "article", weight: 1, source: "opengraph", test: (f) => f.ogType === "article" },
  { name: "headline-slug", kind: "article", weight: 1, source: "url", test: (f) => (f.pathSegments.at(-1) ?? "").split(/[-_]/).filter((w) => /^\p{L}+$/u.test(w)).length >= 5 },
  { name: "long-prose-run", kind: "article", weight: 1, source: "structure", test: (f) => f.longestProseRun >= 1500 },
];

/** Evidence against an article needed before a page is called something else. */
const NOT_ARTICLE_MIN_POINTS = 3;
/** ... and by how much it must outweigh the evidence for an article. */
const NOT_ARTICLE_MARGIN = 1;
/** Evidence for one kind needed to name it; below, a page that is not an article has no kind. */
const KIND_MIN_POINTS = 2;

/** The page's kind from its facts and what the extraction found. */
export function classifyPage(facts: PageFacts, extracted: ExtractedFacts): PageKind {
  const f: SignalInput = { ...facts, ...extracted };
  const byKind = new Map<OtherPageType, Signal<OtherPageType | null>[]>();
  const anyKind: Signal<OtherPageType | null>[] = [];
  for (const signal of PAGE_SIGNALS) {
    if (!signal.test(f)) continue;
    if (signal.kind === null) {
      anyKind.push(signal);
      continue;
    }
    byKind.set(signal.kind, [...(byKind.get(signal.kind) ?? []), signal]);
  }
  const points = (list: readonly { weight: number }[]) =>
    list.reduce((sum, s) => sum + s.weight, 0);
  let best: { kind: OtherPageType; signals: Signal<OtherPageType | null>[] } | null = null;
  for (const [kind, signals] of byKind) {
    if (!best || points(signals) > points(best.signals)) best = { kind, signals };
  }
  const against = [...(best?.signals ?? []), ...anyKind].sort((a, b) => b.weight - a.weight);
  const forArticle = ARTICLE_SIGNALS.filter((s) => s.test(f)).sort((a, b) => b.weight - a.weight);
  const pointsAgainst = points(against);
  const kind = best && points(best.signals) >= KIND_MIN_POINTS ? best.kind : null;
  if (
    pointsAgainst >= NOT_ARTICLE_MIN_POINTS &&
    pointsAgainst >= points(forArticle) + NOT_ARTICLE_MARGIN
  ) {
    return {
      isArticle: false,
      pageType: kind,
      signals: against.map((s) => s.name),
      source: against[0]?.source ?? "structure",
    };
  }
  if (extracted.wordCount < MIN_ARTICLE_WORDS) {
    return {
      isArticle: false,
      pageType: kind,
      signals: ["too-few-words", ...against.map((s) => s.name)],
      source: "text",
    };
  }
  return {
    isArticle: true,
    pageType: "article",
    signals: forArticle.map((s) => s.name),
    source: forArticle[0]?.source ?? "structure",
  };
}
