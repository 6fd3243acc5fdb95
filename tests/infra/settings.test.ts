import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { readSettings, SettingsError, stackName } from "../../infra/app";

const settingsOf = (context: Record<string, unknown>) => readSettings(new App({ context }));

describe("readSettings", () => {
  it("applies the documented defaults when no context key is given", () => {
    // Act
    const settings = settingsOf({});
    // Assess
    expect(settings).toEqual({
      stage: "dev",
      removalPolicy: "retain",
      ingestConcurrency: 5,
      batchSize: 10,
      batchingWindowSeconds: 5,
      logRetentionDays: 30,
      apiRateLimit: 50,
      apiBurstLimit: 100,
    });
  });

  it("accepts command-line strings and treats an empty value as unset", () => {
    // Prepare: `cdk deploy -c` passes every value as a string.
    const context = {
      stage: "prod",
      removalPolicy: "destroy",
      ingestConcurrency: "20",
      batchSize: "8",
      politenessIntervalMs: "1500",
      userAgent: "example-bot/2.0",
      alarmEmail: "ops@example.org",
      logRetentionDays: "90",
      batchingWindowSeconds: "",
    };
    // Act
    const settings = settingsOf(context);
    // Assess
    expect(settings).toMatchObject({
      stage: "prod",
      removalPolicy: "destroy",
      ingestConcurrency: 20,
      batchSize: 8,
      politenessIntervalMs: 1500,
      userAgent: "example-bot/2.0",
      alarmEmail: "ops@example.org",
      logRetentionDays: 90,
      batchingWindowSeconds: 5,
    });
  });

  it("reports every bad key at once, naming the key, the value and what was expected", () => {
    // Prepare
    const context = {
      stage: "Prod_1",
      removalPolicy: "keep",
      ingestConcurrency: "1",
      batchSize: "lots",
      alarmEmail: "not-an-address",
      logRetentionDays: "10",
    };
    // Act
    let error: unknown;
    try {
      settingsOf(context);
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join("\n")).toMatch(/-c stage="Prod_1": expected 1-20 lowercase letters/);
    expect(problems.join("\n")).toMatch(/-c removalPolicy="keep":.*retain.*destroy/);
    expect(problems.join("\n")).toMatch(/-c ingestConcurrency="1":/);
    expect(problems.join("\n")).toMatch(/-c batchSize="lots":/);
    expect(problems.join("\n")).toMatch(/-c alarmEmail="not-an-address":/);
    expect(problems.join("\n")).toMatch(/-c logRetentionDays="10": expected one of 1, 3, 5, 7/);
  });

  it("rejects a burst limit below the rate limit", () => {
    expect(() => settingsOf({ apiRateLimit: 100, apiBurstLimit: 10 })).toThrow(
      /apiBurstLimit=10: expected at least apiRateLimit \(100\)/,
    );
  });
});

describe("stackName", () => {
  it("derives the stack name from the stage", () => {
    expect(stackName("dev")).toBe("article-ingest-dev");
  });
});
