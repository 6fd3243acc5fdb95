/**
 * Two writers of the same version number against DynamoDB Local, their calls interleaved
 * exactly: a fetch that takes over the version item an import of an older capture has just
 * written, and the import that then wins the latest write (it adds the version and keeps
 * the latest as it is, carrying `lastVersion`), and the same with the roles of the winner
 * reversed. Each writer has its own client, held before its latest write until the test
 * lets it go, so the order of the DynamoDB calls is the one named, every run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage, prose } from "../../cli/local/article-page";
import { ArticleTable } from "../../functions/adapters/article-table";
import { createAwsClients } from "../../functions/adapters/aws-clients";
import type { ArticleRecord } from "../../functions/core/article-record";
import { buildIngestDeps } from "../../functions/ingest/handler";
import { type IngestDeps, processMessage } from "../../functions/ingest/ingest-service";
import { loadConfig } from "../../functions/shared/config";
import { type MutableSite, startMutableSite } from "../support/mutable-site";
import { createTestResources, type TestResources } from "../support/stand-ins";

let site: MutableSite;
let resources: TestResources;
let deps: IngestDeps;
let table: ArticleTable;
const clock = new Date("2026-11-20T10:00:00.000Z");

beforeAll(async () => {
  site = await startMutableSite();
  resources = await createTestResources();
  const config = loadConfig(resources.env);
  deps = { ...buildIngestDeps(config), now: () => clock };
  table = new ArticleTable(resources.clients.documents, config.tableName, config.cursorSecret);
});

afterAll(async () => {
  await site?.close();
});

interface Held {
  table: ArticleTable;
  /** Resolves when the writer's first latest write is about to be sent. */
  reached: Promise<void>;
  /** Lets that write go. */
  release: () => void;
}

/**
 * An article table on its own DynamoDB client whose first PutItem of a latest item waits
 * for `release` (every other call goes straight through).
 */
function heldBeforeLatestWrite(): Held {
  const clients = createAwsClients({
    region: resources.region,
    dynamodbEndpoint: resources.dynamodbEndpoint,
  });
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Item?: { sk?: unknown } };
      const latest = JSON.stringify(input.Item?.sk ?? null).includes("LATEST");
      if (!held && context.commandName === "PutItemCommand" && latest) {
        held = true;
        reach();
        await released;
      }
      return await next(args);
    },
    { step: "initialize", name: "holdLatestWrite" },
  );
  const config = loadConfig(resources.env);
  return {
    table: new ArticleTable(clients.documents, config.tableName, config.cursorSecret),
    reached,
    release,
  };
}

/** Version 1 of a story, fetched; both writers below read it and decide version 2. */
async function storedStory(pathname: string): Promise<ArticleRecord> {
  site.set(pathname, articlePage({ title: "Quay works", paragraphs: [prose("Quay.")] }));
  const outcome = await processMessage(`${site.origin}${pathname}`, 1, deps);
  return (await table.getLatest(outcome.articleId)) as ArticleRecord;
}

describe("two writers of one version", () => {
  it("a fetch that took over the import's version item and lost to it puts the import back", async () => {
    // Prepare: an import of an older capture (version 2, the latest stays version 1) and a
    // fetch of newer bytes (version 2 as the new latest), both from version 1.
    const v1 = await storedStory("/news/quay-import-wins");
    const importedAt = "2026-11-20T10:30:00.000Z";
    const imported = {
      ...v1,
      version: 2,
      title: "Quay works (older capture)",
      fetchedAt: "2025-06-01T08:00:00.000Z",
      checkedAt: importedAt,
    };
    const fetched = {
      ...v1,
      version: 2,
      title: "Quay works (newer fetch)",
      fetchedAt: "2026-11-20T10:31:00.000Z",
      checkedAt: "2026-11-20T10:31:00.000Z",
    };
    const importer = heldBeforeLatestWrite();
    const fetcher = heldBeforeLatestWrite();

    // Act: the import creates VERSION#2; the fetch finds it with the latest still at
    // version 1 and takes it over; the import's latest write wins; the fetch's loses.
    const importing = importer.table.putVersion(imported, v1, ["title"], {
      ...v1,
      lastVersion: 2,
      checkedAt: importedAt,
    });
    await importer.reached;
    const fetching = fetcher.table.putVersion(fetched, v1, ["title"]);
    await fetcher.reached;
    const takenOver = await table.getVersion(v1.articleId, 2);
    importer.release();
    await importing;
    fetcher.release();
    const lost = await fetching.then(
      () => null,
      (error: unknown) => error,
    );

    // Assess: the latest went through the import's version 2, and so does the version item.
    expect(takenOver?.title).toBe("Quay works (newer fetch)");
    expect(lost).toMatchObject({ code: "version-conflict" });
    expect(await table.getLatest(v1.articleId)).toMatchObject({ version: 1, lastVersion: 2 });
    expect(await table.getVersion(v1.articleId, 2)).toMatchObject({
      title: "Quay works (older capture)",
      fetchedAt: imported.fetchedAt,
      checkedAt: importedAt,
    });
  });

  it("an import that took over the fetch's version item and lost to it puts the fetch back", async () => {
    // Prepare
    const v1 = await storedStory("/news/quay-fetch-wins");
    const importedAt = "2026-11-20T10:30:00.000Z";
    const imported = {
      ...v1,
      version: 2,
      title: "Quay works (older capture)",
      fetchedAt: "2025-06-01T08:00:00.000Z",
      checkedAt: importedAt,
    };
    const fetched = {
      ...v1,
      version: 2,
      title: "Quay works (newer fetch)",
      fetchedAt: "2026-11-20T10:31:00.000Z",
      checkedAt: "2026-11-20T10:31:00.000Z",
    };
    const importer = heldBeforeLatestWrite();
    const fetcher = heldBeforeLatestWrite();

    // Act: the fetch creates VERSION#2, the import takes it over, the fetch's latest write wins.
    const fetching = fetcher.table.putVersion(fetched, v1, ["title"]);
    await fetcher.reached;
    const importing = importer.table.putVersion(imported, v1, ["title"], {
      ...v1,
      lastVersion: 2,
      checkedAt: importedAt,
    });
    await importer.reached;
    fetcher.release();
    await fetching;
    importer.release();
    const lost = await importing.then(
      () => null,
      (error: unknown) => error,
    );

    // Assess
    expect(lost).toMatchObject({ code: "version-conflict" });
    expect(await table.getLatest(v1.articleId)).toMatchObject({ version: 2 });
    expect(await table.getVersion(v1.articleId, 2)).toMatchObject({
      title: "Quay works (newer fetch)",
      fetchedAt: fetched.fetchedAt,
    });
  });
});
