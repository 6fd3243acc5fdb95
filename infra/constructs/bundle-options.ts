import * as path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The esbuild options of every Lambda bundle, in one place. `ArticleFunction` hands them to
 * NodejsFunction; the bundle test hands the same values to esbuild directly, so what the test
 * measures (size, module initialization) is what `cdk deploy` uploads.
 */

const STUBS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../functions/shared/bundle-stubs",
);

/** Modules a bundle replaces with our own smaller ones (absolute paths, as esbuild wants). */
const BUNDLE_STUBS = {
  "hash-wasm": path.join(STUBS_DIR, "hash-wasm.ts"),
  pako: path.join(STUBS_DIR, "pako.ts"),
} as const;

export const BUNDLE_OPTIONS = {
  /** Lambda runtime is Node.js 24 (see article-function.ts); no syntax lowering needed. */
  target: "node24",
  platform: "node",
  /** ESM: top-level await for one-time init, and tree shaking of ESM-only dependencies. */
  format: "esm",
  minify: true,
  sourcemap: true,
  /** Source maps carry names and mappings only; the sources themselves stay out of the zip. */
  sourcesContent: false,
  /** Prefer the ESM build of dual packages: smaller and tree-shakable. */
  mainFields: ["module", "main"],
  /** The Lambda Node.js runtime provides AWS SDK v3; bundled, each client adds hundreds of KB. */
  external: ["@aws-sdk/*"],
  /**
   * encoding-sniffer only calls `labelToName`, which the lite entry exports too; the full
   * entry would add 147 KB of multi-byte decoding tables that the sniffer never uses.
   */
  alias: {
    "@exodus/bytes/encoding.js": "@exodus/bytes/encoding-lite.js",
    /**
     * warcio's digests and gzip (functions/shared/bundle-stubs/): Node's crypto gives the
     * same SHA-256 as hash-wasm's 200 KB of WebAssembly, and the capture code gzips and
     * inflates with node:zlib, never through pako (42 KB). Without these warcio adds 91 KB
     * and the ingest bundle no longer fits its 800 KB budget.
     */
    "hash-wasm": BUNDLE_STUBS["hash-wasm"],
    pako: BUNDLE_STUBS.pako,
  },
  /** CommonJS dependencies call require() for Node built-ins; ESM output needs this shim. */
  banner:
    "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
} as const;

/**
 * The same options in esbuild's own shape, for bundling outside CDK (the bundle test and
 * `npm run bench` measure exactly what `cdk deploy` uploads).
 */
export function esbuildOptions(entryPoints: Record<string, string>, outdir: string) {
  return {
    entryPoints,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: BUNDLE_OPTIONS.platform,
    target: BUNDLE_OPTIONS.target,
    format: BUNDLE_OPTIONS.format,
    minify: BUNDLE_OPTIONS.minify,
    sourcemap: BUNDLE_OPTIONS.sourcemap,
    sourcesContent: BUNDLE_OPTIONS.sourcesContent,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    external: [...BUNDLE_OPTIONS.external],
    banner: { js: BUNDLE_OPTIONS.banner },
    alias: { ...BUNDLE_OPTIONS.alias },
    logLevel: "silent" as const,
  };
}

/**
 * Packages that must never be in a bundle. Full `cheerio` pulls in parse5, undici and
 * whatwg-encoding (about 1.4 MB); the code imports `cheerio/slim` (htmlparser2 only). An esbuild
 * alias cannot do this safely (it would also rewrite `cheerio/slim`), so the bundle test checks it.
 */
export const FORBIDDEN_BUNDLE_INPUTS = ["node_modules/parse5/", "node_modules/undici/"] as const;

/** Target size of the minified ingest bundle, in bytes. */
export const INGEST_BUNDLE_BUDGET_BYTES = 800 * 1024;

/**
 * Ceiling the bundle tests enforce: the budget itself. Charset decoding uses the runtime's
 * TextDecoder (no pure-JS tables), cheerio/slim and a small language detector keep the rest
 * of the ingest bundle under it.
 */
export const INGEST_BUNDLE_CEILING_BYTES = INGEST_BUNDLE_BUDGET_BYTES;
