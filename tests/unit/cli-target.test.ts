import { describe, expect, it } from "vitest";
import { CliError, describeAwsError } from "../../cli/cli-error";
import { renderTable } from "../../cli/output";
import { siteName } from "../../cli/store";
import { targetFromEndpointsFile, targetFromStackOutputs } from "../../cli/target";

describe("targetFromStackOutputs", () => {
  it("maps the stack's outputs to a target", () => {
    // Act
    const target = targetFromStackOutputs("article-ingest-prod", "eu-west-1", [
      { OutputKey: "QueueUrl", OutputValue: "https://sqs.eu-west-1.amazonaws.com/1/q" },
      { OutputKey: "DeadLetterQueueUrl", OutputValue: "https://sqs.eu-west-1.amazonaws.com/1/dlq" },
      { OutputKey: "BucketName", OutputValue: "archive-bucket" },
      { OutputKey: "TableName", OutputValue: "articles-table" },
      { OutputKey: "ApiUrl", OutputValue: "https://abc.execute-api.eu-west-1.amazonaws.com/" },
      { OutputKey: "DashboardName", OutputValue: "ignored" },
    ]);

    // Assess
    expect(target).toEqual({
      label: "article-ingest-prod",
      local: false,
      region: "eu-west-1",
      queueUrl: "https://sqs.eu-west-1.amazonaws.com/1/q",
      deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/1/dlq",
      bucketName: "archive-bucket",
      tableName: "articles-table",
      apiUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/",
    });
  });

  it("names the outputs a stack lacks", () => {
    // Act
    const act = () =>
      targetFromStackOutputs("other-stack", "us-east-1", [
        { OutputKey: "QueueUrl", OutputValue: "q" },
      ]);

    // Assess
    expect(act).toThrow(CliError);
    expect(act).toThrow(
      "stack other-stack has no output DeadLetterQueueUrl, BucketName, TableName",
    );
  });
});

describe("targetFromEndpointsFile", () => {
  const endpoints = {
    region: "us-east-1",
    dynamodbEndpoint: "http://127.0.0.1:1",
    s3Endpoint: "http://127.0.0.1:2",
    sqsEndpoint: "http://127.0.0.1:3",
    tableName: "t",
    bucketName: "b",
    queueUrl: "http://127.0.0.1:3/q",
    deadLetterQueueUrl: "http://127.0.0.1:3/dlq",
    apiUrl: "http://127.0.0.1:4",
  };

  it("reads the endpoints the local stack wrote", () => {
    // Act
    const target = targetFromEndpointsFile(JSON.stringify(endpoints), "e.json");

    // Assess
    expect(target).toEqual({
      label: "local",
      local: true,
      region: "us-east-1",
      queueUrl: "http://127.0.0.1:3/q",
      deadLetterQueueUrl: "http://127.0.0.1:3/dlq",
      tableName: "t",
      bucketName: "b",
      apiUrl: "http://127.0.0.1:4",
      endpoints: {
        dynamodb: "http://127.0.0.1:1",
        s3: "http://127.0.0.1:2",
        sqs: "http://127.0.0.1:3",
      },
    });
  });

  it("says which fields are missing and how to fix a broken file", () => {
    // Act
    const missing = () =>
      targetFromEndpointsFile(JSON.stringify({ ...endpoints, tableName: "" }), "e.json");
    const broken = () => targetFromEndpointsFile("{", "e.json");

    // Assess
    expect(missing).toThrow("e.json lacks tableName");
    expect(broken).toThrow("e.json is not valid JSON");
  });
});

describe("describeAwsError", () => {
  const cases: [string, unknown, RegExp | undefined][] = [
    [
      "no credentials",
      {
        name: "CredentialsProviderError",
        message: "Could not load credentials from any providers",
      },
      /^no AWS credentials found$/,
    ],
    ["no region", new Error("Region is missing"), /^no AWS region configured$/],
    [
      "nothing listening",
      Object.assign(new Error("connect"), { cause: { code: "ECONNREFUSED" } }),
      /^cannot reach the local stack \(ECONNREFUSED\)$/,
    ],
    [
      "missing queue",
      { name: "QueueDoesNotExist", message: "x" },
      /^the local stack does not exist \(QueueDoesNotExist\)$/,
    ],
    [
      "access denied",
      { name: "AccessDeniedException", message: "not allowed" },
      /^access denied by AWS on the local stack: not allowed$/,
    ],
    ["a bug", new TypeError("x is undefined"), undefined],
  ];

  it.each(cases)("%s", (_name, error, expected) => {
    // Act
    const described = describeAwsError(error, "the local stack");

    // Assess
    if (expected === undefined) expect(described).toBeUndefined();
    else {
      expect(described).toBeInstanceOf(CliError);
      expect(described?.message).toMatch(expected);
      expect(described?.hint).toBeTruthy();
    }
  });
});

describe("renderTable", () => {
  it("aligns columns, right-aligns numbers, cuts long cells and shows missing values as -", () => {
    // Act
    const text = renderTable(
      [
        { header: "Name", value: (r: { name: string; n: number | null }) => r.name, max: 8 },
        { header: "Count", value: (r) => r.n, align: "right" },
      ],
      [
        { name: "short", n: 5 },
        { name: "a very long name", n: null },
      ],
    );

    // Assess
    expect(text).toBe("NAME      COUNT\nshort         5\na very …      -\n");
  });

  it("cuts lines to the terminal width", () => {
    // Act
    const text = renderTable(
      [{ header: "Title", value: (r: { t: string }) => r.t }],
      [{ t: "x".repeat(50) }],
      30,
    );

    // Assess
    expect(text).toBe(`TITLE\n${"x".repeat(29)}…\n`);
  });
});

describe("siteName", () => {
  it.each([
    ["example.com", "example.com"],
    ["WWW.BBC.co.uk", "bbc.co.uk"],
    ["https://news.example.com/2026/story.html", "example.com"],
    ["http://127.0.0.1:4599/news/", "127.0.0.1"],
  ])("%s is filed under %s", (input, expected) => {
    expect(siteName(input)).toBe(expected);
  });
});
