/**
 * Errors the CLI reports as one line ("what went wrong; what to do") with exit code 1,
 * and the translation of well-known AWS SDK and network errors into such lines.
 * Anything else is a bug: main prints its stack.
 */

export class CliError extends Error {
  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CliError";
  }
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorLike & { errors?: unknown[] };
  if (typeof e.code === "string" && /^E[A-Z]+/.test(e.code)) return e.code;
  for (const inner of e.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(e.cause, depth + 1);
}

/**
 * Turns an AWS SDK or network error into a `CliError` when its cause is something the user
 * can fix (no credentials, nothing listening, a missing resource); returns undefined otherwise.
 */
export function describeAwsError(error: unknown, where: string): CliError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorLike;
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : "";
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new CliError(
      "no AWS credentials found",
      "set AWS_PROFILE or run `aws configure` (or `aws sso login`), or use --local for the local stack",
      { cause: error },
    );
  }
  if (/Region is missing/i.test(message)) {
    return new CliError(
      "no AWS region configured",
      "pass --region, set AWS_REGION, or set a region in your AWS profile",
      { cause: error },
    );
  }
  const code = networkCode(error);
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EPIPE") {
    return new CliError(
      `cannot reach ${where} (${code})`,
      "if this is the local stack, start it with `article-ingest local` and leave it running",
      { cause: error },
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new CliError(`cannot resolve the endpoint of ${where} (${code})`, "check your network", {
      cause: error,
    });
  }
  if (
    name === "ExpiredToken" ||
    name === "ExpiredTokenException" ||
    name === "UnrecognizedClientException" ||
    name === "InvalidClientTokenId"
  ) {
    return new CliError(
      `AWS rejected the credentials (${name})`,
      "refresh them, e.g. `aws sso login`",
      {
        cause: error,
      },
    );
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    return new CliError(
      `access denied by AWS on ${where}: ${message}`,
      "check your IAM permissions",
      {
        cause: error,
      },
    );
  }
  if (
    name === "QueueDoesNotExist" ||
    name === "AWS.SimpleQueueService.NonExistentQueue" ||
    name === "ResourceNotFoundException" ||
    name === "NoSuchBucket"
  ) {
    return new CliError(
      `${where} does not exist (${name})`,
      "check --stack / --local; the stack may have been deleted or the local data folder reset",
      { cause: error },
    );
  }
  return undefined;
}
