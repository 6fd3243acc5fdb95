/**
 * First pass over the whole document: drops what can never be article text (scripts, forms
 * controls, hidden elements, landmarks of page furniture, comments) and elements whose
 * class/id name says they are furniture. Runs before scoring so furniture cannot win.
 */
import type { AnyNode, Element, ParentNode } from "domhandler";
import { isElement, keepWordsApart, nameOf } from "./dom";
import { linkDensityFrom, proseFrom, type StatsMap } from "./measure";
import { DROP_TAGS, FURNITURE_ROLES, PATTERNS } from "./patterns";

/** Tags that are containers of the article itself and are never pruned by name. */
const ARTICLE_TAGS = new Set(["html", "body", "article", "main"]);

/** The element is hidden from readers (attribute, ARIA or inline style). */
export function isHidden(el: Element): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined) return true;
  if (a["aria-hidden"] === "true" && el.name !== "span" && el.name !== "i") return true;
  const style = a.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/**
 * Class names of CSS kits that hide an element (`hidden`, Bootstrap's `d-none`, the
 * screen-reader-only text of WordPress and Tailwind), as whole tokens.
 */
const HIDDEN_CLASS =
  /(?:^|\s)(?:hidden|d-none|is-hidden|sr-only|visually-hidden|screen-reader-text|screen-reader-only)(?=\s|$)/;
/** A responsive variant (`hidden md:block`) shows the element on other screens. */
const SHOWN_ELSEWHERE =
  /(?:^|\s)[\w-]+:(?:block|flex|grid|inline|inline-block|table|contents)(?=\s|$)/;

/**
 * The element is hidden by a CSS kit's class (not a collapsed panel a reader opens). Judged
 * inside the chosen body only, and on short text only: a class that scripts remove ("read
 * on" expansions) can hide the rest of a story.
 */
export function isHiddenByClass(el: Element): boolean {
  const cls = el.attribs.class;
  if (cls === undefined || !HIDDEN_CLASS.test(cls) || SHOWN_ELSEWHERE.test(cls)) return false;
  return !isDisclosurePanel(el);
}

/** The element can never hold article text. */
export function isNeverContent(el: Element): boolean {
  return DROP_TAGS.has(el.name);
}

/** How far up a paragraph is looked for: inline markup rarely nests deeper. */
const INLINE_DEPTH = 3;

function isInsideParagraph(el: Element): boolean {
  let current = el.parent;
  for (let i = 0; i < INLINE_DEPTH && current && isElement(current); i++) {
    if (current.name === "p") return true;
    current = current.parent;
  }
  return false;
}

/** Region names (`header`, `banner`) anywhere in a name, to see what else it says. */
const REGION_WORDS = new RegExp(PATTERNS.region.source, "g");

/**
 * The element is page furniture by tag, role or class/id name. `hiddenProse`: it is a
 * collapsed panel of prose; `ownProse`: it holds prose of its own with few links, which
 * outweighs a name that only says where it sits (`listing-header`, `hero-banner`).
 */
export function isFurniture(el: Element, hiddenProse = false, ownProse = false): boolean {
  if (el.name === "aside" || el.name === "footer") return true;
  const role = el.attribs.role;
  if (role !== undefined && FURNITURE_ROLES.has(role)) return true;
  if (isHidden(el) && !hiddenProse) return true;
  if (ARTICLE_TAGS.has(el.name) || role === "main" || role === "article") return false;
  // Links and the inline content of a paragraph are part of its sentence ("tag-link").
  if (el.name === "a" || isInsideParagraph(el)) return false;
  const name = nameOf(el);
  if (name === "") return false;
  if (PATTERNS.lead.test(name) || PATTERNS.quotedEmbed.test(name)) return false;
  if (PATTERNS.boilerplate.test(name)) return true;
  if (!PATTERNS.unlikely.test(name) || PATTERNS.maybe.test(name)) return false;
  return !(ownProse && !PATTERNS.unlikely.test(name.replace(REGION_WORDS, " ")));
}

/** Prose (characters) that makes a region-named element (`article-header`) content. */
const REGION_PROSE_CHARS = 200;
/** ... with at most this share of its text in links (a site header is mostly links). */
const REGION_MAX_LINK_DENSITY = 0.2;

/**
 * A furniture name never removes an element holding this share of the page's prose: the
 * name is wrong ("page-ad-margins" around the whole story), not the text.
 */
const PROTECTED_PROSE_SHARE = 0.5;
/** Reader comments can outweigh a short story; their name is never wrong. */
const COMMENTS = /(^|[\s_-])(comments?|comment-list|disqus|replies|discussion)([\s_-]|$)/;
/** ... or this share when its name also says article ("article-text js-advertorial"). */
const PROTECTED_NAMED_PROSE_SHARE = 0.2;

/** ARIA roles of a panel a reader opens: an accordion section, a tab. */
const DISCLOSURE_ROLES = new Set(["region", "tabpanel"]);

/**
 * The element is a collapsed panel (accordion section, tab, "read on" expansion): hidden
 * until the reader opens it, but part of the page's text. Told by its ARIA wiring (a
 * region or tab panel, labelled by the control that opens it) or its name.
 */
export function isDisclosurePanel(el: Element): boolean {
  const role = el.attribs.role;
  if (role !== undefined && DISCLOSURE_ROLES.has(role)) return true;
  if (el.attribs["aria-labelledby"] !== undefined) return true;
  return PATTERNS.disclosure.test(nameOf(el));
}

/** A hidden panel with prose and less than this share of links is content, not a menu. */
const HIDDEN_CONTENT_MAX_LINK_DENSITY = 0.25;

/**
 * React's streamed server rendering sends late parts of the page as `<div hidden id="S:n">`
 * at the end of the body, and a script moves each into the `<template id="B:n">` that marks
 * its place. Done here, before scripts and templates are dropped: the text is then where
 * a reader sees it. A segment without its placeholder stays where it is, shown.
 */
export function placeStreamedSegments(root: ParentNode): number {
  const placeholders = new Map<string, Element>();
  const segments: Element[] = [];
  const stack: ParentNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ParentNode;
    for (const child of node.children) {
      if (!isElement(child)) continue;
      const id = child.attribs.id;
      if (id !== undefined && id.length < 12) {
        if (child.name === "template" && id.startsWith("B:")) placeholders.set(id.slice(2), child);
        else if (
          child.name === "div" &&
          child.attribs.hidden !== undefined &&
          id.startsWith("S:")
        ) {
          segments.push(child);
          continue;
        }
      }
      stack.push(child);
    }
  }
  for (const segment of segments) {
    delete segment.attribs.hidden;
    const placeholder = placeholders.get((segment.attribs.id as string).slice(2));
    const parent = placeholder?.parent;
    if (!placeholder || !parent || !segment.parent) continue;
    relink(
      segment.parent,
      segment.parent.children.filter((c) => c !== segment),
    );
    const at = parent.children.indexOf(placeholder);
    relink(parent, [...parent.children.slice(0, at), segment, ...parent.children.slice(at + 1)]);
  }
  return segments.length;
}

/** Input types a reader fills in or picks: a form asks for something (not hidden fields, not buttons). */
const ENTRY_INPUT_TYPES = new Set([
  "",
  "text",
  "email",
  "search",
  "tel",
  "number",
  "password",
  "url",
  "radio", // a poll's answers (a checklist's checkboxes are text of the page)
]);

/**
 * Form controls dropped from each element (its own children only): the controls go before
 * anything else, but their place still tells a sign-up or search box from prose.
 */
const droppedControls = new WeakMap<Element, number>();

/** How many entry controls (`input`, `textarea`, `select`) were dropped from the element's own children. */
export function droppedControlsOf(el: Element): number {
  return droppedControls.get(el) ?? 0;
}

/** Elements a contact field was dropped from: a box asking for an address is a sign-up. */
const droppedContactFields = new WeakSet<Element>();

/** A contact field (an e-mail address or a phone number) was dropped from the element. */
export function droppedContactFieldOf(el: Element): boolean {
  return droppedContactFields.has(el);
}

/** An e-mail or phone field: `type="email"` / `"tel"`, or a text field named for one. */
function isContactField(el: Element): boolean {
  if (el.name !== "input") return false;
  const type = (el.attribs.type ?? "").toLowerCase();
  if (type === "email" || type === "tel") return true;
  const names = `${el.attribs.name ?? ""} ${el.attribs.id ?? ""} ${el.attribs.autocomplete ?? ""}`;
  return (type === "" || type === "text") && /mail|phone|mobile/i.test(names);
}

function isEntryControl(el: Element): boolean {
  if (el.name === "textarea" || el.name === "select") return true;
  return el.name === "input" && ENTRY_INPUT_TYPES.has((el.attribs.type ?? "").toLowerCase());
}

/** Drops what can never be content (scripts, controls, comments, hostile depth), in place. */
export function dropNeverContent(root: ParentNode, maxDepth = Number.POSITIVE_INFINITY): void {
  const stack: Array<[ParentNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [ParentNode, number];
    const kept: AnyNode[] = [];
    for (const child of node.children) {
      if (child.type === "comment" || child.type === "directive" || child.type === "cdata")
        continue;
      // Deeper than real pages nest: hostile input, dropped whole.
      if (isElement(child) && (depth >= maxDepth || isNeverContent(child))) {
        keepWordsApart(kept[kept.length - 1]);
        if (isElement(node) && isEntryControl(child)) {
          droppedControls.set(node, droppedControlsOf(node) + 1);
          if (isContactField(child)) droppedContactFields.add(node);
        }
        continue;
      }
      kept.push(child);
    }
    if (kept.length !== node.children.length) relink(node, kept);
    for (const child of kept) if (isElement(child)) stack.push([child, depth + 1]);
  }
}

/**
 * Removes furniture from the tree, in place, sparing elements that hold most of the prose.
 * `stats` stays valid for the pruned tree (removed text is subtracted from ancestors).
 * Returns how many elements it removed.
 */
export function pruneFurniture(root: ParentNode, stats: StatsMap): number {
  let removed = 0;
  const totalProse = root.children.reduce(
    (sum, c) => sum + (isElement(c) ? proseFrom(stats, c) : 0),
    0,
  );
  const isProtected = (el: Element) => {
    const prose = proseFrom(stats, el);
    if (prose === 0 || COMMENTS.test(nameOf(el))) return false;
    if (prose >= totalProse * PROTECTED_PROSE_SHARE) return true;
    return prose >= totalProse * PROTECTED_NAMED_PROSE_SHARE && PATTERNS.positive.test(nameOf(el));
  };
  const isHiddenProse = (el: Element) =>
    isDisclosurePanel(el) &&
    proseFrom(stats, el) > 0 &&
    linkDensityFrom(stats, el) < HIDDEN_CONTENT_MAX_LINK_DENSITY;
  const hasOwnProse = (el: Element) =>
    proseFrom(stats, el) >= REGION_PROSE_CHARS &&
    linkDensityFrom(stats, el) <= REGION_MAX_LINK_DENSITY;
  const stack: ParentNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ParentNode;
    const kept: AnyNode[] = [];
    for (const child of node.children) {
      if (
        isElement(child) &&
        isFurniture(child, isHiddenProse(child), hasOwnProse(child)) &&
        !isProtected(child)
      ) {
        subtractFromAncestors(stats, child);
        keepWordsApart(kept[kept.length - 1]);
        removed++;
        continue;
      }
      kept.push(child);
    }
    if (kept.length !== node.children.length) relink(node, kept);
    for (const child of kept) if (isElement(child)) stack.push(child);
  }
  return removed;
}

/** Keeps the statistics right after `el` is removed: its text leaves every ancestor. */
function subtractFromAncestors(stats: StatsMap, el: Element): void {
  const removed = stats.get(el);
  if (!removed) return;
  let current = el.parent;
  while (current && isElement(current)) {
    const s = stats.get(current);
    if (s) {
      s.chars -= removed.chars;
      s.linkChars -= removed.linkChars;
      s.prose -= removed.prose;
    }
    current = current.parent;
  }
}

/** Replaces a node's children and fixes the sibling links. */
export function relink(node: ParentNode, children: AnyNode[]): void {
  node.children = children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as AnyNode;
    child.parent = node;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  }
}
