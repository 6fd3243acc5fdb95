/**
 * Page text that cannot attack its reader. A title is printed to terminals and shown in
 * editors, so it must not carry:
 *
 * - C0 controls (U+0000-001F) but tab and newline, DEL (U+007F) and C1 controls
 *   (U+0080-009F): ESC and CSI start the sequences that move the cursor, rewrite the screen
 *   or set the clipboard (OSC 52); BEL ends them; a lone CR returns to the start of the line
 *   so later text overwrites earlier text;
 * - bidi embeddings and overrides (U+202A-202E) and isolates (U+2066-2069): they reorder
 *   how the characters after them are displayed ("Trojan Source"), so the text read differs
 *   from the text stored.
 *
 * Kept on purpose: the implicit marks LRM, RLM (U+200E, U+200F) and ALM (U+061C). They only
 * set the direction of neighbouring neutral characters, cannot reverse strong text, and
 * Arabic and Hebrew titles use them legitimately.
 *
 * The characters are removed, not the whole escape sequence: what followed an ESC stays as
 * printable text (`]52;c;...`), visible and harmless, and no real text is ever guessed away.
 */

/** Every character `safeText` removes (CR is turned into a newline instead). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The same for one line: also tab and newline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const UNSAFE_LINE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control characters (tab and newline kept; CR and CRLF become a newline) and bidi overrides. */
export function safeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARS, "");
}

/**
 * One line of `text` for a terminal: `safeText`, and whitespace controls (tab, newline,
 * CR, ...) become a space so words stay apart.
 */
export function safeLine(text: string): string {
  return text.replace(/[\t\n\v\f\r]/g, " ").replace(UNSAFE_LINE_CHARS, "");
}
