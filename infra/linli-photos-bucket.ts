import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PHOTO_OBJECT_PREFIX } from '../functions/src/photos/object-keys.ts';

export interface LinliPhotosBucketProps {
  removalPolicy: RemovalPolicy;
  /** Browser origins that may post and show photos (the H5 build's site); WeChat itself is not subject to CORS. */
  corsOrigins: string[];
}

/**
 * Complaint photos: private, encrypted, TLS only. Buyers and staff upload with presigned POSTs
 * and see photos through short-lived signed links, so nothing is public. Its server access logs
 * go to a bucket of their own.
 */
export class LinliPhotosBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: LinliPhotosBucketProps) {
    super(scope, id);
    const retain = props.removalPolicy === RemovalPolicy.RETAIN;
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retain ? 365 : 30) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the photos bucket's server access logs; logging it into itself (or a third bucket) would only log the log deliveries.",
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
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
   * (account deletion), and nothing else.
   */
  grantPhotoAccess(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      // DeleteObject: account deletion (注销账户) erases the member's photos.
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects(`${PHOTO_OBJECT_PREFIX}*`)],
    });
    // Listing, only under the photos prefix: account deletion finds every photo under the member's own prefix.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${PHOTO_OBJECT_PREFIX}*`] } },
    });
  }
}
