/**
 * SDK inputs for the local table and queues, built from the shared resource definitions
 * (the same module the CDK stack reads).
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import {
  QUEUE_DEFINITION,
  type QueueDefinition,
  TABLE_DEFINITION,
} from "../../functions/shared/resources";

export function tableCreateInput(tableName: string): CreateTableCommandInput {
  const { keys, indexes } = TABLE_DEFINITION;
  const attributeNames = new Set<string>([keys.partitionKey, keys.sortKey]);
  for (const index of indexes) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: TABLE_DEFINITION.billing,
    AttributeDefinitions: [...attributeNames].map((name) => ({
      AttributeName: name,
      AttributeType: "S",
    })),
    KeySchema: [
      { AttributeName: keys.partitionKey, KeyType: "HASH" },
      { AttributeName: keys.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

export function queueAttributes(
  definition: QueueDefinition,
  overrides: Partial<QueueDefinition>,
  deadLetterArn: string,
): Record<string, string> {
  const queue = { ...definition, ...overrides };
  return {
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.retentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: String(queue.maxReceiveCount),
    }),
  };
}

export function deadLetterQueueAttributes(definition: QueueDefinition): Record<string, string> {
  return { MessageRetentionPeriod: String(definition.deadLetterRetentionSeconds) };
}

export { QUEUE_DEFINITION };
