import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface LinliKeyProps {
  /** What the key protects, for its description: "the DynamoDB table". */
  protects: string;
  /** The alias's last part: the key is `alias/<stack name>/<aliasName>`, so both stacks can share an account. */
  aliasName: string;
  /**
   * RETAIN in production: data encrypted under a deleted key is lost for good, and retained
   * resources (the table, the buckets, the table's backups) outlive the stack. A dev stack's
   * keys go with it (KMS waits 30 days before it deletes a key, and a pending key costs nothing).
   */
  removalPolicy: RemovalPolicy;
}

/**
 * A customer-managed KMS key for one kind of Linli data. Automatic rotation is on: KMS makes new
 * key material every year and keeps the old material to decrypt what it encrypted, so nothing is
 * re-encrypted and nothing else changes. The key policy is CDK's default (the account's IAM
 * policies decide who uses it); each grant names the key and its actions.
 */
export class LinliKey extends kms.Key {
  constructor(scope: Construct, id: string, props: LinliKeyProps) {
    const stackName = Stack.of(scope).stackName;
    super(scope, id, {
      description: `Linli (${stackName}): encrypts ${props.protects}`,
      enableKeyRotation: true,
      alias: `alias/${stackName}/${props.aliasName}`,
      removalPolicy: props.removalPolicy,
    });
  }
}
