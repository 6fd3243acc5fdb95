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

/** Deepest nesting of non-void tags, counted on the string (stops early past `limit`). */
function nestingDepthOf(html: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let at = html.indexOf("<");
  while (at >= 0 && at + 1 < html.length) {
    const next = html.charCodeAt(at + 1);
    if (next === 47) depth = Math.max(0, depth - 1);
    else if ((next | 32) >= 97 && (next | 32) <= 122) {
      const end = html.indexOf(">", at);
      if (end < 0) break;
      VOID_PREFIX.lastIndex = at + 1;
      if (html.charCodeAt(end - 1) !== 47 && !VOID_PREFIX.test(html)) {
        depth++;
        if (depth > max) max = depth;
        if (max > limit) return max;
      }
      at = end;
    }
    at = html.indexOf("<", at + 1);
  }
  return max;
}

/**
 * A void element's tag name (`<br>`, `<img ...>`) at `lastIndex` (sticky: tested in place,
 * without cutting the name out of the page).
 */
const VOID_PREFIX =
  /(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)[\s/>]/iy;

/** The HTML with tags beyond `limit` levels of nesting removed. */
export function limitNesting(html: string, limit = MAX_TAG_NESTING): string {
  if (html.length < MIN_LENGTH_TO_SCAN || nestingDepthOf(html, limit) <= limit) return html;
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
