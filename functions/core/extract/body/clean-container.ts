/**
 * Second pass, inside the chosen container only: removes the headline, blocks that are
 * mostly links, teaser lines ("Read more: ..."), and containers whose shape is not prose
 * (more list items than paragraphs, images without text, forms). Works deepest first, so a
 * wrapper is judged after its furniture is gone.
 */
import type { AnyNode, Element, ParentNode } from "domhandler";
import {
  ancestorsOf,
  classWeightOf,
  commaCountOf,
  descendantElements,
  descendantsByTag,
  elementSiblingOf,
  hasAncestorTag,
  isElement,
  isText,
  keepWordsApart,
  nameOf,
  normalizedTextOf,
} from "./dom";
import {
  charsFrom,
  commasFrom,
  linkDensityFrom,
  measureText,
  proseFrom,
  type StatsMap,
  type TextStats,
} from "./measure";
import {
  AFFILIATE_TEXT,
  BLOCK_TAGS,
  BOILERPLATE_TEXT,
  BYLINE_NAME_TEXT,
  BYLINE_TEXT,
  CAPTION_TEXT,
  CLASS_WEIGHT,
  CONSENT_TEXT,
  MAX_BLOCK_LINK_DENSITY,
  MAX_CONTAINER_LINK_DENSITY,
  MIN_PARAGRAPH_CHARS,
  PATTERNS,
  PROMO_MENTION_TEXT,
  PROMO_TEXT,
  RELATED_HEADING,
  SHORT_BLOCK_CHARS,
  TEASER_PREFIX,
} from "./patterns";
import { droppedContactFieldOf, droppedControlsOf, isHiddenByClass } from "./prune";

/** Containers judged by their shape. */
const CONDITIONAL_TAGS = new Set([
  "form",
  "fieldset",
  "table",
  "ul",
  "ol",
  "dl",
  "div",
  "section",
  "header",
  "figure",
  "details",
]);

/** Leaf-ish blocks judged by their text. */
const TEXT_BLOCK_TAGS = new Set(["p", "div", "li", "h2", "h3", "h4", "h5", "h6", "dt", "dd"]);

const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** A container with this many commas is prose, whatever its shape. */
const PROSE_COMMAS = 10;

interface Shape {
  p: number;
  img: number;
  li: number;
  input: number;
  heading: number;
}

type ShapeMap = Map<Element, Shape>;

/** The shape an element adds to its ancestors' counts, or null when it adds nothing. */
function ownShapeKey(name: string): keyof Shape | null {
  if (name === "p" || name === "pre" || name === "blockquote") return "p";
  if (name === "img") return "img";
  if (name === "li") return "li";
  if (name === "input" || name === "select" || name === "textarea") return "input";
  return HEADING_TAGS.has(name) ? "heading" : null;
}

/**
 * Counts of descendant tags that tell prose from furniture, for every element (one pass).
 * Elements with all counts zero get no entry: readers treat a missing entry as zeros.
 */
function measureShapes(root: Element): ShapeMap {
  const shapes: ShapeMap = new Map();
  const elements = descendantElements(root);
  for (let e = elements.length - 1; e >= 0; e--) {
    const el = elements[e] as Element;
    let shape: Shape | null = null;
    const controls = droppedControlsOf(el);
    if (controls > 0) shape = { p: 0, img: 0, li: 0, input: controls, heading: 0 };
    for (const child of el.children) {
      if (!isElement(child)) continue;
      const inner = shapes.get(child);
      const key = ownShapeKey(child.name);
      if (!inner && key === null) continue;
      shape ??= { p: 0, img: 0, li: 0, input: 0, heading: 0 };
      if (inner) {
        shape.p += inner.p;
        shape.img += inner.img;
        shape.li += inner.li;
        shape.input += inner.input;
        shape.heading += inner.heading;
      }
      if (key !== null) shape[key]++;
    }
    if (shape) shapes.set(el, shape);
  }
  return shapes;
}

/** Rows a headerless table needs to be a grid of data rather than a layout table. */
const DATA_TABLE_MIN_ROWS = 3;
/** Cells its first row needs: one column is a list laid out as a table. */
const DATA_TABLE_MIN_COLUMNS = 2;

/** A table with header cells or a grid of several rows and columns holds data, not layout. */
function isDataTable(el: Element): boolean {
  let rows = 0;
  let firstRow: Element | null = null;
  const stack: AnyNode[] = [...el.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    const name = node.name;
    if (name === "th" || name === "caption" || name === "thead") return true;
    if (name === "tr") {
      rows++;
      firstRow ??= node;
    }
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  if (!firstRow) return false;
  let columns = 0;
  for (const c of firstRow.children) if (isElement(c) && c.name === "td") columns++;
  return rows >= DATA_TABLE_MIN_ROWS && columns >= DATA_TABLE_MIN_COLUMNS;
}

function insideFigure(el: Element, root: Element): boolean {
  let current = el.parent;
  while (current && current !== root) {
    if (isElement(current) && current.name === "figure") return true;
    current = current.parent;
  }
  return false;
}

/** A negative name does not outweigh this much prose ("widget-container" around the story). */
const PROSE_OVER_NAME_CHARS = 500;

/** A container with this much prose (and few links) is kept whatever its shape. */
const PROSE_KEEPS_SHAPE_CHARS = 200;

/** ... and when at least this share of its text is prose (not link lists or labels). */
const MIN_PROSE_SHARE = 0.5;
/** Prose with less link text than this share is article text, whatever its shape. */
const PROSE_MAX_LINK_DENSITY = 0.2;
/** A box asking for input is short: a sign-up, a search, a poll (a shop's filters hold more). */
const FORM_BOX_MAX_CHARS = 1000;
/** More form controls than a third of the paragraphs: a form, not prose with a search box. */
const MAX_INPUTS_PER_PARAGRAPH = 1 / 3;
/** Fewer than one paragraph per two images: a gallery or teaser grid, unless in a figure. */
const MIN_PARAGRAPHS_PER_IMAGE = 0.5;
/** More list items than paragraphs (and more than this many) with links: a link list. */
const LINK_LIST_MIN_ITEMS = 2;
/** ... when more than this share of it is links. */
const LINK_LIST_MIN_DENSITY = 0.2;

/** The element holds real prose: long, and mostly sentence-length runs. */
function isProse(el: Element, stats: StatsMap): boolean {
  const prose = proseFrom(stats, el);
  return prose >= PROSE_OVER_NAME_CHARS && prose >= charsFrom(stats, el) * MIN_PROSE_SHARE;
}

/**
 * A box asking for input (sign-up, search, comment form) is furniture; prose around a form
 * is not, so the rule is for boxes with little prose of their own.
 */
function isFormBox(el: Element, stats: StatsMap, shapes: ShapeMap): boolean {
  const shape = shapes.get(el);
  return (
    shape !== undefined &&
    shape.input > 0 &&
    shape.input > shape.p * MAX_INPUTS_PER_PARAGRAPH &&
    proseFrom(stats, el) < PROSE_OVER_NAME_CHARS &&
    charsFrom(stats, el) < FORM_BOX_MAX_CHARS
  );
}

/** A sign-up box holds its pitch in a line or two: a box with more paragraphs is text. */
const FORM_BOX_MAX_PARAGRAPHS = 2;
/** ... and it holds less than this share of the body's text. */
const FORM_BOX_MAX_SHARE = 0.5;
/** Link text a sign-up box holds beside its form: a privacy policy, the terms. */
const FORM_BOX_LINK_CHARS = 50;

/**
 * Removes sign-up boxes in a story whole (a form asking for an e-mail address or a phone
 * number), the form
 * with the pitch above it and the status
 * lines beside it ("Thank you! Check your inbox", "Something went wrong"), which a script
 * shows after sending. From each form box, the outermost ancestor that is still a form box
 * with at most two paragraphs, at most 50 characters of links beside the form and less
 * than half the body's text, up to an `<article>` (a post with its reply form), goes.
 */
function removeFormBoxes(
  root: Element,
  stats: StatsMap,
  shapes: ShapeMap,
  removals: DeferredRemovals,
  onRemove?: OnRemove,
): void {
  const boxes = new Set<Element>();
  // A form holding most of the text is the page (a search page, a job board), not a box in it.
  let bodyChars = 0;
  for (const child of root.children) if (isElement(child)) bodyChars += charsFrom(stats, child);
  const maxChars = bodyChars * FORM_BOX_MAX_SHARE;
  for (const el of descendantElements(root)) {
    if (el.name !== "form" && !(droppedControlsOf(el) > 0)) continue;
    if (!isFormBox(el, stats, shapes)) continue;
    // A sign-up asks for an e-mail address or a phone number; a post's reply form does not.
    if (!droppedContactFieldOf(el) && !descendantElements(el).some(droppedContactFieldOf)) continue;
    let box = el;
    for (let up = el.parent; isElement(up) && up !== root; up = up.parent) {
      if (!isFormBox(up, stats, shapes)) break;
      if ((shapes.get(up)?.p ?? 0) > FORM_BOX_MAX_PARAGRAPHS) break;
      if (charsFrom(stats, up) > maxChars) break;
      // An <article> is an item of its own (a post with its reply form), not a sign-up box;
      // so is a box with links beside its form (a post's author and permalink), past the
      // one or two of a sign-up's small print.
      if (up.name === "article") break;
      const links = (stats.get(up)?.linkChars ?? 0) - (stats.get(el)?.linkChars ?? 0);
      if (links > FORM_BOX_LINK_CHARS) break;
      box = up;
    }
    if (box !== el) boxes.add(box);
  }
  for (const box of boxes) {
    if (!box.parent || ancestorsOf(box).some((a) => boxes.has(a))) continue;
    onRemove?.(box, "shape");
    removeMeasured(stats, box, root, removals, shapes);
  }
}

/** The container is furniture by shape: Readability's "clean conditionally" rules. */
function isFurnitureByShape(
  el: Element,
  root: Element,
  stats: StatsMap,
  shapes: ShapeMap,
  trustNames: boolean,
  onNameWeight: () => void,
): boolean {
  if (el.name === "table" && isDataTable(el)) return false;
  if (PATTERNS.quotedEmbed.test(nameOf(el))) return false;
  const weight = trustNames ? classWeightOf(el, true) : 0;
  if (weight !== 0) onNameWeight();
  if (weight < 0 && !PATTERNS.lead.test(nameOf(el)) && !isProse(el, stats)) return true;
  const chars = charsFrom(stats, el);
  if (chars >= PROSE_COMMAS * 2 && commasFrom(stats, el) >= PROSE_COMMAS) return false;
  const density = linkDensityFrom(stats, el);
  const isList = el.name === "ul" || el.name === "ol" || el.name === "dl";
  const shape = shapes.get(el) ?? { p: 0, img: 0, li: 0, input: 0, heading: 0 };
  const figure = el.name === "figure" || insideFigure(el, root);
  if (isFormBox(el, stats, shapes)) return true;
  if (isList) return density > MAX_BLOCK_LINK_DENSITY && !isIntroducedList(el);
  // Prose with few links is article text, whatever images or list items surround it.
  if (proseFrom(stats, el) >= PROSE_KEEPS_SHAPE_CHARS && density < PROSE_MAX_LINK_DENSITY) {
    return false;
  }
  if (shape.img > 1 && shape.p / shape.img < MIN_PARAGRAPHS_PER_IMAGE && !figure) return true;
  if (shape.li > shape.p && shape.li > LINK_LIST_MIN_ITEMS && density > LINK_LIST_MIN_DENSITY) {
    return true;
  }
  if (chars < MIN_PARAGRAPH_CHARS && shape.img === 0 && !figure && shape.heading === 0) {
    return chars === 0 || density > 0;
  }
  if (weight < CLASS_WEIGHT && density > MAX_CONTAINER_LINK_DENSITY) return true;
  if (weight >= CLASS_WEIGHT && density > MAX_BLOCK_LINK_DENSITY) return true;
  return false;
}

/**
 * Outcomes of the text rules by block text, for one cleaning: nested blocks often hold the
 * same text (a `div` around its only `p`), so each rule runs once per distinct text. The
 * rules have no `g` or `y` flag: a test's outcome depends on the text alone.
 */
class TextTests {
  private readonly outcomes = new Map<RegExp, Map<string, boolean>>();

  test(rule: RegExp, text: string): boolean {
    let byText = this.outcomes.get(rule);
    if (!byText) {
      byText = new Map();
      this.outcomes.set(rule, byText);
    }
    let outcome = byText.get(text);
    if (outcome === undefined) {
      outcome = rule.test(text);
      byText.set(text, outcome);
    }
    return outcome;
  }
}

/** The block is a teaser or label line, not article text. */
function isBoilerplateBlock(el: Element, stats: StatsMap, tests: TextTests): boolean {
  const chars = charsFrom(stats, el);
  if (chars === 0) return false;
  const density = linkDensityFrom(stats, el);
  // A disclosure runs to a few sentences ("As an affiliate, I earn from qualifying purchases").
  if (chars < SHORT_BLOCK_CHARS * 3 && tests.test(AFFILIATE_TEXT, normalizedTextOf(el))) {
    return true;
  }
  // Every text rule below is about short blocks; long ones are judged by their links only.
  if (chars >= SHORT_BLOCK_CHARS * 2) {
    return HEADING_TAGS.has(el.name) && density > MAX_BLOCK_LINK_DENSITY;
  }
  const text = normalizedTextOf(el);
  if (tests.test(BOILERPLATE_TEXT, text)) return true;
  // Subheadings ("Von Berlin Nach Paris") are not bylines; bylines are not headings.
  const byline = tests.test(BYLINE_NAME_TEXT, text) || tests.test(BYLINE_TEXT, text);
  if (chars < SHORT_BLOCK_CHARS && !HEADING_TAGS.has(el.name) && byline) {
    return true;
  }
  if (el.name !== "li" && el.name !== "dd" && isDateLine(text)) return true;
  if (chars < SHORT_BLOCK_CHARS * 2 && tests.test(CAPTION_TEXT, text)) return true;
  if (chars < SHORT_BLOCK_CHARS * 3 && tests.test(CONSENT_TEXT, text)) return true;
  if (chars < SHORT_BLOCK_CHARS * 2 && tests.test(PROMO_TEXT, text)) return true;
  // A sentence that names a newsletter between two paragraphs of the story is the story's
  // (offers stand apart from the paragraph run, in their own box or at the end).
  if (
    chars < SHORT_BLOCK_CHARS * 2 &&
    tests.test(PROMO_MENTION_TEXT, text) &&
    !isInParagraphRun(el, stats)
  ) {
    return true;
  }
  if (chars < SHORT_BLOCK_CHARS && density > 0 && tests.test(TEASER_PREFIX, text)) return true;
  if (HEADING_TAGS.has(el.name)) return density > MAX_BLOCK_LINK_DENSITY;
  // A linked sentence ("Assange faces a charge of ... in the US.") is prose; headlines of
  // teasers do not end like sentences.
  if ((el.name === "p" || el.name === "div") && isLinkedSentence(text)) return false;
  // A linked entry of a reference list ("Doe J, Roe R, et al. A review ...") is text:
  // teaser headlines do not run to several commas.
  if (el.name === "li" && isCommaRich(text)) return false;
  // The items of a list the story announces ("The movers we recommend:") are its text,
  // linked or not.
  if (el.name === "li" && isElement(el.parent) && isIntroducedList(el.parent)) return false;
  return density > MAX_BLOCK_LINK_DENSITY;
}

/** A lone button's block holds at most this many nodes (the button, an icon, white space). */
const LONE_BUTTON_MAX_NODES = 8;
/** A call-to-action card holds at most this many nodes: a heading, a line or two, a button. */
const CTA_CARD_MAX_NODES = 200;
/** A call to action ("Book a demo", "Start free trial") is at most this long ... */
const CALL_TO_ACTION_MAX_CHARS = 60;
/** ... and this many words: a button label, not a sentence. */
const CALL_TO_ACTION_MAX_WORDS = 8;
/** A linked button stands alone: its block holds at most this much other text. */
const CALL_TO_ACTION_OTHER_CHARS = 3;

/**
 * The element is a button or a call to action: a short control (`role="button"`, or a
 * button name on a link or a box of links) standing on its own, not a link in a sentence.
 */
function isCallToAction(el: Element, stats: StatsMap, trustNames: boolean): boolean {
  const chars = charsFrom(stats, el);
  if (chars === 0 || chars > CALL_TO_ACTION_MAX_CHARS) return false;
  const role = el.attribs.role;
  if (role !== "button" && !(trustNames && PATTERNS.callToAction.test(nameOf(el)))) return false;
  // A toggle that opens a section (an accordion's question, a tab) heads text of the page.
  if (el.attribs["aria-expanded"] !== undefined || el.attribs["aria-controls"] !== undefined) {
    return false;
  }
  if (descendantElements(el).some((d) => HEADING_TAGS.has(d.name))) return false;
  if (normalizedTextOf(el).split(/\s+/).length > CALL_TO_ACTION_MAX_WORDS) return false;
  if (el.name !== "a")
    return role === "button" || linkDensityFrom(stats, el) > MAX_BLOCK_LINK_DENSITY;
  // A link in a sentence ("read the <a class=btn>report</a> here") is part of the sentence:
  // a button stands among blocks or other links, with no text run beside it.
  const parent = el.parent;
  if (!isElement(parent)) return true;
  return parent.children.every(
    (c) =>
      c === el ||
      (isText(c) ? c.data.trim().length <= CALL_TO_ACTION_OTHER_CHARS : !isInlineText(c, stats)),
  );
}

/** The node is inline markup holding text (a sentence part), not a block or another link. */
function isInlineText(node: AnyNode, stats: StatsMap): boolean {
  if (!isElement(node) || node.name === "a" || BLOCK_TAGS.has(node.name)) return false;
  return charsFrom(stats, node) > 0;
}

/** Text (characters) of a class-hidden element judged hidden: a longer one may be shown by a script. */
const HIDDEN_LABEL_MAX_CHARS = 200;

/** A short text hidden by a CSS kit's class: a label for screen readers, a player's "Video unavailable". */
function isHiddenLabel(el: Element, stats: StatsMap): boolean {
  const chars = charsFrom(stats, el);
  return chars > 0 && chars < HIDDEN_LABEL_MAX_CHARS && isHiddenByClass(el);
}

/** A date line has at most this many words besides numbers ("28. Juni 2025 - 16.03 Uhr"). */
const DATE_LINE_MAX_WORDS = 3;
/** ... and at most this long: longer lines with a date are sentences. */
const DATE_LINE_MAX_CHARS = 60;

/** The block is only a date and time stamp, in any language. */
function isDateLine(text: string): boolean {
  if (text.length > DATE_LINE_MAX_CHARS) return false;
  if (!/\b(1[89]|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\b/.test(text)) return false;
  const numbers = text.match(/\d+/g)?.length ?? 0;
  const words = text.match(/\p{L}+/gu)?.length ?? 0;
  return numbers >= 2 && words <= DATE_LINE_MAX_WORDS;
}

/** Commas and words of a linked block that reads as a citation or a sentence with a list. */
const LINKED_PROSE_COMMAS = 2;
const LINKED_PROSE_WORDS = 10;

function isCommaRich(text: string): boolean {
  return (
    commaCountOf(text) >= LINKED_PROSE_COMMAS &&
    text.split(/\s+/).length >= LINKED_PROSE_WORDS &&
    // A sentence or a reference has a full stop; a row of linked names has only commas.
    /[.!?。]/.test(text)
  );
}

/** A neighbouring paragraph this long is prose of the story, not a promotion's line. */
const RUN_PARAGRAPH_CHARS = 80;
const RUN_BLOCK_TAGS = new Set(["p", "blockquote", "ul", "ol"]);
const RUN_HEADING_TAGS = new Set(["h2", "h3", "h4"]);

/** How many single-child wrappers around a paragraph are looked through. */
const RUN_WRAPPER_DEPTH = 3;

/** The element's one child element, when it holds nothing else but white space. */
function onlyChild(el: Element): Element | null {
  let only: Element | null = null;
  for (const c of el.children) {
    if (isElement(c)) {
      if (only) return null;
      only = c;
    } else if (isText(c) && c.data.trim() !== "") return null;
  }
  return only;
}

/** The element, or what it wraps alone: the block inside single-child wrappers. */
function innermost(el: Element): Element {
  let inner = el;
  for (let depth = 0; depth < RUN_WRAPPER_DEPTH; depth++) {
    if (RUN_BLOCK_TAGS.has(inner.name) || RUN_HEADING_TAGS.has(inner.name)) break;
    const only = onlyChild(inner);
    if (!only) break;
    inner = only;
  }
  return inner;
}

/** A sibling next to the element has its tag and class: the two are blocks of one kind. */
function hasTwinSibling(el: Element): boolean {
  const twin = (s: Element | null) =>
    s !== null && s.name === el.name && (s.attribs.class ?? "") === (el.attribs.class ?? "");
  return twin(elementSiblingOf(el, "prev")) || twin(elementSiblingOf(el, "next"));
}

/**
 * The paragraph stands in the story's run of paragraphs: a paragraph of prose (or a
 * subheading) before it and a paragraph of prose after it, as siblings.
 */
function isInParagraphRun(el: Element, stats: StatsMap): boolean {
  // A paragraph, or a wrapper holding only one.
  if (innermost(el).name !== "p") return false;
  const isProseBlock = (s: Element | null) =>
    s !== null &&
    charsFrom(stats, s) >= RUN_PARAGRAPH_CHARS &&
    RUN_BLOCK_TAGS.has(innermost(s).name);
  // A body split into widgets sets each paragraph in a wrapper of its own, shaped like its
  // neighbours: the wrappers are the run (a box of another shape stands apart).
  let block = el;
  let wrapper = el;
  for (let depth = 0; depth < RUN_WRAPPER_DEPTH; depth++) {
    const parent = wrapper.parent;
    if (!isElement(parent) || onlyChild(parent) !== wrapper) break;
    wrapper = parent;
    if (hasTwinSibling(wrapper)) block = wrapper;
  }
  const prev = elementSiblingOf(block, "prev");
  const next = elementSiblingOf(block, "next");
  return (
    (isProseBlock(prev) || (prev !== null && RUN_HEADING_TAGS.has(innermost(prev).name))) &&
    isProseBlock(next)
  );
}

/** An introducing sentence has at least this many words ("The movers we recommend:"). */
const INTRODUCING_SENTENCE_WORDS = 4;

/**
 * The list is announced by the paragraph just before it, a sentence ending in a colon
 * ("Here are the movers we recommend:"): it is part of what the story says.
 */
function isIntroducedList(list: Element): boolean {
  if (list.name !== "ul" && list.name !== "ol") return false;
  // Asked once per list (each of its items asks): the paragraph before it can be long.
  const known = introducedLists.get(list);
  if (known !== undefined) return known;
  const prev = elementSiblingOf(list, "prev");
  let introduced = false;
  if (prev !== null && prev.name === "p") {
    const text = normalizedTextOf(prev);
    // A label ("Related:", "Sources:") is not a sentence: the links after it are teasers.
    introduced =
      text.endsWith(":") &&
      text.split(" ").length >= INTRODUCING_SENTENCE_WORDS &&
      !RELATED_HEADING.test(text);
  }
  introducedLists.set(list, introduced);
  return introduced;
}

const introducedLists = new WeakMap<Element, boolean>();

/** Words in a sentence long enough to be prose rather than a headline. */
const MIN_SENTENCE_WORDS = 8;

function isLinkedSentence(text: string): boolean {
  return /[.!?。]["”’»)]?$/.test(text) && text.split(/\s+/).length >= MIN_SENTENCE_WORDS;
}

/** The heading repeats the article title (the headline is a field, not body text). */
function isHeadline(el: Element, title: string | null, sectionHeadings: Set<Element>): boolean {
  if (el.name === "h1") return !sectionHeadings.has(el);
  if (!title || !HEADING_TAGS.has(el.name)) return false;
  return normalizedTextOf(el).toLowerCase() === title.replace(/\s+/g, " ").trim().toLowerCase();
}

/** A paragraph this long before an `h1` makes that `h1` a section heading. */
const SECTION_PROSE_CHARS = 80;
/** An `h1` sharing this share of its words with the title is the headline again. */
const HEADLINE_WORD_SHARE = 0.5;

/**
 * `h1`s that head a section: they come after a paragraph of prose and do not repeat the
 * title (page builders mark every section heading `h1`). The headline comes first.
 */
function sectionHeadingsOf(root: Element, title: string | null, stats: StatsMap): Set<Element> {
  const out = new Set<Element>();
  const titleWords = new Set(title?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  let seenProse = false;
  for (const el of descendantElements(root)) {
    if (el.name === "p" && charsFrom(stats, el) >= SECTION_PROSE_CHARS) seenProse = true;
    if (el.name !== "h1" || !seenProse) continue;
    const words =
      normalizedTextOf(el)
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [];
    const shared = words.filter((w) => titleWords.has(w)).length;
    if (words.length > 0 && shared < words.length * HEADLINE_WORD_SHARE) out.add(el);
  }
  return out;
}

/** Share of an element's words that are words of the title. */
function titleShareOf(el: Element, titleWords: Set<string>): number {
  const words =
    normalizedTextOf(el)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return 0;
  return words.filter((w) => titleWords.has(w)).length / words.length;
}

/**
 * Removes other stories appended to the page (the next article of an endless scroll): an
 * `<article>` with a headline (`h1`) of its own that is not the title, while the title's
 * headline stands elsewhere in the body. Two headlines, one of them ours: the other is
 * another story.
 */
function removeOtherStories(
  root: Element,
  title: string | null,
  stats: StatsMap,
  shapes: ShapeMap,
  removals: DeferredRemovals,
  onRemove?: OnRemove,
): void {
  if (!title) return;
  const titleWords = new Set(title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const h1s = descendantsByTag(root, "h1");
  const ours = h1s.filter((h) => titleShareOf(h, titleWords) >= HEADLINE_WORD_SHARE);
  if (ours.length === 0 || ours.length === h1s.length) return;
  for (const el of descendantsByTag(root, "article")) {
    if (!el.parent) continue;
    const own = descendantsByTag(el, "h1")[0];
    if (!own || ours.includes(own)) continue;
    if (ours.some((h) => ancestorsOf(h).includes(el))) continue;
    // Inside the story's own <article>, an <article> with an h1 is one of its sections.
    const enclosing = ancestorsOf(el).filter((a) => a.name === "article");
    if (enclosing.some((a) => ours.some((h) => ancestorsOf(h).includes(a)))) continue;
    onRemove?.(el, "teaser-list");
    removeMeasured(stats, el, root, removals, shapes);
  }
}

/** Why a block was removed, for tools that explain an extraction. */
export type RemovalReason = "headline" | "boilerplate-text" | "shape" | "related" | "teaser-list";
export type OnRemove = (el: Element, reason: RemovalReason) => void;

/**
 * Cleans the container in place; `onRemove` hears about every removal. Returns whether a
 * class/id name weighed on any decision (when none did, `trustNames` changes nothing).
 */
export function cleanContainer(
  root: Element,
  title: string | null,
  onRemove?: OnRemove,
  /** False on the lenient pass: class/id names do not count against a block. */
  trustNames = true,
  /** The page's metadata gives a date and a credit: a story, where a pitch card is not content. */
  story = false,
): boolean {
  let namesWeighed = false;
  const onNameWeight = () => {
    namesWeighed = true;
  };
  const stats = measureText(root);
  const shapes = measureShapes(root);
  const removals = new DeferredRemovals();
  const sectionHeadings = sectionHeadingsOf(root, title, stats);
  const tests = new TextTests();
  removeOtherStories(root, title, stats, shapes, removals, onRemove);
  removeArticleLists(root, stats, shapes, removals, onRemove);
  removeRelatedSections(root, stats, shapes, removals, onRemove);
  removals.settleAll();
  if (story) {
    removeFormBoxes(root, stats, shapes, removals, onRemove);
    removals.settleAll();
    removeCallToActionCards(root, stats, shapes, removals, onRemove);
    removals.settleAll();
  }
  // Deepest first: reverse document order visits children before their parents.
  const elements = descendantElements(root);
  for (let e = elements.length - 1; e >= 0; e--) {
    const el = elements[e] as Element;
    if (!el.parent) continue;
    // Every child was judged already: its list is final from here on.
    removals.settle(el);
    const reason: RemovalReason | null = isHeadline(el, title, sectionHeadings)
      ? "headline"
      : ((TEXT_BLOCK_TAGS.has(el.name) || el.parent === root) &&
            isBoilerplateBlock(el, stats, tests)) ||
          isCallToAction(el, stats, trustNames) ||
          isHiddenLabel(el, stats)
        ? "boilerplate-text"
        : CONDITIONAL_TAGS.has(el.name) &&
            isFurnitureByShape(el, root, stats, shapes, trustNames, onNameWeight)
          ? "shape"
          : null;
    if (reason !== null) {
      onRemove?.(el, reason);
      removeMeasured(stats, el, root, removals, shapes);
    }
  }
  removals.settleAll();
  removeEmptyBlocks(root, removals);
  removals.settleAll();
  removeOrphanHeadings(root, removals);
  removals.settleAll();
  return namesWeighed;
}

/**
 * Removes nodes in O(1) each: sibling links and `parent` are fixed at once, the parent's
 * `children` array only when `settle` is called for it (splicing each removal out of a
 * flat run of 100 000 siblings is quadratic). Callers settle a parent before reading its
 * children; every pass below reads a parent only after the removals among its children.
 */
class DeferredRemovals {
  private readonly dirty = new Set<ParentNode>();

  remove(node: AnyNode): void {
    const parent = node.parent;
    if (!parent) return;
    keepWordsApart(node.prev);
    if (node.prev) node.prev.next = node.next;
    if (node.next) node.next.prev = node.prev;
    node.parent = null;
    node.prev = null;
    node.next = null;
    this.dirty.add(parent);
  }

  /** Drops the removed nodes from the children of `parent`. */
  settle(parent: ParentNode): void {
    if (!this.dirty.delete(parent)) return;
    parent.children = parent.children.filter((child) => child.parent === parent);
  }

  settleAll(): void {
    for (const parent of this.dirty) this.settle(parent);
  }
}

/**
 * A subheading with no text after it in the body (its section was furniture) heads nothing.
 * Deepest and last first, as a heading is only orphaned once the ones after it are gone.
 * One walk numbers the nodes in document order; since removing a heading only ever drops
 * the last text still standing, "text after it" is one pointer moving backwards.
 */
function removeOrphanHeadings(root: Element, removals: DeferredRemovals): void {
  const textPositions: number[] = [];
  const headings: Array<{ el: Element; start: number; end: number }> = [];
  let position = 0;
  // Entries: a node to enter, or the index in `headings` of a heading to leave.
  const stack: Array<AnyNode | number> = [...root.children].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as AnyNode | number;
    if (typeof item === "number") {
      (headings[item] as { end: number }).end = position;
      continue;
    }
    position++;
    if (isText(item)) {
      if (item.data.trim() !== "") textPositions.push(position);
      continue;
    }
    if (!("children" in item)) continue;
    if (isElement(item) && HEADING_TAGS.has(item.name)) {
      stack.push(headings.length);
      headings.push({ el: item, start: position, end: position });
    }
    const kids = (item as ParentNode).children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  let last = textPositions.length - 1;
  for (let h = headings.length - 1; h >= 0; h--) {
    const { el, start, end } = headings[h] as { el: Element; start: number; end: number };
    if (!el.parent) continue;
    if (last >= 0 && (textPositions[last] as number) > end) continue;
    removals.remove(el);
    while (last >= 0 && (textPositions[last] as number) >= start) last--;
  }
}

/** Subtracts a removed element's text from its former ancestors (recomputing all is quadratic). */
function subtractFromAncestors(stats: StatsMap, removed: TextStats, ancestors: Element[]): void {
  for (const ancestor of ancestors) {
    const s = stats.get(ancestor);
    if (!s) continue;
    s.chars = Math.max(0, s.chars - removed.chars);
    s.linkChars = Math.max(0, s.linkChars - removed.linkChars);
    s.commas -= removed.commas;
  }
}

/** Removes an element and keeps the statistics of its ancestors right. */
function removeMeasured(
  stats: StatsMap,
  el: Element,
  root: Element,
  removals: DeferredRemovals,
  shapes?: ShapeMap,
): void {
  const removed = stats.get(el);
  const ancestors = ancestorsOf(el);
  const upToRoot = ancestors.slice(0, ancestors.indexOf(root) + 1);
  removals.remove(el);
  if (removed) subtractFromAncestors(stats, removed, upToRoot);
  if (shapes) subtractShape(shapes, el, upToRoot);
}

/** Takes a removed element (and what it held) out of its former ancestors' shapes. */
function subtractShape(shapes: ShapeMap, el: Element, ancestors: Element[]): void {
  const inner = shapes.get(el) ?? { p: 0, img: 0, li: 0, input: 0, heading: 0 };
  const own = { ...inner };
  if (el.name === "p" || el.name === "pre" || el.name === "blockquote") own.p++;
  else if (el.name === "img") own.img++;
  else if (el.name === "li") own.li++;
  else if (el.name === "input" || el.name === "select" || el.name === "textarea") own.input++;
  else if (HEADING_TAGS.has(el.name)) own.heading++;
  for (const ancestor of ancestors) {
    const shape = shapes.get(ancestor);
    if (!shape) continue;
    shape.p -= own.p;
    shape.img -= own.img;
    shape.li -= own.li;
    shape.input -= own.input;
    shape.heading -= own.heading;
  }
}

/** A block after a related-links heading with more link text than this share is a teaser. */
const TEASER_MIN_LINK_DENSITY = 0.3;
/** A related-links heading is short: a longer block is a sentence that says "related". */
const RELATED_HEADING_MAX_CHARS = 60;
/** A box opened by that heading is the related section when it is this short ... */
const RELATED_SECTION_MAX_CHARS = 1500;

/** A block after a related-links heading that is still part of the teaser list. */
function isTeaserFollower(el: AnyNode, stats: StatsMap): boolean {
  if (!isElement(el)) return el.type !== "text" || el.data.trim().length < MIN_PARAGRAPH_CHARS;
  if (HEADING_TAGS.has(el.name)) return false;
  const chars = charsFrom(stats, el);
  return (
    linkDensityFrom(stats, el) > TEASER_MIN_LINK_DENSITY ||
    chars < MIN_PARAGRAPH_CHARS ||
    el.name === "ul" ||
    el.name === "ol"
  );
}

/**
 * Removes "Related" / "Read more" headings and the teaser links that follow them, up to
 * the next subheading or paragraph of prose.
 */
function removeRelatedSections(
  root: Element,
  stats: StatsMap,
  shapes: ShapeMap,
  removals: DeferredRemovals,
  onRemove?: OnRemove,
): void {
  for (const el of descendantElements(root)) {
    if (!el.parent) continue;
    if (!HEADING_TAGS.has(el.name) && !TEXT_BLOCK_TAGS.has(el.name) && el.name !== "header") {
      continue;
    }
    const chars = charsFrom(stats, el);
    if (chars === 0 || chars > RELATED_HEADING_MAX_CHARS) continue;
    if (!RELATED_HEADING.test(normalizedTextOf(el))) continue;
    // The heading may be the first child of a box: the box is the section.
    let section: Element = el;
    while (
      section.parent &&
      section.parent !== root &&
      isElement(section.parent) &&
      isFirstElementChild(section) &&
      charsFrom(stats, section.parent) < RELATED_SECTION_MAX_CHARS &&
      linkDensityFrom(stats, section.parent) > TEASER_MIN_LINK_DENSITY
    ) {
      section = section.parent;
    }
    const doomed: Element[] = [section];
    if (section === el) {
      let next = el.next;
      while (next && isTeaserFollower(next, stats)) {
        if (isElement(next)) doomed.push(next);
        next = next.next;
      }
    }
    for (const d of doomed) {
      onRemove?.(d, "related");
      removeMeasured(stats, d, root, removals, shapes);
    }
  }
}

/** A box this much links is a row of links (an item's actions), not a pitch. */
const LINK_ROW_MIN_DENSITY = 0.9;
/** A call-to-action card is short: a heading, a line or two of pitch and a button. */
const CTA_CARD_MAX_CHARS = 450;
/** Text a card may show before its heading (a badge, a kicker). */
const CTA_CARD_LEAD_CHARS = 40;
/** A card's heading is a line, not a paragraph. */
const CTA_CARD_HEADING_MAX_CHARS = 120;
/** A paragraph this long before a card is the story the card interrupts (not a page's hero). */
const CTA_CARD_PROSE_BEFORE_CHARS = 80;
/** ... and the card stands after this many of them (a caption or a lead comes first). */
const CTA_CARD_PARAGRAPHS_BEFORE = 2;

/** The element is a heading: a heading tag below the headline or `role="heading"`. */
function isSubheading(el: Element): boolean {
  return (HEADING_TAGS.has(el.name) && el.name !== "h1") || el.attribs.role === "heading";
}

/**
 * The element is a lone button: a short link or `role="button"` control standing in its
 * block on its own (no sentence around it), with no heading inside.
 */
function isLoneButton(el: Element, stats: StatsMap): boolean {
  if (el.name !== "a" && el.attribs.role !== "button") return false;
  if (el.name === "a" && (el.attribs.href === undefined || el.attribs.href.startsWith("#"))) {
    return false;
  }
  const chars = charsFrom(stats, el);
  if (chars === 0 || chars > CALL_TO_ACTION_MAX_CHARS) return false;
  if (normalizedTextOf(el).split(/\s+/).length > CALL_TO_ACTION_MAX_WORDS) return false;
  if (descendantElements(el).some((d) => HEADING_TAGS.has(d.name))) return false;
  const parent = el.parent;
  if (!isElement(parent) || parent.children.length > LONE_BUTTON_MAX_NODES) return false;
  return parent.children.every(
    (c) =>
      c === el ||
      (isText(c) ? c.data.trim().length <= CALL_TO_ACTION_OTHER_CHARS : !isInlineText(c, stats)),
  );
}

/**
 * The box has a call-to-action card's shape: one subheading near its top (after at most a
 * badge), and the button as its last text. A section of the story runs on past its links.
 * Null when the box holds more nodes than a card does.
 */
function isCardShape(box: Element, button: Element, stats: StatsMap): boolean | null {
  const texts: AnyNode[] = [];
  const stack: AnyNode[] = [...box.children].reverse();
  const headings: Element[] = [];
  let nodes = 0;
  while (stack.length > 0) {
    if (++nodes > CTA_CARD_MAX_NODES) return null;
    const node = stack.pop() as AnyNode;
    if (isText(node)) {
      if (node.data.trim() !== "") texts.push(node);
      continue;
    }
    if (!isElement(node)) continue;
    if (isSubheading(node)) headings.push(node);
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  if (headings.length !== 1) return false;
  const heading = headings[0] as Element;
  if (normalizedTextOf(heading).length > CTA_CARD_HEADING_MAX_CHARS) return false;
  const last = texts[texts.length - 1];
  if (!last || !ancestorsOf(last).includes(button)) return false;
  // A row of links at the end ("To the offer", "To the review") is an item's actions: the
  // box holding the last two links holds nothing else.
  const previous = texts[texts.length - 2];
  const previousLink = previous ? ancestorsOf(previous).find((a) => a.name === "a") : undefined;
  if (previousLink && previousLink !== button) {
    const around = new Set(ancestorsOf(button));
    const shared = ancestorsOf(previousLink).find((a) => around.has(a));
    if (shared && linkDensityFrom(stats, shared) >= LINK_ROW_MIN_DENSITY) return false;
  }
  let before = 0;
  for (const t of texts) {
    if (ancestorsOf(t).includes(heading)) break;
    before += (t as AnyNode & { data: string }).data.trim().length;
    if (before > CTA_CARD_LEAD_CHARS) return false;
  }
  return true;
}

/**
 * Removes call-to-action cards inside the story ("Ready to start? Book a demo"): a short box
 * with one subheading at its top and a lone button as its last text, standing after the
 * story's first paragraph (a page's opening hero has the same shape and is its content).
 */
function removeCallToActionCards(
  root: Element,
  stats: StatsMap,
  shapes: ShapeMap,
  removals: DeferredRemovals,
  onRemove?: OnRemove,
): void {
  const elements = descendantElements(root);
  const prose = elements.filter(
    (el) => el.name === "p" && charsFrom(stats, el) >= CTA_CARD_PROSE_BEFORE_CHARS,
  );
  const firstProse = prose[CTA_CARD_PARAGRAPHS_BEFORE - 1];
  if (!firstProse) return;
  const proseAt = elements.indexOf(firstProse);
  const aroundProse = new Set(ancestorsOf(firstProse));
  const cards = new Map<Element, Element>();
  for (let i = proseAt + 1; i < elements.length; i++) {
    const el = elements[i] as Element;
    if (!isLoneButton(el, stats)) continue;
    let card: Element | null = null;
    for (let box = el.parent; isElement(box) && box !== root; box = box.parent) {
      if (charsFrom(stats, box) > CTA_CARD_MAX_CHARS) break;
      if (aroundProse.has(box)) break;
      const shape = isCardShape(box, el, stats);
      // A box too big to be a card is in no card; nor is anything around it.
      if (shape === null) break;
      if (shape) card = box;
    }
    if (card) cards.set(card, el);
  }
  // Cards that repeat (the same box or the same button) are the items of a list: products
  // of a round-up, a service's features. A promotion stands alone.
  const boxes = new Map<string, number>();
  const buttons = new Map<string, number>();
  const boxKey = (card: Element) => `${card.name} ${card.attribs.class ?? ""}`;
  const buttonKey = (button: Element) => normalizedTextOf(button).toLowerCase();
  for (const [card, button] of cards) {
    boxes.set(boxKey(card), (boxes.get(boxKey(card)) ?? 0) + 1);
    buttons.set(buttonKey(button), (buttons.get(buttonKey(button)) ?? 0) + 1);
  }
  // A box shaped like its siblings is one of the story's sections, not a box set into it.
  const siblingKeys = new Map<ParentNode, Map<string, number>>();
  const hasTwin = (card: Element) => {
    const parent = card.parent;
    if (!parent) return false;
    let keys = siblingKeys.get(parent);
    if (!keys) {
      keys = new Map();
      for (const c of parent.children) {
        if (isElement(c)) keys.set(boxKey(c), (keys.get(boxKey(c)) ?? 0) + 1);
      }
      siblingKeys.set(parent, keys);
    }
    return (keys.get(boxKey(card)) ?? 0) > 1;
  };
  for (const [card, button] of cards) {
    if ((boxes.get(boxKey(card)) ?? 0) > 1 || (buttons.get(buttonKey(button)) ?? 0) > 1) continue;
    if (hasTwin(card)) continue;
    if (!card.parent || ancestorsOf(card).some((a) => cards.has(a))) continue;
    onRemove?.(card, "boilerplate-text");
    removeMeasured(stats, card, root, removals, shapes);
  }
}

/** No element sibling comes before the element. */
function isFirstElementChild(el: Element): boolean {
  for (let prev = el.prev; prev; prev = prev.prev) if (isElement(prev)) return false;
  return true;
}

/** A list of this many `<article>` children is a list of teasers, not the story. */
const TEASER_LIST_ARTICLES = 3;

/**
 * Teasers are a linked headline and a line or two: `<article>` children averaging this
 * much prose each are the sections of one long piece (a guide, a list of reviews).
 */
const SECTION_ARTICLE_PROSE = 400;
/** How far up an enclosing `<article>` is looked for. */
const NESTED_ARTICLE_DEPTH = 12;

/** The `<article>` children are sections of the story: long prose, few links. */
function isSectionList(articles: Element[], stats: StatsMap): boolean {
  let prose = 0;
  let chars = 0;
  let linkChars = 0;
  for (const a of articles) {
    const s = stats.get(a);
    if (!s) continue;
    prose += s.prose;
    chars += s.chars;
    linkChars += s.linkChars;
  }
  return (
    prose >= articles.length * SECTION_ARTICLE_PROSE && linkChars < chars * PROSE_MAX_LINK_DENSITY
  );
}

/** A list of `<article>`s holding this share of the body's text is the body. */
const BODY_LIST_SHARE = 0.5;

/** ... when its items average this much prose each: teaser cards carry a line or two. */
const BODY_LIST_ITEM_PROSE = 250;

/** The element holds most of the body's text, and that text is not mostly links. */
function isMostOfBody(el: Element, root: Element, stats: StatsMap, items: number): boolean {
  const s = stats.get(el);
  if (!s || s.prose < items * BODY_LIST_ITEM_PROSE) return false;
  let all = 0;
  for (const child of root.children) if (isElement(child)) all += stats.get(child)?.chars ?? 0;
  return s.chars >= all * BODY_LIST_SHARE && s.linkChars < s.chars * MAX_BLOCK_LINK_DENSITY;
}

/** Levels above a list, and headings before each, looked at for a "Related" heading. */
const RELATED_INTRO_LEVELS = 2;
const RELATED_INTRO_SIBLINGS = 2;

/** A "Related" / "You may also like" heading stands just before the list or its box. */
function isIntroducedAsRelated(el: Element, root: Element): boolean {
  const isRelatedHeading = (node: AnyNode) => {
    if (!isElement(node) || node.name === "article") return false;
    const text = normalizedTextOf(node);
    return text.length <= RELATED_HEADING_MAX_CHARS && RELATED_HEADING.test(text);
  };
  // The heading may open the list's own box, before its first <article>.
  for (const child of el.children) {
    if (isElement(child) && child.name === "article") break;
    if (isRelatedHeading(child)) return true;
  }
  let current: Element | null = el;
  for (let level = 0; level <= RELATED_INTRO_LEVELS && current && current !== root; level++) {
    let prev = current.prev;
    for (let i = 0; prev && i < RELATED_INTRO_SIBLINGS; prev = prev.prev) {
      if (!isElement(prev)) continue;
      i++;
      if (isRelatedHeading(prev)) return true;
    }
    current = isElement(current.parent) ? current.parent : null;
  }
  return false;
}

/** Removes elements whose children are several `<article>`s: lists of other stories. */
function removeArticleLists(
  root: Element,
  stats: StatsMap,
  shapes: ShapeMap,
  removals: DeferredRemovals,
  onRemove?: OnRemove,
): void {
  for (const el of descendantElements(root)) {
    if (!el.parent) continue;
    const articles = el.children.filter((c): c is Element => isElement(c) && c.name === "article");
    if (articles.length < TEASER_LIST_ARTICLES) continue;
    // Articles inside an article are other stories (HTML's own meaning); elsewhere long
    // ones are the sections of this one.
    const nested = el.name === "article" || hasAncestorTag(el, "article", NESTED_ARTICLE_DEPTH);
    if (!nested && isSectionList(articles, stats)) continue;
    // Teasers hang off a story; a list holding most of the body is the story itself
    // (a guide or a round-up written as one <article> per item).
    if (isMostOfBody(el, root, stats, articles.length) && !isIntroducedAsRelated(el, root))
      continue;
    onRemove?.(el, "teaser-list");
    removeMeasured(stats, el, root, removals, shapes);
  }
}

/** Drops blocks left without text or media. */
function removeEmptyBlocks(root: Element, removals: DeferredRemovals): void {
  const elements = descendantElements(root);
  for (let e = elements.length - 1; e >= 0; e--) {
    const el = elements[e] as Element;
    if (!el.parent) continue;
    removals.settle(el);
    if (el.name === "img" || el.name === "br" || el.name === "hr" || el.name === "td") continue;
    if (el.name === "th" || el.name === "tr") continue;
    if (el.children.length === 0 && !["img", "br"].includes(el.name)) {
      removals.remove(el);
      continue;
    }
    const hasContent = el.children.some(
      (c: AnyNode) => isElement(c) || (c.type === "text" && c.data.trim() !== ""),
    );
    // An inline element holding only a space ("from<span> </span><a>DJI</a>") is the space
    // between two words: without it they run together.
    if (!hasContent && !(!BLOCK_TAGS.has(el.name) && holdsSpace(el))) removals.remove(el);
  }
}

/** The element's own text is whitespace (and not nothing). */
function holdsSpace(el: Element): boolean {
  return el.children.some((c: AnyNode) => c.type === "text" && c.data !== "");
}
