/** Shared shapes and helpers for reading one field from several sources in precedence order. */
import type { MetadataSource } from "../types";
import { type JsonLdDocument, type JsonLdNode, resolveRef, stringOf, valuesOf } from "./json-ld";
import { type MetaTags, metaSource } from "./meta-tags";
import { cleanText } from "./text";

/** A value and the source it came from (recorded in `provenance` when it wins). */
export type Candidate<T> = { value: T; source: MetadataSource };

/** First candidate with a usable value. */
export function firstOf<T>(
  candidates: Array<Candidate<T | null | undefined>>,
): Candidate<T> | null {
  for (const c of candidates) {
    if (c.value !== null && c.value !== undefined && c.value !== "") {
      return { value: c.value as T, source: c.source };
    }
  }
  return null;
}

/** The first `<meta>` value among `keys`, with the source its key belongs to. */
export function fromMeta(meta: MetaTags, keys: string[]): Candidate<string | null> {
  const key = meta.firstKey(...keys);
  return { value: key ? meta.first(key) : null, source: key ? metaSource(key) : "meta" };
}

/** The first non-empty string value of a JSON-LD property (references followed, trimmed). */
export function ldString(doc: JsonLdDocument, node: JsonLdNode | null, key: string): string | null {
  for (const value of valuesOf(node, key)) {
    const text = stringOf(resolveRef(doc, value));
    if (text && cleanText(text)) return cleanText(text);
  }
  return null;
}

/** Every string value of a JSON-LD property (references followed). */
export function jsonLdStrings(doc: JsonLdDocument, node: JsonLdNode | null, key: string): string[] {
  return valuesOf(node, key)
    .map((v) => stringOf(resolveRef(doc, v)))
    .filter((v): v is string => Boolean(v));
}
