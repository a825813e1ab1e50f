import { Logger } from '@aws-lambda-powertools/logger';
import { readConfig, type Config, type Secrets } from './config/config.ts';
import { loadSecrets } from './config/secrets.ts';
import { createDatabase } from './db/client.ts';
import type { Deps } from './deps.ts';
import { createShopClient } from './groupbuy/shop-client.ts';
import { NO_PHOTO_STORE, type PhotoStore } from './photos/photo-store.ts';
import { createS3PhotoStore } from './photos/s3-photo-store.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { NO_EXPORT_STORE, type ExportStore } from './privacy/export-store.ts';
import { createS3ExportStore } from './privacy/s3-export-store.ts';
import { createSqsClient } from './queues/sqs-client.ts';
import { createWechatClient } from './wechat/client.ts';
import { createWechatPayClient } from './wechatpay/wechat-pay-adapter.ts';
import type { WechatPayClient } from './wechatpay/wechat-pay-client.ts';

/** The one logger; its level comes from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'linli' });

/** Wires real dependencies from configuration; tests override the clock or any other part. */
export function createDeps(config: Config, secrets: Secrets, overrides: Partial<Deps> = {}): Deps {
  const clock: Clock = overrides.clock ?? systemClock;
  return {
    config,
    secrets,
    clock,
    logger: overrides.logger ?? logger,
    db: overrides.db ?? createDatabase({ tableName: config.tableName, region: config.region, endpoint: config.dynamoEndpoint }),
    wechat:
      overrides.wechat ??
      createWechatClient({ apiBase: config.wechat.apiBase, appId: config.wechat.appId, appSecret: secrets.wechatAppSecret, clock }),
    wechatPay: overrides.wechatPay ?? wechatPayClientFor(config, secrets, clock),
    shop: overrides.shop ?? createShopClient({ fulfilmentUrl: config.groupBuy.fulfilmentWebhookUrl, secret: secrets.webhookSecret, clock }),
    photos: overrides.photos ?? photoStoreFor(config),
    exports: overrides.exports ?? exportStoreFor(config),
    sqs: overrides.sqs ?? createSqsClient({ region: config.region, endpoint: config.queues.sqsEndpoint }),
  };
}

/** The WeChat Pay adapter as configured; `fetch` is replaced only by tests (the in-process emulator). */
export function wechatPayClientFor(
  config: Config,
  secrets: Secrets,
  clock: Clock,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): WechatPayClient {
  return createWechatPayClient({
    apiBase: config.wechatPay.apiBase,
    appId: config.wechat.appId,
    mchId: config.wechatPay.mchId,
    merchantSerialNo: config.wechatPay.merchantSerialNo,
    merchantPrivateKey: secrets.wechatPayPrivateKey,
    apiV3Key: secrets.wechatPayApiV3Key,
    publicKeyId: config.wechatPay.publicKeyId,
    wechatPayPublicKey: secrets.wechatPayPublicKey,
    notifyUrl: config.wechatPay.notifyUrl,
    clock,
    ...options,
  });
}

function photoStoreFor(config: Config): PhotoStore {
  const { bucket, s3Endpoint, forcePathStyle } = config.photos;
  return bucket ? createS3PhotoStore({ bucket, region: config.region, endpoint: s3Endpoint, forcePathStyle }) : NO_PHOTO_STORE;
}

/** Exports sit beside the photos locally (one S3-compatible server); in the cloud in their own bucket. */
function exportStoreFor(config: Config): ExportStore {
  const { s3Endpoint, forcePathStyle } = config.photos;
  const { bucket } = config.exports;
  return bucket ? createS3ExportStore({ bucket, region: config.region, endpoint: s3Endpoint, forcePathStyle }) : NO_EXPORT_STORE;
}

/** Dependencies for a process started from the environment (a Lambda cold start or a local server). */
export async function depsFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Deps> = {},
): Promise<Deps> {
  const config = readConfig(env);
  return createDeps(config, await loadSecrets(config, env), overrides);
}

/**
 * Dependencies for a Lambda, built on first use and kept for the life of the instance. A failed
 * build (say, the secret not filled in yet) is not kept, so the next invocation tries again
 * instead of failing until the instance is recycled.
 */
export function lambdaDeps(): () => Promise<Deps> {
  let building: Promise<Deps> | null = null;
  return () => {
    building ??= depsFromEnvironment().catch((error: unknown) => {
      building = null;
      throw error;
    });
    return building;
  };
}
