/**
 * The CDK app: the only place that reads deploy-time settings. Each setting is a CDK context
 * key (`npx cdk deploy -c stage=prod -c alarmEmail=ops@example.com`, or the `context` block of
 * cdk.json); all are validated together and every bad key is reported at once.
 * docs/deploy.md lists every key with its default.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { App, type AppProps, Tags, Validations } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { AwsSolutionsChecks } from "cdk-nag";
import { z } from "zod";
import { type IngestSettings, IngestStack, type IngestStackProps } from "./ingest-stack";

const RETENTION_DAYS = new Set(
  Object.values(logs.RetentionDays).filter((v): v is number => typeof v === "number"),
);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every context key, its schema and its default. */
export const SETTINGS_SCHEMA = z.object({
  stage: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,19}$/,
      "expected 1-20 lowercase letters, digits or '-', starting with a letter",
    )
    .default("dev"),
  removalPolicy: z.enum(["retain", "destroy"]).default("retain"),
  ingestConcurrency: int(2, 1000).default(5),
  /** At most 10: five at a time, two rounds of the worst-case fetch fit the 60 s timeout. */
  batchSize: int(1, 10).default(10),
  batchingWindowSeconds: int(0, 300).default(5),
  politenessIntervalMs: int(0, 600_000).optional(),
  userAgent: z.string().trim().min(1).max(256).optional(),
  alarmEmail: z.email().optional(),
  logRetentionDays: z.coerce
    .number()
    .refine((days) => RETENTION_DAYS.has(days), {
      message: `expected one of ${[...RETENTION_DAYS].sort((a, b) => a - b).join(", ")}`,
    })
    .default(30),
  apiRateLimit: int(1, 10_000).default(50),
  apiBurstLimit: int(1, 5_000).default(100),
});

export type ContextSettings = z.output<typeof SETTINGS_SCHEMA>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid deploy settings (CDK context):\n  ${problems.join("\n  ")}`);
    this.name = "SettingsError";
  }
}

/** Reads and validates every setting from the app's context; throws one error naming each bad key. */
export function readSettings(app: App): ContextSettings {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(SETTINGS_SCHEMA.shape)) {
    const value: unknown = app.node.tryGetContext(key);
    // `-c key=` on the command line means "not set".
    if (value !== undefined && value !== null && value !== "") raw[key] = value;
  }
  const parsed = SETTINGS_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map(
        (issue) =>
          `-c ${issue.path.join(".")}=${JSON.stringify(raw[String(issue.path[0])])}: ${issue.message}`,
      ),
    );
  }
  const settings = parsed.data;
  if (settings.apiBurstLimit < settings.apiRateLimit) {
    throw new SettingsError([
      `-c apiBurstLimit=${settings.apiBurstLimit}: expected at least apiRateLimit (${settings.apiRateLimit})`,
    ]);
  }
  return settings;
}

/** Stack name for a stage: the CLI finds every resource from this name's outputs. */
export function stackName(stage: string): string {
  return `article-ingest-${stage}`;
}

export interface BuildOptions {
  appProps?: AppProps;
  /** Handler modules (tests may substitute their own). */
  entries?: IngestStackProps["entries"];
  /** Run cdk-nag AwsSolutionsChecks during synthesis (default true; tests call it directly). */
  nagChecks?: boolean;
}

/** Builds the app with its one stack and the cdk-nag AWS Solutions checks. */
export function buildApp(options: BuildOptions = {}): { app: App; stack: IngestStack } {
  const app = new App(options.appProps);
  const context = readSettings(app);
  const settings: IngestSettings = {
    ...context,
    logRetention: context.logRetentionDays as logs.RetentionDays,
  };
  const stack = new IngestStack(app, stackName(context.stage), {
    description: `article-ingest (${context.stage}): article URLs in, clean queryable records out`,
    settings,
    entries: options.entries,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
  });
  Tags.of(app).add("project", "article-ingest");
  Tags.of(app).add("stage", context.stage);
  if (options.nagChecks ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  try {
    buildApp().app.synth();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
