import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../functions/shared/config";

const required = {
  ARTICLE_TABLE_NAME: "t",
  ARCHIVE_BUCKET_NAME: "b",
  SUBMISSION_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/1/q",
};

describe("loadConfig", () => {
  it("applies defaults and derives the cursor key from the table", () => {
    const config = loadConfig(required);
    expect(config.politenessIntervalMs).toBe(1000);
    expect(config.allowPrivateNetworks).toBe(false);
    expect(config.respectRobots).toBe(true);
    expect(config.cursorSecret).toBe("article-ingest:t");
  });

  it("reports every bad key at once", () => {
    try {
      loadConfig({
        ...required,
        ARTICLE_TABLE_NAME: undefined,
        POLITENESS_INTERVAL_MS: "soon",
        MAX_REDIRECTS: "99",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toMatch(/ARTICLE_TABLE_NAME is required/);
      expect(problems.join("\n")).toMatch(/POLITENESS_INTERVAL_MS="soon"/);
    }
  });
});
