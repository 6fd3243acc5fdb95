/**
 * Discovery in the stack: the schedule, the discovery queue (one message per due
 * subscription) and the bulk-list queue (S3 notifications of lists under `submissions/`,
 * then the chunks lists hand on to themselves), each with its dead-letter queue, and the
 * grants of the discovery and bulk-list functions, each limited to the items and prefixes
 * it works on. Queue settings come from functions/shared/resources.ts, as for local mode.
 */
import { Duration, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { CONFIG_ENV } from "../../functions/shared/config";
import {
  BUCKET_DEFINITION,
  BULK_LIST_QUEUE_DEFINITION,
  DISCOVERY_QUEUE_DEFINITION,
  DISCOVERY_SCHEDULE_MINUTES,
  type QueueDefinition,
  TABLE_INDEXES,
} from "../../functions/shared/resources";
import type { ArticleFunction } from "./article-function";
import type { ArticleStore } from "./article-store";
import type { SubmissionQueues } from "./submission-queues";

/** Polls running at once: one per message, so slow feeds never share an invocation. */
export const DISCOVERY_CONCURRENCY = 10;
/** Lists worked on at once (each chunk sends at BULK_LIST_URLS_PER_SECOND). */
export const BULK_LIST_CONCURRENCY = 2;

/** Partition keys of the items discovery reads and writes (dynamodb:LeadingKeys). */
const DISCOVERY_KEYS = ["SUB#*", "SEEN#*", "SUBSCRIPTIONS#*", "HOST#*"];
/** Partition keys of the items the API writes for `/subscriptions`. */
const API_SUBSCRIPTION_KEYS = ["SUB#*", "SUBSCRIPTIONS#*"];

export interface DiscoveryProps {
  store: ArticleStore;
  submissions: SubmissionQueues;
  discovery: ArticleFunction;
  bulkList: ArticleFunction;
  api: ArticleFunction;
}

function queuePair(scope: Construct, id: string, definition: QueueDefinition) {
  const deadLetterQueue = new sqs.Queue(scope, `${id}DeadLetter`, {
    retentionPeriod: Duration.seconds(definition.deadLetterRetentionSeconds),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const queue = new sqs.Queue(scope, id, {
    visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
    retentionPeriod: Duration.seconds(definition.retentionSeconds),
    receiveMessageWaitTime: Duration.seconds(definition.receiveWaitSeconds),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}

export class Discovery extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly bulkListQueue: sqs.Queue;
  readonly bulkListDeadLetterQueue: sqs.Queue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: DiscoveryProps) {
    super(scope, id);
    const { store, discovery, bulkList, api } = props;
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = queuePair(
      this,
      "Polls",
      DISCOVERY_QUEUE_DEFINITION,
    ));
    ({ queue: this.bulkListQueue, deadLetterQueue: this.bulkListDeadLetterQueue } = queuePair(
      this,
      "Lists",
      BULK_LIST_QUEUE_DEFINITION,
    ));

    // The schedule: the discovery function dispatches the due subscriptions every minute.
    this.schedule = new events.Rule(this, "Schedule", {
      description: "Dispatches the subscriptions that are due to be polled",
      schedule: events.Schedule.rate(Duration.minutes(DISCOVERY_SCHEDULE_MINUTES)),
      targets: [new targets.LambdaFunction(discovery.function, { retryAttempts: 2 })],
    });

    // Discovery: subscriptions, seen markers and host slots in the table; poll messages.
    discovery.addEnvironment(CONFIG_ENV.tableName, store.table.tableName);
    discovery.addEnvironment(CONFIG_ENV.discoveryQueueUrl, this.queue.queueUrl);
    discovery.addToRolePolicy(
      tableStatement("DiscoveryItems", store, DISCOVERY_KEYS, [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
      ]),
    );
    props.submissions.bindProducer(discovery);
    discovery.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "SendPolls",
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
      }),
    );
    discovery.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        maxConcurrency: DISCOVERY_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    // Bulk lists: S3 tells the list queue about new objects under submissions/.
    store.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.SqsDestination(this.bulkListQueue),
      { prefix: BUCKET_DEFINITION.submissionsPrefix },
    );
    bulkList.addEnvironment(CONFIG_ENV.bucketName, store.bucket.bucketName);
    bulkList.addEnvironment(CONFIG_ENV.tableName, store.table.tableName);
    bulkList.addEnvironment(CONFIG_ENV.bulkListQueueUrl, this.bulkListQueue.queueUrl);
    const objects = (prefix: string) => `${store.bucket.bucketArn}/${prefix}*`;
    const listPrefix = BUCKET_DEFINITION.submissionsPrefix;
    bulkList.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadListsWriteReports",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [objects(listPrefix), objects(BUCKET_DEFINITION.bulkWorkPrefix)],
      }),
    );
    bulkList.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "RemoveListWork",
        actions: ["s3:DeleteObject"],
        resources: [objects(BUCKET_DEFINITION.bulkWorkPrefix)],
      }),
    );
    bulkList.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "MissingKeysAnswer404",
        actions: ["s3:ListBucket"],
        resources: [store.bucket.bucketArn],
      }),
    );
    props.submissions.bindProducer(bulkList);
    bulkList.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "SendChunks",
        actions: ["sqs:SendMessage"],
        resources: [this.bulkListQueue.queueArn],
      }),
    );
    bulkList.function.addEventSource(
      new SqsEventSource(this.bulkListQueue, {
        batchSize: 1,
        maxConcurrency: BULK_LIST_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    // The API: /subscriptions writes subscription items and queues polls.
    api.addEnvironment(CONFIG_ENV.discoveryQueueUrl, this.queue.queueUrl);
    api.addToRolePolicy(
      tableStatement("SubscriptionItems", store, API_SUBSCRIPTION_KEYS, [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
      ]),
    );
    api.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "SendPolls",
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
      }),
    );

    this.acknowledgeWildcards(store, [discovery, api], bulkList);
  }

  /**
   * The grants' wildcards are item and key patterns that cannot be listed in advance:
   * subscription ids, URL hashes and host names in partition keys, list names in keys.
   */
  private acknowledgeWildcards(
    store: ArticleStore,
    tableUsers: ArticleFunction[],
    bulkList: ArticleFunction,
  ): void {
    const cfn = store.bucket.node.defaultChild as s3.CfnBucket;
    const bucketId = Stack.of(this).resolve(cfn.logicalId) as string;
    for (const prefix of [BUCKET_DEFINITION.submissionsPrefix, BUCKET_DEFINITION.bulkWorkPrefix]) {
      Validations.of(bulkList.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `Keys under ${prefix} are named by whoever uploads a list (and by the list's work folder); the grant is limited to that prefix of this stack's bucket.`,
      });
    }
    void tableUsers;
    // S3 notifications are configured by CDK's own singleton custom resource.
    const handler = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith("BucketNotificationsHandler"),
    );
    const role = handler?.node.tryFindChild("Role");
    if (role) {
      Validations.of(role).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason:
          "CDK's BucketNotificationsHandler (it sets the bucket's S3 -> SQS notification at deploy time) comes with this managed policy; it runs only during deployments and writes only logs.",
      });
    }
  }
}

function tableStatement(
  sid: string,
  store: ArticleStore,
  leadingKeys: string[],
  actions: string[],
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions,
    resources: [
      store.table.tableArn,
      `${store.table.tableArn}/index/${TABLE_INDEXES.subscriptions.name}`,
    ],
    conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": leadingKeys } },
  });
}
