import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LinliKey } from './linli-key.ts';

/** Days S3 keeps an export; S3 removes expired objects some hours after the day has passed. */
export const EXPORT_EXPIRATION_DAYS = 1;

export interface LinliExportsBucketProps {
  removalPolicy: RemovalPolicy;
  /** Where its server access logs go (the photos bucket's log bucket), under `exports/`. */
  accessLogs: s3.IBucket;
  /** Browser origins that may fetch an export (the H5 build's site); the mini-program's downloadFile is not subject to CORS. */
  corsOrigins: string[];
}

/**
 * The privacy centre's data exports (a member's copy of their data): private, encrypted with a
 * key of their own, TLS only, downloaded only through short-lived signed links, and expired by S3
 * itself a day after they are written, so no export outlives its purpose even if no job cleans up.
 */
export class LinliExportsBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The customer-managed key every export is encrypted with (SSE-KMS). */
  readonly key: LinliKey;

  constructor(scope: Construct, id: string, props: LinliExportsBucketProps) {
    super(scope, id);
    this.key = new LinliKey(this, 'Key', { protects: "members' data exports", aliasName: 'exports', removalPolicy: props.removalPolicy });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'exports/',
      cors: [
        {
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['*'],
          maxAge: 600,
        },
      ],
      // No versioning: an expired export is gone, not kept as an older version.
      lifecycleRules: [{ expiration: Duration.days(EXPORT_EXPIRATION_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: props.removalPolicy,
    });
  }

  /**
   * Lets `grantee` write, read (and presign download links for) and delete exports anywhere in the
   * bucket, list it (so a missing export is a 404 rather than a 403, and a member's exports can be
   * found by prefix to delete them with the account), and use the key as those need.
   */
  grantExportAccess(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
  }
}
