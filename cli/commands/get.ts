/**
 * `get URL|ID`: one article record (a readable summary, or JSON), its raw copy exactly as
 * fetched (`--raw`), its extracted text or Markdown, or the list of its stored versions.
 */

import type { ArticleRecord } from "../../functions/core/article-record";
import { IngestError } from "../../functions/core/errors";
import { inCaptureOrder } from "../../functions/core/history";
import { isArticleId, normalizeUrl } from "../../functions/core/normalize-url";
import type { GetOptions } from "../args";
import { CliError } from "../cli-error";
import {
  type CliIo,
  printJson,
  printList,
  printNdjson,
  renderFields,
  terminalText,
} from "../output";
import { openStore, type Store } from "../store";
import { withTarget } from "../target";

export async function findRecord(store: Store, ref: string): Promise<ArticleRecord> {
  let record: ArticleRecord | null;
  if (isArticleId(ref)) {
    record = await store.table.getLatest(ref);
  } else {
    let url: string;
    try {
      url = normalizeUrl(ref);
    } catch (error) {
      throw new CliError(
        `"${ref}" is neither an article id nor a valid URL: ${(error as Error).message}`,
        "give the article's URL or its 32-character id",
      );
    }
    record = await store.table.getByUrl(url);
  }
  if (!record) {
    throw new CliError(
      `no record for ${ref}`,
      "submit it with `article-ingest submit URL`; if you did, it may still be queued (`article-ingest stats`) or in the dead-letter queue (`article-ingest dlq list`)",
    );
  }
  return record;
}

/** The record of version `version` of an article, or a clear message that there is none. */
export async function findVersion(
  store: Store,
  latest: ArticleRecord,
  version: number,
): Promise<ArticleRecord> {
  const record =
    version === latest.version ? latest : await store.table.getVersion(latest.articleId, version);
  if (!record) {
    throw new CliError(
      `article ${latest.articleId} has no version ${version}`,
      "list its versions with `article-ingest get URL --versions`",
    );
  }
  return record;
}

/** Reads an archive object, turning a missing one into a clear message. */
async function fromArchive<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof IngestError && error.code === "not-found") {
      throw new CliError(`${what} is missing from the archive bucket`, "reprocess or resubmit it");
    }
    throw error;
  }
}

/** The kind of a page recorded as not an article ("unclear" when it has none). */
export function pageKindOf(r: Pick<ArticleRecord, "failure">): string | undefined {
  if (r.failure?.code !== "not-article" || r.failure.pageType === undefined) return undefined;
  return r.failure.pageType ?? "unclear";
}

function summary(r: ArticleRecord): string {
  return renderFields([
    ["Title", r.title],
    ["URL", r.url],
    ["Article id", r.articleId],
    ["Status", r.failure ? `${r.status} (${r.failure.code}: ${r.failure.message})` : r.status],
    ["Page kind", pageKindOf(r)],
    ["Site", r.siteName ? `${r.site} (${r.siteName})` : r.site],
    ["Authors", r.authors.join(", ")],
    ["Published", r.publishedAt],
    ["Modified", r.modifiedAt],
    ["Language", r.language],
    ["Section", r.section],
    ["Tags", r.tags.join(", ")],
    ["Words", r.wordCount ? `${r.wordCount} (${r.readingTimeMinutes} min read)` : undefined],
    ["Image", r.image?.url],
    ["Caption", r.image?.caption],
    ["Credit", r.image?.credit],
    ["Description", r.description],
    ["HTTP", r.httpStatus ? `${r.httpStatus} ${r.contentType ?? ""}`.trim() : undefined],
    ["Fetched", r.fetchedAt],
    ["Checked", r.checkedAt],
    ["First seen", r.firstSeenAt],
    ["Version", `${r.version}${r.extractorVersion ? ` (extractor ${r.extractorVersion})` : ""}`],
    ["Submitted as", r.submittedUrls.filter((u) => u !== r.url).join(", ")],
  ]);
}

export async function getCommand(options: GetOptions, io: CliIo): Promise<number> {
  return withTarget(options.target, async (target, clients) => {
    const store = openStore(target, clients, io.env);
    const latest = await findRecord(store, options.ref);
    const record =
      options.version === undefined ? latest : await findVersion(store, latest, options.version);
    const id = record.articleId;

    if (options.view === "record") {
      if (options.format === "json") printJson(io, { article: record });
      else if (options.format === "ndjson") printNdjson(io, [record]);
      else io.stdout.write(summary(record));
      return 0;
    }

    if (options.view === "versions") {
      const items = await store.table.listVersions(id);
      const ordered = inCaptureOrder(items.map((v) => ({ ...v, fetchedAt: v.record.fetchedAt })));
      const versions = ordered.reverse().map((v) => ({
        version: v.version,
        fetchedAt: v.record.fetchedAt,
        changedFields: v.changedFields,
        title: v.record.title,
        rawKey: v.record.rawKey,
        rawSha256: v.record.rawSha256,
        extractorVersion: v.record.extractorVersion,
      }));
      printList(io, options.format, {
        key: "versions",
        rows: versions,
        extra: { articleId: id },
        columns: [
          { header: "Version", value: (v) => v.version, align: "right" },
          { header: "Fetched", value: (v) => v.fetchedAt },
          { header: "Changed", value: (v) => v.changedFields.join(","), max: 40 },
          { header: "Title", value: (v) => v.title, max: 60 },
        ],
        empty: `Article ${id} has no stored versions.`,
      });
      return 0;
    }

    if (options.view === "raw") {
      if (!record.rawKey) {
        throw new CliError(
          `article ${id} has no raw copy (status ${record.status})`,
          "see its failure with `article-ingest get` without --raw",
        );
      }
      const rawKey = record.rawKey;
      const raw = await fromArchive(`raw copy ${rawKey}`, () => store.archive.getRaw(record));
      if (options.format === "table") {
        io.stdout.write(raw.body);
      } else {
        const doc = {
          articleId: id,
          rawKey,
          ...raw.metadata,
          bytes: raw.body.length,
          bodyBase64: raw.body.toString("base64"),
        };
        if (options.format === "json") printJson(io, doc);
        else printNdjson(io, [doc]);
      }
      return 0;
    }

    if (!record.articleKey) {
      throw new CliError(
        `article ${id} has no extracted content (status ${record.status})`,
        "see why with `article-ingest get` without options",
      );
    }
    const articleKey = record.articleKey;
    const content = await fromArchive(`content ${articleKey}`, async () => {
      const document = await store.archive.getDocument(record);
      if (document) return document;
      if (options.version !== undefined) {
        throw new CliError(
          `the text of version ${record.version} of article ${id} is not in the archive`,
          "versions stored before each version kept its own document have only the latest text; see the record with `get --version N` without --text",
        );
      }
      throw new IngestError("not-found", `No document in ${articleKey}`);
    });
    const body = options.view === "text" ? content.text : content.markdown;
    if (options.format === "table") io.stdout.write(`${terminalText(body).replace(/\n+$/, "")}\n`);
    else if (options.format === "json") printJson(io, { articleId: id, [options.view]: body });
    else printNdjson(io, [{ articleId: id, [options.view]: body }]);
    return 0;
  });
}
