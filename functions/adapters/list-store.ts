/**
 * S3 for bulk lists: the list object read as a stream (from a byte offset with a Range
 * request, and only while it is the upload being worked on: `IfMatch` its ETag), and the
 * small work objects (chunk parts, the de-duplication set) and the report.
 */
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { awsError } from "../core/errors";

/** The list was replaced (or removed) while it was worked through. */
export class ListChangedError extends Error {
  constructor(key: string) {
    super(`${key} changed or was removed while it was being submitted`);
    this.name = "ListChangedError";
  }
}

const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === "NoSuchKey" || name === "NotFound";
};
const isChanged = (error: unknown) =>
  (error as { name?: string; $metadata?: { httpStatusCode?: number } }).name ===
    "PreconditionFailed" ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412;

export class ListStore {
  constructor(private readonly s3: S3Client) {}

  async head(
    bucket: string,
    key: string,
  ): Promise<{ etag: string; size: number; tag?: string } | null> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const tag = head.Metadata?.tag;
      return { etag: head.ETag ?? "", size: head.ContentLength ?? 0, ...(tag ? { tag } : {}) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw awsError(error, `S3 HeadObject ${key}`);
    }
  }

  /** The object's bytes from `offset` (or all of it), as long as its ETag is still `etag`. */
  async stream(bucket: string, key: string, etag: string, offset = 0): Promise<Readable> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          IfMatch: etag,
          ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}),
        }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error) || isChanged(error)) throw new ListChangedError(key);
      // A range starting at the very end of the object is "not satisfiable": nothing left.
      if ((error as { name?: string }).name === "InvalidRange") {
        const { Readable: R } = await import("node:stream");
        return R.from([]);
      }
      throw awsError(error, `S3 GetObject ${key}`);
    }
  }

  async getBytes(bucket: string, key: string): Promise<Buffer | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(
        await (
          object.Body as { transformToByteArray(): Promise<Uint8Array> }
        ).transformToByteArray(),
      );
    } catch (error) {
      if (isMissing(error)) return null;
      throw awsError(error, `S3 GetObject ${key}`);
    }
  }

  async putBytes(
    bucket: string,
    key: string,
    body: Buffer | string,
    contentType: string,
  ): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    } catch (error) {
      throw awsError(error, `S3 PutObject ${key}`);
    }
  }

  async deleteAll(bucket: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      try {
        await this.s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
          }),
        );
      } catch (error) {
        throw awsError(error, `S3 DeleteObjects under ${keys[0]}`);
      }
    }
  }
}
