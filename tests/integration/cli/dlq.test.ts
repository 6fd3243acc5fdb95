import { Readable } from "node:stream";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it } from "vitest";
import { parseCommandLine } from "../../../cli/args";
import { statsCommand } from "../../../cli/commands/stats";
import type { CliIo } from "../../../cli/output";
import { createTestResources, type TestResources } from "../../support/stand-ins";
import { localDataDir, runCli } from "./run-cli";

async function depth(resources: TestResources, queueUrl: string): Promise<number> {
  const answer = await resources.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(answer.Attributes?.ApproximateNumberOfMessages) +
    Number(answer.Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

async function bodies(resources: TestResources, queueUrl: string): Promise<string[]> {
  const answer = await resources.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 60,
    }),
  );
  return (answer.Messages ?? []).map((m) => m.Body ?? "").sort();
}

describe("dlq and stats against the local stack", () => {
  let resources: TestResources;
  let dataDir: string;
  let ids: string[];

  beforeEach(async () => {
    // Prepare: a fresh queue pair holding three dead letters, one of them not a URL at all.
    resources = await createTestResources();
    dataDir = localDataDir(resources);
    ids = [];
    for (const body of [
      JSON.stringify({ url: "https://news.example.com/a.html", tag: "t1" }),
      "https://news.example.com/b.html",
      "this is not a submission",
    ]) {
      const sent = await resources.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: resources.deadLetterQueueUrl, MessageBody: body }),
      );
      ids.push(sent.MessageId ?? "");
    }
  });

  it("lists the dead letters as a table and leaves them in the queue", async () => {
    // Act
    const run = await runCli(["dlq", "list", "--local", "--data-dir", dataDir]);

    // Assess
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trim().split("\n");
    expect(header).toMatch(/^MESSAGE ID\s+SENT\s+RECEIVES\s+URL$/);
    expect(rows.slice(0, 3).join("\n")).toContain("https://news.example.com/a.html");
    expect(rows.slice(0, 3).join("\n")).toContain("(bad message) Message body is neither JSON");
    expect(run.stdout).toContain(
      '3 shown of about 3. Move them back with "article-ingest dlq redrive --all".',
    );
    expect(await depth(resources, resources.deadLetterQueueUrl)).toBe(3);
    expect(await bodies(resources, resources.deadLetterQueueUrl)).toHaveLength(3);
  });

  it("lists the dead letters as JSON and NDJSON", async () => {
    // Act
    const json = await runCli(["dlq", "list", "--json", "--local", "--data-dir", dataDir]);
    const ndjson = await runCli(["dlq", "list", "--ndjson", "--local", "--data-dir", dataDir]);

    // Assess
    const document = JSON.parse(json.stdout);
    expect(document.version).toBe(1);
    expect(document.messages.map((m: { messageId: string }) => m.messageId).sort()).toEqual(
      [...ids].sort(),
    );
    expect(document.messages).toContainEqual(
      expect.objectContaining({ url: "https://news.example.com/a.html", tag: "t1", problem: null }),
    );
    const lines = ndjson.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.messageId).sort()).toEqual([...ids].sort());
  });

  it("redrives chosen messages by id and reports ids it cannot find", async () => {
    // Act
    const run = await runCli([
      "dlq",
      "redrive",
      ids[1] as string,
      "no-such-id",
      "--local",
      "--data-dir",
      dataDir,
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Moved 1 message back to the ingest queue");
    expect(run.stderr).toContain("not found in the dead-letter queue: no-such-id");
    expect(await bodies(resources, resources.queueUrl)).toEqual([
      "https://news.example.com/b.html",
    ]);
    expect(await depth(resources, resources.deadLetterQueueUrl)).toBe(2);
  });

  it("redrives every message with --all, falling back when the move task is unsupported", async () => {
    // Act
    const run = await runCli([
      "dlq",
      "redrive",
      "--all",
      "--json",
      "--local",
      "--data-dir",
      dataDir,
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, moved: 3, notFound: [] });
    expect(await depth(resources, resources.deadLetterQueueUrl)).toBe(0);
    expect(await bodies(resources, resources.queueUrl)).toHaveLength(3);
  });

  it("shows queue depths in stats", async () => {
    // Act
    const table = await runCli(["stats", "--local", "--data-dir", dataDir]);
    const json = await runCli(["stats", "--json", "--local", "--data-dir", dataDir]);

    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Dead-letter queue: 3 message(s)");
    expect(JSON.parse(json.stdout)).toMatchObject({
      version: 1,
      queue: { waiting: 0, inFlight: 0, delayed: 0 },
      deadLetterQueue: { waiting: 3 },
    });
  });

  it("watches stats, one NDJSON line per refresh, until stopped", async () => {
    // Prepare
    const parsed = parseCommandLine([
      "stats",
      "--watch",
      "--interval",
      "1",
      "--ndjson",
      "--data-dir",
      dataDir,
    ]);
    if (parsed.kind !== "command" || parsed.command !== "stats") throw new Error("not stats");
    const lines: string[] = [];
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const io: CliIo = {
      stdout: {
        write: (chunk) => {
          lines.push(String(chunk));
          if (lines.length === 2) stop();
        },
      },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: {},
      interactive: false,
      now: () => new Date(),
    };

    // Act
    const code = await statsCommand(parsed.options, io, stopped);

    // Assess
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({
        at: expect.any(String),
        deadLetterQueue: { waiting: 3 },
      });
    }
  });
});
