/**
 * The S3 archive (the ingest service's `Archive` port): raw response bodies (gzip, exactly
 * the bytes received) under `raw/<articleId>/<fetchedAt>-<sha256 prefix>.html.gz` and the
 * full extraction under `articles/<articleId>.json` (`HTML_GZ_LAYOUT`). The only file that
 * talks to S3.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { awsError, IngestError } from "../core/errors";
import type { Archive, ArchiveLayout, RawMetadata, RawObject } from "../ingest/ports";
import { BUCKET_DEFINITION } from "../shared/resources";

export type { RawMetadata, RawObject };

/** `2026-11-29T01:46:00.123Z` → `20261129T014600123Z`: sortable and safe in a key. */
function compactTime(iso: string): string {
  return iso.replace(/[-:.]/g, "");
}

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

export function rawKeyFor(articleId: string, fetchedAt: string, sha256: string): string {
  return `${BUCKET_DEFINITION.prefixes.raw}${articleId}/${compactTime(fetchedAt)}-${sha256.slice(0, 16)}.html.gz`;
}

export function articleKeyFor(articleId: string): string {
  return `${BUCKET_DEFINITION.prefixes.articles}${articleId}.json`;
}

/** Gzipped response bodies and JSON extraction documents (the layout DESIGN.md describes). */
export const HTML_GZ_LAYOUT: ArchiveLayout = { rawKey: rawKeyFor, articleKey: articleKeyFor };

export class S3Archive implements Archive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly layout: ArchiveLayout = HTML_GZ_LAYOUT,
  ) {}

  async putRaw(key: string, body: Buffer, metadata: RawMetadata): Promise<void> {
    await this.call(key, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: gzipSync(body),
          ContentType: "application/gzip",
          Metadata: rawObjectMetadata(metadata),
        }),
      ),
    );
  }

  async getRaw(key: string): Promise<RawObject> {
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

  /** Removes a raw copy no record points to (a write that lost a version race). */
  async deleteRaw(key: string): Promise<void> {
    await this.call(key, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  async putArticle(key: string, document: unknown): Promise<void> {
    await this.call(key, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(document),
          ContentType: "application/json; charset=utf-8",
        }),
      ),
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
