/**
 * Subscriptions and "seen" markers in the article table: the only file that talks to
 * DynamoDB about discovery. Items (key names from functions/shared/resources.ts):
 *
 * - subscription  `SUB#<id>` / `SUBSCRIPTION`  the subscription and its health; carries the
 *   subscriptions-by-due index keys `SUBSCRIPTIONS#<shard>` / `DUE#<nextPollAt>#<id>`
 *   (`PAUSED#<id>` while paused, which sorts after every due time)
 * - recent        `SUB#<id>` / `RECENT`        hashes of the URLs the last read listed, so a
 *   feed that lists the same 50 stories every poll costs no marker writes
 * - seen marker   `SEEN#<id of the URL>` / `SEEN`  written once per normalized URL, on the
 *   condition that it does not exist: whichever poll writes it submits the URL, so a story
 *   in three feeds, or two overlapping polls of one feed, submit it once
 *
 * Access patterns: GetItem/Query by id, Query of the index per shard (list all, list due),
 * conditional writes. No Scan.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { awsError } from "../core/errors";
import { articleIdFor } from "../core/normalize-url";
import type { Subscription, SubscriptionHealth } from "../core/subscription";
import { SUBSCRIPTION_SHARDS, TABLE_INDEXES, TABLE_KEYS } from "../shared/resources";

const PK = TABLE_KEYS.partitionKey;
const SK = TABLE_KEYS.sortKey;
const INDEX = TABLE_INDEXES.subscriptions;
const SUBSCRIPTION_SK = "SUBSCRIPTION";
const RECENT_SK = "RECENT";
/** Most URL hashes kept per subscription for the "listed last time" shortcut. */
export const MAX_RECENT_HASHES = 1000;
/** Conditional marker writes in flight at once. */
const MARKER_CONCURRENCY = 16;
/** Most subscriptions one listing returns. */
export const MAX_SUBSCRIPTIONS_LISTED = 10_000;

const subPk = (id: string) => `SUB#${id}`;
const seenPk = (normalizedUrl: string) => `SEEN#${articleIdFor(normalizedUrl)}`;
const shardOf = (id: string) => Number.parseInt(id.slice(0, 4), 16) % SUBSCRIPTION_SHARDS;
const dueSk = (s: Pick<Subscription, "id" | "paused" | "nextPollAt">) =>
  s.paused ? `PAUSED#${s.id}` : `DUE#${s.nextPollAt}#${s.id}`;

/** A short hash of a normalized URL, for the recent list. */
export function recentHash(normalizedUrl: string): string {
  return articleIdFor(normalizedUrl).slice(0, 16);
}

export class SubscriptionExistsError extends Error {
  constructor(readonly subscription: Subscription) {
    super(`${subscription.url} is already watched (subscription ${subscription.id})`);
    this.name = "SubscriptionExistsError";
  }
}

export interface StoredSubscription {
  subscription: Subscription;
  /** Hashes of the URLs the last read listed. */
  recent: Set<string>;
}

function toSubscription(item: Record<string, unknown>): Subscription {
  const s: Subscription = {
    id: String(item.id),
    url: String(item.url),
    intervalSeconds: Number(item.intervalSeconds),
    paused: item.paused === true,
    createdAt: String(item.createdAt),
    nextPollAt: String(item.nextPollAt),
    urlsTotal: Number(item.urlsTotal ?? 0),
    health: (item.health as SubscriptionHealth | undefined) ?? {
      consecutiveFailures: 0,
      urlsLastPoll: 0,
    },
  };
  if (typeof item.tag === "string") s.tag = item.tag;
  if (typeof item.since === "string") s.since = item.since;
  return s;
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string }).name === "ConditionalCheckFailedException"
  );
}

export class SubscriptionTable {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new subscription; `SubscriptionExistsError` when its URL is already watched. */
  async create(subscription: Subscription): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(subscription),
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        const existing = await this.get(subscription.id);
        if (existing) throw new SubscriptionExistsError(existing.subscription);
      }
      throw awsError(error, `DynamoDB PutItem of subscription ${subscription.id}`);
    }
  }

  /** The subscription and its recent list: one Query of its partition. */
  async get(id: string): Promise<StoredSubscription | null> {
    const result = await this.call(`Query of subscription ${id}`, () =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":pk": subPk(id) },
          ConsistentRead: true,
        }),
      ),
    );
    const items = result.Items ?? [];
    const main = items.find((i) => i[SK] === SUBSCRIPTION_SK);
    if (!main) return null;
    const recent = items.find((i) => i[SK] === RECENT_SK)?.hashes;
    return {
      subscription: toSubscription(main),
      recent: new Set(typeof recent === "string" && recent !== "" ? recent.split(",") : []),
    };
  }

  /** Every subscription (active by next poll time, then paused), up to MAX_SUBSCRIPTIONS_LISTED. */
  async list(): Promise<Subscription[]> {
    const all: Subscription[] = [];
    for (let shard = 0; shard < SUBSCRIPTION_SHARDS; shard++) {
      all.push(...(await this.queryShard(shard, undefined, MAX_SUBSCRIPTIONS_LISTED - all.length)));
    }
    return all.sort((a, b) => a.url.localeCompare(b.url));
  }

  /** Active subscriptions whose next poll is at or before `now`, up to `limit`. */
  async listDue(now: Date, limit: number): Promise<Subscription[]> {
    const due: Subscription[] = [];
    for (let shard = 0; shard < SUBSCRIPTION_SHARDS && due.length < limit; shard++) {
      due.push(...(await this.queryShard(shard, now.toISOString(), limit - due.length)));
    }
    return due;
  }

  /**
   * Moves a due subscription's next poll to `nextPollAt`, on condition that nobody else did
   * since it was listed: only the claimer sends its poll message.
   */
  async claim(subscription: Subscription, nextPollAt: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: subPk(subscription.id), [SK]: SUBSCRIPTION_SK },
          UpdateExpression: "SET nextPollAt = :next, #sk = :newSk",
          ConditionExpression: "#sk = :oldSk",
          ExpressionAttributeNames: { "#sk": INDEX.sortKey },
          ExpressionAttributeValues: {
            ":next": nextPollAt,
            ":newSk": dueSk({ ...subscription, nextPollAt }),
            ":oldSk": dueSk(subscription),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw awsError(error, `DynamoDB UpdateItem claiming subscription ${subscription.id}`);
    }
  }

  /** Pauses or resumes (a resumed subscription is due at once); null when there is none. */
  async setPaused(id: string, paused: boolean, now: Date): Promise<Subscription | null> {
    const nextPollAt = now.toISOString();
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: subPk(id), [SK]: SUBSCRIPTION_SK },
          UpdateExpression: paused
            ? "SET paused = :paused, #sk = :sk"
            : "SET paused = :paused, #sk = :sk, nextPollAt = :next",
          ConditionExpression: "attribute_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK, "#sk": INDEX.sortKey },
          ExpressionAttributeValues: {
            ":paused": paused,
            ":sk": dueSk({ id, paused, nextPollAt }),
            ...(paused ? {} : { ":next": nextPollAt }),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return result.Attributes ? toSubscription(result.Attributes) : null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw awsError(error, `DynamoDB UpdateItem of subscription ${id}`);
    }
  }

  /** Removes a subscription and its recent list; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const result = await this.call(`DeleteItem of subscription ${id}`, () =>
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PK]: subPk(id), [SK]: SUBSCRIPTION_SK },
          ReturnValues: "ALL_OLD",
        }),
      ),
    );
    await this.call(`DeleteItem of subscription ${id}`, () =>
      this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: { [PK]: subPk(id), [SK]: RECENT_SK } }),
      ),
    );
    return result.Attributes !== undefined;
  }

  /**
   * Stores a poll's outcome: the new health, the URLs it submitted added to the total, and
   * (when given) the recent list. A subscription removed while it was polled stays removed.
   */
  async recordPoll(
    id: string,
    health: SubscriptionHealth,
    submitted: number,
    recent?: Set<string>,
  ): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: subPk(id), [SK]: SUBSCRIPTION_SK },
          UpdateExpression: "SET health = :health ADD urlsTotal :n",
          ConditionExpression: "attribute_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PK },
          ExpressionAttributeValues: { ":health": health, ":n": submitted },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw awsError(error, `DynamoDB UpdateItem of subscription ${id}'s health`);
    }
    if (recent === undefined) return;
    const hashes = [...recent].slice(0, MAX_RECENT_HASHES).join(",");
    await this.call(`PutItem of subscription ${id}'s recent list`, () =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: subPk(id), [SK]: RECENT_SK, hashes },
        }),
      ),
    );
  }

  /**
   * Writes a "seen" marker for each normalized URL that has none; returns the URLs whose
   * marker this call wrote (the ones to submit), in the order given.
   */
  async markNew(urls: string[], source: string, now: Date): Promise<string[]> {
    const fresh = new Array<boolean>(urls.length).fill(false);
    let next = 0;
    const worker = async () => {
      while (next < urls.length) {
        const index = next++;
        const url = urls[index] as string;
        try {
          await this.documents.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { [PK]: seenPk(url), [SK]: "SEEN", url, source, seenAt: now.toISOString() },
              ConditionExpression: "attribute_not_exists(#pk)",
              ExpressionAttributeNames: { "#pk": PK },
            }),
          );
          fresh[index] = true;
        } catch (error) {
          if (!isConditionFailure(error)) throw awsError(error, `DynamoDB PutItem seen ${url}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MARKER_CONCURRENCY, urls.length) }, worker));
    return urls.filter((_, i) => fresh[i]);
  }

  /** Removes markers of URLs that could not be submitted, so the next poll tries them again. */
  async forget(urls: string[]): Promise<void> {
    for (const url of urls) {
      await this.call(`DeleteItem seen ${url}`, () =>
        this.documents.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { [PK]: seenPk(url), [SK]: "SEEN" },
          }),
        ),
      );
    }
  }

  private item(subscription: Subscription): Record<string, unknown> {
    return {
      [PK]: subPk(subscription.id),
      [SK]: SUBSCRIPTION_SK,
      [INDEX.partitionKey]: `SUBSCRIPTIONS#${shardOf(subscription.id)}`,
      [INDEX.sortKey]: dueSk(subscription),
      ...subscription,
    };
  }

  private async queryShard(
    shard: number,
    dueBy: string | undefined,
    limit: number,
  ): Promise<Subscription[]> {
    const out: Subscription[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.call(`Query of ${INDEX.name}`, () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.name,
            KeyConditionExpression:
              dueBy === undefined ? "#pk = :pk" : "#pk = :pk AND #sk BETWEEN :from AND :to",
            ExpressionAttributeNames: {
              "#pk": INDEX.partitionKey,
              ...(dueBy === undefined ? {} : { "#sk": INDEX.sortKey }),
            },
            ExpressionAttributeValues: {
              ":pk": `SUBSCRIPTIONS#${shard}`,
              ...(dueBy === undefined ? {} : { ":from": "DUE#", ":to": `DUE#${dueBy}#~` }),
            },
            Limit: Math.min(limit - out.length, 500),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      out.push(...(result.Items ?? []).map(toSubscription));
      start = result.LastEvaluatedKey;
    } while (start !== undefined && out.length < limit);
    return out;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw awsError(error, `DynamoDB ${operation}`);
    }
  }
}
