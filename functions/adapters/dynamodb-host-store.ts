/**
 * The HostStore on the shared DynamoDB table, so every concurrent worker sees the same
 * robots.txt cache and the same politeness slot per host.
 *
 *   pk = HOST#<host>  sk = ROBOTS   origin, outcome, status, bodyGz (gzip), fetchedAtMs,
 *                                   expiresAtMs, expiresAt (TTL, epoch seconds)
 *   pk = HOST#<host>  sk = SLOT     lastAtMs (start of the latest reserved slot),
 *                                   notBeforeMs (Retry-After), expiresAt (TTL)
 *
 * Slots are claimed with conditional UpdateItem calls (see `claimSlot`): concurrent
 * claimers on a busy host each atomically add one interval to `lastAtMs`, so reserved
 * slots are at least one interval apart across every worker. Workers' clocks are assumed
 * to agree (Lambda hosts are NTP-synchronized); skew shifts slots by the skew. DynamoDB TTL
 * deletes lazily (DynamoDB Local never does), so reads also check `expiresAtMs`.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { awsError, type IngestError } from "../core/errors";
import type { RobotsRecord } from "../core/robots";
import { TABLE_KEYS } from "../shared/resources";
import { type HostStore, nextSlot, type SlotClaim, type SlotRequest } from "./host-store";

export interface DynamoDbHostStoreOptions {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** Optimistic claim attempts under contention before answering "busy". */
  maxClaimAttempts?: number;
}

/** Hosts whose last seen slot this process remembers (a hint only; see `claimSlot`). */
const MAX_REMEMBERED_HOSTS = 1000;
/** Slot items outlive their last slot by this long, then TTL removes them. */
const SLOT_TTL_MARGIN_MS = 3600_000;
/** Largest gzipped robots.txt stored (items must stay under 400 KB). */
const MAX_ROBOTS_ITEM_BYTES = 300_000;

const { partitionKey: PK, sortKey: SK, ttl: TTL } = TABLE_KEYS;

function hostPk(host: string): string {
  return `HOST#${host}`;
}

function epochSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown })?.name;
  return typeof name === "string" ? name : "Error";
}

export class DynamoDbHostStore implements HostStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxClaimAttempts: number;
  /**
   * The latest slot start this process reserved or saw per host. Only orders the two
   * conditional writes of a claim (both stay conditional on the shared item): a host that
   * was busy a moment ago is most likely still busy, so the increment goes first.
   */
  private readonly lastSeenAtMs = new Map<string, number>();

  constructor(options: DynamoDbHostStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
    this.maxClaimAttempts = options.maxClaimAttempts ?? 5;
  }

  /** Translates an SDK error into a storage-error naming the item, keeping it as cause. */
  private storageError(error: unknown, operation: string, host: string, sk: string): IngestError {
    return awsError(
      error,
      `DynamoDB ${operation} of ${hostPk(host)}/${sk} in table ${this.tableName}`,
    );
  }

  async getRobots(host: string, nowMs: number): Promise<RobotsRecord | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { [PK]: hostPk(host), [SK]: "ROBOTS" } }),
      );
      item = result.Item;
    } catch (error) {
      throw this.storageError(error, "GetItem", host, "ROBOTS");
    }
    if (!item || typeof item.expiresAtMs !== "number" || item.expiresAtMs <= nowMs) return null;
    const record: RobotsRecord = {
      origin: String(item.origin),
      outcome: item.outcome as RobotsRecord["outcome"],
      status: typeof item.status === "number" ? item.status : null,
      body: item.bodyGz instanceof Uint8Array ? gunzipSync(item.bodyGz).toString("utf8") : "",
      fetchedAtMs: Number(item.fetchedAtMs),
    };
    if (typeof item.failureCode === "string") {
      record.failureCode = item.failureCode as NonNullable<RobotsRecord["failureCode"]>;
    }
    if (typeof item.failureMessage === "string") record.failureMessage = item.failureMessage;
    if (typeof item.retryAfterMs === "number") record.retryAfterMs = item.retryAfterMs;
    return record;
  }

  async putRobots(host: string, record: RobotsRecord, expiresAtMs: number): Promise<void> {
    let bodyGz = gzipSync(record.body);
    if (bodyGz.length > MAX_ROBOTS_ITEM_BYTES) {
      // Pathological robots.txt: keep a prefix that fits the item (rules come first anyway).
      bodyGz = gzipSync(record.body.slice(0, MAX_ROBOTS_ITEM_BYTES));
    }
    const { body: _body, ...rest } = record;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PK]: hostPk(host),
            [SK]: "ROBOTS",
            ...rest,
            bodyGz,
            expiresAtMs,
            [TTL]: epochSeconds(expiresAtMs),
          },
        }),
      );
    } catch (error) {
      throw this.storageError(error, "PutItem", host, "ROBOTS");
    }
  }

  /**
   * Claims a slot in at most a few writes, without a read-modify-write race:
   *
   * 1. idle host: `SET lastAtMs = now` if the previous slot is at least one interval old;
   * 2. busy host: `SET lastAtMs = lastAtMs + interval` (an atomic increment, so concurrent
   *    claimers queue up one interval apart) if the previous slot is recent and the new
   *    one is within the budget; the returned value is this caller's slot;
   * 3. both conditions failed: read the item to tell "over budget / deferred" (answer
   *    busy) from "became idle meanwhile" (try again).
   *
   * A failed condition is billed as a write too: when this process last saw the host's slot
   * less than an interval ago, step 2 is tried before step 1, so a claim on a busy host is
   * usually one write, not two.
   */
  async claimSlot(host: string, request: SlotRequest): Promise<SlotClaim> {
    const key = { [PK]: hostPk(host), [SK]: "SLOT" };
    const { nowMs, intervalMs, budgetMs } = request;
    const common = {
      TableName: this.tableName,
      Key: key,
      ExpressionAttributeNames: { "#ttl": TTL },
    };
    const notDeferred = "(attribute_not_exists(notBeforeMs) OR notBeforeMs <= :now)";
    const ttl = epochSeconds(nowMs + budgetMs + intervalMs + SLOT_TTL_MARGIN_MS);
    const idle = async (): Promise<SlotClaim | null> => {
      try {
        await this.documents.send(
          new UpdateCommand({
            ...common,
            UpdateExpression: "SET lastAtMs = :now, #ttl = :ttl",
            ConditionExpression: `(attribute_not_exists(lastAtMs) OR lastAtMs <= :idleBefore) AND ${notDeferred}`,
            ExpressionAttributeValues: {
              ":now": nowMs,
              ":idleBefore": nowMs - intervalMs,
              ":ttl": ttl,
            },
          }),
        );
        return { granted: true, atMs: nowMs };
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException") {
          throw this.storageError(error, "UpdateItem", host, "SLOT");
        }
        return null;
      }
    };
    const busy = async (): Promise<SlotClaim | null> => {
      try {
        const result = await this.documents.send(
          new UpdateCommand({
            ...common,
            UpdateExpression: "SET lastAtMs = lastAtMs + :interval, #ttl = :ttl",
            ConditionExpression: `lastAtMs > :idleBefore AND lastAtMs <= :latest AND ${notDeferred}`,
            ExpressionAttributeValues: {
              ":interval": intervalMs,
              ":idleBefore": nowMs - intervalMs,
              ":latest": nowMs + budgetMs - intervalMs,
              ":now": nowMs,
              ":ttl": ttl,
            },
            ReturnValues: "UPDATED_NEW",
          }),
        );
        return { granted: true, atMs: Number(result.Attributes?.lastAtMs) };
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException") {
          throw this.storageError(error, "UpdateItem", host, "SLOT");
        }
        return null;
      }
    };
    for (let attempt = 0; attempt < this.maxClaimAttempts; attempt++) {
      const seen = this.lastSeenAtMs.get(host);
      const likelyBusy = seen !== undefined && seen > nowMs - intervalMs;
      const claim = likelyBusy
        ? ((await busy()) ?? (await idle()))
        : ((await idle()) ?? (await busy()));
      if (claim?.granted) {
        this.remember(host, claim.atMs);
        return claim;
      }
      let item: Record<string, unknown> | undefined;
      try {
        const result = await this.documents.send(
          new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
        );
        item = result.Item;
      } catch (error) {
        throw this.storageError(error, "GetItem", host, "SLOT");
      }
      const nextFreeMs = nextSlot(
        {
          lastAtMs: typeof item?.lastAtMs === "number" ? item.lastAtMs : null,
          notBeforeMs: typeof item?.notBeforeMs === "number" ? item.notBeforeMs : null,
        },
        request,
      );
      if (typeof item?.lastAtMs === "number") this.remember(host, item.lastAtMs);
      const deferred = typeof item?.notBeforeMs === "number" && item.notBeforeMs > nowMs;
      if (deferred || nextFreeMs - nowMs > budgetMs) return { granted: false, nextFreeMs };
      // The host went idle between our two writes: start over.
    }
    return { granted: false, nextFreeMs: nowMs + intervalMs };
  }

  private remember(host: string, atMs: number): void {
    if (this.lastSeenAtMs.size >= MAX_REMEMBERED_HOSTS && !this.lastSeenAtMs.has(host)) {
      this.lastSeenAtMs.clear();
    }
    this.lastSeenAtMs.set(host, Math.max(atMs, this.lastSeenAtMs.get(host) ?? atMs));
  }

  async moveSlot(host: string, fromMs: number, toMs: number): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: hostPk(host), [SK]: "SLOT" },
          UpdateExpression: "SET lastAtMs = :to",
          ConditionExpression: "lastAtMs = :from",
          ExpressionAttributeValues: { ":from": fromMs, ":to": toMs },
        }),
      );
      return true;
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") return false; // someone queued behind us
      throw this.storageError(error, "UpdateItem", host, "SLOT");
    }
  }

  async deferHost(host: string, untilMs: number): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: hostPk(host), [SK]: "SLOT" },
          UpdateExpression: "SET notBeforeMs = :until, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(notBeforeMs) OR notBeforeMs < :until",
          ExpressionAttributeNames: { "#ttl": TTL },
          ExpressionAttributeValues: {
            ":until": untilMs,
            ":ttl": epochSeconds(untilMs + SLOT_TTL_MARGIN_MS),
          },
        }),
      );
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") return; // already deferred longer
      throw this.storageError(error, "UpdateItem", host, "SLOT");
    }
  }
}
