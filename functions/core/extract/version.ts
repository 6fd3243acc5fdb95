/**
 * Version of the extraction rules. Bump it whenever a change to functions/core/extract/
 * can change any extracted field: records keep the version that produced them, and
 * re-processing a stored raw copy records the new one.
 */
export const EXTRACTOR_VERSION = "1.1.0";
