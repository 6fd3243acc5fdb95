/**
 * The extraction side of `createBoundedExtractor`: in a child process started with the
 * role below, says `{ ready: true }` once loaded, then answers each `{ id, html, url }` with
 * `{ id, article }` or `{ id, error }`.
 *
 * Importing this module anywhere else does nothing, so the Lambda bundle (which holds it
 * through extract-pool.ts) can serve as its own child script. The extractor itself (parser,
 * rule tables, language profiles) is imported only in the child: the handler's process never
 * extracts, and its cold start does not pay for loading it (in the bundle, esbuild keeps
 * that code unevaluated until this import runs).
 */
import type { extractArticle } from "../core/extract";

/** Environment variable (and its value) that marks an extraction child process. */
export const EXTRACT_WORKER_ROLE = { env: "ARTICLE_INGEST_EXTRACT_WORKER", value: "1" } as const;

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
}

export type ExtractReply =
  | { ready: true }
  | { id: number; article: ReturnType<typeof extractArticle> }
  | { id: number; error: { name: string; message: string } };

async function serve(send: (reply: ExtractReply) => void): Promise<void> {
  const { extractArticle } = await import("../core/extract");
  process.on("message", (request: ExtractRequest) => {
    let reply: ExtractReply;
    try {
      reply = { id: request.id, article: extractArticle(request.html, request.url) };
    } catch (error) {
      const { name, message } =
        error instanceof Error ? error : { name: "Error", message: String(error) };
      reply = { id: request.id, error: { name, message } };
    }
    send(reply);
  });
  // The parent is gone: nothing left to serve.
  process.on("disconnect", () => process.exit(0));
  // Everything is loaded: from now on a page's time is extraction time only.
  send({ ready: true });
}

const send = process.send?.bind(process);
if (send && process.env[EXTRACT_WORKER_ROLE.env] === EXTRACT_WORKER_ROLE.value) {
  // A child that cannot load the extractor ends; the parent reports the page it was given.
  serve((reply) => send(reply)).catch(() => process.exit(1));
}
