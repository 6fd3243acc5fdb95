import { describe, expect, it } from "vitest";
import {
  CONFIG_ENV,
  ConfigError,
  configEnv,
  LOOPBACK_SITES,
  layeredEnvironment,
  loadConfig,
} from "../../functions/shared/config";

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

  it.each([
    [
      "SUBMISSION_QUEUE_URL",
      "not a url",
      /SUBMISSION_QUEUE_URL="not a url": expected an absolute URL/,
    ],
    ["DEAD_LETTER_QUEUE_URL", "sqs", /DEAD_LETTER_QUEUE_URL/],
    ["ARTICLE_INGEST_RESPECT_ROBOTS", "maybe", /ARTICLE_INGEST_RESPECT_ROBOTS="maybe"/],
    ["MAX_REDIRECTS", "2.5", /MAX_REDIRECTS="2.5": expected a whole number/],
    ["MAX_REDIRECTS", "21", /MAX_REDIRECTS="21": expected a number from 0 to 20/],
    ["MAX_REDIRECTS", "-1", /MAX_REDIRECTS/],
    ["ARCHIVE_BUCKET_NAME", "", /ARCHIVE_BUCKET_NAME="": expected at least 1 character/],
  ])("refuses %s=%j", (name, value, message) => {
    expect(() => loadConfig({ ...required, [name]: value })).toThrowError(message);
  });

  it("reads booleans, whole numbers and an empty optional URL", () => {
    const config = loadConfig({
      ...required,
      ARTICLE_INGEST_RESPECT_ROBOTS: "no",
      ARTICLE_INGEST_ALLOW_PRIVATE_NETWORKS: "yes",
      MAX_REDIRECTS: " 7 ",
      DEAD_LETTER_QUEUE_URL: "",
    });
    expect(config.respectRobots).toBe(false);
    expect(config.allowPrivateNetworks).toBe(true);
    expect(config.maxRedirects).toBe(7);
    expect(config.deadLetterQueueUrl).toBe("");
  });
});

describe("configEnv", () => {
  it("keys settings by the environment variable each config key is read from", () => {
    expect(configEnv({ tableName: "articles", allowedPorts: "*" })).toEqual({
      ARTICLE_TABLE_NAME: "articles",
      ARTICLE_INGEST_ALLOWED_PORTS: "*",
    });
    expect(CONFIG_ENV.queueUrl).toBe("SUBMISSION_QUEUE_URL");
  });
});

describe("layeredEnvironment", () => {
  it("lets the environment beat a mode's defaults and the fixed resources beat both", () => {
    // Prepare
    const layers = {
      defaults: configEnv({ ...LOOPBACK_SITES, politenessIntervalMs: "200" }),
      env: {
        ...required,
        ARTICLE_TABLE_NAME: "from-the-shell",
        POLITENESS_INTERVAL_MS: "50",
        ARTICLE_INGEST_ALLOWED_PORTS: undefined,
      },
      fixed: configEnv({ tableName: "the-target" }),
    };

    // Act
    const config = loadConfig(layeredEnvironment(layers));

    // Assess
    expect(config.politenessIntervalMs).toBe(50);
    expect(config.allowPrivateNetworks).toBe(true);
    expect(config.allowedPorts).toBe("*");
    expect(config.tableName).toBe("the-target");
  });

  it("falls back to the table's defaults when no layer sets a key", () => {
    const config = loadConfig(layeredEnvironment({ env: required }));
    expect(config.allowPrivateNetworks).toBe(false);
    expect(config.allowedPorts).toBe("");
  });
});
