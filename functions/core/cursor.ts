/**
 * Opaque, tamper-checked pagination cursors: base64url(JSON) + "." + HMAC-SHA256 of it.
 * A cursor that was altered, truncated, signed with another key or made for another query
 * is rejected with `InvalidCursorError` (the API answers `400 invalid-cursor`), never with
 * another kind of error.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
    this.name = "InvalidCursorError";
  }
}

/** Longest cursor read; ours are a few hundred characters. */
export const MAX_CURSOR_LENGTH = 4096;

export function encodeCursor(value: unknown, key: string, scope: string): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, v: value })).toString("base64url");
  return `${payload}.${sign(payload, key)}`;
}

export function decodeCursor<T>(cursor: string, key: string, scope: string): T {
  if (typeof cursor !== "string" || cursor.length > MAX_CURSOR_LENGTH) {
    throw new InvalidCursorError("malformed");
  }
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw new InvalidCursorError("malformed");
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new InvalidCursorError("signature does not match (altered or from another deployment)");
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("malformed");
  }
  if (typeof decoded !== "object" || decoded === null || !("s" in decoded) || !("v" in decoded)) {
    throw new InvalidCursorError("malformed");
  }
  if (decoded.s !== scope) throw new InvalidCursorError("made for a different query");
  return decoded.v as T;
}

function sign(payload: string, key: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url").slice(0, 22);
}
