/**
 * The query and submission API as one transport-free function: a request in, a JSON
 * response out. The Lambda handler (API Gateway HTTP API) and the localhost server of local
 * mode both call `handleApiRequest`, so the two cannot differ.
 *
 * Routes:
 *   GET  /articles/{id}                    the record (`?version=N` for an older version,
 *                                          `?provenance=true` with it from the document)
 *   GET  /articles/{id}/versions           every version, newest first, with changed fields
 *   GET  /articles?url=URL                 the record any URL variant resolves to
 *   GET  /articles/{id}/raw                a presigned URL of the raw copy (`?version=N`)
 *   GET  /articles/{id}/content            text, Markdown and sanitized HTML (`?format=`, `?version=N`)
 *   GET  /articles/{id}/diff               changed fields and a text diff (`?from=N&to=M`)
 *   GET  /timemap?url=URL                  the Memento TimeMap of a URL (application/link-format)
 *   GET  /sites/{site}/articles            by publication date, newest first (`from,to,limit,cursor`)
 *   GET  /failures                         failed/skipped records by time (`since,until,code,limit,cursor`)
 *   GET  /recent                           records checked on a day (`day,limit,cursor`)
 *   POST /submissions                      {"urls": [...1000], "force"?, "tag"?} → accepted/rejected
 *   GET  /subscriptions                    every watched feed and sitemap, with its health
 *   POST /subscriptions                    {"url", "every"?: "15m", "tag"?, "since"?} → 201 (409 if watched)
 *   GET  /subscriptions/{id}               one subscription
 *   DELETE /subscriptions/{id}             stop watching it
 *   POST /subscriptions/{id}/pause|resume  stop or restart its polls
 *   POST /subscriptions/{id}/poll          poll it now (a message on the discovery queue) → 202
 *
 * List routes answer with bounded summaries (article-summary.ts) and a cursor. No answer is
 * larger than MAX_RESPONSE_BYTES (response-bound.ts): `handleApiRequest` checks every body
 * before returning it, and content over the bound is offered as a presigned URL instead.
 */
import type { ArticleTable, IndexedRecord, Page } from "../adapters/article-table";
import type { S3Archive } from "../adapters/s3-archive";
import type { SubmissionQueue } from "../adapters/submission-queue";
import { SubscriptionExistsError, type SubscriptionTable } from "../adapters/subscription-table";
import type { ArticleRecord } from "../core/article-record";
import { InvalidCursorError } from "../core/cursor";
import { FAILURE_CODES, IngestError } from "../core/errors";
import { DEFAULT_FAILURE_WINDOW_DAYS } from "../core/failure-window";
import { defaultDiffPair, diffVersions, inCaptureOrder, timeMap } from "../core/history";
import { articleIdFor, isArticleId, normalizeUrl } from "../core/normalize-url";
import { pollMessageBody } from "../core/poll-message";
import { MAX_TAG_LENGTH, submissionBody } from "../core/queue-message";
import {
  isSubscriptionId,
  newSubscription,
  parseInterval,
  SubscriptionInputError,
} from "../core/subscription";
import { summarize } from "./article-summary";
import { encodedBodyBytes, fitsResponseBound, MAX_RESPONSE_BYTES } from "./response-bound";

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  body?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiDeps {
  table: ArticleTable;
  archive: S3Archive;
  queue: SubmissionQueue;
  now: () => Date;
  /** Subscriptions and the discovery queue; the `/subscriptions` routes answer 404 without. */
  subscriptions?: SubscriptionTable;
  discoveryQueue?: Pick<SubmissionQueue, "sendAll">;
}

export const MAX_SUBMISSION_URLS = 1000;
/** Largest request body accepted (1000 URLs of 8 KB would be 8 MB; real lists are far smaller). */
export const MAX_BODY_BYTES = 1_000_000;
const PRESIGNED_URL_SECONDS = 300;

/** Stable error codes of the API. */
export type ApiErrorCode =
  | "bad-request"
  | "invalid-url"
  | "invalid-cursor"
  | "not-found"
  | "unknown-site"
  | "too-many-urls"
  | "payload-too-large"
  | "response-too-large"
  | "method-not-allowed"
  | "already-watched"
  | "internal";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** Extra fields of the error object (e.g. where to get what was too large). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
/** On every answer: browsers must not guess another type than the one declared. */
const COMMON_HEADERS = { "x-content-type-options": "nosniff" };
/**
 * Extracted HTML is sanitized, yet it comes from pages nobody vetted: served as a document it
 * may load images and use inline styles, nothing else (no scripts, frames, forms or fetches),
 * and runs sandboxed in an opaque origin.
 */
export const HTML_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox";

function json(status: number, payload: unknown): ApiResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(payload) };
}

/**
 * Answers one request. The one place where the size bound is enforced: whatever a route
 * built, a body over MAX_RESPONSE_BYTES is replaced by a `413 response-too-large` error.
 */
export async function handleApiRequest(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const response = await answer(request, deps);
  if (fitsResponseBound(response.body)) {
    return { ...response, headers: { ...response.headers, ...COMMON_HEADERS } };
  }
  const tooLarge = json(413, {
    error: {
      code: "response-too-large",
      message:
        `The answer would be ${encodedBodyBytes(response.body)} bytes, over the API's limit of ` +
        `${MAX_RESPONSE_BYTES} bytes; ask for less (a smaller limit, or one format)`,
    },
  });
  return { ...tooLarge, headers: { ...tooLarge.headers, ...COMMON_HEADERS } };
}

async function answer(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  try {
    return await route(request, deps);
  } catch (error) {
    if (error instanceof ApiError) {
      return json(error.status, {
        error: { ...error.details, code: error.code, message: error.message },
      });
    }
    if (error instanceof InvalidCursorError) {
      return json(400, { error: { code: "invalid-cursor", message: error.message } });
    }
    throw error; // the transport logs it and answers 500
  }
}

async function route(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  let segments: string[];
  try {
    segments = request.path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new ApiError(400, "bad-request", "The path has a malformed percent-encoding");
  }
  const [first, second, third, ...rest] = segments;
  const method = request.method.toUpperCase();
  const allow = (...methods: string[]) => {
    if (!methods.includes(method)) {
      throw new ApiError(405, "method-not-allowed", `${method} is not allowed on ${request.path}`);
    }
  };
  if (rest.length === 0 && first === "articles") {
    if (second === undefined) {
      allow("GET");
      return await getByUrl(request, deps);
    }
    const id = articleIdParam(second);
    allow("GET");
    if (third === undefined) return await getArticle(id, request, deps);
    if (third === "versions") return await getVersions(id, deps);
    if (third === "raw") return await getRaw(id, request, deps);
    if (third === "content") return await getContent(id, request, deps);
    if (third === "diff") return await getDiff(id, request, deps);
  }
  if (first === "timemap" && second === undefined) {
    allow("GET");
    return await getTimeMap(request, deps);
  }
  if (first === "sites" && second && third === "articles" && rest.length === 0) {
    allow("GET");
    return await listSite(second, request, deps);
  }
  if (first === "failures" && second === undefined) {
    allow("GET");
    return await listFailures(request, deps);
  }
  if (first === "recent" && second === undefined) {
    allow("GET");
    return await listRecent(request, deps);
  }
  if (first === "submissions" && second === undefined) {
    allow("POST");
    return await submit(request, deps);
  }
  if (first === "subscriptions" && rest.length === 0 && deps.subscriptions) {
    return await subscriptionRoute(method, second, third, request, deps, deps.subscriptions, allow);
  }
  throw new ApiError(404, "not-found", `No route ${method} ${request.path}`);
}

function articleIdParam(value: string): string {
  if (!isArticleId(value)) {
    throw new ApiError(
      400,
      "bad-request",
      `"${value.slice(0, 64)}" is not an article id (32 hex characters)`,
    );
  }
  return value;
}

function limitParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new ApiError(
      400,
      "bad-request",
      `limit must be a whole number from 1 to 100, got "${value}"`,
    );
  }
  return n;
}

function versionParam(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) {
    throw new ApiError(
      400,
      "bad-request",
      `version must be a positive whole number, got "${value.slice(0, 20)}"`,
    );
  }
  return version;
}

function dateParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new ApiError(
      400,
      "bad-request",
      `${name} must be an ISO 8601 date or time, got "${value.slice(0, 40)}"`,
    );
  }
  return value.length === 10 ? value : new Date(time).toISOString();
}

async function requireRecord(id: string, deps: ApiDeps): Promise<ArticleRecord> {
  const record = await deps.table.getLatest(id);
  if (!record) throw new ApiError(404, "not-found", `No article with id ${id}`);
  return record;
}

async function getArticle(id: string, request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const provenance = request.query.provenance === "true";
  if (request.query.version !== undefined) {
    const version = versionParam(request.query.version);
    const item = await deps.table.getVersionItem(id, version);
    if (!item) throw new ApiError(404, "not-found", `Article ${id} has no version ${version}`);
    const record = provenance ? await withProvenance(item.record, deps) : item.record;
    return json(200, { ...record, changedFields: item.changedFields });
  }
  const record = await requireRecord(id, deps);
  return json(200, provenance ? await withProvenance(record, deps) : record);
}

/**
 * The record with `provenance`, which the table does not keep (records stored before it
 * have it there): from the version's extraction document, one S3 GET.
 */
async function withProvenance(record: ArticleRecord, deps: ApiDeps): Promise<ArticleRecord> {
  if (record.provenance || !record.articleKey) return record;
  const document = await documentOf(record, deps);
  return { ...record, provenance: document.provenance };
}

async function getByUrl(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const url = request.query.url;
  if (!url) throw new ApiError(400, "bad-request", "Give the article's URL as ?url=");
  const normalized = normalizeParam(url);
  const record = await deps.table.getByUrl(normalized);
  if (!record) throw new ApiError(404, "not-found", `No article for ${normalized}`);
  return json(200, record);
}

async function getVersions(id: string, deps: ApiDeps): Promise<ApiResponse> {
  await requireRecord(id, deps);
  const versions = inCaptureOrder(
    (await deps.table.listVersions(id)).map((v) => ({ ...v, fetchedAt: v.record.fetchedAt })),
  ).reverse();
  return json(200, {
    articleId: id,
    versions: versions.map((v) => ({
      version: v.version,
      changedFields: v.changedFields,
      fetchedAt: v.record.fetchedAt,
      rawKey: v.record.rawKey,
      rawSha256: v.record.rawSha256,
      title: v.record.title,
      extractorVersion: v.record.extractorVersion,
    })),
  });
}

async function getRaw(id: string, request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  let record = await requireRecord(id, deps);
  if (request.query.version !== undefined) {
    const item = await deps.table.getVersion(id, versionParam(request.query.version));
    if (!item)
      throw new ApiError(404, "not-found", `Article ${id} has no version ${request.query.version}`);
    record = item;
  }
  if (!record.rawKey)
    throw new ApiError(404, "not-found", `Article ${id} has no raw copy (it was never fetched)`);
  const url = await deps.archive.presignedUrl(record.rawKey, PRESIGNED_URL_SECONDS);
  // A WARC capture: the URL is of the capture object, and `range` names the response
  // record's gzip member in it (send it as `Range: bytes=offset-(offset+length-1)`).
  const response = record.capture?.response;
  const warc =
    response && response.key === record.rawKey
      ? {
          format: "warc",
          range: { offset: response.offset, length: response.length },
          payloadDigest: response.digest,
        }
      : { format: "html-gzip" };
  return json(200, {
    articleId: id,
    rawKey: record.rawKey,
    rawSha256: record.rawSha256,
    ...warc,
    contentEncoding: "gzip",
    url,
    expiresInSeconds: PRESIGNED_URL_SECONDS,
  });
}

/** The record of `?version=N`, else the latest. */
async function versionOrLatest(
  id: string,
  request: ApiRequest,
  deps: ApiDeps,
): Promise<ArticleRecord> {
  const latest = await requireRecord(id, deps);
  if (request.query.version === undefined) return latest;
  const version = versionParam(request.query.version);
  const record = await deps.table.getVersion(id, version);
  if (!record) throw new ApiError(404, "not-found", `Article ${id} has no version ${version}`);
  return record;
}

/** A version's extraction document; a missing one is a 404 naming the version. */
async function documentOf(record: ArticleRecord, deps: ApiDeps) {
  const id = record.articleId;
  if (!record.articleKey)
    throw new ApiError(404, "not-found", `Article ${id} has no extracted content`);
  const document = await deps.archive.getDocument(record);
  if (!document) {
    throw new ApiError(
      404,
      "not-found",
      `The content of version ${record.version} of article ${id} is not in the archive`,
    );
  }
  return document;
}

async function getContent(id: string, request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const record = await versionOrLatest(id, request, deps);
  if (!record.articleKey)
    throw new ApiError(404, "not-found", `Article ${id} has no extracted content`);
  const articleKey = record.articleKey;
  const missing = () =>
    new ApiError(404, "not-found", `Content of article ${id} is missing from the archive`);
  const document =
    request.query.version !== undefined
      ? await documentOf(record, deps)
      : await deps.archive.getDocument(record).catch((error: unknown) => {
          if (error instanceof IngestError && error.code === "not-found") throw missing();
          throw error;
        });
  if (!document) throw missing();
  const format = request.query.format ?? "json";
  const types: Record<string, [string, string]> = {
    text: ["text/plain; charset=utf-8", document.text],
    markdown: ["text/markdown; charset=utf-8", document.markdown],
    html: ["text/html; charset=utf-8", document.html],
  };
  const chosen =
    format === "json"
      ? (["application/json; charset=utf-8", JSON.stringify(document)] as const)
      : Object.hasOwn(types, format)
        ? types[format]
        : undefined;
  if (!chosen)
    throw new ApiError(
      400,
      "bad-request",
      `format must be json, text, markdown or html, got "${format.slice(0, 40)}"`,
    );
  const [contentType, body] = chosen;
  if (!fitsResponseBound(body)) {
    const url = await deps.archive.presignedUrl(articleKey, PRESIGNED_URL_SECONDS);
    throw new ApiError(
      413,
      "response-too-large",
      `The ${format} content of article ${id} is ${encodedBodyBytes(body)} bytes, over the ` +
        `API's limit of ${MAX_RESPONSE_BYTES} bytes; download the whole document (JSON with ` +
        `text, markdown and html) from the presigned URL in "url"` +
        (format === "json" ? ", or ask for one format with ?format=text|markdown|html" : ""),
      { url, expiresInSeconds: PRESIGNED_URL_SECONDS },
    );
  }
  const headers: Record<string, string> = { "content-type": contentType };
  if (format === "html") headers["content-security-policy"] = HTML_CONTENT_SECURITY_POLICY;
  return { status: 200, headers, body };
}

async function getDiff(id: string, request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const latest = await requireRecord(id, deps);
  const versions = (await deps.table.listVersions(id)).map((v) => v.record);
  const asked = {
    ...(request.query.from !== undefined ? { from: versionParam(request.query.from) } : {}),
    ...(request.query.to !== undefined ? { to: versionParam(request.query.to) } : {}),
  };
  const pair = defaultDiffPair(versions, latest.version, asked);
  if (!pair)
    throw new ApiError(404, "not-found", `Article ${id} has no earlier version to compare`);
  const from = versions.find((v) => v.version === pair.from);
  const to = versions.find((v) => v.version === pair.to);
  if (!from || !to) {
    throw new ApiError(
      404,
      "not-found",
      `Article ${id} has no version ${from ? pair.to : pair.from}`,
    );
  }
  const [a, b] = await Promise.all([deps.archive.getDocument(from), deps.archive.getDocument(to)]);
  return json(200, {
    articleId: id,
    ...diffVersions(from, to, a?.text ?? null, b?.text ?? null),
  });
}

async function getTimeMap(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const url = request.query.url;
  if (!url) throw new ApiError(400, "bad-request", "Give the URL as ?url=");
  const normalized = normalizeParam(url);
  const record = await deps.table.getByUrl(normalized);
  if (!record) throw new ApiError(404, "not-found", `No captures of ${normalized}`);
  const id = record.articleId;
  const mementos = (await deps.table.listVersions(id))
    .map((v) => v.record)
    .filter((r) => r.fetchedAt !== null)
    .map((r) => ({
      uri: `/articles/${id}/content?version=${r.version}&format=html`,
      datetime: r.fetchedAt as string,
    }));
  return {
    status: 200,
    headers: { "content-type": "application/link-format; charset=utf-8" },
    body: timeMap(record.url, `/timemap?url=${encodeURIComponent(record.url)}`, mementos),
  };
}

function pageBody(page: Page<IndexedRecord>) {
  return { items: page.items.map(summarize), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function listSite(site: string, request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const name = site.toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(name) && !/^[0-9a-f:.[\]]+$/.test(name)) {
    throw new ApiError(
      400,
      "bad-request",
      `"${site.slice(0, 64)}" is not a site name (a registrable domain such as example.com)`,
    );
  }
  const from = dateParam("from", request.query.from);
  const to = dateParam("to", request.query.to);
  const limit = limitParam(request.query.limit);
  const page = await deps.table.listBySite({
    site: name,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(limit ? { limit } : {}),
    ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
  });
  if (page.items.length === 0 && !request.query.cursor && !from && !to) {
    throw new ApiError(404, "unknown-site", `No articles are stored for site ${name}`);
  }
  return json(200, { site: name, ...pageBody(page) });
}

async function listFailures(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const now = deps.now();
  const since =
    dateParam("since", request.query.since) ??
    new Date(now.getTime() - DEFAULT_FAILURE_WINDOW_DAYS * 86_400_000).toISOString();
  const until = dateParam("until", request.query.until) ?? now.toISOString();
  const code = request.query.code;
  if (code !== undefined && !Object.hasOwn(FAILURE_CODES, code)) {
    throw new ApiError(
      400,
      "bad-request",
      `Unknown failure code "${code.slice(0, 40)}"; expected one of ${Object.keys(FAILURE_CODES).join(", ")}`,
    );
  }
  const limit = limitParam(request.query.limit);
  const page = await deps.table.listFailures({
    since,
    until,
    ...(code ? { code } : {}),
    ...(limit ? { limit } : {}),
    ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
  });
  return json(200, { since, until, ...pageBody(page) });
}

async function listRecent(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const day = request.query.day ?? deps.now().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new ApiError(400, "bad-request", `day must be YYYY-MM-DD, got "${day.slice(0, 20)}"`);
  const limit = limitParam(request.query.limit);
  const page = await deps.table.listRecentPage({
    day,
    ...(limit ? { limit } : {}),
    ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
  });
  return json(200, { day, ...pageBody(page) });
}

function normalizeParam(url: string): string {
  try {
    return normalizeUrl(url);
  } catch (error) {
    throw new ApiError(400, "invalid-url", (error as Error).message);
  }
}

interface RejectedUrl {
  url: unknown;
  code: "invalid-url" | "duplicate" | "queue-error";
  reason: string;
}

async function submit(request: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  if ((request.body?.length ?? 0) > MAX_BODY_BYTES) {
    throw new ApiError(413, "payload-too-large", `Request body is over ${MAX_BODY_BYTES} bytes`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(request.body ?? "");
  } catch {
    throw new ApiError(
      400,
      "bad-request",
      'Body must be JSON: {"urls": ["https://…"], "force"?: boolean, "tag"?: string}',
    );
  }
  const { urls, force, tag } = (payload ?? {}) as {
    urls?: unknown;
    force?: unknown;
    tag?: unknown;
  };
  if (!Array.isArray(urls) || urls.length === 0) {
    throw new ApiError(400, "bad-request", '"urls" must be a non-empty array of URLs');
  }
  if (urls.length > MAX_SUBMISSION_URLS) {
    throw new ApiError(
      400,
      "too-many-urls",
      `${urls.length} URLs submitted; at most ${MAX_SUBMISSION_URLS} per request`,
    );
  }
  if (force !== undefined && typeof force !== "boolean")
    throw new ApiError(400, "bad-request", '"force" must be true or false');
  if (tag !== undefined && (typeof tag !== "string" || tag.length > MAX_TAG_LENGTH)) {
    throw new ApiError(
      400,
      "bad-request",
      `"tag" must be a string of at most ${MAX_TAG_LENGTH} characters`,
    );
  }
  const accepted: { url: string; normalizedUrl: string; articleId: string }[] = [];
  const rejected: RejectedUrl[] = [];
  const seen = new Set<string>();
  for (const url of urls) {
    if (typeof url !== "string") {
      rejected.push({ url, code: "invalid-url", reason: "not a string" });
      continue;
    }
    let normalized: string;
    try {
      normalized = normalizeUrl(url);
    } catch (error) {
      rejected.push({ url, code: "invalid-url", reason: (error as Error).message });
      continue;
    }
    if (seen.has(normalized)) {
      rejected.push({
        url,
        code: "duplicate",
        reason: `same as an earlier URL once normalized (${normalized})`,
      });
      continue;
    }
    seen.add(normalized);
    accepted.push({ url, normalizedUrl: normalized, articleId: articleIdFor(normalized) });
  }
  const submittedAt = deps.now().toISOString();
  const bodies = accepted.map((a) =>
    submissionBody({
      url: a.normalizedUrl,
      submittedAt,
      force: force === true,
      ...(typeof tag === "string" ? { tag } : {}),
    }),
  );
  const result = await deps.queue.sendAll(bodies);
  const failedBodies = new Map(result.failed.map((f) => [f.body, f.reason]));
  const queued = accepted.filter((_, i) => !failedBodies.has(bodies[i] as string));
  accepted.forEach((a, i) => {
    const reason = failedBodies.get(bodies[i] as string);
    if (reason) rejected.push({ url: a.url, code: "queue-error", reason });
  });
  return json(202, { accepted: queued, rejected });
}

async function subscriptionRoute(
  method: string,
  id: string | undefined,
  action: string | undefined,
  request: ApiRequest,
  deps: ApiDeps,
  table: SubscriptionTable,
  allow: (...methods: string[]) => void,
): Promise<ApiResponse> {
  if (id === undefined) {
    allow("GET", "POST");
    if (method === "GET") return json(200, { subscriptions: await table.list() });
    return await addSubscription(request, deps, table);
  }
  if (!isSubscriptionId(id)) {
    throw new ApiError(400, "bad-request", `"${id}" is not a subscription id (16 hex characters)`);
  }
  if (action === undefined) {
    allow("GET", "DELETE");
    if (method === "DELETE") {
      if (!(await table.remove(id))) throw new ApiError(404, "not-found", `No subscription ${id}`);
      return json(200, { removed: id });
    }
    const stored = await table.get(id);
    if (!stored) throw new ApiError(404, "not-found", `No subscription ${id}`);
    return json(200, stored.subscription);
  }
  allow("POST");
  if (action === "pause" || action === "resume") {
    const updated = await table.setPaused(id, action === "pause", deps.now());
    if (!updated) throw new ApiError(404, "not-found", `No subscription ${id}`);
    return json(200, updated);
  }
  if (action === "poll") {
    if (!(await table.get(id))) throw new ApiError(404, "not-found", `No subscription ${id}`);
    if (!deps.discoveryQueue) throw new ApiError(404, "not-found", "Discovery is not deployed");
    const sent = await deps.discoveryQueue.sendAll([pollMessageBody(id)]);
    if (sent.failed.length > 0) {
      throw new IngestError("storage-error", `poll of ${id} not queued: ${sent.failed[0]?.reason}`);
    }
    return json(202, { queued: id });
  }
  throw new ApiError(404, "not-found", `No route POST ${request.path}`);
}

async function addSubscription(
  request: ApiRequest,
  deps: ApiDeps,
  table: SubscriptionTable,
): Promise<ApiResponse> {
  if ((request.body?.length ?? 0) > 10_000) {
    throw new ApiError(413, "payload-too-large", "Request body is over 10000 bytes");
  }
  let payload: Record<string, unknown>;
  try {
    payload = (JSON.parse(request.body ?? "") ?? {}) as Record<string, unknown>;
  } catch {
    throw new ApiError(
      400,
      "bad-request",
      'Body must be JSON: {"url": "https://…", "every"?: "15m", "tag"?: string, "since"?: ISO}',
    );
  }
  const { url, every, tag, since } = payload;
  if (typeof url !== "string") throw new ApiError(400, "bad-request", '"url" must be a string');
  for (const [name, value] of Object.entries({ every, tag, since })) {
    if (value !== undefined && typeof value !== "string") {
      throw new ApiError(400, "bad-request", `"${name}" must be a string`);
    }
  }
  let normalized: string;
  try {
    normalized = normalizeUrl(url);
  } catch (error) {
    throw new ApiError(400, "invalid-url", (error as Error).message);
  }
  try {
    const subscription = newSubscription({
      url: normalized,
      now: deps.now(),
      ...(every !== undefined ? { intervalSeconds: parseInterval(every as string) } : {}),
      ...(tag !== undefined ? { tag: tag as string } : {}),
      ...(since !== undefined ? { since: since as string } : {}),
    });
    await table.create(subscription);
    return json(201, subscription);
  } catch (error) {
    if (error instanceof SubscriptionInputError)
      throw new ApiError(400, "bad-request", error.message);
    if (error instanceof SubscriptionExistsError) {
      throw new ApiError(409, "already-watched", error.message, { id: error.subscription.id });
    }
    throw error;
  }
}
