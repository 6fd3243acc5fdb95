/**
 * The size bound of every API answer, defined once. Lambda refuses a synchronous response
 * over 6 MB (6,291,456 bytes) for the whole invocation result, in which the body travels as
 * a JSON string: quotes, backslashes and control characters grow when escaped. The bound is
 * on the body as encoded there, with room left for the status, the headers and the envelope.
 * `handleApiRequest` checks it on every answer before returning (api-app.ts).
 */

/** Largest body the API returns, in bytes once JSON-encoded (5 MiB, under Lambda's 6 MB). */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** Size of a response body as the Lambda response carries it (a JSON string, UTF-8). */
export function encodedBodyBytes(body: string): number {
  return Buffer.byteLength(JSON.stringify(body), "utf8");
}

export function fitsResponseBound(body: string): boolean {
  // A body of n UTF-16 units encodes to at least n bytes: skip the encoding when it cannot fit.
  if (body.length > MAX_RESPONSE_BYTES) return false;
  return encodedBodyBytes(body) <= MAX_RESPONSE_BYTES;
}
