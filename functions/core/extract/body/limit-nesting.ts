/**
 * A guard run on the HTML string before parsing: tags nested deeper than a limit are dropped
 * (their text is kept). htmlparser2 keeps its open-element stack with `unshift`, so a
 * 100 000-deep page costs it quadratic time; real pages nest a few dozen levels.
 */

/** Far above any real page's depth, low enough that the parser stays linear in practice. */
export const MAX_TAG_NESTING = 1500;

/** Pages smaller than this cannot nest deeply enough to matter; skip the scan. */
const MIN_LENGTH_TO_SCAN = MAX_TAG_NESTING * 5;

const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*>/g;

/** Elements that never have a closing tag. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** The HTML with tags beyond `limit` levels of nesting removed. */
export function limitNesting(html: string, limit = MAX_TAG_NESTING): string {
  if (html.length < MIN_LENGTH_TO_SCAN) return html;
  let depth = 0;
  let dropped = 0;
  let changed = false;
  const out = html.replace(TAG, (tag, slash: string, name: string) => {
    if (VOID.has(name.toLowerCase()) || tag.endsWith("/>")) return tag;
    if (slash === "") {
      if (depth >= limit) {
        dropped++;
        changed = true;
        return "";
      }
      depth++;
      return tag;
    }
    if (dropped > 0) {
      dropped--;
      return "";
    }
    depth = Math.max(0, depth - 1);
    return tag;
  });
  return changed ? out : html;
}
