/**
 * The checks every URL we accept passes, whether it is submitted (normalizeUrl) or about
 * to be fetched (checkUrl): at most MAX_URL_LENGTH characters, absolute, http or https,
 * no credentials, a host. Each failure is an `invalid-url` naming the input.
 */
import { IngestError } from "./errors";

/** Longest URL accepted; longer ones are abuse or broken links, not articles. */
export const MAX_URL_LENGTH = 8192;

/**
 * Parses `input` as an absolute http(s) URL without credentials; throws
 * `IngestError("invalid-url")` saying which check failed. `shown` is the text messages
 * quote (the user's own spelling when `input` was trimmed first).
 */
export function parseHttpUrl(input: string, shown: string = input): URL {
  checkUrlLength(input);
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new IngestError(
      "invalid-url",
      `"${preview(shown)}" is not an absolute URL (expected http:// or https://)`,
      { cause },
    );
  }
  // Parsing percent-encodes what needs it, so the parsed form can be longer than the input.
  checkUrlLength(url.href);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new IngestError(
      "invalid-url",
      `URL scheme "${url.protocol.replace(/:$/, "")}" is not allowed (expected http or https): ${preview(shown)}`,
    );
  }
  if (url.username || url.password) {
    throw new IngestError(
      "invalid-url",
      `URL has credentials in it, which are never sent: ${preview(url.host)}`,
    );
  }
  if (!url.hostname) {
    throw new IngestError("invalid-url", `URL has no host: ${preview(shown)}`);
  }
  return url;
}

/** Throws `invalid-url` when `url` is longer than MAX_URL_LENGTH (cheap: check it first). */
export function checkUrlLength(url: string): void {
  if (url.length > MAX_URL_LENGTH) {
    throw new IngestError(
      "invalid-url",
      `URL is ${url.length} characters long; at most ${MAX_URL_LENGTH} are accepted`,
    );
  }
}

/** The first 200 characters of `value`, for messages. */
function preview(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
