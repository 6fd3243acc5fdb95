import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { classify } from "../../../functions/core/errors";
import { countStartTags, createBoundedExtractor } from "../../../functions/ingest/extract-pool";

const ARTICLE = `<html lang="en"><head><title>Harbour wall repaired</title></head><body><article>
  <h1>Harbour wall repaired</h1>
  <p>The harbour wall that storms breached in March was repaired this week by a crew of twelve,
  the council said on Tuesday, ahead of the winter tides that flooded the quay two years ago.</p>
  <p>Work on the slipway follows in the spring, once the contractor has finished the survey.</p>
</article></body></html>`;

/** A flat run of one void element inside an article: the shape that once took 20 s per MB. */
function flatRun(bytes: number): string {
  return `<html><body><article><h1>T</h1>${"<br>".repeat(bytes / 4)}</article></body></html>`;
}

describe("createBoundedExtractor", () => {
  const extractor = createBoundedExtractor({
    timeoutMs: 30_000,
    maxHeapMb: 256,
    maxElements: 100_000,
  });
  afterAll(() => extractor.close());

  it("extracts in a child process what extractArticle extracts", async () => {
    // Act
    const article = await extractor.extract(ARTICLE, "https://news.example/harbour");

    // Assess
    expect(article.title).toBe("Harbour wall repaired");
    expect(article.text).toContain("repaired this week by a crew of twelve");
  });

  it("ends a page over its deadline as too-complex and goes on with the next page", async () => {
    // Prepare: a deadline no extraction of this page can meet, and an element budget the
    // page's 500,000 start tags fit in, so it is the deadline that ends it.
    const strict = createBoundedExtractor({ timeoutMs: 1, maxHeapMb: 256, maxElements: 1_000_000 });
    try {
      // Act
      const slow = strict.extract(flatRun(2_000_000), "https://news.example/hostile");
      const next = strict.extract(ARTICLE, "https://news.example/harbour");

      // Assess
      const error = await slow.then(
        () => null,
        (e: unknown) => e,
      );
      expect(classify(error)).toMatchObject({ code: "too-complex", disposition: "permanent" });
      expect(String((error as Error).message)).toContain("took longer than 1 ms");
      // The next page gets a fresh worker; it may or may not fit in 1 ms, but it is tried.
      await next.then(
        (article) => expect(article.title).toBe("Harbour wall repaired"),
        (e: unknown) => expect(classify(e).code).toBe("too-complex"),
      );
    } finally {
      await strict.close();
    }
  });

  it("ends a page over its memory limit as too-complex, and the next page is extracted", async () => {
    // Prepare: a heap that holds an ordinary page but not 6 MB of flat run (about 1 GB), and
    // an element budget its 1.5 million start tags fit in.
    const small = createBoundedExtractor({
      timeoutMs: 60_000,
      maxHeapMb: 96,
      maxElements: 2_000_000,
    });
    try {
      // Act
      const huge = await small.extract(flatRun(6_000_000), "https://news.example/huge").then(
        () => null,
        (e: unknown) => e,
      );
      const after = await small.extract(ARTICLE, "https://news.example/harbour");

      // Assess
      expect(classify(huge)).toMatchObject({ code: "too-complex", disposition: "permanent" });
      expect(String((huge as Error).message)).toContain("more than 96 MB");
      expect(after.title).toBe("Harbour wall repaired");
    } finally {
      await small.close();
    }
  });

  it("ends a page over its element budget at once as too-complex, without the child", async () => {
    // Prepare: a budget of 1,000 start tags and a deadline that a page sent to the child
    // could not meet: a page that reached the child would end as "took longer".
    const budget = createBoundedExtractor({ timeoutMs: 1, maxHeapMb: 256, maxElements: 1_000 });
    const roomy = createBoundedExtractor({ timeoutMs: 30_000, maxHeapMb: 256, maxElements: 1_000 });
    try {
      // Act
      const over = await budget.extract(flatRun(4_000), "https://news.example/over").then(
        () => null,
        (e: unknown) => e,
      );
      const overOnRoomy = await roomy.extract(flatRun(4_000), "https://news.example/over").then(
        () => null,
        (e: unknown) => e,
      );
      const next = await roomy.extract(ARTICLE, "https://news.example/harbour");
      // Just under: 1,000 start tags in all (html, body, article, h1 and 996 <br>).
      const under = flatRun(3_984);
      const underArticle = await roomy.extract(under, "https://news.example/under");

      // Assess
      expect(classify(over)).toMatchObject({ code: "too-complex", disposition: "permanent" });
      expect(String((over as Error).message)).toContain(
        "the page has 1004 elements; at most 1000 are extracted",
      );
      expect(String((overOnRoomy as Error).message)).toContain("the page has 1004 elements");
      expect(next.title).toBe("Harbour wall repaired");
      expect(countStartTags(under)).toBe(1_000);
      expect(underArticle.title).toBe("T");
    } finally {
      await budget.close();
      await roomy.close();
    }
  });

  it("refuses pages once closed", async () => {
    // Prepare
    const closing = createBoundedExtractor({
      timeoutMs: 30_000,
      maxHeapMb: 256,
      maxElements: 100_000,
    });
    await closing.close();

    // Act
    const refused = await closing.extract(ARTICLE, "https://news.example/harbour").then(
      () => null,
      (e: unknown) => e,
    );

    // Assess
    expect(String((refused as Error).message)).toContain("closed");
  });
});

describe("countStartTags", () => {
  it("counts each < followed by a letter, and nothing else", () => {
    // Act
    const counts = [
      countStartTags(""),
      countStartTags("<p>a</p><BR/><x-y>"),
      countStartTags("a < b <1> <!-- c --> <?x?> </p> <"),
      countStartTags("<<<a<"),
    ];

    // Assess
    expect(counts).toEqual([0, 3, 0, 1]);
  });
});

describe("closing the extractor", () => {
  it("lets a process with nothing else alive finish its close (the CLI's import)", () => {
    // Prepare: a script whose only handle is the extractor's idle child.
    const pool = fileURLToPath(
      new URL("../../../functions/ingest/extract-pool.ts", import.meta.url),
    );
    const script = `
      const { createBoundedExtractor } = await import(${JSON.stringify(pool)});
      const extractor = createBoundedExtractor({ timeoutMs: 30000, maxHeapMb: 256, maxElements: 100000 });
      const article = await extractor.extract(${JSON.stringify(ARTICLE)}, "https://news.example/a");
      await extractor.close();
      console.log("closed after " + article.title);`;

    // Act
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );

    // Assess: exit code 13 would be Node ending with the close still pending.
    expect(run.stdout.trim()).toBe("closed after Harbour wall repaired");
    expect(run.status).toBe(0);
  }, 70_000);
});
