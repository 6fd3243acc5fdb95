/**
 * The fault proxy speaks each service's own error format: the AWS SDK clients read its
 * throttling answers as the real services' error names, and a seed fixes which requests
 * are spoiled.
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, seededRandom, startFaultProxy } from "../../../cli/local/fault-proxy";
import { createTestResources, type TestResources } from "../../support/stand-ins";

let resources: TestResources;
let proxy: FaultProxy | undefined;
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

beforeAll(async () => {
  resources = await createTestResources();
});

afterEach(async () => {
  await proxy?.close();
});

async function errorName(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "no error";
  } catch (error) {
    return (error as Error).name;
  }
}

describe("fault proxy wire formats", () => {
  it("DynamoDB throttling reads as ProvisionedThroughputExceededException", async () => {
    // Prepare
    proxy = await startFaultProxy({
      target: resources.dynamodbEndpoint,
      flavor: "dynamodb",
      rate: 1,
      kinds: ["throttle"],
    });
    const client = new DynamoDBClient({
      region: resources.region,
      endpoint: proxy.url,
      credentials,
      maxAttempts: 1,
    });

    // Act
    const name = await errorName(() =>
      client.send(
        new GetItemCommand({
          TableName: resources.tableName,
          Key: { pk: { S: "a" }, sk: { S: "b" } },
        }),
      ),
    );

    // Assess
    expect(name).toBe("ProvisionedThroughputExceededException");
  });

  it("S3 throttling reads as SlowDown (503)", async () => {
    // Prepare
    proxy = await startFaultProxy({
      target: resources.s3Endpoint,
      flavor: "s3",
      rate: 1,
      kinds: ["throttle"],
    });
    const client = new S3Client({
      region: resources.region,
      endpoint: proxy.url,
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });

    // Act
    let status: number | undefined;
    const name = await errorName(async () => {
      try {
        await client.send(new GetObjectCommand({ Bucket: resources.bucketName, Key: "raw/x" }));
      } catch (error) {
        status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        throw error;
      }
    });

    // Assess
    expect(status).toBe(503);
    expect(name).toBe("SlowDown");
  });

  it("SQS throttling reads as a throttling error, and rate 0 forwards untouched", async () => {
    // Prepare
    proxy = await startFaultProxy({
      target: resources.sqsEndpoint,
      flavor: "sqs",
      rate: 1,
      kinds: ["throttle"],
    });
    const client = new SQSClient({
      region: resources.region,
      endpoint: proxy.url,
      credentials,
      maxAttempts: 1,
    });
    const call = () =>
      client.send(
        new GetQueueAttributesCommand({
          QueueUrl: resources.queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages"],
        }),
      );

    // Act
    const spoiled = await errorName(call);
    proxy.setRate(0);
    const clean = await errorName(call);

    // Assess
    expect(spoiled).toBe("ThrottlingException");
    expect(clean).toBe("no error");
    expect(proxy.stats.requests).toBe(2);
    expect(proxy.stats.spoiled.throttle).toBe(1);
  });

  it("the same seed draws the same sequence", () => {
    // Prepare
    const a = seededRandom(42);
    const b = seededRandom(42);

    // Act
    const first = Array.from({ length: 20 }, () => a());
    const second = Array.from({ length: 20 }, () => b());

    // Assess
    expect(first).toEqual(second);
    expect(new Set(first).size).toBe(20);
  });
});
