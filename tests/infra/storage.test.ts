import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { BUCKET_DEFINITION, TABLE_DEFINITION } from "../../functions/shared/resources";
import { synthesize } from "./synth-fixture";

// Prepare: one synthesis per file, with default settings (removalPolicy retain).
const { template } = synthesize();

describe("archive bucket", () => {
  it("blocks public access, enforces ownership and encrypts at rest", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
        ],
      },
    });
  });

  it("is versioned and expires old versions and incomplete uploads per the shared definition", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: "Enabled",
            NoncurrentVersionExpiration: {
              NoncurrentDays: BUCKET_DEFINITION.noncurrentVersionExpirationDays,
            },
            AbortIncompleteMultipartUpload: {
              DaysAfterInitiation: BUCKET_DEFINITION.abortIncompleteUploadDays,
            },
            ExpiredObjectDeleteMarker: true,
          }),
        ]),
      },
    });
  });

  it("denies requests without TLS and below TLS 1.2", () => {
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
          }),
        ]),
      },
    });
  });

  it("is retained on stack deletion by default", () => {
    template.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("article table", () => {
  const { keys } = TABLE_DEFINITION;

  it("uses the shared keys, on-demand billing, PITR, KMS encryption and the TTL attribute", () => {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: keys.partitionKey, KeyType: "HASH" },
        { AttributeName: keys.sortKey, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
      TimeToLiveSpecification: { AttributeName: keys.ttl, Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it("has every sparse index of the shared definition, article indexes copying only the listing fields", () => {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      GlobalSecondaryIndexes: Match.arrayWith(
        TABLE_DEFINITION.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: "HASH" },
              { AttributeName: index.sortKey, KeyType: "RANGE" },
            ],
            Projection:
              index.projection === "ALL"
                ? { ProjectionType: "ALL" }
                : { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection] },
          }),
        ),
      ),
    });
    const tables = template.findResources("AWS::DynamoDB::GlobalTable");
    const [table] = Object.values(tables) as {
      Properties: { GlobalSecondaryIndexes: unknown[] };
    }[];
    expect(table?.Properties.GlobalSecondaryIndexes).toHaveLength(TABLE_DEFINITION.indexes.length);
  });

  it("is retained on stack deletion by default", () => {
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("removalPolicy=destroy", () => {
  // Prepare
  const destroy = synthesize({ removalPolicy: "destroy" }).template;

  it("deletes the bucket with its objects and the unprotected table", () => {
    // Assess
    destroy.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Delete" });
    destroy.hasResourceProperties("Custom::S3AutoDeleteObjects", {
      BucketName: Match.anyValue(),
    });
    destroy.hasResource("AWS::DynamoDB::GlobalTable", { DeletionPolicy: "Delete" });
    destroy.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
  });
});
