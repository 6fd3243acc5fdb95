/**
 * The capture objects in a bucket and whether a record points at them: an article's own
 * captures (`warc/<id>/…`), referenced when its latest record or a version item names them,
 * and shared objects (`warc/batch/…`), referenced when a member's record names them.
 */
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { ArticleTable } from "../../functions/adapters/article-table";
import { isSharedCaptureKey, S3Archive } from "../../functions/adapters/s3-archive";
import type { ArticleRecord } from "../../functions/core/article-record";
import { BUCKET_DEFINITION } from "../../functions/shared/resources";

export async function captureObjects(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: BUCKET_DEFINITION.prefixes.warc,
        ContinuationToken: token,
      }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

const pointsAt = (record: ArticleRecord | null, key: string) =>
  record?.rawKey === key || record?.articleKey === key;

/** Every record of an article: its latest and each version item. */
async function recordsOf(
  table: ArticleTable,
  articleId: string,
): Promise<(ArticleRecord | null)[]> {
  const versions = await table.listVersions(articleId);
  return [
    await table.getLatest(articleId),
    ...(await Promise.all(versions.map((v) => table.getVersion(articleId, v.version)))),
  ];
}

/** The capture objects of the bucket that no record points at. */
export async function unreferencedCaptures(
  s3: S3Client,
  bucket: string,
  table: ArticleTable,
): Promise<string[]> {
  const archive = new S3Archive(s3, bucket);
  const out: string[] = [];
  for (const key of await captureObjects(s3, bucket)) {
    const articleIds = isSharedCaptureKey(key)
      ? ((await archive.sharedCaptureMembers(key)) ?? []).map((m) => m.articleId)
      : [key.slice(BUCKET_DEFINITION.prefixes.warc.length).split("/")[0] as string];
    let referenced = false;
    for (const id of new Set(articleIds)) {
      if ((await recordsOf(table, id)).some((r) => pointsAt(r, key))) referenced = true;
    }
    if (!referenced) out.push(key);
  }
  return out;
}
