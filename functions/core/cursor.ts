/**
 * Opaque, tamper-checked pagination cursors: base64url(JSON) + "." + HMAC-SHA256 of it.
 * A cursor that was altered, truncated or made for another query is rejected.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
    this.name = "InvalidCursorError";
  }
}

export function encodeCursor(value: unknown, key: string, scope: string): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, v: value })).toString("base64url");
  return `${payload}.${sign(payload, key)}`;
}

export function decodeCursor<T>(cursor: string, key: string, scope: string): T {
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw new InvalidCursorError("malformed");
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new InvalidCursorError("signature does not match (altered or from another deployment)");
  }
  const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    s: string;
    v: T;
  };
  if (decoded.s !== scope) throw new InvalidCursorError("made for a different query");
  return decoded.v;
}

function sign(payload: string, key: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url").slice(0, 22);
}
