import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE } from '../functions/src/config/queues.ts';
import { TABLE_DEFINITION } from '../functions/src/db/table.ts';
import { SCHEDULED_JOBS, toEventBridgeCron } from '../functions/src/jobs/schedule.ts';
import { ALARM_EMAIL_CONTEXT, API_SERVER_ERRORS_THRESHOLD, LinliAlarms } from './linli-alarms.ts';
import { defineLinliApp } from './linli-app.ts';
import { EXPORT_EXPIRATION_DAYS } from './linli-exports-bucket.ts';
import {
  CARE_WORKER,
  CARE_WORKER_MAX_CONCURRENCY,
  EXPORT_WORKER,
  JOB_EXPORTS_ACCESS,
  JOB_PHOTOS_ACCESS,
  JOB_QUEUE_ACCESS,
  WITHHELD_INDEXES_CONTEXT,
} from './linli-stack.ts';
import { LinliTable, THROTTLE_WATCHED_OPERATIONS } from './linli-table.ts';

// The feature flags cdk.json gives the real app, so tests synthesise what `cdk synth` does.
const CDK_JSON_CONTEXT = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')).context as Record<string, unknown>;

/** Environment variables a Linli function may carry; none of them holds a secret value. */
const ALLOWED_ENV = new Set([
  'LINLI_TABLE_NAME',
  'LINLI_SECRETS_ARN',
  'LINLI_PHOTOS_BUCKET',
  'LINLI_EXPORTS_BUCKET',
  'WECHAT_APP_ID',
  'WECHAT_API_BASE',
  'WECHAT_TEMPLATE_BIRTHDAY',
  'WECHAT_TEMPLATE_TIER_CHANGED',
  'WECHAT_TEMPLATE_POINTS_EXPIRING',
  'WECHAT_TEMPLATE_COMPLAINT_UPDATE',
  'WECHAT_TEMPLATE_COMPLAINT_ALERT',
  'WECHAT_MINIPROGRAM_STATE',
  'WECHAT_PAY_MCH_ID',
  'WECHAT_PAY_API_BASE',
  'WECHAT_PAY_MERCHANT_SERIAL_NO',
  'WECHAT_PAY_PUBLIC_KEY_ID',
  'WECHAT_PAY_NOTIFY_URL',
  'LINLI_FULFILMENT_WEBHOOK_URL',
  'LINLI_FOUNDING_ADMIN_OPENIDS',
  'LINLI_ALLOWED_ORIGINS',
  'LINLI_CARE_DELIVERY_QUEUE_URL',
  'LINLI_CARE_DELIVERY_DLQ_URL',
  'LINLI_DATA_EXPORT_QUEUE_URL',
  'LINLI_DATA_EXPORT_DLQ_URL',
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
]);
const CURRENT_NODE_RUNTIMES = ['nodejs22.x', 'nodejs24.x'];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; Metadata?: Record<string, any> };

function newApp(extraContext: Record<string, unknown> = {}): App {
  return new App({
    // CDK's built-in CloudFormation rules (a WASM engine, several seconds to start) run in
    // `npm run synth`; here only cdk-nag validates.
    builtinCloudFormationValidation: false,
    context: {
      ...CDK_JSON_CONTEXT,
      // Skip esbuild: templates only, ~0.3 s a stack.
      'aws:cdk:bundling-stacks': [],
      // Validation failures throw from synth() with the report in the message.
      '@aws-cdk/core:appMode': 'inmemory',
      ...extraContext,
    },
  });
}

function synthLinli() {
  const app = newApp();
  const stacks = defineLinliApp(app);
  return { app, ...stacks, template: Template.fromStack(stacks.production), devTemplate: Template.fromStack(stacks.dev) };
}

const { production, template, devTemplate } = synthLinli();

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

function resourcesOfType(tpl: Template, type: string): Array<[string, Resource]> {
  return Object.entries(tpl.findResources(type)) as Array<[string, Resource]>;
}

function policyStatements(tpl: Template): Array<{ policy: string; statement: Record<string, any> }> {
  return resourcesOfType(tpl, 'AWS::IAM::Policy').flatMap(([policy, r]) =>
    (r.Properties.PolicyDocument.Statement as Record<string, any>[]).map((statement) => ({ policy, statement })),
  );
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

function rolePolicyStatements(tpl: Template, roleLogicalId: string): Record<string, any>[] {
  return resourcesOfType(tpl, 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Record<string, any>[]);
}

function functionRoleId(fnLogicalId: string): string {
  const fn = template.toJSON().Resources[fnLogicalId] as Resource;
  return fn.Properties.Role['Fn::GetAtt'][0];
}

const apiFunctionId = logicalId(production, production.apiFunction);
const workerId = logicalId(production, production.careDeliveryWorker);
const tableId = logicalId(production, production.table);
const secretId = logicalId(production, production.secrets);
const photosBucketId = logicalId(production, production.photos.bucket);
const accessLogsBucketId = logicalId(production, production.photos.accessLogs);
const exportsBucketId = logicalId(production, production.exports.bucket);
const topicId = logicalId(production, production.alarms.topic);
const jobFunctionIds = () => [...production.jobFunctions.values()].map((fn) => logicalId(production, fn));

/**
 * Asserts that `keyArn` (a template reference) is a KMS key of the stack that rotates yearly, is
 * retained with the production stack and has a `alias/<stack>/<name>` alias, and returns its logical id.
 */
function expectRotatedRetainedKey(tpl: Template, keyArn: unknown, aliasName: string): string {
  expect(keyArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  const keyId = (keyArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const key = tpl.toJSON().Resources[keyId] as Resource;
  expect(key.Type).toBe('AWS::KMS::Key');
  expect(key.Properties.EnableKeyRotation).toBe(true);
  expect(key.DeletionPolicy).toBe('Retain');
  tpl.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/Linli/${aliasName}`, TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  return keyId;
}

/** The KMS actions the function's role has on the key `keyId`. */
function keyActions(fnId: string, keyId: string): string[] {
  return rolePolicyStatements(template, functionRoleId(fnId))
    .filter((s) => asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify({ 'Fn::GetAtt': [keyId, 'Arn'] })))
    .flatMap((s) => asArray(s.Action as string | string[]))
    .sort();
}

describe('DynamoDB table', () => {
  const [[, table]] = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable') as [[string, Resource]];

  it('uses the partition and sort key of TABLE_DEFINITION, both strings', () => {
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: TABLE_DEFINITION.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_DEFINITION.sortKey, AttributeType: 'S' },
      ]),
    );
  });

  it('has exactly the indexes of TABLE_DEFINITION', () => {
    const names = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map((i) => i.IndexName);
    expect(names.sort()).toEqual(TABLE_DEFINITION.indexes.map((i) => i.name).sort());
  });

  describe.each(TABLE_DEFINITION.indexes.map((index) => [index.name, index] as const))('index %s', (_, index) => {
    it('has the definition’s string keys and projects all attributes', () => {
      const gsi = (table.Properties.GlobalSecondaryIndexes as Record<string, any>[]).find((i) => i.IndexName === index.name);
      expect(gsi).toEqual({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
      expect(table.Properties.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ]),
      );
    });
  });

  it('bills on demand', () => {
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('has point-in-time recovery on', () => {
    expect(table.Properties.Replicas).toEqual([
      expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    ]);
  });

  it('expires items by the TTL attribute of TABLE_DEFINITION', () => {
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true });
  });

  it('is encrypted with a customer-managed key of its own that rotates and is retained', () => {
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.Properties.Replicas).toHaveLength(1);
    expectRotatedRetainedKey(template, table.Properties.Replicas[0].SSESpecification.KMSMasterKeyId, 'table');
  });

  it('lets every function bound to it use its key: decrypt to read, and encrypt too to write', () => {
    const keyId = table.Properties.Replicas[0].SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0] as string;
    for (const fnId of [apiFunctionId, workerId, ...jobFunctionIds()]) {
      expect(keyActions(fnId, keyId), fnId).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    }
  });

  it('is retained and deletion-protected in production', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
  });

  it('is deleted with the dev stack', () => {
    const [[, devTable]] = resourcesOfType(devTemplate, 'AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    expect(devTable.DeletionPolicy).toBe('Delete');
    expect(devTable.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
  });
});

describe('secrets', () => {
  it('generates tokenSigningKey and leaves the operator’s values empty, with no literal secret', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'tokenSigningKey' }),
    });
    const [[, secret]] = resourcesOfType(template, 'AWS::SecretsManager::Secret') as [[string, Resource]];
    const seed = JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate);
    expect(seed).toEqual({
      wechatAppSecret: '',
      webhookSecret: '',
      phoneEncryptionKey: '',
      phoneLookupKey: '',
      wechatPayPrivateKey: '',
      wechatPayApiV3Key: '',
      wechatPayPublicKey: '',
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('is retained in production, since it holds the key to stored phone numbers', () => {
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });
});

describe('Lambda functions', () => {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');

  it('are one API function, the care delivery worker, the data export worker and one per scheduled job', () => {
    expect(functions).toHaveLength(3 + SCHEDULED_JOBS.length);
  });

  describe.each(functions.map(([id, r]) => [id, r] as const))('%s', (id, fn) => {
    it('runs a current Node.js runtime on ARM64 with active tracing', () => {
      expect(CURRENT_NODE_RUNTIMES).toContain(fn.Properties.Runtime);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('logs JSON into its own log group with a retention', () => {
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    });

    it('finds the table and the secret through the environment, and carries no secret value', () => {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(env.LINLI_TABLE_NAME).toEqual({ Ref: tableId });
      expect(env.LINLI_SECRETS_ARN).toEqual({ Ref: secretId });
      expect(env.WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
      for (const name of Object.keys(env)) expect(ALLOWED_ENV, `unexpected variable ${name}`).toContain(name);
      const literals = Object.values(env).filter((v): v is string => typeof v === 'string');
      for (const secretValue of Object.values(LOCAL_SECRETS)) expect(literals).not.toContain(secretValue);
    });

    it('may read the secret', () => {
      expect(rolePolicyStatements(template, functionRoleId(id))).toContainEqual(
        expect.objectContaining({ Action: expect.arrayContaining(['secretsmanager:GetSecretValue']), Resource: { Ref: secretId } }),
      );
    });
  });

  it('give only the API function the founding admins, from an optional parameter', () => {
    const parameter = template.toJSON().Parameters.FoundingAdminOpenids;
    expect(parameter).toMatchObject({ Type: 'String', Default: '' });
    const pattern = new RegExp(parameter.AllowedPattern as string);
    for (const ok of ['', 'oAbc_12-x', 'oA,oB']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['oA, oB', 'oA,', ',oA']) expect(pattern.test(bad), bad).toBe(false);
    for (const [id, fn] of functions) {
      const value = (fn.Properties.Environment.Variables as Record<string, unknown>).LINLI_FOUNDING_ADMIN_OPENIDS;
      expect(value, id).toEqual(id === apiFunctionId ? { Ref: 'FoundingAdminOpenids' } : undefined);
    }
  });

  it('give only the API function the browser origins, those of the photos bucket', () => {
    for (const [id, fn] of functions) {
      const value = (fn.Properties.Environment.Variables as Record<string, unknown>).LINLI_ALLOWED_ORIGINS;
      expect(value, id).toEqual(id === apiFunctionId ? { 'Fn::Join': [',', { Ref: 'PhotoCorsOrigins' }] } : undefined);
    }
  });

  it("give every function the shop's fulfilment URL from a parameter that takes only https", () => {
    const parameter = template.toJSON().Parameters.FulfilmentWebhookUrl;
    expect(parameter).toMatchObject({ Type: 'String' });
    expect(parameter.Default).toBeUndefined();
    const pattern = new RegExp(parameter.AllowedPattern as string);
    expect(pattern.test('https://shop.example.com/linli/fulfilment')).toBe(true);
    for (const bad of ['', 'http://shop.example.com/linli/fulfilment', 'https://shop.example.com/a b'])
      expect(pattern.test(bad), bad).toBe(false);
    for (const [id, fn] of functions) {
      expect((fn.Properties.Environment.Variables as Record<string, unknown>).LINLI_FULFILMENT_WEBHOOK_URL, id).toEqual({
        Ref: 'FulfilmentWebhookUrl',
      });
    }
  });

  it('give every function the WeChat Pay settings from parameters, its keys staying in the secret', () => {
    const parameters = template.toJSON().Parameters;
    const accepts = (name: string, value: string) => new RegExp(parameters[name].AllowedPattern as string).test(value);
    expect(accepts('WechatPayMchId', '1900000001')).toBe(true);
    expect(accepts('WechatPayMchId', '19000000x1')).toBe(false);
    expect(accepts('WechatPayMerchantSerialNo', 'C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457')).toBe(true);
    expect(accepts('WechatPayPublicKeyId', 'PUB_KEY_ID_0119000000012026112700000000000001')).toBe(true);
    expect(accepts('WechatPayPublicKeyId', 'none')).toBe(true);
    expect(accepts('WechatPayPublicKeyId', '')).toBe(false);
    expect(accepts('WechatPayNotifyUrl', '')).toBe(true);
    expect(accepts('WechatPayNotifyUrl', 'https://pay.example.com/v1/wechatpay/notify')).toBe(true);
    expect(accepts('WechatPayNotifyUrl', 'http://pay.example.com/v1/wechatpay/notify')).toBe(false);
    expect(accepts('WechatPayNotifyUrl', 'https://pay.example.com/notify?x=1')).toBe(false);
    for (const [id, fn] of functions) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(env.WECHAT_PAY_API_BASE, id).toBe('https://api.mch.weixin.qq.com');
      expect(env.WECHAT_PAY_MCH_ID, id).toEqual({ Ref: 'WechatPayMchId' });
      expect(env.WECHAT_PAY_MERCHANT_SERIAL_NO, id).toEqual({ Ref: 'WechatPayMerchantSerialNo' });
      expect(env.WECHAT_PAY_PUBLIC_KEY_ID, id).toEqual({ Ref: 'WechatPayPublicKeyId' });
      // The parameter when given, else the API's own URL and the notification route.
      const notify = env.WECHAT_PAY_NOTIFY_URL as { 'Fn::If': [string, unknown, unknown] };
      expect(notify['Fn::If'][1], id).toEqual({ Ref: 'WechatPayNotifyUrl' });
      expect(JSON.stringify(notify['Fn::If'][2]), id).toContain('v1/wechatpay/notify');
      expect(JSON.stringify(notify['Fn::If'][2]), id).toContain(logicalId(production, production.httpApi));
    }
  });

  it('give the API function read/write on the table and Query on each named index', () => {
    const statements = rolePolicyStatements(template, functionRoleId(apiFunctionId));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ]),
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    );
    const indexArns = TABLE_DEFINITION.indexes.map((index) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${index.name}`]],
    }));
    // CDK sorts merged statements' resources; the order carries no meaning.
    expect(statements).toContainEqual({ Action: 'dynamodb:Query', Effect: 'Allow', Resource: expect.arrayContaining(indexArns) });
    const indexStatement = statements.find((statement) => statement.Action === 'dynamodb:Query') as { Resource: unknown[] };
    expect(indexStatement.Resource).toHaveLength(indexArns.length);
  });
});

describe('photos bucket', () => {
  const bucket = () => template.toJSON().Resources[photosBucketId] as Resource;

  it('is private, encrypted with a customer-managed key of its own that rotates, and logs access to its own log bucket', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [encryption] = bucket().Properties.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(encryption).toMatchObject({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true });
    expectRotatedRetainedKey(template, encryption.ServerSideEncryptionByDefault.KMSMasterKeyID, 'photos');
    expect(bucket().Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: accessLogsBucketId });
  });

  it.each([
    ['the photos', () => photosBucketId],
    ['the access logs', () => accessLogsBucketId],
  ])('refuses requests without TLS to %s', (_, id) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id() },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('allows browser POST and GET from the configured origins, and clears abandoned multipart uploads', () => {
    expect(bucket().Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: expect.arrayContaining(['POST', 'GET']), AllowedOrigins: { Ref: 'PhotoCorsOrigins' } }),
    ]);
    expect(bucket().Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    );
  });

  it('is kept with the production stack', () => {
    expect(bucket().DeletionPolicy).toBe('Retain');
  });

  it('lets the API function only put, get and delete objects under complaints/ and list that prefix, JOB_PHOTOS_ACCESS jobs only list and delete there, and no other job touch it', () => {
    // Each grant as action × resource (CDK may merge statements on other buckets into one), photos bucket only.
    const photoGrants = (roleId: string) =>
      rolePolicyStatements(template, roleId).flatMap((s) =>
        asArray(s.Action as string | string[])
          .filter((a) => a.startsWith('s3:'))
          .flatMap((action) =>
            asArray(s.Resource as unknown)
              .filter((resource) => JSON.stringify(resource).includes(`"${photosBucketId}"`))
              .map((resource) => ({ action, resource, condition: s.Condition ?? null })),
          ),
      );
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [photosBucketId, 'Arn'] }, '/complaints/*']] };
    expect(photoGrants(functionRoleId(apiFunctionId))).toEqual(
      expect.arrayContaining([
        { action: 's3:GetObject', resource: objects, condition: null },
        { action: 's3:PutObject', resource: objects, condition: null },
        // Account deletion erases the member's photos, found under their own prefix.
        { action: 's3:DeleteObject', resource: objects, condition: null },
        {
          action: 's3:ListBucket',
          resource: { 'Fn::GetAtt': [photosBucketId, 'Arn'] },
          condition: { StringLike: { 's3:prefix': ['complaints/*'] } },
        },
      ]),
    );
    expect(photoGrants(functionRoleId(apiFunctionId))).toHaveLength(4);
    expect([...JOB_PHOTOS_ACCESS]).toEqual(['retention']);
    for (const [name, fn] of production.jobFunctions) {
      const grants = photoGrants(functionRoleId(logicalId(production, fn)));
      if (!JOB_PHOTOS_ACCESS.has(name)) {
        expect(grants, name).toEqual([]);
        continue;
      }
      // The retention job deletes uploads never attached and inactive members' photos: no upload, no read.
      expect(grants, name).toEqual(
        expect.arrayContaining([
          { action: 's3:DeleteObject', resource: objects, condition: null },
          {
            action: 's3:ListBucket',
            resource: { 'Fn::GetAtt': [photosBucketId, 'Arn'] },
            condition: { StringLike: { 's3:prefix': ['complaints/*'] } },
          },
        ]),
      );
      expect(grants, name).toHaveLength(2);
    }
  });

  it('lets the API function use its key as uploads and downloads need, and no other function (deleting needs no key)', () => {
    const keyId = bucket().Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID[
      'Fn::GetAtt'
    ][0] as string;
    expect(keyActions(apiFunctionId, keyId)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const fnId of [workerId, ...jobFunctionIds()]) expect(keyActions(fnId, keyId), fnId).toEqual([]);
  });

  it('is named to the API function and the jobs of JOB_PHOTOS_ACCESS only', () => {
    const env = (fnId: string) =>
      (template.toJSON().Resources[fnId] as Resource).Properties.Environment.Variables as Record<string, unknown>;
    expect(env(apiFunctionId).LINLI_PHOTOS_BUCKET).toEqual({ Ref: photosBucketId });
    for (const [name, fn] of production.jobFunctions)
      expect(env(logicalId(production, fn)).LINLI_PHOTOS_BUCKET, name).toEqual(
        JOB_PHOTOS_ACCESS.has(name) ? { Ref: photosBucketId } : undefined,
      );
  });

  it('stops the synth when JOB_PHOTOS_ACCESS names no scheduled job', () => {
    const names = JOB_PHOTOS_ACCESS as Set<string>;
    names.add('retentionz');
    try {
      expect(() => defineLinliApp(newApp())).toThrow(/retentionz/);
    } finally {
      names.delete('retentionz');
    }
  });
});

describe('exports bucket', () => {
  const bucket = () => template.toJSON().Resources[exportsBucketId] as Resource;
  const env = (fnId: string) => (template.toJSON().Resources[fnId] as Resource).Properties.Environment.Variables as Record<string, unknown>;
  const keyId = () =>
    bucket().Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID[
      'Fn::GetAtt'
    ][0] as string;
  /** The S3 rights the function's role has on the exports bucket, as "action on objects|bucket". */
  const exportRights = (fnId: string) =>
    rolePolicyStatements(template, functionRoleId(fnId)).flatMap((s) =>
      asArray(s.Resource)
        .map((r) => JSON.stringify(r))
        .filter((r) => r.includes(`"${exportsBucketId}"`))
        .flatMap((r) => asArray(s.Action as string | string[]).map((a) => `${a} on ${r.includes('/*') ? 'objects' : 'bucket'}`)),
    );

  it('is private and encrypted with a customer-managed key of its own that rotates, separate from the photos key', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [encryption] = bucket().Properties.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(encryption).toMatchObject({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true });
    const exportsKey = expectRotatedRetainedKey(template, encryption.ServerSideEncryptionByDefault.KMSMasterKeyID, 'exports');
    const photos = template.toJSON().Resources[photosBucketId] as Resource;
    expect(JSON.stringify(photos.Properties.BucketEncryption)).not.toContain(`"${exportsKey}"`);
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: exportsBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('logs access into the access-log bucket, under exports/', () => {
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: accessLogsBucketId },
      LogFilePrefix: 'exports/',
    });
  });

  it('expires every export a day after it is written, keeps no older versions, and clears abandoned uploads', () => {
    expect(EXPORT_EXPIRATION_DAYS).toBe(1);
    expect(bucket().Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    ]);
    expect(bucket().Properties.LifecycleConfiguration.Rules[0].Prefix).toBeUndefined();
    expect(bucket().Properties.VersioningConfiguration).toBeUndefined();
  });

  it('is kept with the production stack and deleted with the dev stack', () => {
    expect(bucket().DeletionPolicy).toBe('Retain');
    const devId = logicalId(production, production.exports.bucket);
    expect((devTemplate.toJSON().Resources[devId] as Resource).DeletionPolicy).toBe('Delete');
  });

  it('is named to the API function as LINLI_EXPORTS_BUCKET, which may write, read, list and delete exports and use their key', () => {
    expect(env(apiFunctionId).LINLI_EXPORTS_BUCKET).toEqual({ Ref: exportsBucketId });
    expect(exportRights(apiFunctionId).sort()).toEqual([
      's3:DeleteObject on objects',
      's3:GetObject on objects',
      's3:ListBucket on bucket',
      's3:PutObject on objects',
    ]);
    expect(keyActions(apiFunctionId, keyId())).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('is named and open to the jobs of JOB_EXPORTS_ACCESS, and to no other job or the care worker', () => {
    for (const job of SCHEDULED_JOBS) {
      const fnId = logicalId(production, production.jobFunctions.get(job.name)!);
      if (JOB_EXPORTS_ACCESS.has(job.name)) {
        expect(env(fnId).LINLI_EXPORTS_BUCKET, job.name).toEqual({ Ref: exportsBucketId });
        expect(exportRights(fnId), job.name).toHaveLength(4);
      } else {
        expect(env(fnId).LINLI_EXPORTS_BUCKET, job.name).toBeUndefined();
        expect(exportRights(fnId), job.name).toEqual([]);
        expect(keyActions(fnId, keyId()), job.name).toEqual([]);
      }
    }
    expect(env(workerId).LINLI_EXPORTS_BUCKET).toBeUndefined();
    expect(exportRights(workerId)).toEqual([]);
  });

  it('stops the synth when JOB_EXPORTS_ACCESS names no scheduled job', () => {
    const names = JOB_EXPORTS_ACCESS as Set<string>;
    names.add('data-exportz');
    try {
      expect(() => defineLinliApp(newApp())).toThrow(/data-exportz/);
    } finally {
      names.delete('data-exportz');
    }
  });

  it('outputs its name', () => {
    template.hasOutput('ExportsBucketName', { Value: { Ref: exportsBucketId } });
  });
});

describe('HTTP API', () => {
  it('sends every route to the API function', () => {
    const [[integrationId]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').filter(
      ([, r]) => JSON.stringify(r.Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [apiFunctionId, 'Arn'] }),
    ) as [[string, Resource]];
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
  });

  it('has a $default stage with access logs and throttling', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://'])] } });
  });
});

describe('scheduled jobs', () => {
  it('have one schedule each', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', SCHEDULED_JOBS.length);
  });

  it('greet birthdays daily at 09:00 Shanghai time', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
    });
  });

  describe.each(SCHEDULED_JOBS.map((job) => [job.name, job] as const))('%s', (name, job) => {
    const fn = production.jobFunctions.get(name)!;
    const fnId = logicalId(production, fn);
    const schedule = () =>
      resourcesOfType(template, 'AWS::Scheduler::Schedule').find(
        ([, r]) => JSON.stringify(r.Properties.Target.Arn) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
      )?.[1];

    it('runs its own function on its cron in Asia/Shanghai', () => {
      expect(schedule()?.Properties).toMatchObject({
        ScheduleExpression: toEventBridgeCron(job.cron),
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        State: 'ENABLED',
      });
    });

    it('retries, then sends undeliverable runs to an encrypted dead-letter queue', () => {
      const target = schedule()!.Properties.Target;
      expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      const queueId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      const queue = template.toJSON().Resources[queueId] as Resource;
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    });

    it('gives the function its dead-letter queue for failed asynchronous runs', () => {
      const fnResource = template.toJSON().Resources[fnId] as Resource;
      expect(fnResource.Properties.DeadLetterConfig.TargetArn).toEqual(schedule()!.Properties.Target.DeadLetterConfig.Arn);
    });

    it('uses a role that Scheduler alone assumes and that may invoke only this function', () => {
      const roleId = schedule()!.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const role = template.toJSON().Resources[roleId] as Resource;
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) },
        }),
      ]);
      const invokes = rolePolicyStatements(template, roleId).filter((s) => asArray(s.Action).includes('lambda:InvokeFunction'));
      expect(invokes).toHaveLength(1);
      for (const resource of asArray(invokes[0]!.Resource)) expect(JSON.stringify(resource)).toContain(`"${fnId}"`);
      const otherActions = rolePolicyStatements(template, roleId).flatMap((s) => asArray(s.Action as string | string[]));
      expect(new Set(otherActions)).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage']));
    });
  });
});

describe('care delivery queue', () => {
  const queueId = logicalId(production, production.careDelivery.queue);
  const deadLetterId = logicalId(production, production.careDelivery.deadLetterQueue);
  const resources = () => template.toJSON().Resources as Record<string, Resource>;
  const queue = () => resources()[queueId]!;
  const deadLetter = () => resources()[deadLetterId]!;
  const alarmOn = (metricName: string, queueLogicalId: string) =>
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').find(
      ([, r]) => r.Properties.MetricName === metricName && JSON.stringify(r.Properties.Dimensions).includes(`"${queueLogicalId}"`),
    )?.[1];

  it('sends a message received maxReceiveCount times to its own dead-letter queue', () => {
    expect(queue().Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
      maxReceiveCount: CARE_DELIVERY_QUEUE.maxReceiveCount,
    });
    expect(deadLetter().Properties.RedrivePolicy).toBeUndefined();
  });

  it('keeps the visibility timeout and retention of the shared definition, the dead letters longest', () => {
    expect(queue().Properties).toMatchObject({
      VisibilityTimeout: CARE_DELIVERY_QUEUE.visibilityTimeoutSeconds,
      MessageRetentionPeriod: CARE_DELIVERY_QUEUE.retentionSeconds,
    });
    expect(deadLetter().Properties.MessageRetentionPeriod).toBe(CARE_DELIVERY_QUEUE.deadLetterRetentionSeconds);
    expect(CARE_DELIVERY_QUEUE.deadLetterRetentionSeconds).toBeGreaterThan(CARE_DELIVERY_QUEUE.retentionSeconds);
  });

  it('encrypts both queues with SQS-managed keys and refuses requests without TLS', () => {
    for (const id of [queueId, deadLetterId]) {
      expect(resources()[id]!.Properties.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('leaves the names to CloudFormation, so the production and dev stacks can share an account', () => {
    expect(queue().Properties.QueueName).toBeUndefined();
    expect(deadLetter().Properties.QueueName).toBeUndefined();
  });

  it('alarms as soon as any message waits in the dead-letter queue', () => {
    expect(alarmOn('ApproximateNumberOfMessagesVisible', deadLetterId)?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when a message has waited in the queue over an hour', () => {
    expect(alarmOn('ApproximateAgeOfOldestMessage', queueId)?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 3600,
      TreatMissingData: 'notBreaching',
    });
  });

  it('is retained in production and deleted with the dev stack', () => {
    expect(queue().DeletionPolicy).toBe('Retain');
    expect(deadLetter().DeletionPolicy).toBe('Retain');
    // The dev stack's queues with a dead-letter queue: the care delivery and data export queues.
    const devQueues = resourcesOfType(devTemplate, 'AWS::SQS::Queue').filter(([, r]) => r.Properties.RedrivePolicy);
    expect(devQueues.map(([, r]) => r.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOfType(template, 'AWS::CloudWatch::Alarm');
  const resources = () => template.toJSON().Resources as Record<string, Resource>;
  const dimensionsOf = (alarm: Resource) => JSON.stringify(alarm.Properties.Dimensions ?? alarm.Properties.Metrics);
  /** The alarm on `metricName` whose dimensions name the resource `id`. */
  const alarmOn = (tpl: Template, metricName: string, id: string) =>
    resourcesOfType(tpl, 'AWS::CloudWatch::Alarm')
      .map(([, r]) => r)
      .filter((r) => r.Properties.MetricName === metricName && dimensionsOf(r).includes(`"${id}"`));
  const anyAtAll = { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' };

  /** Every queue the template names as a place for failures: redrive targets, functions' and schedules' dead-letter queues. */
  function deadLetterQueueIds(tpl: Template): Set<string> {
    const ids = new Set<string>();
    const arnOf = (arn: unknown) => (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    for (const [, r] of resourcesOfType(tpl, 'AWS::SQS::Queue'))
      if (r.Properties.RedrivePolicy) ids.add(arnOf(r.Properties.RedrivePolicy.deadLetterTargetArn));
    for (const [, r] of resourcesOfType(tpl, 'AWS::Lambda::Function'))
      if (r.Properties.DeadLetterConfig) ids.add(arnOf(r.Properties.DeadLetterConfig.TargetArn));
    for (const [, r] of resourcesOfType(tpl, 'AWS::Scheduler::Schedule'))
      if (r.Properties.Target.DeadLetterConfig) ids.add(arnOf(r.Properties.Target.DeadLetterConfig.Arn));
    for (const [, r] of resourcesOfType(tpl, 'AWS::Lambda::EventSourceMapping')) {
      const onFailure = r.Properties.DestinationConfig?.OnFailure?.Destination;
      if (onFailure) ids.add(arnOf(onFailure));
    }
    return ids;
  }

  it('go to one topic, LinliAlarms, encrypted with a customer-managed key of its own that rotates', () => {
    const topic = resources()[topicId]!;
    expect(topic.Properties.TopicName).toBe('LinliAlarms');
    expectRotatedRetainedKey(template, topic.Properties.KmsMasterKeyId, 'alarms');
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect((devTemplate.findResources('AWS::SNS::Topic') as Record<string, Resource>)[topicId]!.Properties.TopicName).toBe(
      'LinliDevAlarms',
    );
  });

  it('let CloudWatch alarms of this account alone publish to the topic, over TLS, and use its key', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    const keyId = resources()[topicId]!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    expect(resources()[keyId]!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('every alarm notifies the topic on ALARM and on OK', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms()) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
    }
  });

  it('subscribes the email of the linli:alarmEmail context, and nobody without it', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const app = newApp({ [ALARM_EMAIL_CONTEXT]: 'ops@example.com' });
    const tpl = Template.fromStack(defineLinliApp(app).production);
    tpl.resourcePropertiesCountIs(
      'AWS::SNS::Subscription',
      { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topicId } },
      1,
    );
    expect(() => defineLinliApp(newApp({ [ALARM_EMAIL_CONTEXT]: 'ops.example.com' }))).toThrow(/not an email address/);
  });

  it('watch every dead-letter queue: any message visible', () => {
    const queues = deadLetterQueueIds(template);
    expect(queues).toEqual(
      new Set([
        logicalId(production, production.careDelivery.deadLetterQueue),
        logicalId(production, production.dataExport.deadLetterQueue),
        ...jobFunctionIds().map((id) => resources()[id]!.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]),
      ]),
    );
    for (const queueId of queues) {
      const [alarm, ...more] = alarmOn(template, 'ApproximateNumberOfMessagesVisible', queueId);
      expect(more, queueId).toEqual([]);
      expect(alarm?.Properties, queueId).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', ...anyAtAll });
    }
  });

  it.each(SCHEDULED_JOBS.map((job) => [job.name] as const))('watch the scheduled job %s: any failed run', (name) => {
    const fnId = logicalId(production, production.jobFunctions.get(name)!);
    const [alarm, ...more] = alarmOn(template, 'Errors', fnId);
    expect(more).toEqual([]);
    expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', ...anyAtAll });
  });

  it('watch every function for errors and throttles, the API and the care worker included', () => {
    const functionIds = resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id);
    expect(functionIds).toEqual(expect.arrayContaining([apiFunctionId, workerId]));
    for (const fnId of functionIds) {
      for (const metric of ['Errors', 'Throttles']) {
        const [alarm, ...more] = alarmOn(template, metric, fnId);
        expect(more, `${fnId} ${metric}`).toEqual([]);
        expect(alarm?.Properties, `${fnId} ${metric}`).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', ...anyAtAll });
      }
    }
  });

  it(`watch the HTTP API: ${API_SERVER_ERRORS_THRESHOLD} or more 5xx answers in five minutes`, () => {
    const [alarm, ...more] = alarmOn(template, '5xx', logicalId(production, production.httpApi));
    expect(more).toEqual([]);
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: API_SERVER_ERRORS_THRESHOLD,
      TreatMissingData: 'notBreaching',
    });
  });

  it('watch the table: any throttled request of an operation Linli calls, missing series counted as 0', () => {
    const throttleAlarms = alarms().filter(([, r]) => dimensionsOf(r).includes('ThrottledRequests'));
    expect(throttleAlarms).toHaveLength(1);
    const [[, alarm]] = throttleAlarms as [[string, Resource]];
    expect(alarm.Properties).toMatchObject(anyAtAll);
    const metrics = alarm.Properties.Metrics as Record<string, any>[];
    const series = metrics.filter((m) => m.MetricStat);
    expect(series.map((m) => m.MetricStat.Metric.Dimensions)).toEqual(
      THROTTLE_WATCHED_OPERATIONS.map((operation) => [
        { Name: 'Operation', Value: operation },
        { Name: 'TableName', Value: { Ref: tableId } },
      ]),
    );
    for (const m of series)
      expect(m.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests' }, Stat: 'Sum' });
    // CloudWatch allows an alarm ten metrics.
    expect(series.length).toBeLessThanOrEqual(10);
    const expressions = metrics.filter((m) => m.Expression);
    expect(expressions).toHaveLength(1);
    for (const m of series) expect(expressions[0]!.Expression).toContain(`FILL(${m.Id}, 0)`);
  });

  it('cover a function and a dead-letter queue added later without being told of them', () => {
    const stack = new Stack(newApp(), 'Later');
    const table = new LinliTable(stack, 'Table', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    const httpApi = new apigwv2.HttpApi(stack, 'Api');
    const failures = new sqs.Queue(stack, 'NewFailures');
    new sqs.Queue(stack, 'NewWork', { deadLetterQueue: { queue: failures, maxReceiveCount: 3 } });
    const newFunction = new lambda.Function(stack, 'NewFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      timeout: Duration.seconds(5),
    });
    const alarmsOfLater = new LinliAlarms(stack, 'Alarms', { removalPolicy: RemovalPolicy.DESTROY });
    alarmsOfLater.watchStack({ httpApi, table });
    const tpl = Template.fromStack(stack);
    const fnId = stack.getLogicalId(newFunction.node.defaultChild as CfnElement);
    expect(alarmOn(tpl, 'Errors', fnId)).toHaveLength(1);
    expect(alarmOn(tpl, 'Throttles', fnId)).toHaveLength(1);
    expect(alarmOn(tpl, 'ApproximateNumberOfMessagesVisible', stack.getLogicalId(failures.node.defaultChild as CfnElement))).toHaveLength(
      1,
    );
    expect(
      alarmOn(tpl, 'ApproximateNumberOfMessagesVisible', stack.getLogicalId(failures.node.defaultChild as CfnElement))[0]!.Properties
        .AlarmActions,
    ).toEqual([{ Ref: stack.getLogicalId(alarmsOfLater.topic.node.defaultChild as CfnElement) }]);
  });
});

describe('care delivery worker', () => {
  const queueId = logicalId(production, production.careDelivery.queue);
  const deadLetterId = logicalId(production, production.careDelivery.deadLetterQueue);
  const resources = () => template.toJSON().Resources as Record<string, Resource>;
  const worker = () => resources()[workerId]!;
  // The care queue's mapping; the data export queue has its own (see below).
  const mappings = () =>
    resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, r]) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: workerId }),
    );

  it('is called by one event source mapping, on the care delivery queue', () => {
    expect(mappings()).toHaveLength(1);
    const [[, mapping]] = mappings() as [[string, Resource]];
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(mapping.Properties.FunctionName).toEqual({ Ref: workerId });
  });

  it('takes batches of 10 within a few seconds, reports failed items alone, and runs at most CARE_WORKER_MAX_CONCURRENCY at once', () => {
    const [[, mapping]] = mappings() as [[string, Resource]];
    expect(mapping.Properties).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(CARE_WORKER_MAX_CONCURRENCY).toBe(5);
    expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
    expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBeLessThanOrEqual(10);
  });

  it('times out well within the queue’s visibility timeout (AWS asks for six function timeouts)', () => {
    const timeout = worker().Properties.Timeout as number;
    const [[, mapping]] = mappings() as [[string, Resource]];
    const visibility = resources()[queueId]!.Properties.VisibilityTimeout as number;
    expect(visibility).toBe(CARE_DELIVERY_QUEUE.visibilityTimeoutSeconds);
    // Lambda refuses a mapping whose function may outlive the message's invisibility.
    expect(timeout).toBeLessThanOrEqual(visibility);
    expect(6 * timeout + (mapping.Properties.MaximumBatchingWindowInSeconds as number)).toBeLessThanOrEqual(visibility);
  });

  it('stops the synth when the queue hides a message for less than the worker needs', () => {
    const definition = CARE_DELIVERY_QUEUE as { visibilityTimeoutSeconds: number };
    const kept = definition.visibilityTimeoutSeconds;
    definition.visibilityTimeoutSeconds = 6 * CARE_WORKER.timeout.toSeconds();
    try {
      expect(() => defineLinliApp(newApp())).toThrow(/its worker needs at least/);
    } finally {
      definition.visibilityTimeoutSeconds = kept;
    }
  });

  it('reads and writes the table, and reads the secret and WeChat settings', () => {
    expect(rolePolicyStatements(template, functionRoleId(workerId))).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    );
    expect(Object.keys(worker().Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['WECHAT_APP_ID', 'WECHAT_MINIPROGRAM_STATE', 'LINLI_SECRETS_ARN']),
    );
  });

  it('is configured for the queue by the variables the functions’ config reads', () => {
    const variables = worker().Properties.Environment.Variables as Record<string, unknown>;
    // The deployed values are references; stand-ins show the names are the ones config.ts reads.
    const env = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : `ref:${name}`]),
    );
    // (Parameters with allowed values or patterns take a value they allow here.)
    const config = readConfig({
      ...env,
      WECHAT_MINIPROGRAM_STATE: 'formal',
      WECHAT_PAY_PUBLIC_KEY_ID: 'none',
      WECHAT_PAY_NOTIFY_URL: 'https://api.example.com/v1/wechatpay/notify',
      LINLI_FULFILMENT_WEBHOOK_URL: 'https://shop.example.com/linli/fulfilment',
      AWS_LAMBDA_FUNCTION_NAME: 'worker',
    });
    expect(config.queues.careDelivery).toEqual({
      url: 'ref:LINLI_CARE_DELIVERY_QUEUE_URL',
      deadLetterUrl: 'ref:LINLI_CARE_DELIVERY_DLQ_URL',
    });
    expect(variables.LINLI_CARE_DELIVERY_QUEUE_URL).toEqual({ Ref: queueId });
    expect(variables.LINLI_CARE_DELIVERY_DLQ_URL).toEqual({ Ref: deadLetterId });
  });
});

describe('care delivery queues: who may do what', () => {
  const queueId = logicalId(production, production.careDelivery.queue);
  const deadLetterId = logicalId(production, production.careDelivery.deadLetterQueue);
  const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
  const deadLetterArn = { 'Fn::GetAtt': [deadLetterId, 'Arn'] };
  const consume = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'];

  /** Every "action on queue" the function's role has on either care queue, e.g. "sqs:SendMessage on queue". */
  function careQueueRights(fnId: string): string[] {
    const rights: string[] = [];
    for (const statement of rolePolicyStatements(template, functionRoleId(fnId))) {
      for (const resource of asArray(statement.Resource)) {
        const on = JSON.stringify(resource);
        const queue = on === JSON.stringify(queueArn) ? 'queue' : on === JSON.stringify(deadLetterArn) ? 'dead letters' : null;
        if (!queue) {
          // Nothing may reach the care queues by a pattern or another form of their ARN.
          expect(on).not.toContain(`"${queueId}"`);
          expect(on).not.toContain(`"${deadLetterId}"`);
          continue;
        }
        expect(statement.Effect).toBe('Allow');
        for (const action of asArray(statement.Action as string | string[])) rights.push(`${action} on ${queue}`);
      }
    }
    return rights.sort();
  }
  const env = (fnId: string) => resources()[fnId]!.Properties.Environment.Variables as Record<string, unknown>;
  const resources = () => template.toJSON().Resources as Record<string, Resource>;
  const jobId = (name: string) => logicalId(production, production.jobFunctions.get(name)!);

  it('lets the worker receive, delete and delay (ChangeMessageVisibility) messages on the queue, and send none', () => {
    const rights = careQueueRights(workerId);
    expect(rights).toEqual(expect.arrayContaining(consume.map((action) => `${action} on queue`)));
    // CDK's consume grant adds the two read-only queue lookups; nothing else, and nothing on the dead letters.
    expect(rights.filter((right) => !consume.some((action) => right === `${action} on queue`))).toEqual([
      'sqs:GetQueueAttributes on queue',
      'sqs:GetQueueUrl on queue',
    ]);
  });

  it.each([
    ['care-plan', ['sqs:SendMessage on queue']],
    ['care-dispatch', ['sqs:SendMessage on queue']],
    ['care-dead-letters', ['sqs:DeleteMessage on dead letters', 'sqs:ReceiveMessage on dead letters']],
  ])('gives the job %s exactly %j', (name, rights) => {
    expect(JOB_QUEUE_ACCESS[name]).toBeDefined();
    expect(careQueueRights(jobId(name))).toEqual(rights);
  });

  it('lets the API function only send (a staff retry puts a dead letter back)', () => {
    expect(careQueueRights(apiFunctionId)).toEqual(['sqs:SendMessage on queue']);
  });

  it('gives every other job no right on either queue', () => {
    for (const job of SCHEDULED_JOBS.filter((candidate) => !JOB_QUEUE_ACCESS[candidate.name]))
      expect(careQueueRights(jobId(job.name)), job.name).toEqual([]);
  });

  it('names both queue URLs to the API, the worker and the care jobs, and to no other function', () => {
    const users = new Set([apiFunctionId, workerId, ...Object.keys(JOB_QUEUE_ACCESS).map(jobId)]);
    for (const [fnId] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const { LINLI_CARE_DELIVERY_QUEUE_URL: url, LINLI_CARE_DELIVERY_DLQ_URL: deadLetterUrl } = env(fnId);
      if (users.has(fnId)) {
        expect(url, fnId).toEqual({ Ref: queueId });
        expect(deadLetterUrl, fnId).toEqual({ Ref: deadLetterId });
      } else {
        expect(url, fnId).toBeUndefined();
        expect(deadLetterUrl, fnId).toBeUndefined();
      }
    }
  });

  it('names only jobs that exist', () => {
    for (const name of Object.keys(JOB_QUEUE_ACCESS)) expect(SCHEDULED_JOBS.map((job) => job.name)).toContain(name);
  });
});

describe('data export queue and worker', () => {
  const exportWorkerId = logicalId(production, production.dataExportWorker);
  const queueId = logicalId(production, production.dataExport.queue);
  const deadLetterId = logicalId(production, production.dataExport.deadLetterQueue);
  const resources = () => template.toJSON().Resources as Record<string, Resource>;
  const env = (fnId: string) => resources()[fnId]!.Properties.Environment.Variables as Record<string, unknown>;

  it('keeps a failed build for a person in its dead-letter queue after the queue’s receives', () => {
    expect(resources()[queueId]!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
      maxReceiveCount: DATA_EXPORT_QUEUE.maxReceiveCount,
    });
    expect(resources()[queueId]!.Properties.VisibilityTimeout).toBe(DATA_EXPORT_QUEUE.visibilityTimeoutSeconds);
  });

  it('has the worker consume it one export at a time, answering the ones to retry', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: exportWorkerId },
      BatchSize: EXPORT_WORKER.batchSize,
      ScalingConfig: { MaximumConcurrency: EXPORT_WORKER.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the API send to it, and names its URLs to the API and the worker only', () => {
    const onQueue = rolePolicyStatements(template, functionRoleId(apiFunctionId)).filter((statement) =>
      asArray(statement.Resource).some((resource) => JSON.stringify(resource).includes(`"${queueId}"`)),
    );
    expect(onQueue.flatMap((statement) => asArray(statement.Action as string | string[]))).toEqual(['sqs:SendMessage']);
    for (const [fnId] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const expected = fnId === apiFunctionId || fnId === exportWorkerId ? { Ref: queueId } : undefined;
      expect(env(fnId).LINLI_DATA_EXPORT_QUEUE_URL, fnId).toEqual(expected);
    }
  });

  it('lets the worker read and write the table (it claims exports and marks them ready or failed)', () => {
    expect(rolePolicyStatements(template, functionRoleId(exportWorkerId))).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    );
  });
});

describe('adding indexes to a deployed table', () => {
  const indexNames = (tpl: Template) => {
    const [[, table]] = resourcesOfType(tpl, 'AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    return (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map((index) => index.IndexName).sort();
  };
  const all = TABLE_DEFINITION.indexes.map((index) => index.name);

  it(`leaves out the indexes named by the ${WITHHELD_INDEXES_CONTEXT} context, and grants Query on the others only`, () => {
    const app = newApp({ [WITHHELD_INDEXES_CONTEXT]: 'byCareRule, byCareDay' });
    const { production: stack } = defineLinliApp(app);
    const tpl = Template.fromStack(stack);
    expect(indexNames(tpl)).toEqual(all.filter((name) => name !== 'byCareRule' && name !== 'byCareDay').sort());
    const queried = policyStatements(tpl)
      .filter(({ statement }) => statement.Action === 'dynamodb:Query')
      .flatMap(({ statement }) => asArray(statement.Resource).map((resource) => JSON.stringify(resource)));
    expect(queried.some((arn) => arn.includes('/index/byCareRule'))).toBe(false);
    expect(queried.some((arn) => arn.includes('/index/byCareDue'))).toBe(true);
  });

  it('deploys every index without the context', () => {
    expect(indexNames(template)).toEqual([...all].sort());
  });

  it('stops the synth on a withheld name the table definition lacks (a typo would deploy every index)', () => {
    expect(() => defineLinliApp(newApp({ [WITHHELD_INDEXES_CONTEXT]: 'byCareDue,byCareRules' }))).toThrow(/byCareRules/);
  });

  it('holds no more indexes than DynamoDB allows a table (20)', () => {
    expect(all.length).toBeLessThanOrEqual(20);
  });
});

describe('IAM', () => {
  it('uses no wildcard action on DynamoDB (or anywhere)', () => {
    const actions = policyStatements(template).flatMap(({ statement }) => asArray(statement.Action as string | string[]));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).length).toBeGreaterThan(0);
  });

  it('uses a "*" resource only for the X-Ray actions, which have no resource-level permissions', () => {
    const wildcard = policyStatements(template).filter(({ statement }) => asArray(statement.Resource).includes('*'));
    const actions = new Set(wildcard.flatMap(({ statement }) => asArray(statement.Action as string | string[])));
    expect(actions).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
  });

  it('grants table access only to the roles of functions bound to the table', () => {
    const boundRoles = new Set(
      [
        apiFunctionId,
        workerId,
        logicalId(production, production.dataExportWorker),
        ...[...production.jobFunctions.values()].map((fn) => logicalId(production, fn)),
      ].map(functionRoleId),
    );
    const rolesWithDynamo = policyStatements(template)
      .filter(({ statement }) => asArray(statement.Action as string | string[]).some((a) => a.startsWith('dynamodb:')))
      .flatMap(({ policy }) => (template.toJSON().Resources[policy] as Resource).Properties.Roles.map((r: { Ref: string }) => r.Ref));
    expect(new Set(rolesWithDynamo)).toEqual(boundRoles);
  });

  it('describes every role in the characters IAM accepts (Latin-1: a job description may hold Chinese terms)', () => {
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      if (role.Properties.Description !== undefined) expect(role.Properties.Description, id).toMatch(/^[\t\n\r\x20-\x7E\xA1-\xFF]*$/);
    }
  });

  it('attaches no managed policies', () => {
    for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('grants read access without any write action, on the table or its key', () => {
    const stack = new Stack(newApp(), 'ReadOnly');
    const table = new LinliTable(stack, 'Table', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    table.grantAccess(role, 'read');
    const actions = policyStatements(Template.fromStack(stack)).flatMap(({ statement }) => asArray(statement.Action as string | string[]));
    expect(new Set(actions)).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'kms:Decrypt', 'kms:DescribeKey']),
    );
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no unacknowledged finding', () => {
    const app = newApp();
    defineLinliApp(app);
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    const violations = (report.pluginReports as { pluginName: string; violations?: unknown[] }[]).flatMap((r) => r.violations ?? []);
    expect(violations).toEqual([]);
  });

  it('acknowledges exactly the reviewed findings, each with a reason', () => {
    const acknowledged = new Map<string, string>();
    for (const [, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
      for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) acknowledged.set(rule.id, rule.reason);
    }
    const invokeVersions = SCHEDULED_JOBS.map(
      (job) => `AwsSolutions-IAM5[Resource::<${logicalId(production, production.jobFunctions.get(job.name)!)}.Arn>:*]`,
    );
    const photoObjects = `AwsSolutions-IAM5[Resource::<${photosBucketId}.Arn>/complaints/*]`;
    const exportObjects = `AwsSolutions-IAM5[Resource::<${exportsBucketId}.Arn>/*]`;
    expect([...acknowledged.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Resource::*]',
        ...invokeVersions,
        photoObjects,
        exportObjects,
        'AwsSolutions-S1',
        'AwsSolutions-SMG4',
      ].sort(),
    );
    for (const reason of acknowledged.values()) expect(reason.length).toBeGreaterThan(40);
  });

  it('fails the synth on a new unacknowledged error', () => {
    const app = newApp();
    const { dev } = defineLinliApp(app);
    new sqs.Queue(dev, 'PlainQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
