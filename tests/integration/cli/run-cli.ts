/**
 * Runs the CLI in-process against the test's own resources on the stand-ins: writes the
 * endpoints file local mode reads, and captures stdout and stderr.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { main } from "../../../cli/main";
import type { CliIo } from "../../../cli/output";
import { ENDPOINTS_FILE } from "../../../cli/target";
import type { TestResources } from "../../support/stand-ins";

export interface CliRun {
  code: number;
  stdout: string;
  /** stdout exactly as written (e.g. raw page bytes). */
  stdoutBytes: Buffer;
  stderr: string;
}

/** A data folder whose endpoints.json points at `resources`. */
export function localDataDir(resources: TestResources): string {
  const dir = mkdtempSync(path.join(tmpdir(), "article-ingest-cli-"));
  const endpoints = {
    region: resources.region,
    dynamodbEndpoint: resources.dynamodbEndpoint,
    s3Endpoint: resources.s3Endpoint,
    sqsEndpoint: resources.sqsEndpoint,
    tableName: resources.tableName,
    bucketName: resources.bucketName,
    queueUrl: resources.queueUrl,
    deadLetterQueueUrl: resources.deadLetterQueueUrl,
  };
  writeFileSync(path.join(dir, ENDPOINTS_FILE), JSON.stringify(endpoints));
  return dir;
}

export async function runCli(
  argv: string[],
  options: { stdin?: string; env?: Record<string, string>; interactive?: boolean } = {},
): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const io: CliIo = {
    stdout: { write: (chunk: string | Uint8Array) => out.push(Buffer.from(chunk)) },
    stderr: { write: (chunk: string | Uint8Array) => err.push(Buffer.from(chunk)) },
    stdin: Readable.from([Buffer.from(options.stdin ?? "")]),
    env: { POLITENESS_INTERVAL_MS: "0", ...options.env },
    interactive: options.interactive ?? false,
    now: () => new Date(),
  };
  const code = await main(argv, io);
  const stdoutBytes = Buffer.concat(out);
  return {
    code,
    stdout: stdoutBytes.toString("utf8"),
    stdoutBytes,
    stderr: Buffer.concat(err).toString("utf8"),
  };
}
