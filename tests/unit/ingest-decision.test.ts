/**
 * The ingest decision as a table: situation -> plan (what it fetches, writes and reports).
 * Pure: no stores, no clock.
 */
import { describe, expect, test } from "vitest";
import { WARC_LAYOUT } from "../../functions/adapters/s3-archive";
import type { ArticleRecord } from "../../functions/core/article-record";
import { classify, IngestError, MAX_DEFERRALS } from "../../functions/core/errors";
import type { ExtractedArticle } from "../../functions/core/extract/types";
import type { FetchedPage } from "../../functions/core/fetch-types";
import { resolveIdentity } from "../../functions/core/identity";
import {
  decideIngest,
  type ExtractedPage,
  failureRecordId,
  type IngestPlan,
  type IngestSituation,
  type LostRace,
  lostRace,
  type WritePlan,
} from "../../functions/core/ingest-decision";
import { articleIdFor } from "../../functions/core/normalize-url";
import type { IngestMessage, QueueMessage } from "../../functions/core/queue-message";
import { fakeExtraction } from "../support/extraction";

const URL_A = "https://news.example/a";
const ID_A = articleIdFor(URL_A);
const URL_B = "https://news.example/b";
const ID_B = articleIdFor(URL_B);
const NOW = "2026-11-29T12:00:00.000Z";
const EXTRACTOR = "x1";
const SHA = "a".repeat(64);
const OTHER_SHA = "b".repeat(64);

function message(extra: Partial<IngestMessage> = {}): IngestMessage {
  return { kind: "ingest", url: URL_A, force: false, deferrals: 0, ...extra };
}

function stored(extra: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    articleId: ID_A,
    url: URL_A,
    canonicalUrl: null,
    submittedUrls: [URL_A],
    site: "news.example",
    siteName: null,
    title: "Old title",
    description: null,
    authors: [],
    publishedAt: null,
    modifiedAt: null,
    language: "en",
    section: null,
    tags: [],
    image: null,
    isAccessibleForFree: null,
    wordCount: 300,
    readingTimeMinutes: 1,
    status: "ok",
    failure: null,
    httpStatus: 200,
    contentType: "text/html",
    charset: "utf-8",
    declaredCharset: null,
    etag: '"v1"',
    lastModified: null,
    rawKey: "raw/a/old.html.gz",
    rawSha256: SHA,
    articleKey: `articles/${ID_A}.json`,
    fetchedAt: "2026-11-29T11:00:00.000Z",
    checkedAt: "2026-11-29T11:30:00.000Z",
    firstSeenAt: "2026-11-29T11:00:00.000Z",
    version: 1,
    extractorVersion: EXTRACTOR,
    submissionTags: [],
    provenance: {},
    ...extra,
  };
}

function fetchedPage(extra: Partial<FetchedPage> = {}): FetchedPage {
  return {
    requestedUrl: URL_A,
    finalUrl: URL_A,
    redirects: [],
    status: 200,
    contentType: "text/html",
    body: Buffer.from("<p>story</p>"),
    text: "<p>story</p>",
    declaredCharset: null,
    charset: "utf-8",
    etag: '"v2"',
    lastModified: null,
    fetchedAt: NOW,
    durationMs: 5,
    notModified: false,
    ...extra,
  };
}

function extraction(extra: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return fakeExtraction(300, { title: "New title", ...extra });
}

function extracted(sha = SHA, x: Partial<ExtractedArticle> = {}): ExtractedPage {
  const page = fetchedPage();
  const article = extraction(x);
  return {
    page,
    extraction: article,
    identity: resolveIdentity(URL_A, page.finalUrl, article.canonicalUrl),
    sha256: sha,
  };
}

const common = { now: NOW, extractorVersion: EXTRACTOR, layout: WARC_LAYOUT };

function fetched(
  current: ArticleRecord | null,
  page: ExtractedPage | null,
  extra: { lost?: LostRace; message?: IngestMessage; submittedId?: string } = {},
): IngestSituation {
  const base = {
    kind: "fetched" as const,
    message: extra.message ?? message(),
    submitted: URL_A,
    submittedId: extra.submittedId ?? ID_A,
    current,
    ...(extra.lost ? { lost: extra.lost } : {}),
    ...common,
  };
  return page === null
    ? { ...base, extracted: null, known: current ?? stored() }
    : { ...base, extracted: page, known: current };
}

function lost(check: boolean, basisVersion: number | null): LostRace {
  return {
    check,
    basisVersion,
    outcome: { kind: "unchanged", articleId: ID_A, url: URL_A, version: basisVersion ?? 0 },
  };
}

function failed(error: unknown, msg: QueueMessage | null, deferrals = 0): IngestSituation {
  return { kind: "failed", message: msg, verdict: classify(error, { deferrals }), receiveCount: 2 };
}

/** What a plan does, in a few words: kind, outcome, writes (record with its mode). */
function summary(plan: IngestPlan): string {
  if (plan.kind === "fetch") return `fetch ${plan.conditional ? "conditional" : "unconditional"}`;
  if (plan.kind === "hand-back") return "hand-back";
  if (plan.kind === "record-failure") return `record-failure ${plan.failure.code}`;
  const w = plan.writes;
  const writes = [
    w.capture?.response && "response",
    w.capture && "document",
    w.record && `${w.record.mode}`,
    w.tag && "tag",
    w.aliases && "aliases",
    w.supersede && "supersede",
    w.requeue && "requeue",
  ].filter(Boolean);
  const version = plan.outcome.version === undefined ? "" : ` v${plan.outcome.version}`;
  return `${plan.outcome.kind}${version}: ${writes.join(" ") || "nothing"}`;
}

const fresh = stored();
const stale = stored({ checkedAt: "2026-11-29T10:00:00.000Z" });
const known = (m: IngestMessage, record: ArticleRecord | null): IngestSituation => ({
  kind: "known",
  message: m,
  known: record,
  now: NOW,
  refreshAfterMs: 3_600_000,
});

describe("decideIngest", () => {
  test.each<[string, IngestSituation, string]>([
    // Before fetching
    ["nothing known: fetch", known(message(), null), "fetch unconditional"],
    ["fresh ok record: no fetch", known(message(), fresh), "fresh v1: nothing"],
    ["fresh ok record, new tag: tag only", known(message({ tag: "t" }), fresh), "fresh v1: tag"],
    [
      "fresh ok record, tag it has: nothing",
      known(message({ tag: "t" }), stored({ submissionTags: ["t"] })),
      "fresh v1: nothing",
    ],
    [
      "fresh record, force: fetch unconditionally",
      known(message({ force: true }), fresh),
      "fetch unconditional",
    ],
    ["stale ok record: conditional fetch", known(message(), stale), "fetch conditional"],
    [
      "fresh failed record: fetch unconditionally",
      known(message(), stored({ status: "failed" })),
      "fetch unconditional",
    ],
    // After fetching
    ["304: check only", fetched(stale, null), "unchanged v1: latest"],
    [
      "304, lost a check, same version: check again",
      fetched(stale, null, { lost: lost(true, 1) }),
      "unchanged v1: latest",
    ],
    [
      "304, lost a check to a new version: give way",
      fetched(stored({ version: 2 }), null, { lost: lost(true, 1) }),
      "unchanged v1: nothing",
    ],
    [
      "first fetch: new version with raw copy",
      fetched(null, extracted()),
      "ok v1: response document version aliases",
    ],
    [
      "same bytes, same extractor: check only",
      fetched(stale, extracted()),
      "unchanged v1: latest aliases",
    ],
    [
      "same bytes, other extractor: new version, raw kept",
      fetched(stored({ extractorVersion: "x0" }), extracted()),
      "ok v2: document version aliases",
    ],
    [
      "same bytes after a failure: new version",
      fetched(stored({ status: "failed" }), extracted()),
      "ok v2: document version aliases",
    ],
    [
      "new bytes: new version with raw copy",
      fetched(stale, extracted(OTHER_SHA)),
      "ok v2: response document version aliases",
    ],
    [
      "a page that is not an article: skipped version",
      fetched(null, extracted(SHA, { wordCount: 3 })),
      "skipped v1: response document version aliases",
    ],
    [
      "same bytes, skipped record: check only",
      fetched(stored({ status: "skipped" }), extracted()),
      "unchanged v1: latest aliases",
    ],
    [
      "identity differs from submitted id: supersede",
      fetched(null, extracted(), { submittedId: ID_B }),
      "ok v1: response document version aliases supersede",
    ],
    [
      "lost a version race to the same bytes: check only (captures are never overwritten)",
      fetched(stale, extracted(), { lost: lost(false, null) }),
      "unchanged v1: latest aliases",
    ],
    [
      "lost a check to a new version: give way, aliases only",
      fetched(stored({ version: 2 }), extracted(), { lost: lost(true, 1) }),
      "unchanged v1: aliases",
    ],
    [
      "lost a check, record gone: give way",
      fetched(null, extracted(), { lost: lost(true, 1) }),
      "unchanged v1: aliases",
    ],
    // Failures
    [
      "unparseable body: hand back (dead-letter)",
      failed(new IngestError("invalid-message", "x"), null),
      "hand-back",
    ],
    [
      "re-process request fails: hand back",
      failed(new IngestError("not-found", "x"), { kind: "reprocess", articleId: ID_A }),
      "hand-back",
    ],
    ["retryable: hand back", failed(new IngestError("timeout", "x"), message()), "hand-back"],
    [
      "permanent: record the failure",
      failed(new IngestError("http-4xx", "x", { httpStatus: 404 }), message()),
      "record-failure http-4xx",
    ],
    [
      "throttled: defer",
      failed(new IngestError("host-busy", "x", { retryAfterMs: 2000 }), message()),
      "deferred: requeue",
    ],
    [
      "throttled too often: hand back",
      failed(new IngestError("host-busy", "x"), message(), MAX_DEFERRALS),
      "hand-back",
    ],
    [
      "lost every write race: hand back",
      {
        kind: "failed",
        message: message(),
        verdict: classify(new IngestError("version-conflict", "x"), { writeAttempt: 3 }),
        receiveCount: 1,
      },
      "hand-back",
    ],
    // Records of failures and re-processing
    [
      "failure record",
      {
        kind: "failure-record",
        failure: { url: URL_A, code: "http-4xx", message: "404", attempts: 1 },
        articleId: ID_A,
        current: null,
        now: NOW,
      },
      "failed: latest",
    ],
    [
      "skipped record (robots)",
      {
        kind: "failure-record",
        failure: { url: URL_A, code: "robots-disallowed", message: "no", attempts: 1 },
        articleId: ID_A,
        current: stale,
        now: NOW,
      },
      "skipped: latest",
    ],
    [
      "re-process, nothing changed: same version",
      {
        kind: "reprocessed",
        stored: { ...stale, rawKey: "raw/k", rawSha256: SHA },
        current: stale,
        page: fetchedPage(),
        extraction: extraction({ title: "Old title" }),
        ...common,
      },
      "reprocessed v1: document latest",
    ],
    [
      "re-process, new title: new version",
      {
        kind: "reprocessed",
        stored: { ...stale, rawKey: "raw/k", rawSha256: SHA },
        current: stale,
        page: fetchedPage(),
        extraction: extraction(),
        ...common,
      },
      "reprocessed v2: document version",
    ],
  ])("%s", (_name, situation, expected) => {
    // Act
    const plan = decideIngest(situation);

    // Assess
    expect(summary(plan)).toBe(expected);
  });

  test("a new version is conditional on the record read and keys its copies by the layout", () => {
    const plan = decideIngest(fetched(stale, extracted(OTHER_SHA))) as WritePlan;
    expect(plan.writes.record).toMatchObject({ mode: "version", previous: stale });
    const key = WARC_LAYOUT.captureKey(ID_A, 2, OTHER_SHA, EXTRACTOR);
    expect(plan.writes.capture?.key).toBe(key);
    expect(plan.writes.capture?.response?.body).toBeDefined();
    expect(plan.writes.capture?.document.version).toBe(2);
    expect(plan.writes.record?.record).toMatchObject({ rawKey: key, articleKey: key });
    expect(plan.writes.record?.record).toMatchObject({
      version: 2,
      title: "New title",
      checkedAt: NOW,
    });
  });

  test("a check keeps the version and records the new validators", () => {
    const plan = decideIngest(fetched(stale, extracted())) as WritePlan;
    expect(plan.writes.record?.record).toMatchObject({ version: 1, checkedAt: NOW, etag: '"v2"' });
    const notModified = decideIngest(fetched(stale, null)) as WritePlan;
    expect(notModified.writes.record?.record).toMatchObject({ checkedAt: NOW, etag: '"v1"' });
  });

  test("a deferral re-enqueues the submission with one more deferral and the policy's delay", () => {
    const plan = decideIngest(
      failed(
        new IngestError("host-busy", "x", { retryAfterMs: 2000 }),
        message({ tag: "t", deferrals: 2 }),
      ),
    ) as WritePlan;
    expect(plan.writes.requeue?.delayMs).toBe(2000);
    expect(JSON.parse(plan.writes.requeue?.body ?? "")).toEqual({
      url: URL_A,
      tag: "t",
      deferrals: 3,
    });
    expect(plan.outcome).toMatchObject({ kind: "deferred", code: "host-busy", delayMs: 2000 });
  });

  test("a failure of a URL that does not normalize is recorded under its text", () => {
    const plan = decideIngest(
      failed(new IngestError("invalid-url", "x"), message({ url: " ftp://x/ " })),
    );
    expect(plan).toMatchObject({
      kind: "record-failure",
      failure: { url: "ftp://x/", attempts: 2 },
    });
  });

  test("what a lost write leaves for the next attempt", () => {
    const version = decideIngest(fetched(stale, extracted(OTHER_SHA))) as WritePlan;
    const check = decideIngest(fetched(stale, extracted())) as WritePlan;
    expect(lostRace(version)).toMatchObject({ check: false, basisVersion: 1 });
    expect(lostRace(check)).toMatchObject({ check: true, basisVersion: 1 });
  });
});

describe("failureRecordId", () => {
  test.each<[string, string | null, ArticleRecord | null, string]>([
    ["no alias: its own record", null, null, ID_A],
    ["alias to itself: its own record", ID_A, null, ID_A],
    [
      "the identity URL of the resolved record: that record",
      ID_B,
      stored({ articleId: ID_B, url: URL_A }),
      ID_B,
    ],
    [
      "only an alias of the resolved record: its own record",
      ID_B,
      stored({ articleId: ID_B, url: URL_B }),
      ID_A,
    ],
  ])("%s", (_name, resolvedId, resolved, expected) => {
    expect(failureRecordId(URL_A, resolvedId, resolved)).toBe(expected);
  });
});

describe("imported captures", () => {
  const older = (sha: string, fetchedAt: string): ExtractedPage => {
    const page = { ...extracted(sha), page: fetchedPage({ fetchedAt }) };
    return page;
  };
  const imported = (
    current: ArticleRecord | null,
    page: ExtractedPage,
    captures: { rawSha256: string | null; fetchedAt: string | null }[] = [],
  ): IngestSituation =>
    ({ ...(fetched(current, page) as object), imported: { captures } }) as IngestSituation;

  test("an older capture adds the next version and leaves the latest in place", () => {
    const current = stored({ version: 3 });
    const plan = decideIngest(
      imported(current, older(OTHER_SHA, "2020-01-01T00:00:00.000Z")),
    ) as WritePlan;
    const write = plan.writes.record;
    expect(write).toMatchObject({ mode: "version", record: { version: 4 }, previous: current });
    expect(write?.mode === "version" && write.latest).toMatchObject({
      version: 3,
      lastVersion: 4,
      rawSha256: SHA,
      checkedAt: NOW,
    });
    // The imported capture is a WARC capture of its own version, holding its response.
    const key = WARC_LAYOUT.captureKey(ID_A, 4, OTHER_SHA, EXTRACTOR);
    expect(plan.writes.capture?.key).toBe(key);
    expect(plan.writes.capture?.response?.body).toBeDefined();
    expect(plan.writes.capture?.document.version).toBe(4);
    expect(write?.record).toMatchObject({ rawKey: key, articleKey: key });
  });

  test("a capture stored already (same bytes, same time) writes no record", () => {
    const at = "2020-01-01T00:00:00.000Z";
    const plan = decideIngest(
      imported(stored(), older(OTHER_SHA, at), [{ rawSha256: OTHER_SHA, fetchedAt: at }]),
    ) as WritePlan;
    expect(plan.outcome.kind).toBe("unchanged");
    expect(plan.writes.record).toBeUndefined();
    expect(plan.writes.capture).toBeUndefined();
  });

  test("after an imported older version, the next fetch numbers past it", () => {
    const plan = decideIngest(
      fetched(stored({ version: 3, lastVersion: 4 }), extracted(OTHER_SHA)),
    ) as WritePlan;
    expect(plan.writes.record?.record.version).toBe(5);
    expect(plan.writes.record?.mode === "version" && plan.writes.record.latest).toBeFalsy();
  });
});
