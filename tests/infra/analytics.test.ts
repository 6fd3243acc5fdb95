import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "../../functions/core/export-schema";
import { ANALYTICS_DEFINITION } from "../../functions/shared/resources";
import { roleStatements, synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with default settings.
const synthesized = synthesize();
const { stack, template } = synthesized;

function writerStatements() {
  return roleStatements(synthesized, stack.analytics.writer.role);
}

describe("analytics copy", () => {
  it("runs the writer every slot, retrying a failed run", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: `rate(${ANALYTICS_DEFINITION.slotMinutes} minutes)`,
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
  });

  it("gives the writer only the recent index, batch reads of the table, the documents and its own prefix", () => {
    const statements = writerStatements();
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ["WriteOwnLogGroup", ["logs:CreateLogStream", "logs:PutLogEvents"]],
      ["QueryRecentIndex", "dynamodb:Query"],
      ["ReadLatestRecords", "dynamodb:BatchGetItem"],
      ["ReadExtractionDocuments", "s3:GetObject"],
      ["WriteAnalyticsFiles", "s3:PutObject"],
      ["ListArchive", "s3:ListBucket"],
    ]);
    expect(JSON.stringify(statements)).not.toContain("raw/");
    // The table itself, no index and no wildcard: the index copies only the listing fields.
    expect(JSON.stringify(statements.find((s) => s.Sid === "ReadLatestRecords"))).not.toMatch(
      /index|\*/,
    );
    expect(JSON.stringify(statements.find((s) => s.Sid === "ReadExtractionDocuments"))).toContain(
      "/warc/*",
    );
    expect(JSON.stringify(statements.find((s) => s.Sid === "WriteAnalyticsFiles"))).toContain(
      `/${ANALYTICS_DEFINITION.prefix}*`,
    );
  });

  it("declares a Glue table of the export schema with date partition projection", () => {
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({
        Name: "articles",
        PartitionKeys: [{ Name: ANALYTICS_DEFINITION.partitionKey, Type: "string" }],
        Parameters: Match.objectLike({
          "projection.enabled": "true",
          [`projection.${ANALYTICS_DEFINITION.partitionKey}.type`]: "date",
        }),
        StorageDescriptor: Match.objectLike({
          Columns: EXPORT_COLUMNS.map((c) => ({
            Name: c.name,
            Type: Match.stringLikeRegexp("^(string|int|boolean|timestamp|array<string>)$"),
          })),
          SerdeInfo: {
            SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
          },
        }),
      }),
    });
  });

  it("has an Athena workgroup with enforced, encrypted results and a scan cutoff", () => {
    template.hasResourceProperties("AWS::Athena::WorkGroup", {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: ANALYTICS_DEFINITION.bytesScannedCutoff,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: "SSE_S3" },
        }),
      }),
    });
  });
});
