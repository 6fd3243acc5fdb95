/** SQS events as the event source hands them to the ingest handler (one receive each). */
import type { SQSEvent, SQSRecord } from "aws-lambda";

export function sqsRecord(id: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "0",
      SenderId: "test",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q",
    awsRegion: "us-east-1",
  };
}

/** One batch of message bodies. */
export function sqsBatch(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, n) => sqsRecord(`m${n}`, body)) };
}
