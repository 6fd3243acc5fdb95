/**
 * Version of the extraction rules. Records keep the version that produced them, and the
 * pipeline re-extracts a stored page when its record's version differs, so the version must
 * change whenever a change can change any extracted field (see docs/extraction.md,
 * "Extractor version": major, minor, patch).
 */
export const EXTRACTOR_VERSION = "1.5.0";

/**
 * SHA-256 of the rule sources this version was cut from: every project file that
 * functions/core/extract/index.ts imports, directly or not (but this one), and the pinned
 * versions of cheerio, franc-min, htmlparser2 and tldts. tests/unit/extract/version.test.ts
 * recomputes it and fails, printing the new value, until the version is bumped and this
 * digest updated.
 */
export const EXTRACTOR_RULES_DIGEST =
  "8e0620344d32044f7ae8f1afab311c270b2601010b162fac5c130b48d45eac68";
