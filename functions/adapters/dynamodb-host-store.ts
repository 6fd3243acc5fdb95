/**
 * The HostStore on the shared DynamoDB table, so every concurrent worker sees the same
 * robots.txt cache and the same politeness slot per host.
 *
 *   pk = HOST#<host>  sk = ROBOTS   origin, outcome, status, bodyGz (gzip), fetchedAtMs,
 *                                   expiresAtMs, expiresAt (TTL, epoch seconds)
 *   pk = HOST#<host>  sk = SLOT     lastAtMs (start of the latest reserved slot),
 *                                   notBeforeMs (Retry-After), ver, expiresAt (TTL)
 *
 * A slot is claimed optimistically: read the item (strongly consistent), compute the next
 * slot, write it with a condition on the version read. Two workers racing for the same
 * host cannot both win, so reserved slots are at least one interval apart. DynamoDB TTL
 * deletes lazily (DynamoDB Local never does), so reads also check `expiresAtMs`.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { IngestError } from "../core/errors";
import type { RobotsRecord } from "../core/robots";
import { TABLE_KEYS } from "../shared/resources";
import { type HostStore, nextSlot, type SlotClaim, type SlotRequest } from "./host-store";

export interface DynamoDbHostStoreOptions {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** Optimistic claim attempts under contention before answering "busy". */
  maxClaimAttempts?: number;
}

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

  constructor(options: DynamoDbHostStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
    this.maxClaimAttempts = options.maxClaimAttempts ?? 10;
  }

  /** Translates an SDK error (by name, $retryable, $fault) into a storage-error keeping it as cause. */
  private storageError(error: unknown, operation: string, host: string, sk: string): IngestError {
    if (error instanceof IngestError) return error;
    const sdk = error as { $retryable?: unknown; $fault?: unknown; message?: unknown };
    const kind = sdk.$retryable
      ? "throttled or transient"
      : sdk.$fault === "server"
        ? "server fault"
        : sdk.$fault === "client"
          ? "client fault"
          : "failure";
    return new IngestError(
      "storage-error",
      `DynamoDB ${operation} of ${hostPk(host)}/${sk} in table ${this.tableName} failed (${errorName(error)}, ${kind}: ${String(sdk.message ?? "")}); expected success`,
      { cause: error, disposition: "retryable" },
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

  async claimSlot(host: string, request: SlotRequest): Promise<SlotClaim> {
    const key = { [PK]: hostPk(host), [SK]: "SLOT" };
    let atMs = request.nowMs + request.intervalMs;
    for (let attempt = 0; attempt < this.maxClaimAttempts; attempt++) {
      let item: Record<string, unknown> | undefined;
      try {
        const result = await this.documents.send(
          new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
        );
        item = result.Item;
      } catch (error) {
        throw this.storageError(error, "GetItem", host, "SLOT");
      }
      const state = {
        lastAtMs: typeof item?.lastAtMs === "number" ? item.lastAtMs : null,
        notBeforeMs: typeof item?.notBeforeMs === "number" ? item.notBeforeMs : null,
      };
      atMs = nextSlot(state, request);
      if (atMs - request.nowMs > request.budgetMs) return { granted: false, nextFreeMs: atMs };
      const version = typeof item?.ver === "number" ? item.ver : null;
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: "SET lastAtMs = :at, ver = :next, #ttl = :ttl",
            ConditionExpression: version === null ? "attribute_not_exists(#pk)" : "ver = :ver",
            ExpressionAttributeNames: { "#ttl": TTL, ...(version === null ? { "#pk": PK } : {}) },
            ExpressionAttributeValues: {
              ":at": atMs,
              ":next": (version ?? 0) + 1,
              ":ttl": epochSeconds(Math.max(atMs, state.notBeforeMs ?? 0) + SLOT_TTL_MARGIN_MS),
              ...(version === null ? {} : { ":ver": version }),
            },
          }),
        );
        return { granted: true, atMs };
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") continue; // lost the race
        throw this.storageError(error, "UpdateItem", host, "SLOT");
      }
    }
    // Heavy contention: nothing reserved; let the caller re-enqueue.
    return { granted: false, nextFreeMs: atMs + request.intervalMs };
  }

  async deferHost(host: string, untilMs: number): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: hostPk(host), [SK]: "SLOT" },
          UpdateExpression:
            "SET notBeforeMs = :until, ver = if_not_exists(ver, :zero) + :one, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(notBeforeMs) OR notBeforeMs < :until",
          ExpressionAttributeNames: { "#ttl": TTL },
          ExpressionAttributeValues: {
            ":until": untilMs,
            ":zero": 0,
            ":one": 1,
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
