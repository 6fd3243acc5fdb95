/**
 * Finds the article body in a parsed document: prune furniture, score containers, take the
 * best one with its sibling parts, clean it. Mutates the document; returns a detached
 * wrapper element holding the body, or null when the page has no text at all.
 */
import type { AnyNode, Document, Element } from "domhandler";
import { cleanContainer } from "./clean-container";
import { descendantsByTag, isElement, normalizedLengthOf, normalizedTextOf } from "./dom";
import { articleNodesOf, scoreCandidates, topCandidateOf } from "./find-container";
import { findLead } from "./find-lead";
import { measureText } from "./measure";
import { dropNeverContent, placeStreamedSegments, pruneFurniture, relink } from "./prune";

/** Real pages nest far less than this; deeper subtrees are hostile and dropped. */
export const MAX_DEPTH = 300;

/** Makes an empty element to hold the body parts. */
export type ElementFactory = () => Element;

export interface ExtractedBody {
  /** Detached wrapper holding the body parts. */
  wrapper: Element;
  /**
   * Class/id names or furniture rules changed the result: a lenient pass could find a
   * different body. When false, the lenient pass would repeat this one exactly.
   */
  namesMattered: boolean;
  /** Characters of text in the chosen parts before cleaning. */
  chosenChars: number;
}

/** The article body of `doc`, detached into a fresh wrapper from `makeWrapper`. */
export function extractBody(
  doc: Document,
  title: string | null,
  makeWrapper: ElementFactory,
  description: string | null = null,
  /** Second attempt after an empty result: trust structure, not class names. */
  lenient = false,
  /** The metadata gives the page a date and a credit: a story (see `cleanContainer`). */
  story = false,
): ExtractedBody {
  placeStreamedSegments(doc);
  dropNeverContent(doc, MAX_DEPTH);
  const stats = measureText(doc);
  const pruned = lenient ? 0 : pruneFurniture(doc, stats);
  const scores = scoreCandidates(doc, stats);
  const top = topCandidateOf(scores, stats) ?? descendantsByTag(doc, "body")[0] ?? null;
  const wrapper = makeWrapper();
  if (!top) {
    relink(
      wrapper,
      [...doc.children].filter((c: AnyNode) => isElement(c)),
    );
  } else {
    const parts = top.name === "body" ? [...top.children] : articleNodesOf(top, scores, stats);
    const first = parts.find(isElement);
    const found = first ? findLead(doc, first, description, stats, title) : [];
    // A lead the body already repeats is not added twice.
    const partsText = found.length > 0 ? parts.map((p) => normalizedTextOf(p)) : [];
    const lead = found.filter((l) => {
      const text = normalizedTextOf(l);
      return !partsText.some((p) => p.includes(text));
    });
    relink(wrapper, [...lead, ...parts]);
  }
  const chosenChars = normalizedLengthOf(wrapper);
  const namesWeighed = cleanContainer(wrapper, title, undefined, !lenient, story);
  return { wrapper, namesMattered: pruned > 0 || namesWeighed, chosenChars };
}
