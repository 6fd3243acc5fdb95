/**
 * Writes copies in the layout used before WARC captures (`raw/<id>/….html.gz` with the
 * capture's facts as object metadata, `articles/<id>.json`), so tests can check that records
 * pointing at them stay readable. Production code never writes these any more.
 */
import { gzipSync } from "node:zlib";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { rawObjectMetadata } from "../../functions/adapters/s3-archive";
import type { ArticleRecord } from "../../functions/core/article-record";
import type { RawMetadata } from "../../functions/ingest/ports";

export async function putLegacyRaw(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  metadata: RawMetadata,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: gzipSync(body),
      ContentType: "application/gzip",
      Metadata: rawObjectMetadata(metadata),
    }),
  );
}

export async function putLegacyDocument(
  s3: S3Client,
  bucket: string,
  key: string,
  document: unknown,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(document),
      ContentType: "application/json; charset=utf-8",
    }),
  );
}

/** The record as a pre-WARC one: no capture ranges, pointing at the given keys. */
export function asLegacyRecord(
  record: ArticleRecord,
  keys: { rawKey?: string; articleKey?: string },
): ArticleRecord {
  const { capture: _capture, ...rest } = record;
  return { ...rest, ...keys };
}
