// The part of @aws-sdk/client-secrets-manager that cursor-key.ts uses. The Lambda Node.js
// runtime provides the package (the bundles keep @aws-sdk/* external), but it is not a
// dependency of this package yet; delete this file once package.json lists it.

declare module "@aws-sdk/client-secrets-manager" {
  export class GetSecretValueCommand {
    constructor(input: { SecretId: string; VersionId?: string; VersionStage?: string });
  }
  export class SecretsManagerClient {
    constructor(config: { region?: string });
    send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
    destroy(): void;
  }
}
