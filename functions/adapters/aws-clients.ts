/**
 * AWS SDK v3 clients, built the same way for AWS and for the local stand-ins.
 * On AWS every endpoint is empty and the SDK's own defaults apply.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface ClientEndpoints {
  region: string;
  dynamodbEndpoint?: string;
  s3Endpoint?: string;
  sqsEndpoint?: string;
}

export interface AwsClients {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  sqs: SQSClient;
}

/** Credentials the stand-ins accept (s3rver checks them; the others accept anything). */
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export function createAwsClients(settings: ClientEndpoints): AwsClients {
  const local = Boolean(settings.dynamodbEndpoint || settings.s3Endpoint || settings.sqsEndpoint);
  const common = {
    region: settings.region,
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
  const dynamodb = new DynamoDBClient({
    ...common,
    ...(settings.dynamodbEndpoint ? { endpoint: settings.dynamodbEndpoint } : {}),
  });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3 = new S3Client({
    ...common,
    ...(settings.s3Endpoint
      ? {
          endpoint: settings.s3Endpoint,
          forcePathStyle: true,
          // s3rver stores streamed uploads with checksum trailers corrupted otherwise.
          requestChecksumCalculation: "WHEN_REQUIRED" as const,
          responseChecksumValidation: "WHEN_REQUIRED" as const,
        }
      : {}),
  });
  const sqs = new SQSClient({
    ...common,
    ...(settings.sqsEndpoint ? { endpoint: settings.sqsEndpoint } : {}),
  });
  return { dynamodb, documents, s3, sqs };
}
