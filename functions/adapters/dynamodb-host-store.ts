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
import {
  type HostStore,
  nextSlot,
  type SlotClaim,
  type SlotRequest,
  type SlotState,
} from "./host-store";
import { consumedWriteUnits, type WriteAttribution } from "./usage-meter";

/** What the host store's writes are for, as the usage meter splits them. */
export const HOST_WRITE_KINDS = {
  claimIdle: "slot claim granted, idle host",
  claimQueued: "slot claim granted, queued",
  claimFailed: "slot claim, condition failed",
  moved: "slot moved (late start)",
  moveRefused: "slot move refused (late start)",
  deferral: "host deferral (Retry-After)",
  robots: "robots.txt record",
} as const;

export interface DynamoDbHostStoreOptions {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** Optimistic claim attempts under contention before answering "busy". */
  maxClaimAttempts?: number;
  /** Told what each write was for (the load run's breakdown of write units). */
  usage?: WriteAttribution;
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

/**
 * The slot state of an item: as the document client reads it (numbers), or as a refused
 * condition returns it (`ReturnValuesOnConditionCheckFailure`: attribute values, `{ N }`).
 * Undefined when there is no item.
 */
function slotStateOf(item: unknown): SlotState | undefined {
  if (!item || typeof item !== "object") return undefined;
  const numberOf = (value: unknown): number | null => {
    const raw = typeof value === "object" && value !== null ? (value as { N?: unknown }).N : value;
    const parsed = typeof raw === "string" ? Number(raw) : raw;
    return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : null;
  };
  const fields = item as Record<string, unknown>;
  return { lastAtMs: numberOf(fields.lastAtMs), notBeforeMs: numberOf(fields.notBeforeMs) };
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown })?.name;
  return typeof name === "string" ? name : "Error";
}

export class DynamoDbHostStore implements HostStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxClaimAttempts: number;
  private readonly usage: WriteAttribution | undefined;
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
    this.usage = options.usage;
  }

  /** Reports one write: its kind and what it consumed (a refused condition is billed 1 WRU). */
  private wrote(kind: string, output?: unknown): void {
    this.usage?.attribute(kind, output === undefined ? 1 : consumedWriteUnits(output));
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
      const result = await this.documents.send(
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
      this.wrote(HOST_WRITE_KINDS.robots, result);
    } catch (error) {
      throw this.storageError(error, "PutItem", host, "ROBOTS");
    }
  }

  /**
   * Claims a slot, usually in one write, without a read-modify-write race:
   *
   * - idle host: `SET lastAtMs = now` if the previous slot is at least one interval old;
   * - busy host: `SET lastAtMs = lastAtMs + interval` (an atomic increment, so concurrent
   *   claimers queue up one interval apart) if the previous slot is recent and the new
   *   one is within the budget; the returned value is this caller's slot.
   *
   * Which one goes first is a guess (this process's last seen slot of the host). A refused
   * condition is billed as a write, but it returns the item as it is
   * (`ReturnValuesOnConditionCheckFailure`, no extra capacity), so the claimer knows at
   * once whether the other write can succeed: when the slot is past the budget or the host
   * is deferred it answers "busy" without a second write and without a read; otherwise it
   * tries the write that fits the item (and, when another claimer changed it meanwhile,
   * again, at most `maxClaimAttempts` writes in all).
   */
  async claimSlot(host: string, request: SlotRequest): Promise<SlotClaim> {
    const key = { [PK]: hostPk(host), [SK]: "SLOT" };
    const { nowMs, intervalMs, budgetMs } = request;
    const common = {
      TableName: this.tableName,
      Key: key,
      ExpressionAttributeNames: { "#ttl": TTL },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    };
    const notDeferred = "(attribute_not_exists(notBeforeMs) OR notBeforeMs <= :now)";
    const ttl = epochSeconds(nowMs + budgetMs + intervalMs + SLOT_TTL_MARGIN_MS);
    /** The granted claim, or the slot state that refused the condition. */
    type Outcome = { claim: SlotClaim } | { state: SlotState | undefined };
    const refused = (error: unknown): Outcome => {
      if (errorName(error) !== "ConditionalCheckFailedException") {
        throw this.storageError(error, "UpdateItem", host, "SLOT");
      }
      this.wrote(HOST_WRITE_KINDS.claimFailed);
      return { state: slotStateOf((error as { Item?: unknown }).Item) };
    };
    const idle = async (): Promise<Outcome> => {
      try {
        const result = await this.documents.send(
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
        this.wrote(HOST_WRITE_KINDS.claimIdle, result);
        return { claim: { granted: true, atMs: nowMs } };
      } catch (error) {
        return refused(error);
      }
    };
    const busy = async (): Promise<Outcome> => {
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
        this.wrote(HOST_WRITE_KINDS.claimQueued, result);
        return { claim: { granted: true, atMs: Number(result.Attributes?.lastAtMs) } };
      } catch (error) {
        return refused(error);
      }
    };
    const seen = this.lastSeenAtMs.get(host);
    let likelyBusy = seen !== undefined && seen > nowMs - intervalMs;
    for (let attempt = 0; attempt < this.maxClaimAttempts; attempt++) {
      const outcome = likelyBusy ? await busy() : await idle();
      if ("claim" in outcome) {
        if (outcome.claim.granted) this.remember(host, outcome.claim.atMs);
        return outcome.claim;
      }
      // The item as it refused the condition (a missing item returns none: an idle host).
      // Without it (a store that does not return it), one consistent read tells.
      const state =
        outcome.state ??
        (likelyBusy ? { lastAtMs: null, notBeforeMs: null } : await this.readSlot(host));
      if (state.lastAtMs !== null) this.remember(host, state.lastAtMs);
      const nextFreeMs = nextSlot(state, request);
      const deferred = state.notBeforeMs !== null && state.notBeforeMs > nowMs;
      if (deferred || nextFreeMs - nowMs > budgetMs) return { granted: false, nextFreeMs };
      likelyBusy = state.lastAtMs !== null && state.lastAtMs > nowMs - intervalMs;
    }
    return { granted: false, nextFreeMs: nowMs + intervalMs };
  }

  /** The slot item, read consistently. */
  private async readSlot(host: string): Promise<SlotState> {
    try {
      const result = await this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [PK]: hostPk(host), [SK]: "SLOT" },
          ConsistentRead: true,
        }),
      );
      return slotStateOf(result.Item) ?? { lastAtMs: null, notBeforeMs: null };
    } catch (error) {
      throw this.storageError(error, "GetItem", host, "SLOT");
    }
  }

  private remember(host: string, atMs: number): void {
    if (this.lastSeenAtMs.size >= MAX_REMEMBERED_HOSTS && !this.lastSeenAtMs.has(host)) {
      this.lastSeenAtMs.clear();
    }
    this.lastSeenAtMs.set(host, Math.max(atMs, this.lastSeenAtMs.get(host) ?? atMs));
  }

  async moveSlot(host: string, fromMs: number, toMs: number): Promise<boolean> {
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: hostPk(host), [SK]: "SLOT" },
          UpdateExpression: "SET lastAtMs = :to",
          ConditionExpression: "lastAtMs = :from",
          ExpressionAttributeValues: { ":from": fromMs, ":to": toMs },
        }),
      );
      this.wrote(HOST_WRITE_KINDS.moved, result);
      return true;
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") {
        this.wrote(HOST_WRITE_KINDS.moveRefused);
        return false; // someone queued behind us
      }
      throw this.storageError(error, "UpdateItem", host, "SLOT");
    }
  }

  async deferHost(host: string, untilMs: number): Promise<void> {
    try {
      const result = await this.documents.send(
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
      this.wrote(HOST_WRITE_KINDS.deferral, result);
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") {
        this.wrote(HOST_WRITE_KINDS.deferral);
        return; // already deferred longer
      }
      throw this.storageError(error, "UpdateItem", host, "SLOT");
    }
  }
}
