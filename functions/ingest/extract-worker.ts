/**
 * The extraction side of `createBoundedExtractor`: inside a worker thread started with the
 * role below, says `{ ready: true }` once loaded, then answers each `{ id, html, url }` with
 * `{ id, article }` or `{ id, error }`.
 *
 * Importing this module in the main thread does nothing, so the Lambda bundle (which holds
 * it through extract-pool.ts) can serve as its own worker script.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { extractArticle } from "../core/extract";

/** `workerData.role` of an extraction worker. */
export const EXTRACT_WORKER_ROLE = "article-ingest:extract";

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
}

export type ExtractReply =
  | { ready: true }
  | { id: number; article: ReturnType<typeof extractArticle> }
  | { id: number; error: { name: string; message: string } };

function serve(): void {
  const port = parentPort;
  if (!port) return;
  port.on("message", (request: ExtractRequest) => {
    let reply: ExtractReply;
    try {
      reply = { id: request.id, article: extractArticle(request.html, request.url) };
    } catch (error) {
      const { name, message } =
        error instanceof Error ? error : { name: "Error", message: String(error) };
      reply = { id: request.id, error: { name, message } };
    }
    port.postMessage(reply);
  });
  // Everything is loaded: from now on a page's time is extraction time only.
  port.postMessage({ ready: true } satisfies ExtractReply);
}

if (!isMainThread && (workerData as { role?: unknown } | null)?.role === EXTRACT_WORKER_ROLE) {
  serve();
}
