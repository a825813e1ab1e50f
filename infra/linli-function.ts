import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PHOTO_OBJECT_PREFIX } from '../functions/src/photos/object-keys.ts';
import type { LinliExportsBucket } from './linli-exports-bucket.ts';
import type { LinliPhotosBucket } from './linli-photos-bucket.ts';
import type { LinliQueue, QueueAccess } from './linli-queue.ts';
import type { LinliTable, TableAccess } from './linli-table.ts';

/** The repository root: bundling starts here so workspace packages (@linli/shared) resolve. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface LinliFunctionProps {
  /** Handler file relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** Where asynchronous invocations land after Lambda's own retries fail. */
  deadLetterQueue?: sqs.IQueue;
  logRetention?: logs.RetentionDays;
  removalPolicy?: RemovalPolicy;
}

/**
 * A Linli Lambda function with the shared defaults: current Node on ARM64, an ESM bundle built
 * by the local esbuild (never Docker), JSON logs into its own log group, X-Ray tracing, and a
 * role that starts with nothing but writing to that log group.
 */
export class LinliFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LinliFunctionProps) {
    // Created beside the function because super() needs them; a role of our own avoids the
    // AWSLambdaBasicExecutionRole managed policy, which may write to every log group.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // IAM takes Latin-1 only in a description: Chinese terms (拼团) are left out; the function's own description keeps them.
      description: `Runs ${id}: ${props.description}`.replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]+/g, '').slice(0, 1000),
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray actions that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords) use "*": X-Ray has no resource-level permissions. linli-stack.test.ts fails if any other action gets a "*" resource.',
    });

    super(scope, id, {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'linli',
        ...props.environment,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Bundled CommonJS dependencies still call require() for Node built-ins.
        banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK: the version the tests ran against, tree-shaken, instead of
        // whichever version the runtime happens to ship.
        bundleAwsSDK: true,
      },
    });
  }

  /** Points LINLI_TABLE_NAME at `table` and grants exactly `access`, in one call. */
  bindTable(table: LinliTable, access: TableAccess): this {
    this.addEnvironment('LINLI_TABLE_NAME', table.tableName);
    table.grantAccess(this, access);
    return this;
  }

  /** Points LINLI_PHOTOS_BUCKET at the photos bucket and grants presigning and reading photos there, in one call. */
  bindPhotos(photos: LinliPhotosBucket): this {
    this.addEnvironment('LINLI_PHOTOS_BUCKET', photos.bucket.bucketName);
    photos.grantPhotoAccess(this);
    const bucketId = Stack.of(this).getLogicalId(photos.bucket.node.defaultChild as CfnElement);
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${PHOTO_OBJECT_PREFIX}*]`,
      reason: `s3:PutObject and s3:GetObject on the photos under ${PHOTO_OBJECT_PREFIX} only: object keys are chosen per upload (a member's prefix and a new id), so no fixed list of ARNs exists.`,
    });
    return this;
  }

  /**
   * Points LINLI_PHOTOS_BUCKET at the photos bucket and grants only listing and deleting photos there
   * (a job that removes photos and never shows or takes one), in one call.
   */
  bindPhotoDeletion(photos: LinliPhotosBucket): this {
    this.addEnvironment('LINLI_PHOTOS_BUCKET', photos.bucket.bucketName);
    photos.grantPhotoDeletion(this);
    const bucketId = Stack.of(this).getLogicalId(photos.bucket.node.defaultChild as CfnElement);
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${PHOTO_OBJECT_PREFIX}*]`,
      reason: `s3:DeleteObject on the photos under ${PHOTO_OBJECT_PREFIX} only: the objects to delete are found per run (uploads never attached, an inactive member's prefix), so no fixed list of ARNs exists.`,
    });
    return this;
  }

  /**
   * Points LINLI_EXPORTS_BUCKET at the exports bucket and grants writing, reading, listing and
   * deleting exports there (and the key's use), in one call.
   */
  bindExports(exports: LinliExportsBucket): this {
    this.addEnvironment('LINLI_EXPORTS_BUCKET', exports.bucket.bucketName);
    exports.grantExportAccess(this);
    const bucketId = Stack.of(this).getLogicalId(exports.bucket.node.defaultChild as CfnElement);
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        "s3:PutObject, s3:GetObject and s3:DeleteObject on any object of the exports bucket, which holds nothing but members' data exports (each expires after a day); export keys are made per request, so no fixed list of ARNs exists.",
    });
    return this;
  }

  /**
   * Gives the function both URLs of `queue` (its config wants the pair) and grants exactly
   * `access`; without `access` only the URLs (the queue's consumer, whose event source grants the rest).
   */
  bindQueue(queue: LinliQueue, access?: QueueAccess): this {
    for (const [name, value] of Object.entries(queue.urlEnvironment())) this.addEnvironment(name, value);
    if (access) queue.grantAccess(this, access);
    return this;
  }

  /** Points LINLI_SECRETS_ARN at `secret` and grants reading it; the values never enter the environment. */
  bindSecrets(secret: secretsmanager.ISecret): this {
    this.addEnvironment('LINLI_SECRETS_ARN', secret.secretArn);
    secret.grantRead(this);
    return this;
  }
}
