import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { inject } from 'vitest';
import { LOCAL_DEFAULTS, LOCAL_SECRETS, readConfig, type Config } from '../../functions/src/config/config.ts';
import { CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE } from '../../functions/src/config/queues.ts';
import { createDatabase } from '../../functions/src/db/client.ts';
import { ensureTable } from '../../functions/src/db/create-table.ts';
import type { Deps } from '../../functions/src/deps.ts';
import { createApp } from '../../functions/src/http/app.ts';
import { ensureQueue } from '../../functions/src/queues/ensure-queues.ts';
import { createSqsClient } from '../../functions/src/queues/sqs-client.ts';
import { createShopClient } from '../../functions/src/groupbuy/shop-client.ts';
import { createDeps, wechatPayClientFor } from '../../functions/src/runtime.ts';
import { createWechatClient } from '../../functions/src/wechat/client.ts';
import { createWechatEmulator, type WechatPayEmulatorOptions } from '../../dev/wechat-emulator/index.ts';
import { startLocalS3, type LocalS3 } from '../../dev/s3-server.ts';
import { createShopEmulator } from '../../dev/shop-emulator.ts';
import { testClock, type TestClock } from './test-clock.ts';

export interface TestStack {
  deps: Deps;
  app: ReturnType<typeof createApp>;
  clock: TestClock;
  emulator: ReturnType<typeof createWechatEmulator>;
  /** The seller's shop (in-process): what it received and refused, and /__shop/… controls through `shop.app`. */
  shop: ReturnType<typeof createShopEmulator>;
  config: Config;
  /** The stack's own s3rver, holding complaint photos and data exports. */
  s3: LocalS3;
  /** Drops the table and the queues this stack made and stops its s3rver. */
  close(): Promise<void>;
}

/**
 * A real stack for one test file: its own table in the shared DynamoDB Local, its own queues
 * (named after the table) on the shared SQS server, the WeChat adapter
 * talking to the project's emulator (in-process), the real Hono app, and a hand-moved clock.
 */
export async function createTestStack(
  options: {
    now?: string;
    /** WECHAT_PAY_PUBLIC_KEY_ID=none runs WeChat Pay (adapter and emulator) in platform-certificate mode. */
    env?: Record<string, string>;
    /** The emulated WeChat Pay's settings (notifyTimeScale, refundSettleSeconds); notifications always go to this stack's app. */
    pay?: Omit<WechatPayEmulatorOptions, 'deliver' | 'mode'>;
  } = {},
): Promise<TestStack> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `linli-test-${randomUUID()}`;
  const clock = testClock(options.now ?? '2026-11-23T02:00:00.000Z');
  const s3 = await startLocalS3({ bucket: LOCAL_DEFAULTS.photosBucket, otherBuckets: [LOCAL_DEFAULTS.exportsBucket] });
  const sqsEndpoint = inject('sqsEndpoint');
  const sqs = createSqsClient({ region: LOCAL_DEFAULTS.region, endpoint: sqsEndpoint });
  const careDelivery = await ensureQueue(sqs, CARE_DELIVERY_QUEUE, `${tableName}-`);
  const dataExport = await ensureQueue(sqs, DATA_EXPORT_QUEUE, `${tableName}-`);
  const config = readConfig({
    LINLI_TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    S3_ENDPOINT: s3.endpoint,
    SQS_ENDPOINT: sqsEndpoint,
    LINLI_CARE_DELIVERY_QUEUE_URL: careDelivery.url,
    LINLI_CARE_DELIVERY_DLQ_URL: careDelivery.deadLetterUrl,
    LINLI_DATA_EXPORT_QUEUE_URL: dataExport.url,
    LINLI_DATA_EXPORT_DLQ_URL: dataExport.deadLetterUrl,
    ...options.env,
  });
  const raw = new DynamoDBClient({ endpoint, region: config.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  // The app exists only once deps do; WeChat Pay's notifications reach it through this.
  const late: { app?: ReturnType<typeof createApp> } = {};
  const emulator = createWechatEmulator({
    appId: config.wechat.appId,
    appSecret: LOCAL_SECRETS.wechatAppSecret,
    now: clock,
    pay: {
      ...options.pay,
      mode: config.wechatPay.publicKeyId === null ? 'platform-certificate' : 'public-key',
      deliver: async (url, init) => {
        if (!late.app) throw new Error('the test stack has no app yet');
        return late.app.fetch(new Request(url, init));
      },
    },
  });
  const wechat = createWechatClient({
    apiBase: LOCAL_DEFAULTS.wechatApiBase,
    appId: config.wechat.appId,
    appSecret: LOCAL_SECRETS.wechatAppSecret,
    clock,
    fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
  });
  // Platform-certificate mode (WECHAT_PAY_PUBLIC_KEY_ID=none) has no WeChat Pay public key.
  const secrets = config.wechatPay.publicKeyId === null ? { ...LOCAL_SECRETS, wechatPayPublicKey: '' } : LOCAL_SECRETS;
  const wechatPay = wechatPayClientFor(config, secrets, clock, {
    fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    // The emulator answers in-process within milliseconds; a test of a timeout waits this long.
    timeoutMs: 1000,
  });
  // The shop shares the webhook secret with Linli and checks signatures at the stack's clock.
  const shop = createShopEmulator({ secret: secrets.webhookSecret, now: clock });
  const shopClient = createShopClient({
    fulfilmentUrl: config.groupBuy.fulfilmentWebhookUrl,
    secret: secrets.webhookSecret,
    clock,
    fetch: async (input, init) => shop.app.fetch(new Request(input, init)),
  });
  const deps = createDeps(config, secrets, {
    clock,
    wechat,
    wechatPay,
    shop: shopClient,
    db: createDatabase({ tableName, region: config.region, endpoint }),
    sqs,
    // Quiet by default; TEST_LOG_LEVEL=ERROR shows what an unexpected 500 was (the app logs it).
    logger: new Logger({ serviceName: 'linli-test', logLevel: (process.env.TEST_LOG_LEVEL as 'SILENT' | undefined) ?? 'SILENT' }),
  });
  const app = createApp(deps);
  late.app = app;
  return {
    deps,
    app,
    clock,
    emulator,
    shop,
    config,
    s3,
    async close() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      raw.destroy();
      for (const queueUrl of [careDelivery.url, careDelivery.deadLetterUrl, dataExport.url, dataExport.deadLetterUrl])
        await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      sqs.destroy();
      await s3.stop();
    },
  };
}
