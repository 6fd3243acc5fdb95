/**
 * Where articles live: the archive bucket (raw/ and articles/ prefixes) and the article table
 * with its sparse indexes, both built from the shared definitions in functions/shared/resources.
 *
 * Versioning is ON: an extraction document is rewritten when its version is re-processed (and
 * the earlier layout's `articles/<id>.json` was overwritten by every version), and versions make
 * an overwrite or delete recoverable. Old versions expire after
 * BUCKET_DEFINITION.noncurrentVersionExpirationDays, so the cost of keeping them is bounded.
 * Raw objects are content-addressed (never overwritten), so versioning costs them nothing.
 */
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { CONFIG_ENV } from "../../functions/shared/config";
import { BUCKET_DEFINITION, TABLE_DEFINITION } from "../../functions/shared/resources";
import type { ArticleFunction } from "./article-function";

export interface ArticleStoreProps {
  /** `retain` keeps the bucket and table (and protects the table from deletion) on destroy. */
  removalPolicy: RemovalPolicy;
}

/**
 * Table actions of the ingest function: reads, and conditional puts and updates (a
 * TransactWriteItems of puts needs PutItem only). Nothing is ever deleted from the table.
 */
const TABLE_WRITE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
];
const TABLE_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];

export class ArticleStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: ArticleStoreProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    this.bucket = new s3.Bucket(this, BUCKET_DEFINITION.logicalName, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          id: "expire-old-versions",
          noncurrentVersionExpiration: Duration.days(
            BUCKET_DEFINITION.noncurrentVersionExpirationDays,
          ),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(
            BUCKET_DEFINITION.abortIncompleteUploadDays,
          ),
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Only the two Lambda roles of this stack read or write the bucket; their calls are " +
        "logged by CloudTrail when data events are enabled. Server access logs would need a " +
        "second bucket (itself without access logs) and cost storage at rest for no extra audit.",
    });

    const { keys, indexes } = TABLE_DEFINITION;
    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, TABLE_DEFINITION.logicalName, {
      partitionKey: stringKey(keys.partitionKey),
      sortKey: stringKey(keys.sortKey),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: keys.ttl,
      deletionProtection: !destroy,
      removalPolicy: props.removalPolicy,
      globalSecondaryIndexes: indexes.map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.projection === "ALL"
          ? { projectionType: dynamodb.ProjectionType.ALL }
          : {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.projection],
            }),
      })),
    });
  }

  /** ARNs of the table and each of its indexes by name (no wildcard). */
  private tableResources(): string[] {
    const tableArn = this.table.tableArn;
    return [
      tableArn,
      ...TABLE_DEFINITION.indexes.map((index) => `${tableArn}/index/${index.name}`),
    ];
  }

  private prefixResources(): string[] {
    return Object.values(BUCKET_DEFINITION.prefixes).map(
      (prefix) => `${this.bucket.bucketArn}/${prefix}*`,
    );
  }

  /** The ingest function writes raw pages and extractions, and reads/writes article records. */
  bindIngest(fn: ArticleFunction): void {
    this.bindNames(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadWriteArticleTable",
        actions: TABLE_WRITE_ACTIONS,
        resources: this.tableResources(),
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadWriteArchivePrefixes",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: this.prefixResources(),
      }),
    );
    // What an attempt wrote and no record points at (it lost a version race, or the message
    // ended as a failure) is deleted again: raw copies and extraction documents.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "DeleteOrphanObjects",
        actions: ["s3:DeleteObject"],
        resources: this.prefixResources(),
      }),
    );
    this.allowListing(fn);
    this.acknowledgePrefixWildcards(fn);
  }

  /** The API function only reads records and stored copies. */
  bindApi(fn: ArticleFunction): void {
    this.bindNames(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadArticleTable",
        actions: TABLE_READ_ACTIONS,
        resources: this.tableResources(),
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadArchivePrefixes",
        actions: ["s3:GetObject"],
        resources: this.prefixResources(),
      }),
    );
    this.allowListing(fn);
    this.acknowledgePrefixWildcards(fn);
  }

  private bindNames(fn: ArticleFunction): void {
    fn.addEnvironment(CONFIG_ENV.tableName, this.table.tableName);
    fn.addEnvironment(CONFIG_ENV.bucketName, this.bucket.bucketName);
  }

  /**
   * s3:ListBucket on this one bucket, so that reading a missing key answers 404 NoSuchKey
   * (which the adapters map to `not-found`) instead of 403 AccessDenied.
   */
  private allowListing(fn: ArticleFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ListArchive",
        actions: ["s3:ListBucket"],
        resources: [this.bucket.bucketArn],
      }),
    );
  }

  /**
   * The object grants end in `<prefix>*`: object keys embed the article id and fetch time, so
   * they cannot be listed in advance. The wildcard covers only keys under our own prefixes.
   */
  private acknowledgePrefixWildcards(fn: ArticleFunction): void {
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    const bucketId = Stack.of(this).resolve(cfn.logicalId) as string;
    for (const prefix of Object.values(BUCKET_DEFINITION.prefixes)) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `Object keys under ${prefix} are generated per article and fetch; the grant is limited to that prefix of this stack's bucket.`,
      });
    }
  }
}
