/**
 * Builds the heuristics' regular expressions from commented lists, one entry per line, so
 * each rule can be read, counted and tested on its own. An entry is what it matches (a
 * plain string is a literal phrase, escaped; a RegExp is used as written) and an example
 * of what it catches, which the unit tests feed to the extractor.
 */

/** One rule: what it matches and a short example of what it catches. */
export type Rule = readonly [match: string | RegExp, example: string];

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The rules as one non-capturing alternation. */
export function alternation(rules: readonly Rule[]): string {
  return `(?:${rules.map(([m]) => (typeof m === "string" ? escapeLiteral(m) : m.source)).join("|")})`;
}

/** A whole block of text that is one of the phrases, punctuation after it allowed. */
export function wholeText(rules: readonly Rule[]): RegExp {
  return new RegExp(`^${alternation(rules)}\\W*$`, "iu");
}

/** A block of text that starts with one of the phrases, then `:`, `|`, `»` or a dash. */
export function prefixText(rules: readonly Rule[]): RegExp {
  return new RegExp(`^${alternation(rules)}\\s*[:|»>–—-]`, "iu");
}

/** Text containing one of the patterns anywhere. */
export function anywhere(rules: readonly Rule[]): RegExp {
  return new RegExp(alternation(rules), "iu");
}

/**
 * A class/id token that is exactly one of the names, or a BEM element or modifier of it
 * (`teaser`, `teaser__title`, `teaser--wide`, but not `article-teaser`): for words that
 * also name real content inside a longer token.
 */
export function classTokens(rules: readonly Rule[]): RegExp {
  return new RegExp(`(?:^|\\s)${alternation(rules)}(?=\\s|$|__|--)`);
}

/**
 * One of the names as a whole part of a class/id token, parts being separated by `-` or
 * `_` (`share` in `share-bar` and `post_share`, not in `shared`).
 */
export function classWords(rules: readonly Rule[]): RegExp {
  return new RegExp(`(?:^|[\\s_-])${alternation(rules)}(?=[\\s_-]|$)`);
}

/** One of the names anywhere in the class/id string (Readability's matching). */
export function classSubstrings(rules: readonly Rule[]): RegExp {
  return new RegExp(alternation(rules));
}
