/**
 * Stands in for `hash-wasm` in the Lambda bundles only (an esbuild alias,
 * infra/constructs/bundle-options.ts): warcio computes WARC digests with `createSHA256` and
 * `createSHA1`, and these give the same digests from Node's own crypto, without the 200 KB
 * of WebAssembly. Tests and the CLI run warcio with the real hash-wasm.
 */
import { createHash, type Hash } from "node:crypto";

interface Hasher {
  init(): Hasher;
  update(data: Uint8Array | string): Hasher;
  digest(outputType?: "hex" | "binary"): string | Uint8Array;
}

function hasher(algorithm: "sha256" | "sha1"): Hasher {
  let hash: Hash = createHash(algorithm);
  const self: Hasher = {
    init() {
      hash = createHash(algorithm);
      return self;
    },
    update(data) {
      hash.update(data);
      return self;
    },
    digest(outputType = "hex") {
      const out = hash.digest();
      return outputType === "binary" ? new Uint8Array(out) : out.toString("hex");
    },
  };
  return self;
}

export async function createSHA256(): Promise<Hasher> {
  return hasher("sha256");
}

export async function createSHA1(): Promise<Hasher> {
  return hasher("sha1");
}
