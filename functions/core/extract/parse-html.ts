/**
 * `loadHtml(html)`: cheerio's `load` on htmlparser2, with a tokenizer that skips plain runs
 * of text and attribute values in one tight loop. htmlparser2's tokenizer, decoding
 * entities, hands every character of text and of a quoted attribute value to its state
 * machine one at a time, only to look for the `<`, the closing quote or an `&`; on real
 * pages, where text and attribute values are most of the markup, that loop was most of the
 * parse. The subclass jumps to the next character that matters and leaves everything else
 * (tags, entities, comments, scripts, the end of the input) to htmlparser2 itself, so the
 * tree is the same node for node (tests/unit/extract/parse-html.test.ts compares the two
 * on hand-written pages that exercise every state it touches).
 */
import { type CheerioAPI, load } from "cheerio/slim";
import { Tokenizer } from "htmlparser2";

const LT = 0x3c; // <
const AMP = 0x26; // &
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** The tokenizer's own fields and states that the subclass reads (private in its types). */
interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
  decodeEntities: boolean;
  stateText(c: number): void;
  stateInAttributeValueDoubleQuotes(c: number): void;
  stateInAttributeValueSingleQuotes(c: number): void;
}

type TokenizerClass = new (...args: ConstructorParameters<typeof Tokenizer>) => TokenizerInternals;

const Base = Tokenizer as unknown as TokenizerClass;

/**
 * Moves the tokenizer to just before the next `stop` or `&` (or to the last character of
 * the buffer): the parse loop then steps onto it and handles it as it always does.
 */
function skipTo(tokenizer: TokenizerInternals, stop: number): void {
  const buffer = tokenizer.buffer;
  const offset = tokenizer.offset;
  const length = buffer.length;
  let i = tokenizer.index - offset + 1;
  while (i < length) {
    const code = buffer.charCodeAt(i);
    if (code === stop || code === AMP) break;
    i++;
  }
  tokenizer.index = i + offset - 1;
}

/** Exported for the tests, which check it is the tokenizer cheerio runs. */
export class SkippingTokenizer extends Base {
  override stateText(c: number): void {
    if (c !== LT && c !== AMP && this.decodeEntities) skipTo(this, LT);
    else super.stateText(c);
  }

  override stateInAttributeValueDoubleQuotes(c: number): void {
    if (c !== DOUBLE_QUOTE && c !== AMP && this.decodeEntities) skipTo(this, DOUBLE_QUOTE);
    else super.stateInAttributeValueDoubleQuotes(c);
  }

  override stateInAttributeValueSingleQuotes(c: number): void {
    if (c !== SINGLE_QUOTE && c !== AMP && this.decodeEntities) skipTo(this, SINGLE_QUOTE);
    else super.stateInAttributeValueSingleQuotes(c);
  }
}

/** htmlparser2's option naming the tokenizer class (not in cheerio's option types). */
const PARSER_OPTIONS = { Tokenizer: SkippingTokenizer } as unknown as Parameters<typeof load>[1];

/** `load(html)` of cheerio/slim, parsed with the skipping tokenizer. */
export function loadHtml(html: string): CheerioAPI {
  return load(html, PARSER_OPTIONS);
}

/** `load(html, null, false)`: a fragment, not a whole document. */
export function loadFragment(html: string): CheerioAPI {
  return load(html, PARSER_OPTIONS, false);
}
