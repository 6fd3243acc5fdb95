/**
 * The analytics copy's objects in the archive bucket (ANALYTICS_DEFINITION.prefix): whole
 * Parquet files, each replaced by the next write of its key. Apart from s3-archive.ts so
 * the ingest function's bundle does not carry it.
 */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsError } from "../core/errors";

export class AnalyticsObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putParquet(key: string, body: Buffer): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: "application/vnd.apache.parquet",
        }),
      );
    } catch (error) {
      throw awsError(error, `S3 call on s3://${this.bucket}/${key}`);
    }
  }
}
