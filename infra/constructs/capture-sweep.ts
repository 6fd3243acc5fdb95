/**
 * The capture sweep: a function run once a day by an EventBridge schedule that deletes the
 * shared capture objects (`warc/batch/…`) of the last two days that no member's record points
 * at (functions/ingest/capture-sweep.ts). It may list and read only that prefix, delete only
 * there, and read the table's items by key.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { CONFIG_ENV } from "../../functions/shared/config";
import { SWEEP_SERVICE_NAME } from "../../functions/shared/observability";
import { BUCKET_DEFINITION } from "../../functions/shared/resources";
import { ArticleFunction } from "./article-function";
import type { ArticleStore } from "./article-store";

export interface CaptureSweepProps {
  entry: string;
  store: ArticleStore;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * Once a day: the sweep looks back two days (`SWEEP_DEFAULT_WINDOW_MS`), so every object is
 * checked at least once even when a run fails and the next one succeeds.
 */
const SWEEP_EVERY = Duration.days(1);

export class CaptureSweep extends Construct {
  readonly sweeper: ArticleFunction;

  constructor(scope: Construct, id: string, props: CaptureSweepProps) {
    super(scope, id);
    const bucket: s3.Bucket = props.store.bucket;
    const prefix = BUCKET_DEFINITION.sharedCapturesPrefix;

    this.sweeper = new ArticleFunction(this, "Sweeper", {
      entry: props.entry,
      description: "Deletes shared capture objects that no record points at (left by a crash)",
      serviceName: SWEEP_SERVICE_NAME,
      // At most 10,000 objects, each a HEAD and a few GetItem.
      timeout: Duration.minutes(15),
      memorySize: 512,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      environment: {
        [CONFIG_ENV.tableName]: props.store.table.tableName,
        [CONFIG_ENV.bucketName]: bucket.bucketName,
      },
    });
    this.sweeper.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadRecordsByKey",
        actions: ["dynamodb:GetItem"],
        resources: [props.store.table.tableArn],
      }),
    );
    this.sweeper.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ListSharedCaptures",
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${prefix}*`] } },
      }),
    );
    this.sweeper.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadAndDeleteSharedCaptures",
        // HeadObject (the member list in the object's metadata) needs s3:GetObject.
        actions: ["s3:GetObject", "s3:DeleteObject"],
        resources: [`${bucket.bucketArn}/${prefix}*`],
      }),
    );
    const bucketId = Stack.of(this).resolve(
      (bucket.node.defaultChild as s3.CfnBucket).logicalId,
    ) as string;
    Validations.of(this.sweeper.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
      reason: `Shared capture keys under ${prefix} are generated per invocation; the grant is limited to that prefix of this stack's bucket.`,
    });

    new events.Rule(this, "Schedule", {
      description: "Runs the capture sweep over the last two days",
      schedule: events.Schedule.rate(SWEEP_EVERY),
      targets: [new targets.LambdaFunction(this.sweeper.function, { retryAttempts: 2 })],
    });
  }
}
