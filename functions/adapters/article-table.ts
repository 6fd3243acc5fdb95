/**
 * The article table (the ingest service's `ArticleStore` port, and the API's reads): the only
 * file that talks to DynamoDB about articles.
 *
 * Items (one table; key and index attribute names come from functions/shared/resources.ts,
 * `pk`/`sk` here):
 * - latest record   `ARTICLE#<id>` / `LATEST`      the record without `provenance` (in the
 *                                                  version's document); carries the index keys
 * - version         `ARTICLE#<id>` / `VERSION#<n>` a snapshot of each version (`versionSnapshot`:
 *                                                  no provenance, submitted URLs or tags) and
 *                                                  its `changedFields`, as gzipped JSON in
 *                                                  `versionGz` (the capture key, repeated in four
 *                                                  fields, and the field names compress away: a
 *                                                  version fits in 1 KB, one write unit, unless
 *                                                  its text fields are long)
 * - URL alias       `URL#<id of the variant>` / `ALIAS` → `articleId`
 *
 * Items stored whole before the slim layout, and version items stored as attributes
 * (`changedFields`, a `record` map) before `versionGz`, read as they were.
 *
 * Indexes (functions/shared/resources.ts), each copying only `INDEXED_RECORD_FIELDS`: the
 * list methods return those (`IndexedRecord`); `fullRecords` reads the whole latest items.
 * - by-site-published: `SITE#<site>` / `<publishedAt or fetchedAt>#<id>` on `ok` records
 * - failures-by-time:  `FAILURES#<yyyy-mm>` / `<checkedAt>#<id>` on failed and skipped records
 * - recent-by-time:    `RECENT#<yyyy-mm-dd>#<shard>` / `<checkedAt>#<id>` on every record
 *
 * Writes are conditional on the item read before (its version and `checkedAt`), so two
 * workers never lose an update (no transactions: a new version is two plain writes, see
 * `putVersion`): a failed condition is a `VersionConflictError`
 * (`version-conflict`, which the policy answers with `reread`).
 */
import { gunzipSync, gzipSync } from "node:zlib";
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type ArticleRecord,
  changedFields,
  latestItemFields,
  MAX_ITEM_BYTES,
  MAX_SUBMISSION_TAGS,
  nextVersion,
  recordOfSnapshot,
  type VersionedField,
  type VersionSnapshot,
  versionSnapshot,
} from "../core/article-record";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../core/cursor";
import { awsError, IngestError } from "../core/errors";
import { articleIdFor } from "../core/normalize-url";
import type { ArticleStore } from "../ingest/ports";
import {
  type INDEXED_RECORD_FIELDS,
  RECENT_SHARDS,
  TABLE_INDEXES,
  TABLE_KEYS,
} from "../shared/resources";

/** What an index query returns per record: the fields the article indexes copy. */
export type IndexedRecord = Pick<ArticleRecord, (typeof INDEXED_RECORD_FIELDS)[number]>;

export interface VersionItem {
  version: number;
  changedFields: VersionedField[];
  record: ArticleRecord;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** Thrown when another writer changed the record since it was read. */
export class VersionConflictError extends IngestError {
  constructor(articleId: string, cause?: unknown) {
    super("version-conflict", `Record ${articleId} was changed by another writer`, { cause });
    this.name = "VersionConflictError";
  }
}

export const MAX_PAGE_SIZE = 100;
/** Keys one BatchGetItem may ask for (DynamoDB's limit). */
const BATCH_GET_KEYS = 100;
/** BatchGetItem rounds for one `fullRecords` call before the unprocessed keys fail it. */
const MAX_BATCH_GET_ROUNDS = 8;
/** DynamoDB queries one page of the failures listing may make (about a year of months). */
const MAX_QUERIES_PER_PAGE = 12;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LATEST = "LATEST";
const PK = TABLE_KEYS.partitionKey;
const SK = TABLE_KEYS.sortKey;
const { bySite, failures, recent } = TABLE_INDEXES;
/** Attributes that are keys, not record fields. */
const KEY_ATTRIBUTES = [
  PK,
  SK,
  ...Object.values(TABLE_INDEXES).flatMap((index) => [index.partitionKey, index.sortKey]),
];

const itemKey = (pk: string, sk: string) => ({ [PK]: pk, [SK]: sk });

const articlePk = (id: string) => `ARTICLE#${id}`;
const versionSk = (version: number) => `VERSION#${String(version).padStart(10, "0")}`;
const aliasPk = (normalizedUrl: string) => `URL#${articleIdFor(normalizedUrl)}`;

function shardOf(articleId: string): number {
  return Number.parseInt(articleId.slice(0, 4), 16) % RECENT_SHARDS;
}

/** The index keys a latest record carries; an index's keys are absent when it does not belong. */
function indexKeys(record: ArticleRecord): Record<string, string> {
  const keys: Record<string, string> = {
    [recent.partitionKey]: `RECENT#${record.checkedAt.slice(0, 10)}#${shardOf(record.articleId)}`,
    [recent.sortKey]: `${record.checkedAt}#${record.articleId}`,
  };
  if (record.status === "ok") {
    keys[bySite.partitionKey] = `SITE#${record.site}`;
    keys[bySite.sortKey] =
      `${record.publishedAt ?? record.fetchedAt ?? record.checkedAt}#${record.articleId}`;
  } else {
    keys[failures.partitionKey] = `FAILURES#${record.checkedAt.slice(0, 7)}`;
    keys[failures.sortKey] = `${record.checkedAt}#${record.articleId}`;
  }
  return keys;
}

function toRecord(item: Record<string, unknown> | undefined): ArticleRecord | null {
  if (!item) return null;
  const copy: Record<string, unknown> = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy as unknown as ArticleRecord;
}

/** An index item as the record fields it copies (an older index copying all reads the same). */
function toIndexed(item: Record<string, unknown>): IndexedRecord {
  return toRecord(item) as IndexedRecord;
}

/** What a version item packs into `versionGz`: its changed fields and its snapshot. */
interface PackedVersion {
  changedFields: VersionedField[];
  record: VersionSnapshot;
}

/** A version item's packed attribute: gzipped JSON of its changed fields and snapshot. */
function packedVersion(record: ArticleRecord, fields: VersionedField[]): { versionGz: Uint8Array } {
  const packed: PackedVersion = { changedFields: fields, record: versionSnapshot(record) };
  return { versionGz: gzipSync(JSON.stringify(packed)) };
}

/**
 * What a version item holds: `versionGz` (gzipped JSON, at most an item's worth of JSON
 * once unpacked, as `fitting` bounds the snapshot), or, as stored before, `changedFields`
 * and a `record` map. Undefined for no item.
 */
function unpackVersion(
  item: Record<string, unknown> | undefined,
): { changedFields: VersionedField[]; record: VersionSnapshot | ArticleRecord } | undefined {
  if (!item) return undefined;
  if (item.versionGz instanceof Uint8Array) {
    const json = gunzipSync(item.versionGz, { maxOutputLength: 2 * MAX_ITEM_BYTES });
    return JSON.parse(json.toString("utf8")) as PackedVersion;
  }
  return {
    changedFields: item.changedFields as VersionedField[],
    record: item.record as VersionSnapshot | ArticleRecord,
  };
}

function toVersionItem(item: Record<string, unknown>): VersionItem {
  const unpacked = unpackVersion(item) as NonNullable<ReturnType<typeof unpackVersion>>;
  return {
    version: item.version as number,
    changedFields: unpacked.changedFields,
    record: recordOfSnapshot(unpacked.record),
  };
}

export interface SiteQuery {
  site: string;
  /** Inclusive ISO lower bound on publication date. */
  from?: string;
  /** Inclusive ISO upper bound on publication date. */
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface FailureQuery {
  since: string;
  until: string;
  code?: string;
  limit?: number;
  cursor?: string;
}

export interface RecentQuery {
  /** UTC day, yyyy-mm-dd. */
  day: string;
  limit?: number;
  cursor?: string;
}

export class ArticleTable implements ArticleStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Key for signing pagination cursors. */
    private readonly cursorKey: string,
  ) {}

  async getLatest(articleId: string): Promise<ArticleRecord | null> {
    const result = await this.call(articleId, () =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: itemKey(articlePk(articleId), LATEST),
          ConsistentRead: true,
        }),
      ),
    );
    return toRecord(result.Item);
  }

  /** The id of the record a normalized URL resolves to (through its alias), if any. */
  async resolveUrl(normalizedUrl: string): Promise<string | null> {
    const alias = await this.call(normalizedUrl, () =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: itemKey(aliasPk(normalizedUrl), "ALIAS"),
          ConsistentRead: true,
        }),
      ),
    );
    const target = alias.Item?.articleId;
    return typeof target === "string" ? target : null;
  }

  /** The record for any URL variant: through its alias, else the record keyed by the URL itself. */
  async getByUrl(normalizedUrl: string): Promise<ArticleRecord | null> {
    const id = (await this.resolveUrl(normalizedUrl)) ?? articleIdFor(normalizedUrl);
    return await this.getLatest(id);
  }

  /**
   * Writes a new version without a transaction: the version item first, then the latest
   * item on condition that it is still `previous` (or absent). A crash in between leaves a
   * version item the latest does not reach yet; the redelivery decides the same version and
   * writes it again. The version item is created only when its key is free; one that is
   * there while the latest is still older is a leftover (or a writer in flight) and is taken
   * over. A writer whose latest write then loses puts back what the latest went through:
   * the winner's record when the winner's latest is that version, or, when the winner is an
   * import of an older capture that added this version (its latest keeps its record and
   * only carries `lastVersion`), the import's version item this writer replaced (see
   * `importReplaced`). So the version item ends as the version the latest record went
   * through. The latest item is `latestRecord` when given (an imported capture older than
   * the latest: the version is added, the latest stays).
   */
  async putVersion(
    record: ArticleRecord,
    previous: ArticleRecord | null,
    changed: VersionedField[],
    latestRecord: ArticleRecord = record,
  ): Promise<void> {
    const id = record.articleId;
    const latest = {
      ...itemKey(articlePk(id), LATEST),
      ...latestItemFields(latestRecord),
      ...indexKeys(latestRecord),
    };
    const snapshot = (of: ArticleRecord, fields: VersionedField[]) => ({
      ...itemKey(articlePk(id), versionSk(of.version)),
      version: of.version,
      ...packedVersion(of, fields),
    });
    /** The version item this writer replaced when it took one over (as stored). */
    let replaced: Record<string, unknown> | undefined;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: snapshot(record, changed),
          ConditionExpression: `attribute_not_exists(${PK})`,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw translate(error, id);
      // The latest's highest version (`lastVersion` when an older capture was imported).
      const now = await this.getLatest(id);
      if (nextVersion(now) > record.version) throw new VersionConflictError(id, error);
      // ALL_OLD (no extra capacity) keeps what is replaced: a live writer's item, not only a
      // crashed one's, may be there, and if that writer wins it may have to be put back.
      const put = await this.call(id, () =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: snapshot(record, changed),
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      replaced = put.Attributes;
    }
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: latest, ...unchangedSince(previous) }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw translate(error, id);
      const winner = await this.getLatest(id);
      const restore =
        winner && winner.version === record.version
          ? snapshot(winner, changedFields(previous, winner))
          : importReplaced(winner, replaced, record.version);
      if (restore) {
        await this.call(id, () =>
          this.documents.send(new PutCommand({ TableName: this.tableName, Item: restore })),
        );
      }
      throw new VersionConflictError(id, error);
    }
  }

  /** Replaces the latest item without a new version (failures, checks that found no change). */
  async putLatest(record: ArticleRecord, previous: ArticleRecord | null): Promise<void> {
    await this.call(record.articleId, () =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey(articlePk(record.articleId), LATEST),
            ...latestItemFields(record),
            ...indexKeys(record),
          },
          ...unchangedSince(previous),
        }),
      ),
    );
  }

  /**
   * Adds a submission tag to a record that has not got it (an atomic list append), while
   * the record lists fewer than `MAX_SUBMISSION_TAGS`: a full list takes no more tags this
   * way (a new version's full write keeps the newest ones).
   */
  async addSubmissionTag(articleId: string, tag: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(articlePk(articleId), LATEST),
          UpdateExpression: "SET submissionTags = list_append(submissionTags, :tags)",
          ConditionExpression: `attribute_exists(${PK}) AND NOT contains(submissionTags, :tag) AND size(submissionTags) < :max`,
          ExpressionAttributeValues: { ":tags": [tag], ":tag": tag, ":max": MAX_SUBMISSION_TAGS },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return; // has it already, or is full
      throw translate(error, articleId);
    }
  }

  /** Points every URL variant at the record. Idempotent. */
  async putAliases(normalizedUrls: string[], articleId: string): Promise<void> {
    for (const url of normalizedUrls) {
      if (articleIdFor(url) === articleId) continue; // the record's own URL needs no alias
      await this.call(url, () =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...itemKey(aliasPk(url), "ALIAS"), url, articleId },
          }),
        ),
      );
    }
  }

  /** Removes a failed record that a later success under another identity superseded. */
  async deleteFailedRecord(articleId: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(articlePk(articleId), LATEST),
          UpdateExpression: `REMOVE ${failures.partitionKey}, ${failures.sortKey} SET #status = :superseded`,
          ConditionExpression: "#status <> :ok AND #version = :zero",
          ExpressionAttributeNames: { "#status": "status", "#version": "version" },
          ExpressionAttributeValues: { ":ok": "ok", ":zero": 0, ":superseded": "skipped" },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw translate(error, articleId);
    }
  }

  async listVersions(articleId: string): Promise<VersionItem[]> {
    const items: VersionItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call(articleId, () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
            ExpressionAttributeValues: { ":pk": articlePk(articleId), ":prefix": "VERSION#" },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) items.push(toVersionItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** A version item (the record as it was at `version`, with its changed fields). */
  async getVersionItem(articleId: string, version: number): Promise<VersionItem | null> {
    const result = await this.call(articleId, () =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: itemKey(articlePk(articleId), versionSk(version)),
        }),
      ),
    );
    return result.Item ? toVersionItem(result.Item) : null;
  }

  /** The record as it was at `version`, or null when the article has no such version. */
  async getVersion(articleId: string, version: number): Promise<ArticleRecord | null> {
    return (await this.getVersionItem(articleId, version))?.record ?? null;
  }

  /** A site's ok articles by publication date, newest first. */
  async listBySite(query: SiteQuery): Promise<Page<IndexedRecord>> {
    const limit = clampLimit(query.limit);
    const scope = `site:${query.site}:${query.from ?? ""}:${query.to ?? ""}`;
    const startKey = query.cursor
      ? decodeCursor<Record<string, unknown>>(query.cursor, this.cursorKey, scope)
      : undefined;
    const values: Record<string, unknown> = { ":site": `SITE#${query.site}` };
    let range = "";
    if (query.from && query.to) {
      range = ` AND ${bySite.sortKey} BETWEEN :from AND :to`;
      values[":from"] = query.from;
      values[":to"] = `${query.to}\uffff`;
    } else if (query.from) {
      range = ` AND ${bySite.sortKey} >= :from`;
      values[":from"] = query.from;
    } else if (query.to) {
      range = ` AND ${bySite.sortKey} <= :to`;
      values[":to"] = `${query.to}\uffff`;
    }
    const page = await this.call(query.site, () =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: bySite.name,
          KeyConditionExpression: `${bySite.partitionKey} = :site${range}`,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    const items = (page.Items ?? []).map(toIndexed);
    return withCursor(items, page.LastEvaluatedKey, this.cursorKey, scope);
  }

  /**
   * Failed and skipped records whose last check is in [since, until], newest first. A cursor
   * carries the window it was made for, so later pages need not repeat since/until.
   */
  async listFailures(query: FailureQuery): Promise<Page<IndexedRecord>> {
    const limit = clampLimit(query.limit);
    const scope = `failures:${query.code ?? ""}`;
    type Position = { since: string; until: string; month: string; key?: Record<string, unknown> };
    let position: Position = query.cursor
      ? decodeCursor<Position>(query.cursor, this.cursorKey, scope)
      : { since: query.since, until: query.until, month: query.until.slice(0, 7) };
    const { since, until } = position;
    if (!MONTH.test(position.month) || !MONTH.test(since.slice(0, 7))) {
      throw new InvalidCursorError("the time window is not a valid month range");
    }
    const firstMonth = since.slice(0, 7);
    const items: IndexedRecord[] = [];
    for (let queries = 1; ; queries++) {
      const values: Record<string, unknown> = {
        ":pk": `FAILURES#${position.month}`,
        ":since": since,
        ":until": `${until}\uffff`,
      };
      if (query.code) values[":code"] = query.code;
      const page = await this.call(position.month, () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: failures.name,
            KeyConditionExpression: `${failures.partitionKey} = :pk AND ${failures.sortKey} BETWEEN :since AND :until`,
            ...(query.code
              ? {
                  FilterExpression: "#failure.#code = :code",
                  ExpressionAttributeNames: { "#failure": "failure", "#code": "code" },
                }
              : {}),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: limit - items.length,
            ExclusiveStartKey: position.key,
          }),
        ),
      );
      for (const item of page.Items ?? []) items.push(toIndexed(item));
      if (page.LastEvaluatedKey) {
        position = { since, until, month: position.month, key: page.LastEvaluatedKey };
      } else if (position.month > firstMonth) {
        position = { since, until, month: previousMonth(position.month) };
      } else {
        return { items };
      }
      // A page ends when it is full, or after a bounded number of queries (a window of
      // years of empty months answers with fewer items and a cursor, not with a timeout).
      if (items.length >= limit || queries >= MAX_QUERIES_PER_PAGE) {
        return { items, cursor: encodeCursor(position, this.cursorKey, scope) };
      }
    }
  }

  /** Records checked on one UTC day (yyyy-mm-dd), newest first, merged across shards. */
  async listRecent(day: string, limit = 20): Promise<IndexedRecord[]> {
    return (await this.listRecentPage({ day, limit })).items;
  }

  /**
   * One page of the records checked on a UTC day, newest first, merged across shards. The
   * cursor holds the sort key of the last record returned; the next page asks every shard
   * for records older than it. A shard whose query stopped early (DynamoDB's 1 MB page)
   * bounds the merge: nothing older than its last record is returned on this page, so no
   * record is skipped.
   */
  async listRecentPage(query: RecentQuery): Promise<Page<IndexedRecord>> {
    const bounded = clampLimit(query.limit);
    const scope = `recent:${query.day}`;
    const after = query.cursor
      ? decodeCursor<{ before?: unknown }>(query.cursor, this.cursorKey, scope).before
      : undefined;
    if (after !== undefined && typeof after !== "string") {
      throw new InvalidCursorError("the position is not a sort key");
    }
    const shards = await Promise.all(
      Array.from({ length: RECENT_SHARDS }, (_, shard) =>
        this.call(query.day, () =>
          this.documents.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: TABLE_INDEXES.recent.name,
              KeyConditionExpression: `${TABLE_INDEXES.recent.partitionKey} = :pk${after ? ` AND ${TABLE_INDEXES.recent.sortKey} < :before` : ""}`,
              ExpressionAttributeValues: {
                ":pk": `RECENT#${query.day}#${shard}`,
                ...(after ? { ":before": after } : {}),
              },
              ScanIndexForward: false,
              Limit: bounded,
            }),
          ),
        ),
      ),
    );
    const sortKey = (item: Record<string, unknown>) => String(item.recentSk);
    // The oldest record a truncated shard returned: older ones may be missing from the merge.
    const floor = shards
      .filter((page) => page.LastEvaluatedKey && (page.Items ?? []).length > 0)
      .map((page) => sortKey((page.Items ?? []).at(-1) as Record<string, unknown>))
      .reduce<string | undefined>(
        (max, key) => (max === undefined || key > max ? key : max),
        undefined,
      );
    const merged = shards
      .flatMap((page) => page.Items ?? [])
      // Byte order, as DynamoDB sorts the keys.
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0))
      .filter((item) => floor === undefined || sortKey(item) >= floor);
    const items = merged.slice(0, bounded);
    const more = merged.length > bounded || shards.some((page) => page.LastEvaluatedKey);
    const last = items.at(-1);
    return {
      items: items.map(toIndexed),
      ...(more && last
        ? { cursor: encodeCursor({ before: sortKey(last) }, this.cursorKey, scope) }
        : {}),
    };
  }

  /**
   * The whole latest records of listed ones (an index copies only `IndexedRecord`), in the
   * order given; a record deleted meanwhile is left out. Eventually consistent reads in
   * batches of 100: half the read units of `getLatest`, for listings such as the export.
   */
  async fullRecords(listed: readonly Pick<ArticleRecord, "articleId">[]): Promise<ArticleRecord[]> {
    const found = new Map<string, ArticleRecord>();
    const ids = [...new Set(listed.map((r) => r.articleId))];
    for (let start = 0; start < ids.length; start += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] = ids
        .slice(start, start + BATCH_GET_KEYS)
        .map((id) => itemKey(articlePk(id), LATEST));
      for (let round = 1; keys.length > 0; round++) {
        if (round > MAX_BATCH_GET_ROUNDS) {
          throw new IngestError(
            "storage-error",
            `DynamoDB left ${keys.length} of the records asked for unread after ${MAX_BATCH_GET_ROUNDS} rounds`,
          );
        }
        const batch = keys;
        const result = await this.call("records", () =>
          this.documents.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: batch } } }),
          ),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const record = toRecord(item) as ArticleRecord;
          found.set(record.articleId, record);
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /**
   * Ids of every latest record with the given status, one Scan page at a time. A Scan reads
   * the whole table: only for rare bulk jobs (`article-ingest reprocess --all`).
   */
  async *scanArticleIds(status: ArticleRecord["status"] = "ok"): AsyncGenerator<string[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call("scan", () =>
        this.documents.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: `${SK} = :latest AND #status = :status`,
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":latest": LATEST, ":status": status },
            ProjectionExpression: "articleId",
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const ids = (page.Items ?? []).map((item) => String(item.articleId));
      if (ids.length > 0) yield ids;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async call<T>(subject: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translate(error, subject);
    }
  }
}

/**
 * The condition that the latest item is still the one read before: same version and same
 * `checkedAt` (every write sets a new `checkedAt`, also those that keep the version, such
 * as recorded checks and failures), or no item at all when none was read.
 */
/**
 * The version item a writer replaced when taking over version `version`, if it is the one
 * an import of an older capture wrote and then reached the latest with: the winner's
 * latest is not that version but carries it as `lastVersion`, and the import wrote its
 * version record and the latest's `checkedAt` with one clock reading. That record is in no
 * other item, so the writer that replaced it is the one that can put it back. A writer can
 * replace it only if its takeover check read the latest before the import's latest write
 * (after it, the latest reaches the version and the check refuses), so that writer's own
 * latest write, conditional on an earlier read, loses, and it then puts back what it
 * replaced when that was the import's. Each write to the item after the import's is such a
 * takeover or a put-back of the import's record; in a run of takeovers with no put-back
 * between them the first replaced the import's record and its writer puts it back after
 * the run, so the last write is the import's record whatever the order of several writers.
 * Not covered: a next version written (the latest moved past this one) before the loser
 * reads the winner (docs/reliability.md).
 */
function importReplaced(
  winner: ArticleRecord | null,
  replaced: Record<string, unknown> | undefined,
  version: number,
): Record<string, unknown> | null {
  const record = unpackVersion(replaced)?.record as ArticleRecord | undefined;
  if (!winner || !record || winner.version === version || winner.lastVersion !== version) {
    return null;
  }
  return record.version === version && record.checkedAt === winner.checkedAt
    ? (replaced ?? null)
    : null;
}

function unchangedSince(previous: ArticleRecord | null): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  if (previous === null) return { ConditionExpression: `attribute_not_exists(${PK})` };
  return {
    ConditionExpression: "#version = :expectedVersion AND #checkedAt = :expectedCheckedAt",
    ExpressionAttributeNames: { "#version": "version", "#checkedAt": "checkedAt" },
    ExpressionAttributeValues: {
      ":expectedVersion": previous.version,
      ":expectedCheckedAt": previous.checkedAt,
    },
  };
}

/** How DynamoDB says an item is over its 400 KB (a `ValidationException`, or a cancelled transaction's reason). */
const ITEM_TOO_LARGE = /item size (?:has )?exceeded/i;

function translate(error: unknown, subject: string): Error {
  if (error instanceof IngestError) return error;
  const reasons =
    error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
  if (
    ((error as { name?: unknown }).name === "ValidationException" &&
      ITEM_TOO_LARGE.test(String((error as { message?: unknown }).message))) ||
    reasons.some((r) => ITEM_TOO_LARGE.test(r.Message ?? ""))
  ) {
    // The record check (`recordItemBytes`) should have caught it first; never a dead letter.
    return new IngestError(
      "record-too-large",
      `DynamoDB refused the item of ${subject} as too large`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ConditionalCheckFailedException) {
    return new VersionConflictError(subject, error);
  }
  if (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed")
  ) {
    return new VersionConflictError(subject, error);
  }
  return awsError(error, `DynamoDB call for ${subject}`);
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 20;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

function previousMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}

function withCursor<T>(
  items: T[],
  lastKey: Record<string, unknown> | undefined,
  key: string,
  scope: string,
): Page<T> {
  return lastKey ? { items, cursor: encodeCursor(lastKey, key, scope) } : { items };
}
