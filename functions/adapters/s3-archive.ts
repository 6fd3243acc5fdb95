/**
 * The S3 archive (the ingest service's `Archive` port): raw response bodies (gzip, exactly
 * the bytes received) under `raw/<articleId>/<sha256>.html.gz` and the full extraction of each
 * version under `articles/<articleId>/v<version>-<sha256 prefix>.json` (`HTML_GZ_LAYOUT`).
 * The only file that talks to S3.
 *
 * Raw keys are content-addressed: a retry or a re-fetch of the same bytes names the same
 * object, and `putRaw` leaves an existing one as it is. Copies written under the earlier
 * layout (`raw/<articleId>/<fetchedAt>-<sha256 prefix>.html.gz`) stay readable: every read
 * goes by the key a record stored, never by a key computed again. So do documents under the
 * earlier `articles/<articleId>.json`, which every version overwrote: it holds the text of the
 * last version written there only, and `getDocument` answers `null` for the others.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { ArticleRecord } from "../core/article-record";
import { awsError, IngestError } from "../core/errors";
import type { ArticleDocument } from "../core/ingest-decision";
import type { Archive, ArchiveLayout, RawMetadata, RawObject } from "../ingest/ports";
import { BUCKET_DEFINITION } from "../shared/resources";

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

/** The content-addressed key of a raw capture: one object per article and body hash. */
export function rawKeyFor(articleId: string, sha256: string): string {
  return `${BUCKET_DEFINITION.prefixes.raw}${articleId}/${sha256}.html.gz`;
}

/** Characters of the body hash in a document key: enough to tell two captures apart. */
const DOCUMENT_KEY_HASH_CHARS = 16;

/** The key of one version's extraction document. */
export function articleKeyFor(articleId: string, version: number, sha256: string): string {
  return `${BUCKET_DEFINITION.prefixes.articles}${articleId}/v${version}-${sha256.slice(0, DOCUMENT_KEY_HASH_CHARS)}.json`;
}

/** Gzipped response bodies and JSON extraction documents (the layout DESIGN.md describes). */
export const HTML_GZ_LAYOUT: ArchiveLayout = { rawKey: rawKeyFor, articleKey: articleKeyFor };

export class S3Archive implements Archive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly layout: ArchiveLayout = HTML_GZ_LAYOUT,
  ) {}

  /**
   * Stores a raw capture unless the key exists (a HEAD first, then a PUT conditional on no
   * object: S3 answers 412 when another writer got there in between). Resolves whether this
   * call created the object.
   */
  async putRaw(key: string, body: Buffer, metadata: RawMetadata): Promise<boolean> {
    if (await this.exists(key)) return false;
    try {
      await this.putRawObject(key, body, metadata);
      return true;
    } catch (error) {
      if (error instanceof IngestError && error.facts.aws?.name === "PreconditionFailed") {
        return false;
      }
      throw error;
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.call(key, () =>
        this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      return true;
    } catch (error) {
      if (error instanceof IngestError && error.code === "not-found") return false;
      throw error;
    }
  }

  private async putRawObject(key: string, body: Buffer, metadata: RawMetadata): Promise<void> {
    await this.call(key, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          IfNoneMatch: "*",
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

  /** Removes a raw copy no record points to (see `discardUnreferenced` in the service). */
  async deleteRaw(key: string): Promise<void> {
    await this.delete(key);
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

  /** Removes an extraction document no record points to. */
  async deleteArticle(key: string): Promise<void> {
    await this.delete(key);
  }

  private async delete(key: string): Promise<void> {
    await this.call(key, () =>
      this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
    );
  }

  /**
   * The extraction document of the version a record is, or `null` when the archive has none
   * for that version (no document, or an earlier layout's key that a later version overwrote).
   */
  async getDocument(record: ArticleRecord): Promise<ArticleDocument | null> {
    if (!record.articleKey) return null;
    let document: ArticleDocument | null;
    try {
      document = await this.getArticle<ArticleDocument | null>(record.articleKey);
    } catch (error) {
      if (error instanceof IngestError && error.code === "not-found") return null;
      throw error;
    }
    return document !== null && document.version === record.version ? document : null;
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
