import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PHOTO_OBJECT_PREFIX } from '../functions/src/photos/object-keys.ts';
import { LinliKey } from './linli-key.ts';

export interface LinliPhotosBucketProps {
  removalPolicy: RemovalPolicy;
  /** Browser origins that may post and show photos (the H5 build's site); WeChat itself is not subject to CORS. */
  corsOrigins: string[];
}

/**
 * Complaint photos: private, encrypted with a key of their own, TLS only. Buyers and staff upload
 * with presigned POSTs and see photos through short-lived signed links, so nothing is public. Its
 * server access logs go to a bucket of their own, which the exports bucket logs into too.
 */
export class LinliPhotosBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The customer-managed key new photos are encrypted with (SSE-KMS). */
  readonly key: LinliKey;
  /** Server access logs of the photos and exports buckets. */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: LinliPhotosBucketProps) {
    super(scope, id);
    const retain = props.removalPolicy === RemovalPolicy.RETAIN;
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3-managed keys: a bucket that receives server access logs cannot use SSE-KMS by default.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retain ? 365 : 30) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the photos and exports buckets' server access logs; logging it into itself (or a third bucket) would only log the log deliveries.",
    });

    this.key = new LinliKey(this, 'Key', { protects: 'complaint photos', aliasName: 'photos', removalPolicy: props.removalPolicy });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Objects stored before the key was added stay under S3-managed keys until rewritten.
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket for a while instead of a KMS call per object: cheaper, fewer throttles.
      bucketKeyEnabled: true,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'photos/',
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 600,
        },
      ],
      // Presigned POSTs are single requests; this only clears parts of multipart uploads left behind.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: props.removalPolicy,
    });
  }

  /**
   * Lets `grantee` presign uploads (PutObject) and display links, read an object's size and type
   * (GetObject, which HeadObject also needs), and list and delete objects under the photos prefix
   * (account deletion), and nothing else; and use the key as those need: S3 calls KMS with the
   * signer's rights, GenerateDataKey for an upload and Decrypt for a download.
   */
  grantPhotoAccess(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      // DeleteObject: account deletion (注销账户) erases the member's photos.
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects(`${PHOTO_OBJECT_PREFIX}*`)],
    });
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.grantListing(grantee);
  }

  /**
   * Lets `grantee` list and delete objects under the photos prefix, and nothing else (no upload, no
   * read, no key): the retention job deletes uploads never attached and an inactive member's photos.
   */
  grantPhotoDeletion(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects(`${PHOTO_OBJECT_PREFIX}*`)],
    });
    this.grantListing(grantee);
  }

  // Listing, only under the photos prefix: account deletion finds every photo under the member's own prefix.
  private grantListing(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${PHOTO_OBJECT_PREFIX}*`] } },
    });
  }
}
