/**
 * Version of the extraction rules. Records keep the version that produced them, and the
 * pipeline re-extracts a stored page when its record's version differs, so the version must
 * change whenever a change can change any extracted field (see docs/extraction.md,
 * "Extractor version": major, minor, patch).
 */
export const EXTRACTOR_VERSION = "1.1.0";

/**
 * SHA-256 of the rule sources this version was cut from: every file under
 * functions/core/extract/ except this one, functions/core/sanitize-html.ts, and the pinned
 * versions of cheerio, franc-min and tldts. tests/unit/extract/version.test.ts recomputes it
 * and fails, printing the new value, until the version is bumped and this digest updated.
 */
export const EXTRACTOR_RULES_DIGEST =
  "7859a7758893efb7c9c849dde68f9fa567fed5df33e52b13f16ba4bae0e3f5c3";
