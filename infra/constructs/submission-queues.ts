/**
 * The submission queue and its dead-letter queue, built from the queue attributes of
 * functions/shared/resources.ts (the ones the local launcher creates its queues with). Both are encrypted (SSE-SQS) and refuse requests without TLS.
 */
import { Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { CONFIG_ENV } from "../../functions/shared/config";
import {
  deadLetterQueueAttributes,
  QUEUE_DEFINITION,
  submissionQueueAttributes,
} from "../../functions/shared/resources";
import type { ArticleFunction } from "./article-function";

export interface ConsumerSettings {
  /** Messages per invocation. */
  batchSize: number;
  /** How long Lambda gathers messages before invoking with a partial batch. */
  batchingWindowSeconds: number;
  /** Most concurrent ingest invocations this queue may drive (SQS event source maxConcurrency). */
  maxConcurrency: number;
}

export class SubmissionQueues extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const deadLetter = deadLetterQueueAttributes(QUEUE_DEFINITION);
    // The dead-letter target is set below from the construct; only the settings are read here.
    const submissions = submissionQueueAttributes(QUEUE_DEFINITION, "");

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetter", {
      retentionPeriod: Duration.seconds(deadLetter.MessageRetentionPeriod),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.queue = new sqs.Queue(this, "Submissions", {
      visibilityTimeout: Duration.seconds(submissions.VisibilityTimeout),
      retentionPeriod: Duration.seconds(submissions.MessageRetentionPeriod),
      receiveMessageWaitTime: Duration.seconds(submissions.ReceiveMessageWaitTimeSeconds),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: submissions.RedrivePolicy.maxReceiveCount,
      },
    });
  }

  /**
   * Lets a function put URLs on the submission queue (the API's POST /submissions, and the
   * ingest function re-enqueuing URLs its politeness rules deferred) and tells it both URLs.
   */
  bindProducer(fn: ArticleFunction): void {
    fn.addEnvironment(CONFIG_ENV.queueUrl, this.queue.queueUrl);
    fn.addEnvironment(CONFIG_ENV.deadLetterQueueUrl, this.deadLetterQueue.queueUrl);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "SendSubmissions",
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
      }),
    );
  }

  /**
   * Makes a function the queue's consumer: partial batch responses, a batching window, and a
   * concurrency cap so a large submission cannot stampede the function or the sites it fetches.
   */
  bindConsumer(fn: ArticleFunction, settings: ConsumerSettings): void {
    fn.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow: Duration.seconds(settings.batchingWindowSeconds),
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}
