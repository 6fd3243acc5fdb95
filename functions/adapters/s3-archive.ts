/**
 * The S3 archive (the ingest service's `Archive` port). The only file that talks to S3.
 *
 * Each new version is one WARC/1.1 capture object (warc-capture.ts), one PUT:
 * `warc/<articleId>/<version>-<sha256 prefix>-<extractor>.warc.gz` holding the request and
 * response of the fetch (when the bytes are new) and the version's extraction document (an
 * imported capture is written the same way). Keys are determined by the content, and a
 * capture is created only when its key is free (`If-None-Match: *`; a HEAD first where the
 * endpoint ignores it), so a redelivery after a crash names the same object and writes no
 * second copy. The object's metadata lists the record ranges, so a writer that finds the
 * object there reuses it without reading it.
 *
 * The ingest handler writes the captures of one invocation as ONE shared object instead
 * (`putCaptureGroup`, one PUT: `warc/batch/<day>/<time>-<digest>.warc.gz`, a key never named
 * twice, its members listed in its metadata); records point at their ranges in it. A shared
 * object is deleted only by its group or the sweep (`deleteSharedCapture`), never by
 * `deleteCapture`.
 *
 * Copies written before WARC stay readable: every read goes by the key (and range) a record
 * stored, never by a key computed again: `raw/<articleId>/<sha256>.html.gz` and the older
 * `raw/<articleId>/<fetchedAt>-<sha256 prefix>.html.gz` (gzip body, facts as object
 * metadata); `articles/<articleId>/v<version>-<sha256 prefix>.json` (one document per
 * version) and the older `articles/<articleId>.json`, which every version overwrote: it
 * holds the document of the last version written there only, and `getDocument` answers
 * `null` for the others.
 */
import { createHash, randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { ArticleRecord, WarcRecordLocation } from "../core/article-record";
import { awsError, IngestError } from "../core/errors";
import { EXTRACTOR_VERSION } from "../core/extract/version";
import type { ArticleDocument, CaptureWrite } from "../core/ingest-decision";
import type {
  ArchiveLayout,
  CaptureMember,
  GroupArchive,
  RawMetadata,
  RawObject,
  StoredCapture,
} from "../ingest/ports";
import { BUCKET_DEFINITION } from "../shared/resources";
import {
  type CaptureRecords,
  headerOf,
  type ParsedRecord,
  parseCaptureObject,
  parseRecordMember,
  type RecordRange,
  type SerializedCapture,
  serializeCapture,
  serializeCaptures,
} from "./warc-capture";

export type { RawMetadata, RawObject };

/**
 * S3's limit on user metadata: the UTF-8 bytes of every key and value together. The URL
 * gets what the other values leave; each other value is bounded (a hostile server's
 * `Content-Type` header can be long) and printable ASCII, as HTTP headers carry them.
 */
const MAX_USER_METADATA_BYTES = 2048;
/** Longest `content-type` and `charset` kept in object metadata. */
const MAX_METADATA_VALUE = 256;

function asciiValue(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?").slice(0, MAX_METADATA_VALUE);
}

/** The capture's facts as object metadata, in all at most `MAX_USER_METADATA_BYTES`. */
export function rawObjectMetadata(metadata: RawMetadata): Record<string, string> {
  const others: Record<string, string> = {
    status: String(metadata.status),
    "content-type": asciiValue(metadata.contentType ?? ""),
    "fetched-at": asciiValue(metadata.fetchedAt),
    charset: asciiValue(metadata.charset),
  };
  const used = Object.entries(others).reduce(
    (sum, [key, value]) => sum + key.length + value.length,
    "url".length,
  );
  return { url: metadataUrl(metadata.url, MAX_USER_METADATA_BYTES - used), ...others };
}

/** The URL as ASCII for object metadata, cut at a whole escape when it is longer than `max`. */
function metadataUrl(url: string, max: number): string {
  const encoded = encodeURI(url);
  if (encoded.length <= max) return encoded;
  return encoded.slice(0, max).replace(/%[0-9A-Fa-f]?$/, "");
}

/** Decodes metadata written by `metadataUrl`; a cut multi-byte character is left encoded. */
function safeDecodeUri(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

/** Pre-WARC raw copy key (read only; tests write such copies to check they stay readable). */
export function rawKeyFor(articleId: string, sha256: string): string {
  return `${BUCKET_DEFINITION.prefixes.raw}${articleId}/${sha256}.html.gz`;
}

/** Characters of the body hash in a pre-WARC per-version document key. */
const DOCUMENT_KEY_HASH_CHARS = 16;

/**
 * Pre-WARC extraction document key (read only, as `rawKeyFor`): with a version and body hash
 * the per-version `articles/<id>/v<N>-<sha16>.json`, without them the older `articles/<id>.json`.
 */
export function articleKeyFor(articleId: string, version?: number, sha256?: string): string {
  const prefix = `${BUCKET_DEFINITION.prefixes.articles}${articleId}`;
  if (version === undefined || sha256 === undefined) return `${prefix}.json`;
  return `${prefix}/v${version}-${sha256.slice(0, DOCUMENT_KEY_HASH_CHARS)}.json`;
}

/** The key of a capture: one object per article, version, body hash and extractor. */
export function captureKeyFor(
  articleId: string,
  version: number,
  sha256: string,
  extractorVersion: string,
): string {
  const extractor = extractorVersion.replace(/[^0-9A-Za-z.-]/g, "_").slice(0, 32);
  return `${BUCKET_DEFINITION.prefixes.warc}${articleId}/${String(version).padStart(10, "0")}-${sha256.slice(0, 16)}-${extractor}.warc.gz`;
}

/**
 * Most captures one shared object holds: its member list (`articleId/version` each, about
 * 45 bytes) must fit S3's 2 KB of user metadata.
 */
export const MAX_SHARED_MEMBERS = 20;

/** Whether a key names a shared capture object (the captures of one invocation). */
export function isSharedCaptureKey(key: string): boolean {
  return key.startsWith(BUCKET_DEFINITION.sharedCapturesPrefix);
}

/**
 * The key of a shared capture object: its day and time (the sweep lists by age), and a
 * digest of its members' own capture keys and a random nonce, so no two writers ever name
 * the same shared object (it is never found again by a redelivery, see `putCaptureGroup`).
 */
export function sharedCaptureKey(createdAt: Date, memberKeys: string[], nonce: string): string {
  const iso = createdAt.toISOString();
  const digest = createHash("sha256")
    .update([...memberKeys].sort().join("\n"))
    .update(nonce)
    .digest("hex")
    .slice(0, 16);
  return `${BUCKET_DEFINITION.sharedCapturesPrefix}${iso.slice(0, 10)}/${iso.slice(11, 19).replace(/:/g, "")}-${digest}.warc.gz`;
}

/** The members of a shared object as object metadata (`members`: `id/version;…`). */
function membersMetadata(captures: CaptureWrite[]): string {
  return captures.map((c) => `${c.document.articleId}/${c.document.version}`).join(";");
}

function parseMembers(value: string | undefined): CaptureMember[] {
  const out: CaptureMember[] = [];
  for (const part of (value ?? "").split(";")) {
    const match = /^([0-9A-Za-z_-]{1,64})\/(\d{1,10})$/.exec(part);
    if (match) out.push({ articleId: match[1] as string, version: Number(match[2]) });
  }
  return out;
}

/**
 * What a capture's records hold. In a shared object (`objectKey` other than the capture's
 * own key) the document's record names the shared object, as the record written after it does.
 */
function captureRecords(capture: CaptureWrite, objectKey: string): CaptureRecords {
  const page = capture.response;
  const record = capture.document.record;
  const document =
    objectKey === capture.key
      ? capture.document
      : {
          ...capture.document,
          record: {
            ...record,
            ...(page && record.rawKey === capture.key ? { rawKey: objectKey } : {}),
            ...(record.articleKey === capture.key ? { articleKey: objectKey } : {}),
          },
        };
  return {
    ...(page
      ? {
          response: {
            url: page.finalUrl,
            fetchedAt: page.fetchedAt,
            status: page.status,
            contentType: page.contentType,
            body: page.body,
            ...(page.exchange ? { exchange: page.exchange } : {}),
          },
        }
      : {}),
    document: {
      url: record.url,
      date: record.checkedAt,
      json: JSON.stringify(document),
    },
  };
}

/** One WARC/1.1 object per capture (warc-capture.ts); keys written before WARC stay readable. */
export const WARC_LAYOUT: ArchiveLayout = { captureKey: captureKeyFor };

/** `software` of each capture's warcinfo record. */
export const CAPTURE_SOFTWARE = `article-ingest/0.1.0 (extractor ${EXTRACTOR_VERSION}; warcio.js 2.4.11)`;

export interface S3ArchiveOptions {
  /**
   * Whether the S3 endpoint honours `If-None-Match: *` on PUT (AWS does): then a capture is
   * one PUT, and only a 412 costs a HEAD. s3rver ignores the header, so locally a HEAD comes
   * first (the local stand-in has the race window between the two that AWS closes).
   */
  conditionalWrites?: boolean;
  layout?: ArchiveLayout;
}

/** A capture's record ranges as object metadata (`records`), so a later writer can reuse it. */
function rangesMetadata(serialized: SerializedCapture): string {
  const part = (name: string, r: RecordRange) => `${name}=${r.offset},${r.length},${r.digest}`;
  return [
    ...(serialized.response ? [part("r", serialized.response)] : []),
    part("d", serialized.document),
  ].join(";");
}

function parseRanges(value: string | undefined): {
  response?: RecordRange;
  document?: RecordRange;
} {
  const out: { response?: RecordRange; document?: RecordRange } = {};
  for (const part of (value ?? "").split(";")) {
    const match = /^([rd])=(\d+),(\d+),([\x21-\x7e]*)$/.exec(part);
    if (!match) continue;
    const range = { offset: Number(match[2]), length: Number(match[3]), digest: match[4] ?? "" };
    if (match[1] === "r") out.response = range;
    else out.document = range;
  }
  return out;
}

export class S3Archive implements GroupArchive {
  readonly layout: ArchiveLayout;
  private readonly conditionalWrites: boolean;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    options: S3ArchiveOptions = {},
  ) {
    this.layout = options.layout ?? WARC_LAYOUT;
    this.conditionalWrites = options.conditionalWrites ?? true;
  }

  /** Writes a WARC object under a key that must be new (`If-None-Match: *`). */
  private async putWarc(key: string, bytes: Uint8Array, metadata: Record<string, string>) {
    await this.call(key, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          IfNoneMatch: "*",
          Body: bytes,
          ContentType: "application/warc",
          Metadata: metadata,
        }),
      ),
    );
  }

  async putCapture(capture: CaptureWrite): Promise<StoredCapture> {
    const { key } = capture;
    if (!this.conditionalWrites) {
      const existing = await this.storedRanges(key);
      if (existing) return existing;
    }
    const serialized = await serializeCapture({
      software: CAPTURE_SOFTWARE,
      filename: key.slice(key.lastIndexOf("/") + 1),
      ...captureRecords(capture, key),
    });
    try {
      await this.putWarc(key, serialized.bytes, { records: rangesMetadata(serialized) });
    } catch (error) {
      if (error instanceof IngestError && error.facts.aws?.name === "PreconditionFailed") {
        const existing = await this.storedRanges(key);
        if (existing) return existing;
      }
      throw error;
    }
    return {
      created: true,
      ...(serialized.response ? { response: { key, ...serialized.response } } : {}),
      document: { key, ...serialized.document },
    };
  }

  /**
   * Stores several captures (of one invocation) as ONE WARC object, one PUT, under a new
   * shared key (`sharedCaptureKey`: never named twice), each capture's records at their own
   * offsets; returns each capture's locations in order. The object's metadata lists its
   * members (`articleId/version`), so the sweep can check whether any member's record points
   * at it. A PUT that fails is followed by a best-effort delete (a dropped answer may have
   * stored the object) and rethrown: the caller then writes each capture on its own.
   */
  async putCaptureGroup(captures: CaptureWrite[]): Promise<StoredCapture[]> {
    if (captures.length === 0) return [];
    if (captures.length > MAX_SHARED_MEMBERS) {
      throw new RangeError(`A shared capture holds at most ${MAX_SHARED_MEMBERS} captures`);
    }
    const key = sharedCaptureKey(
      new Date(),
      captures.map((c) => c.key),
      randomUUID(),
    );
    const group = await serializeCaptures(
      CAPTURE_SOFTWARE,
      key.slice(key.lastIndexOf("/") + 1),
      captures.map((c) => captureRecords(c, key)),
    );
    try {
      await this.putWarc(key, group.bytes, { members: membersMetadata(captures) });
    } catch (error) {
      await this.delete(key).catch(() => {});
      throw error;
    }
    return group.captures.map((c) => ({
      created: true,
      shared: true,
      ...(c.response ? { response: { key, ...c.response } } : {}),
      document: { key, ...c.document },
    }));
  }

  /** Deletes a shared capture object (its group saw every member released, or the sweep). */
  async deleteSharedCapture(key: string): Promise<void> {
    if (!isSharedCaptureKey(key)) throw new RangeError(`Not a shared capture key: ${key}`);
    await this.delete(key);
  }

  /** The members a shared capture object lists, or null when it is gone. */
  async sharedCaptureMembers(key: string): Promise<CaptureMember[] | null> {
    try {
      const head = await this.call(key, () =>
        this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      return parseMembers(head.Metadata?.members);
    } catch (error) {
      if (error instanceof IngestError && error.code === "not-found") return null;
      throw error;
    }
  }

  /** Shared capture objects last written before `before`, oldest first, at most `limit`. */
  async listSharedCaptures(after: Date, before: Date, limit: number): Promise<string[]> {
    const keys: string[] = [];
    const prefix = BUCKET_DEFINITION.sharedCapturesPrefix;
    let token: string | undefined;
    do {
      const page = await this.call(prefix, () =>
        this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            // Keys begin with the day they were written (`sharedCaptureKey`): the listing
            // starts at `after`'s day instead of at the archive's first object.
            StartAfter: `${prefix}${after.toISOString().slice(0, 10)}`,
            ContinuationToken: token,
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (keys.length >= limit) return keys;
        const written = object.LastModified?.getTime() ?? Number.POSITIVE_INFINITY;
        if (object.Key && written >= after.getTime() && written < before.getTime()) {
          keys.push(object.Key);
        }
        // Keys sort by the time they name (day, then time of day): well past `before` (a
        // minute for clocks), every later key is younger too.
        else if (written > before.getTime() + 60_000) return keys;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** The record ranges of an existing capture (from its metadata), or null when there is none. */
  private async storedRanges(key: string): Promise<StoredCapture | null> {
    let metadata: Record<string, string>;
    try {
      const head = await this.call(key, () =>
        this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      metadata = head.Metadata ?? {};
    } catch (error) {
      if (error instanceof IngestError && error.code === "not-found") return null;
      throw error;
    }
    const ranges = parseRanges(metadata.records);
    // No record list: an object still being written by a stand-in whose PUT is not atomic
    // (s3rver stores the body before its metadata). Read as absent: a local writer then stores
    // its own copy (readers find records by type when a range misses), and after a refused
    // conditional PUT the refusal itself is the (retryable) answer.
    if (!ranges.document) return null;
    return {
      created: false,
      ...(ranges.response ? { response: { key, ...ranges.response } } : {}),
      document: { key, ...ranges.document },
    };
  }

  /**
   * Reads one record of a capture by its byte range. Where the endpoint ignores
   * `If-None-Match` (s3rver), two writers racing for one key can leave the other's object
   * (same version of the same bytes, other ranges); then the range does not hold the record,
   * and it is found by type (a response by its payload digest) in the whole object.
   */
  private async readRecord(
    location: WarcRecordLocation,
    type: "response" | "metadata",
  ): Promise<ParsedRecord> {
    const { key, offset, length } = location;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || length <= 0) {
      throw new IngestError(
        "not-found",
        `No record at ${offset}+${length} of s3://${this.bucket}/${key}`,
      );
    }
    const response = await this.call(key, () =>
      this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=${offset}-${offset + length - 1}`,
        }),
      ),
    );
    const bytes = await (response.Body?.transformToByteArray() ?? new Uint8Array());
    // A shared object holds several captures: a document is told apart by its block digest.
    const matches = (r: ParsedRecord) =>
      r.type === type &&
      (type === "response"
        ? r.payloadDigest === location.digest
        : !location.digest || r.blockDigest === location.digest);
    try {
      const parsed = await parseRecordMember(bytes);
      if (matches(parsed)) return parsed;
    } catch {
      // not the record's range: look for it in the whole object
    }
    const whole = await this.call(key, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    const all = await (whole.Body?.transformToByteArray() ?? new Uint8Array());
    const found = (await parseCaptureObject(all).catch(() => [])).find(matches);
    if (!found) {
      throw new IngestError(
        "not-found",
        `No WARC ${type} record at ${offset}+${length} of s3://${this.bucket}/${key}`,
      );
    }
    return found;
  }

  /** The raw body of a record: from its WARC response record, else its pre-WARC copy. */
  async getRaw(record: ArticleRecord): Promise<RawObject> {
    const location = record.capture?.response;
    if (location && location.key === record.rawKey) {
      const parsed = await this.readRecord(location, "response");
      return {
        body: parsed.payload,
        metadata: {
          url: parsed.targetUri ?? record.url,
          status: parsed.http?.status ?? record.httpStatus ?? 0,
          contentType: headerOf(parsed.http?.headers ?? [], "content-type"),
          fetchedAt: parsed.date ?? record.fetchedAt ?? "",
          charset: record.charset ?? "utf-8",
        },
      };
    }
    if (!record.rawKey)
      throw new IngestError("not-found", `Record ${record.articleId} has no raw copy`);
    return await this.getRawCopy(record.rawKey);
  }

  /**
   * The extraction document of the version a record is, or `null` when the archive has none
   * for it. A WARC capture holds each version's own, and so does a pre-WARC
   * `articles/<id>/v<N>-….json`; a pre-WARC `articles/<id>.json` holds only the last version
   * written there, so it answers for that version only.
   */
  async getDocument(record: ArticleRecord): Promise<ArticleDocument | null> {
    const location = record.capture?.document;
    if (location && location.key === record.articleKey) {
      const parsed = await this.readRecord(location, "metadata");
      return JSON.parse(parsed.payload.toString("utf8")) as ArticleDocument;
    }
    if (!record.articleKey) return null;
    try {
      const document = await this.getArticle<ArticleDocument>(record.articleKey);
      return document?.version === undefined || document.version === record.version
        ? document
        : null;
    } catch (error) {
      if (error instanceof IngestError && error.code === "not-found") return null;
      throw error;
    }
  }

  /**
   * Removes a capture object no record points to. A shared object is never removed here:
   * other records may point at it; only its group (every member released) or the sweep
   * removes it (`deleteSharedCapture`).
   */
  async deleteCapture(key: string): Promise<void> {
    if (isSharedCaptureKey(key)) return;
    await this.delete(key);
  }

  /** A raw copy stored before WARC (`raw/<id>/….html.gz`: gzip body, facts as object metadata). */
  async getRawCopy(key: string): Promise<RawObject> {
    const response = await this.call(key, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    const bytes = Buffer.from(await (response.Body?.transformToByteArray() ?? new Uint8Array()));
    const m = response.Metadata ?? {};
    return {
      body: gunzipSync(bytes),
      metadata: {
        url: safeDecodeUri(m.url ?? ""),
        status: Number(m.status ?? 0),
        contentType: m["content-type"] || null,
        fetchedAt: m["fetched-at"] ?? "",
        charset: m.charset ?? "utf-8",
      },
    };
  }

  private async delete(key: string): Promise<void> {
    await this.call(key, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  async getArticle<T>(key: string): Promise<T> {
    const response = await this.call(key, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    return JSON.parse((await response.Body?.transformToString("utf-8")) ?? "null") as T;
  }

  /** A time-limited GET URL for an object (the API hands these out for raw copies). */
  async presignedUrl(key: string, expiresInSeconds = 300): Promise<string> {
    return await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  /** Runs one S3 call, translating its errors into the pipeline's failure codes. */
  private async call<T>(key: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const name = (error as { name?: string }).name ?? "Error";
      if (name === "NoSuchKey" || name === "NotFound") {
        throw new IngestError("not-found", `No object s3://${this.bucket}/${key}`, {
          cause: error,
        });
      }
      throw awsError(error, `S3 call on s3://${this.bucket}/${key}`);
    }
  }
}
