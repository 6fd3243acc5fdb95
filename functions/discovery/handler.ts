/**
 * Discovery Lambda entry point: configuration and adapters once per cold start. The same
 * `buildDiscoveryHandler` runs in local mode (on a timer and behind the local queue poller).
 */

import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { type AwsClients, createAwsClients } from "../adapters/aws-clients";
import { DynamoDbHostStore } from "../adapters/dynamodb-host-store";
import { createDocumentFetcher } from "../adapters/fetch/document-fetcher";
import { SubmissionQueue } from "../adapters/submission-queue";
import { SubscriptionTable } from "../adapters/subscription-table";
import { type Config, loadConfig } from "../shared/config";
import { createLogger, createMetrics, DISCOVERY_SERVICE_NAME } from "../shared/observability";
import {
  createDiscoveryHandler,
  type DiscoveryEvent,
  type DiscoveryHandler,
  type DiscoveryHandlerDeps,
} from "./discovery-handler";

/** The adapters discovery uses, built from configuration (also for `watch poll` in the CLI). */
export function buildDiscoveryDeps(
  config: Config,
  observers: { logger: Logger; metrics: Metrics },
  clients: AwsClients = createAwsClients(config),
): DiscoveryHandlerDeps {
  const subscriptions = new SubscriptionTable(clients.documents, config.tableName);
  const fetcher = createDocumentFetcher({
    config,
    // The page fetcher's politeness slots: a feed and its articles share the host's budget.
    hostStore: new DynamoDbHostStore({ documents: clients.documents, tableName: config.tableName }),
  });
  const discoveryQueue = new SubmissionQueue(clients.sqs, config.discoveryQueueUrl);
  const now = () => new Date();
  return {
    discovery: {
      subscriptions,
      fetchDocument: (url, options) =>
        fetcher.fetchDocument(
          url,
          options?.conditional ? { conditional: options.conditional } : {},
        ),
      submissions: new SubmissionQueue(clients.sqs, config.queueUrl),
      now,
      maxBytes: config.maxBodyBytes,
    },
    dispatch: { subscriptions, discovery: discoveryQueue, now },
    requeue: (body, delayMs) => discoveryQueue.sendDelayed(body, delayMs),
    ...observers,
  };
}

export function buildDiscoveryHandler(
  config: Config,
  observers = {
    logger: createLogger(DISCOVERY_SERVICE_NAME),
    metrics: createMetrics(DISCOVERY_SERVICE_NAME),
  },
): DiscoveryHandler {
  return createDiscoveryHandler(buildDiscoveryDeps(config, observers));
}

let cached: DiscoveryHandler | undefined;

export const handler = async (event: DiscoveryEvent) => {
  cached ??= buildDiscoveryHandler(loadConfig(process.env));
  return await cached(event);
};
