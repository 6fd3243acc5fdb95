/**
 * The analytics copy (ANALYTICS_DEFINITION): a writer function run every 15 minutes by an
 * EventBridge schedule, writing Parquet files of the export schema under
 * `analytics/articles/` in the archive bucket; a Glue database and table over them (partition
 * projection on `ingest_date`, so no crawler and no partition upkeep); an Athena workgroup
 * whose results go under `athena-results/` in the same bucket, encrypted, with a per-query
 * scan cutoff. The writer may read the recent index and the extraction documents, and write
 * only under its own prefix.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as athena from "aws-cdk-lib/aws-athena";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as glue from "aws-cdk-lib/aws-glue";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { EXPORT_COLUMNS, type ExportType } from "../../functions/core/export-schema";
import { CONFIG_ENV } from "../../functions/shared/config";
import { ANALYTICS_SERVICE_NAME } from "../../functions/shared/observability";
import {
  ANALYTICS_DEFINITION,
  BUCKET_DEFINITION,
  TABLE_INDEXES,
} from "../../functions/shared/resources";
import { ArticleFunction } from "./article-function";
import type { ArticleStore } from "./article-store";

export interface AnalyticsProps {
  entry: string;
  store: ArticleStore;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

const GLUE_TYPES: Record<ExportType, string> = {
  string: "string",
  int: "int",
  boolean: "boolean",
  timestamp: "timestamp",
  "string[]": "array<string>",
};

/** Glue/Athena names allow lower case, digits and underscores. */
function glueName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

export class Analytics extends Construct {
  readonly writer: ArticleFunction;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucket: s3.Bucket = props.store.bucket;

    this.writer = new ArticleFunction(this, "Writer", {
      entry: props.entry,
      description: "Writes the records checked in the last slots as Parquet for Athena",
      serviceName: ANALYTICS_SERVICE_NAME,
      timeout: Duration.minutes(10),
      memorySize: 1024,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      environment: {
        [CONFIG_ENV.tableName]: props.store.table.tableName,
        [CONFIG_ENV.bucketName]: bucket.bucketName,
      },
    });
    this.writer.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "QueryRecentIndex",
        actions: ["dynamodb:Query"],
        resources: [`${props.store.table.tableArn}/index/${TABLE_INDEXES.recent.name}`],
      }),
    );
    // The index copies only the listing fields: the rows' whole records are read by key.
    this.writer.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadLatestRecords",
        actions: ["dynamodb:BatchGetItem"],
        resources: [props.store.table.tableArn],
      }),
    );
    this.writer.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadExtractionDocuments",
        actions: ["s3:GetObject"],
        // A version's document lives in its WARC capture (warc/); older ones under articles/.
        resources: [
          `${bucket.bucketArn}/${BUCKET_DEFINITION.prefixes.warc}*`,
          `${bucket.bucketArn}/${BUCKET_DEFINITION.prefixes.articles}*`,
        ],
      }),
    );
    this.writer.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "WriteAnalyticsFiles",
        actions: ["s3:PutObject"],
        resources: [`${bucket.bucketArn}/${ANALYTICS_DEFINITION.prefix}*`],
      }),
    );
    this.writer.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ListArchive",
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
      }),
    );
    const bucketId = stack.resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    for (const prefix of [
      BUCKET_DEFINITION.prefixes.warc,
      BUCKET_DEFINITION.prefixes.articles,
      ANALYTICS_DEFINITION.prefix,
    ]) {
      Validations.of(this.writer.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `Object keys under ${prefix} are generated per article or per time slot; the grant is limited to that prefix of this stack's bucket.`,
      });
    }

    new events.Rule(this, "Schedule", {
      description: "Runs the analytics writer for the slots before now",
      schedule: events.Schedule.rate(Duration.minutes(ANALYTICS_DEFINITION.slotMinutes)),
      targets: [new targets.LambdaFunction(this.writer.function, { retryAttempts: 2 })],
    });

    this.databaseName = glueName(`${stack.stackName}_analytics`);
    this.database = new glue.CfnDatabase(this, "Database", {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: "article-ingest records as Parquet (docs/archive.md)",
      },
    });
    const location = `s3://${bucket.bucketName}/${ANALYTICS_DEFINITION.prefix}`;
    const partition = ANALYTICS_DEFINITION.partitionKey;
    this.table = new glue.CfnTable(this, "ArticlesTable", {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: "articles",
        description: "One row per article per 15-minute slot in which it was checked",
        tableType: "EXTERNAL_TABLE",
        parameters: {
          classification: "parquet",
          "projection.enabled": "true",
          [`projection.${partition}.type`]: "date",
          [`projection.${partition}.format`]: "yyyy-MM-dd",
          [`projection.${partition}.range`]: `${ANALYTICS_DEFINITION.firstDate},NOW`,
          [`projection.${partition}.interval`]: "1",
          [`projection.${partition}.interval.unit`]: "DAYS",
          "storage.location.template": `${location}${partition}=\${${partition}}/`,
        },
        partitionKeys: [{ name: partition, type: "string" }],
        storageDescriptor: {
          location,
          inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
          serdeInfo: {
            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
          },
          columns: EXPORT_COLUMNS.map((c) => ({ name: c.name, type: GLUE_TYPES[c.type] })),
        },
      },
    });
    this.table.addResourceDependency(this.database);

    this.workGroup = new athena.CfnWorkGroup(this, "WorkGroup", {
      name: glueName(`${stack.stackName}_analytics`),
      description: "Queries of the article-ingest analytics table",
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: ANALYTICS_DEFINITION.bytesScannedCutoff,
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucketName}/${ANALYTICS_DEFINITION.resultsPrefix}`,
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      },
    });
  }
}
