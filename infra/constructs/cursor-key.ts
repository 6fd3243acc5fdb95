/**
 * The key that signs the API's pagination cursors: a Secrets Manager secret generated at
 * deploy time, so it is in no template, output or environment variable. Only a function
 * bound as reader may read it; the function gets the secret's ARN and reads the value once
 * per cold start (functions/api/cursor-key.ts).
 */
import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { CONFIG_ENV } from "../../functions/shared/config";
import type { ArticleFunction } from "./article-function";

/** Characters of the generated key (letters and digits: about 380 bits). */
export const CURSOR_KEY_LENGTH = 64;

export class CursorKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, "Secret", {
      description: "Signs the pagination cursors of the article-ingest HTTP API",
      generateSecretString: {
        passwordLength: CURSOR_KEY_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      // Losing the key only invalidates the cursors handed out so far.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The secret is an HMAC key for short-lived pagination cursors, not a credential: it grants no access. Rotating it would only invalidate cursors in flight; replace it with `aws secretsmanager put-secret-value` if it is ever exposed.",
    });
  }

  /** Lets `fn` read the key (GetSecretValue on this secret only) and tells it where it is. */
  bindReader(fn: ArticleFunction): void {
    fn.addEnvironment(CONFIG_ENV.cursorSecretArn, this.secret.secretArn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadCursorKey",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secret.secretArn],
      }),
    );
  }
}
