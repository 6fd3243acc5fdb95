/**
 * Extraction with a hard budget. `extractArticle` runs in a child process with a heap limit
 * (`--max-old-space-size`) and a deadline per page: a page that needs more ends as a
 * `too-complex` failure (permanent: the same bytes need the same work), the child is
 * replaced, and the other pages of the batch go on. A child process rather than a worker
 * thread: on Node.js 24 a worker that reaches its `resourceLimits` can abort the whole
 * process ("Reached heap limit"), and a child's end never takes the handler with it.
 *
 * Before a page is sent, its start tags are counted (one linear scan of the text): a page
 * with more than `maxElements` ends at once as `too-complex` and costs no child time.
 *
 * One child serves the pages one at a time (extraction is CPU-bound; Lambda gives one vCPU
 * below 1,769 MB). It is started when the extractor is created, and its start-up time does
 * not count against a page; `sharedBoundedExtractor` gives every handler of a process the
 * same one.
 *
 * The child script is extract-worker.ts: run from source (tsx, tests, local mode) it is
 * loaded through tsx; in the Lambda bundle the bundle itself is the script, since it holds
 * extract-worker.ts, which starts serving only in a process with its role.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { IngestError } from "../core/errors";
import type { ExtractedArticle } from "../core/extract/types";
import { EXTRACT_WORKER_ROLE, type ExtractReply, type ExtractRequest } from "./extract-worker";

export interface BoundedExtractorOptions {
  /** Longest one page may take, from the moment the child receives it. */
  timeoutMs: number;
  /** Heap (V8 old generation) the child may use, in MB. */
  maxHeapMb: number;
  /** Most start tags (`<` followed by a letter) a page may have; a page with more is not sent. */
  maxElements: number;
}

export interface BoundedExtractor {
  extract(html: string, url: string): Promise<ExtractedArticle>;
  /** Stops the child; pages still waiting are refused. */
  close(): Promise<void>;
}

interface Task {
  request: ExtractRequest;
  resolve: (article: ExtractedArticle) => void;
  reject: (error: Error) => void;
}

/** The child script and the Node options it needs: the bundle itself, or the source through tsx. */
function childSource(maxHeapMb: number): { script: string; execArgv: string[] } {
  const self = new URL(import.meta.url);
  const heap = `--max-old-space-size=${maxHeapMb}`;
  if (!self.pathname.endsWith(".ts")) return { script: fileURLToPath(self), execArgv: [heap] };
  const tsx = pathToFileURL(createRequire(self).resolve("tsx")).href;
  return {
    script: fileURLToPath(new URL("./extract-worker.ts", self)),
    execArgv: ["--import", tsx, heap],
  };
}

/** Whether the child (and its IPC channel) keeps this process alive: only while it works. */
function hold(child: ChildProcess, busy: boolean): void {
  if (busy) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

/**
 * Start tags in `html`: each `<` followed by an ASCII letter, wherever it stands (inside a
 * script or comment too, so the count is an upper bound of the elements a parser makes).
 * One pass of `indexOf`, linear in the text and allocating nothing.
 */
export function countStartTags(html: string): number {
  let count = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) {
    const next = html.charCodeAt(at + 1) | 0x20; // lower case for ASCII letters
    if (next >= 0x61 && next <= 0x7a) count++;
  }
  return count;
}

function tooComplex(url: string, what: string): IngestError {
  return new IngestError("too-complex", `extracting ${url} ${what}; the page is too complex`);
}

export function createBoundedExtractor(options: BoundedExtractorOptions): BoundedExtractor {
  const queue: Task[] = [];
  let worker: ChildProcess | null = null;
  let ready = false;
  let current: Task | null = null;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;

  function start(): ChildProcess {
    const source = childSource(options.maxHeapMb);
    const started = fork(source.script, [], {
      execArgv: source.execArgv,
      env: { ...process.env, [EXTRACT_WORKER_ROLE.env]: EXTRACT_WORKER_ROLE.value },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "ignore", "ipc"],
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
    const ended = (detail: string) => {
      if (worker !== started) return;
      worker = null;
      const task = current ? finish() : null;
      // Out of heap, V8 aborts the child: the page needed more than its budget.
      task?.reject(
        tooComplex(
          task.request.url,
          `needed more than ${options.maxHeapMb} MB of memory (the extraction process ${detail})`,
        ),
      );
      pump();
    };
    started.on("error", (error) => ended(`failed: ${error.message}`));
    started.on("exit", (code, signal) => ended(`ended with ${signal ?? `exit code ${code}`}`));
    return started;
  }

  /** Ends the current task's turn and returns it. */
  function finish(): Task {
    clearTimeout(timer);
    const task = current as Task;
    current = null;
    if (worker) hold(worker, false);
    return task;
  }

  function pump(): void {
    if (current !== null || closed) return;
    const task = queue.shift();
    if (!task) return;
    worker ??= start();
    hold(worker, true);
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
      running.kill("SIGKILL");
      task.reject(tooComplex(task.request.url, `took longer than ${options.timeoutMs} ms`));
      pump();
    }, options.timeoutMs);
    running.send(task.request);
  }

  // Started now, so its start-up overlaps whatever the caller does before the first page.
  worker = start();
  hold(worker, false);

  return {
    extract(html, url) {
      if (closed) return Promise.reject(new Error("the bounded extractor is closed"));
      const elements = countStartTags(html);
      if (elements > options.maxElements) {
        return Promise.reject(
          new IngestError(
            "too-complex",
            `extracting ${url} was not tried: the page has ${elements} elements; at most ${options.maxElements} are extracted`,
          ),
        );
      }
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
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
        // An idle child is unreferenced: referenced again, its exit keeps this process alive
        // until it is seen (else a CLI process would end with the close still pending).
        running.ref();
        running.kill("SIGKILL");
        await exited;
      }
    },
  };
}

const shared = new Map<string, BoundedExtractor>();

/** One extractor per set of options for the whole process (one worker per Lambda container). */
export function sharedBoundedExtractor(options: BoundedExtractorOptions): BoundedExtractor {
  const key = `${options.timeoutMs}/${options.maxHeapMb}/${options.maxElements}`;
  let extractor = shared.get(key);
  if (!extractor) {
    extractor = createBoundedExtractor(options);
    shared.set(key, extractor);
  }
  return extractor;
}
