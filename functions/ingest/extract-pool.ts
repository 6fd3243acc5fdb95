/**
 * Extraction with a hard budget. `extractArticle` runs in a worker thread with a heap limit
 * (`resourceLimits`) and a deadline per page: a page that needs more ends as a
 * `too-complex` failure (permanent: the same bytes need the same work), the worker is
 * replaced, and the other pages of the batch go on. One worker serves the pages one at a
 * time (extraction is CPU-bound; Lambda gives one vCPU below 1,769 MB). It is started when
 * the extractor is created, and its start-up time does not count against a page;
 * `sharedBoundedExtractor` gives every handler of a process the same one.
 *
 * The worker script is extract-worker.ts: run from source (tsx, tests, local mode) it is
 * loaded through tsx; in the Lambda bundle the bundle itself is the script, since it holds
 * extract-worker.ts, which starts serving only in a worker with its role.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { IngestError } from "../core/errors";
import type { ExtractedArticle } from "../core/extract/types";
import { EXTRACT_WORKER_ROLE, type ExtractReply, type ExtractRequest } from "./extract-worker";

export interface BoundedExtractorOptions {
  /** Longest one page may take, from the moment the worker receives it. */
  timeoutMs: number;
  /** Heap (V8 old generation) the worker may use, in MB. */
  maxHeapMb: number;
}

export interface BoundedExtractor {
  extract(html: string, url: string): Promise<ExtractedArticle>;
  /** Stops the worker; pages still waiting are refused. */
  close(): Promise<void>;
}

interface Task {
  request: ExtractRequest;
  resolve: (article: ExtractedArticle) => void;
  reject: (error: Error) => void;
}

/**
 * How to start the worker. From the bundle: the bundle file itself. From source: a small
 * bootstrap that loads extract-worker.ts through tsx's API (a worker does not inherit the
 * main thread's tsx loader).
 */
function workerSource(): { script: URL | string; eval: boolean } {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith(".ts")) return { script: self, eval: false };
  const target = new URL("./extract-worker.ts", self).href;
  // The ESM build of tsx's API (createRequire resolves the CommonJS one beside it).
  const api = createRequire(self)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => tsx.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}));`;
  return { script: code, eval: true };
}

function tooComplex(url: string, what: string): IngestError {
  return new IngestError("too-complex", `extracting ${url} ${what}; the page is too complex`);
}

export function createBoundedExtractor(options: BoundedExtractorOptions): BoundedExtractor {
  const queue: Task[] = [];
  let worker: Worker | null = null;
  let ready = false;
  let current: Task | null = null;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;

  function start(): Worker {
    const source = workerSource();
    const started = new Worker(source.script, {
      eval: source.eval,
      workerData: { role: EXTRACT_WORKER_ROLE },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    ready = false;
    started.on("message", (reply: ExtractReply) => {
      if (worker !== started) return;
      if ("ready" in reply) {
        ready = true;
        pump();
        return;
      }
      if (current === null || reply.id !== current.request.id) return;
      const task = finish();
      if ("article" in reply) task.resolve(reply.article);
      else task.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      pump();
    });
    started.on("error", (error: Error & { code?: string }) => {
      if (worker !== started) return;
      worker = null;
      const task = current ? finish() : null;
      if (task) {
        task.reject(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? tooComplex(task.request.url, `needed more than ${options.maxHeapMb} MB of memory`)
            : error,
        );
      }
      pump();
    });
    started.on("exit", () => {
      if (worker !== started) return;
      worker = null;
      const task = current ? finish() : null;
      task?.reject(new Error(`the extraction worker stopped while extracting ${task.request.url}`));
      pump();
    });
    return started;
  }

  /** Ends the current task's turn and returns it. */
  function finish(): Task {
    clearTimeout(timer);
    const task = current as Task;
    current = null;
    worker?.unref();
    return task;
  }

  function pump(): void {
    if (current !== null || closed) return;
    const task = queue.shift();
    if (!task) return;
    worker ??= start();
    worker.ref();
    if (!ready) {
      queue.unshift(task);
      return;
    }
    current = task;
    const running = worker;
    timer = setTimeout(() => {
      if (current !== task) return;
      finish();
      worker = null;
      void running.terminate();
      task.reject(tooComplex(task.request.url, `took longer than ${options.timeoutMs} ms`));
      pump();
    }, options.timeoutMs);
    running.postMessage(task.request);
  }

  // Started now, so its start-up overlaps whatever the caller does before the first page.
  worker = start();
  worker.unref();

  return {
    extract(html, url) {
      if (closed) return Promise.reject(new Error("the bounded extractor is closed"));
      return new Promise<ExtractedArticle>((resolve, reject) => {
        queue.push({ request: { id: nextId++, html, url }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) {
        task.reject(new Error("the bounded extractor is closed"));
      }
      const running = worker;
      worker = null;
      if (current) finish().reject(new Error("the bounded extractor is closed"));
      await running?.terminate();
    },
  };
}

const shared = new Map<string, BoundedExtractor>();

/** One extractor per set of options for the whole process (one worker per Lambda container). */
export function sharedBoundedExtractor(options: BoundedExtractorOptions): BoundedExtractor {
  const key = `${options.timeoutMs}/${options.maxHeapMb}`;
  let extractor = shared.get(key);
  if (!extractor) {
    extractor = createBoundedExtractor(options);
    shared.set(key, extractor);
  }
  return extractor;
}
