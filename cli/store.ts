/**
 * The storage adapters (article table, S3 archive) for a target, configured the way the
 * deployed functions configure them, so cursors printed by the CLI work with the API.
 */
import { ArticleTable, MAX_PAGE_SIZE, type Page } from "../functions/adapters/article-table";
import type { AwsClients } from "../functions/adapters/aws-clients";
import { S3Archive } from "../functions/adapters/s3-archive";
import { siteOf } from "../functions/core/article-record";
import { configFor, type Target } from "./target";

export interface Store {
  table: ArticleTable;
  archive: S3Archive;
}

export function openStore(
  target: Target,
  clients: AwsClients,
  env: Record<string, string | undefined>,
): Store {
  const config = configFor(target, env);
  return {
    table: new ArticleTable(clients.documents, target.tableName, config.cursorSecret),
    // The local S3 stand-in ignores `If-None-Match` on PUT (as the ingest handler knows it).
    archive: new S3Archive(clients.s3, target.bucketName, { conditionalWrites: !target.endpoints }),
  };
}

/**
 * Gathers up to `limit` items from a cursor-paged store query whose pages are capped
 * (MAX_PAGE_SIZE), returning the cursor to continue from.
 */
export async function collectPages<T>(
  limit: number,
  cursor: string | undefined,
  fetchPage: (limit: number, cursor: string | undefined) => Promise<Page<T>>,
): Promise<Page<T>> {
  const items: T[] = [];
  let next = cursor;
  do {
    const page = await fetchPage(Math.min(MAX_PAGE_SIZE, limit - items.length), next);
    items.push(...page.items);
    next = page.cursor;
  } while (next !== undefined && items.length < limit);
  return next === undefined ? { items } : { items, cursor: next };
}

/**
 * The registrable domain records are filed under, from what a user typed: `bbc.co.uk`,
 * `www.bbc.co.uk` or `https://www.bbc.co.uk/news` all give `bbc.co.uk`.
 */
export function siteName(input: string): string {
  const trimmed = input.trim().toLowerCase();
  try {
    return siteOf(/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return trimmed;
  }
}
