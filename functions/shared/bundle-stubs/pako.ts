/**
 * Stands in for `pako` in the Lambda bundles only (an esbuild alias,
 * infra/constructs/bundle-options.ts). warcio imports pako for gzip, but the capture code
 * never lets warcio compress or inflate: it serializes records uncompressed and gzips each
 * with node:zlib, and reads a record's gzip member with node:zlib before parsing
 * (functions/adapters/warc-capture.ts). The classes exist because warcio extends
 * `Inflate` when it loads; using either throws, so a change that starts relying on pako in
 * the bundle fails loudly (tests/infra/bundle.test.ts writes and reads a capture in the
 * bundle). Saves about 42 KB of the 800 KB ingest budget.
 */
class NotBundled {
  constructor() {
    throw new Error("pako is not in the Lambda bundle: gzip WARC records with node:zlib");
  }
}

export class Inflate extends NotBundled {}
export class Deflate extends NotBundled {}
export default { Inflate, Deflate };
