/**
 * API Lambda entry point (API Gateway HTTP API, payload format 2.0): configuration, the
 * cursor key and adapters once per cold start; the routes live in api-app.ts.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ArticleTable } from "../adapters/article-table";
import { createAwsClients } from "../adapters/aws-clients";
import { S3Archive } from "../adapters/s3-archive";
import { SubmissionQueue } from "../adapters/submission-queue";
import { SubscriptionTable } from "../adapters/subscription-table";
import { type Config, loadConfig } from "../shared/config";
import { API_SERVICE_NAME, createLogger } from "../shared/observability";
import { type ApiDeps, type ApiResponse, handleApiRequest } from "./api-app";
import { resolveCursorKey } from "./cursor-key";

/** The adapters of the API; `cursorKey` signs its cursors (see cursor-key.ts). */
export function buildApiDeps(config: Config, cursorKey = config.cursorSecret): ApiDeps {
  const clients = createAwsClients(config);
  return {
    table: new ArticleTable(clients.documents, config.tableName, cursorKey),
    archive: new S3Archive(clients.s3, config.bucketName),
    queue: new SubmissionQueue(clients.sqs, config.queueUrl),
    now: () => new Date(),
    subscriptions: new SubscriptionTable(clients.documents, config.tableName),
    ...(config.discoveryQueueUrl
      ? { discoveryQueue: new SubmissionQueue(clients.sqs, config.discoveryQueueUrl) }
      : {}),
  };
}

/** Runs a request through the app; an unexpected error is logged and becomes a 500. */
export async function serveApiRequest(
  request: Parameters<typeof handleApiRequest>[0],
  deps: ApiDeps,
  logger: ReturnType<typeof createLogger>,
): Promise<ApiResponse> {
  const started = Date.now();
  try {
    const response = await handleApiRequest(request, deps);
    logger.info("request served", {
      method: request.method,
      path: request.path,
      status: response.status,
      durationMs: Date.now() - started,
    });
    return response;
  } catch (error) {
    logger.error("request failed", { method: request.method, path: request.path, error });
    return {
      status: 500,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-content-type-options": "nosniff",
      },
      body: JSON.stringify({
        error: { code: "internal", message: "Internal error; see the logs" },
      }),
    };
  }
}

/** Cold start: configuration, then the cursor key (one Secrets Manager read when deployed). */
async function coldStart(): Promise<ApiDeps> {
  const config = loadConfig(process.env);
  return buildApiDeps(config, await resolveCursorKey(config));
}

let ready: Promise<ApiDeps> | undefined;
const logger = createLogger(API_SERVICE_NAME);

export const handler = async (
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> => {
  // A failed cold start is not cached: the next invocation tries again.
  ready ??= coldStart().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  const deps = await ready;
  const body =
    event.body !== undefined && event.isBase64Encoded
      ? Buffer.from(event.body, "base64").toString("utf8")
      : event.body;
  const response = await serveApiRequest(
    {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.queryStringParameters ?? {},
      ...(body !== undefined ? { body } : {}),
    },
    deps,
    logger,
  );
  return { statusCode: response.status, headers: response.headers, body: response.body };
};
