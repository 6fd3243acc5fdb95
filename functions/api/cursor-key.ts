/**
 * The key that signs the API's pagination cursors. A deployed stack generates it at deploy
 * time as a Secrets Manager secret that only the API function may read (CURSOR_SECRET_ARN);
 * the handler reads it once per cold start. Local mode and tests give the key directly
 * (CURSOR_SECRET; local mode keeps a random one in its data folder).
 */
import type { Config } from "../shared/config";

/** Reads a secret's string value. */
export type SecretReader = (secretId: string, region: string) => Promise<string>;

/** Shortest key accepted from the secret (the stack generates 64 characters). */
export const MIN_CURSOR_KEY_CHARS = 32;

export async function resolveCursorKey(
  config: Pick<Config, "cursorSecret" | "cursorSecretArn" | "region">,
  readSecret: SecretReader = readSecretsManagerSecret,
): Promise<string> {
  if (!config.cursorSecretArn) return config.cursorSecret;
  const key = (await readSecret(config.cursorSecretArn, config.region)).trim();
  if (key.length < MIN_CURSOR_KEY_CHARS) {
    throw new Error(
      `Secret ${config.cursorSecretArn} holds ${key.length} characters; a cursor key of at least ${MIN_CURSOR_KEY_CHARS} was expected`,
    );
  }
  return key;
}

/**
 * GetSecretValue with the SDK client that the Lambda Node.js runtime provides (the bundles
 * keep @aws-sdk/* external). Imported on first use: local mode and the tests never read a
 * secret, and nothing else pays for loading the client.
 */
export async function readSecretsManagerSecret(secretId: string, region: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import(
    "@aws-sdk/client-secrets-manager"
  );
  const client = new SecretsManagerClient({ region });
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (typeof result.SecretString !== "string") {
      throw new Error(`Secret ${secretId} has no string value`);
    }
    return result.SecretString;
  } finally {
    client.destroy();
  }
}
