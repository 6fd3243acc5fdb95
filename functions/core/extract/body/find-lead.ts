/**
 * The lead (standfirst) often sits outside the container that wins the scoring: in the
 * article header next to the headline. It belongs to the body. It is found before the body
 * in document order, close to it, either by its class/id name (`lead`, `standfirst`,
 * `intro`, `perex`...) or because its text is the page's description.
 */
import type { AnyNode, Document, Element } from "domhandler";
import { ancestorsOf, isElement, nameOf, normalizedTextOf } from "./dom";
import { linkDensityFrom, type StatsMap } from "./measure";
import { PATTERNS } from "./patterns";

/** A lead is a sentence or two: shorter is a label, longer is body text already found. */
const MIN_LEAD_CHARS = 40;
const MAX_LEAD_CHARS = 700;
/** The lead shares an ancestor with the body at most this many levels above the body. */
const MAX_LEAD_DISTANCE = 6;
/** Tags a lead is written in. */
const LEAD_TAGS = new Set(["p", "div", "h2", "h3", "span", "strong", "section", "summary"]);

function normalizeForCompare(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
}

/** A prefix matches the description when it holds this share of it (cut-off descriptions). */
const MIN_DESCRIPTION_OVERLAP = 0.6;
/** A lead is prose: at most this share of it is links (a teaser list is not a lead). */
const MAX_LEAD_LINK_DENSITY = 0.2;

/** The text says what the description says (same text, or one a prefix of the other). */
function matchesDescription(text: string, description: string | null): boolean {
  if (!description) return false;
  const a = normalizeForCompare(text);
  const b = normalizeForCompare(description);
  if (a.length < MIN_LEAD_CHARS || b.length < MIN_LEAD_CHARS) return false;
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  return (
    longer.startsWith(shorter.replace(/(\.\.\.|…)$/, "")) &&
    shorter.length >= longer.length * MIN_DESCRIPTION_OVERLAP
  );
}

/** Elements in document order that come before `stop`. */
function elementsBefore(root: Document, stop: Element): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node === stop) break;
    if (!isElement(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return out;
}

/** The lead element for a body starting at `first`, or null. */
export function findLead(
  doc: Document,
  first: Element,
  description: string | null,
  stats: StatsMap,
): Element | null {
  const region = ancestorsOf(first, MAX_LEAD_DISTANCE);
  const outer = region[region.length - 1];
  if (!outer) return null;
  const regionSet = new Set([first, ...region]);
  let found: Element | null = null;
  for (const el of elementsBefore(doc, first)) {
    if (!LEAD_TAGS.has(el.name) || regionSet.has(el)) continue;
    if (!isInside(el, outer)) continue;
    const text = normalizedTextOf(el);
    if (text.length < MIN_LEAD_CHARS || text.length > MAX_LEAD_CHARS) continue;
    if (linkDensityFrom(stats, el) > MAX_LEAD_LINK_DENSITY) continue;
    const named = PATTERNS.lead.test(nameOf(el));
    if (named || matchesDescription(text, description)) {
      // The deepest match wins (a wrapper and its paragraph both match).
      if (!found || isInside(el, found)) found = el;
      else found = el;
    }
  }
  return found;
}

function isInside(el: Element, ancestor: Element): boolean {
  let current = el.parent;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent;
  }
  return false;
}
