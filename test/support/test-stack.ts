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
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { createS3PhotoStore } from '../../functions/src/photos/s3-photo-store.ts';
import type { AwsClientTimeouts } from '../../functions/src/platform/dependency-faults.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
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
  /** With `faults: true`: a proxy in front of each dependency, for a test to break it (see test/support/fault-proxy.ts). */
  faults: StackFaults | null;
  /** Drops the table and the queues this stack made and stops its s3rver. */
  close(): Promise<void>;
}

/** The proxies between the app and each dependency of a stack made with `faults: true`. */
export interface StackFaults {
  dynamodb: FaultProxy;
  storage: FaultProxy;
  queue: FaultProxy;
  wechat: FaultProxy;
  wechatPay: FaultProxy;
}

/**
 * Timeouts of a fault stack's clients: short, so a silent dependency is given up on quickly, yet
 * longer than DynamoDB Local, s3rver or the emulator take on a busy test machine when well.
 */
export const FAULT_STACK_TIMEOUTS = {
  aws: { connectionTimeoutMs: 1000, requestTimeoutMs: 2500, maxAttempts: 2 } satisfies AwsClientTimeouts,
  wechatMs: 2000,
  wechatPayMs: 2000,
} as const;

/**
 * Timeouts of an ordinary stack's AWS clients: DynamoDB Local on a loaded test machine can take
 * seconds over a transaction, which the production limits (made for DynamoDB) would cut and retry.
 */
const PATIENT_TIMEOUTS: AwsClientTimeouts = { connectionTimeoutMs: 5000, requestTimeoutMs: 30_000, maxAttempts: 3 };

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
    /**
     * Puts a fault proxy between the app and each dependency (the emulator then served over HTTP on
     * 127.0.0.1), with short client timeouts (FAULT_STACK_TIMEOUTS): `stack.faults` breaks them.
     */
    faults?: boolean;
  } = {},
): Promise<TestStack> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `linli-test-${randomUUID()}`;
  const clock = testClock(options.now ?? '2026-11-23T02:00:00.000Z');
  const s3 = await startLocalS3({ bucket: LOCAL_DEFAULTS.photosBucket, otherBuckets: [LOCAL_DEFAULTS.exportsBucket] });
  const sqsEndpoint = inject('sqsEndpoint');
  const sqs = createSqsClient({ region: LOCAL_DEFAULTS.region, endpoint: sqsEndpoint, timeouts: PATIENT_TIMEOUTS });
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
  const proxied = options.faults
    ? await startFaultProxies({ dynamodb: endpoint, storage: s3.endpoint, queue: sqsEndpoint, emulator })
    : null;
  const faults = proxied?.proxies ?? null;
  const inProcess = async (input: string | URL | Request, init?: RequestInit) => emulator.app.fetch(new Request(input, init));
  const wechat = createWechatClient({
    apiBase: faults ? faults.wechat.url : LOCAL_DEFAULTS.wechatApiBase,
    appId: config.wechat.appId,
    appSecret: LOCAL_SECRETS.wechatAppSecret,
    clock,
    ...(faults ? { timeoutMs: FAULT_STACK_TIMEOUTS.wechatMs } : { fetch: inProcess }),
  });
  // Platform-certificate mode (WECHAT_PAY_PUBLIC_KEY_ID=none) has no WeChat Pay public key.
  const secrets = config.wechatPay.publicKeyId === null ? { ...LOCAL_SECRETS, wechatPayPublicKey: '' } : LOCAL_SECRETS;
  const wechatPay = faults
    ? wechatPayClientFor({ ...config, wechatPay: { ...config.wechatPay, apiBase: faults.wechatPay.url } }, secrets, clock, {
        timeoutMs: FAULT_STACK_TIMEOUTS.wechatPayMs,
      })
    : wechatPayClientFor(config, secrets, clock, {
        fetch: inProcess,
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
  const timeouts = faults ? FAULT_STACK_TIMEOUTS.aws : PATIENT_TIMEOUTS;
  const deps = createDeps(config, secrets, {
    clock,
    wechat,
    wechatPay,
    shop: shopClient,
    db: createDatabase({ tableName, region: config.region, endpoint: faults?.dynamodb.url ?? endpoint, timeouts }),
    sqs: faults ? createSqsClient({ region: config.region, endpoint: faults.queue.url, timeouts }) : sqs,
    photos: createS3PhotoStore({
      bucket: config.photos.bucket!,
      region: config.region,
      endpoint: faults?.storage.url ?? s3.endpoint,
      forcePathStyle: config.photos.forcePathStyle,
      timeouts,
    }),
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
    faults,
    async close() {
      await proxied?.close();
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      raw.destroy();
      for (const queueUrl of [careDelivery.url, careDelivery.deadLetterUrl, dataExport.url, dataExport.deadLetterUrl])
        await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      sqs.destroy();
      await s3.stop();
    },
  };
}

/** A fault proxy in front of each dependency; the emulator is served over HTTP so WeChat and WeChat Pay can have theirs. */
async function startFaultProxies(targets: {
  dynamodb: string;
  storage: string;
  queue: string;
  emulator: ReturnType<typeof createWechatEmulator>;
}): Promise<{ proxies: StackFaults; close(): Promise<void> }> {
  const served = await new Promise<{ server: ServerType; url: string }>((resolve) => {
    const server = serve({ fetch: targets.emulator.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
  const proxies: StackFaults = {
    dynamodb: await startFaultProxy(targets.dynamodb),
    storage: await startFaultProxy(targets.storage),
    queue: await startFaultProxy(targets.queue),
    wechat: await startFaultProxy(served.url),
    wechatPay: await startFaultProxy(served.url),
  };
  return {
    proxies,
    async close() {
      await Promise.all(Object.values(proxies).map((proxy: FaultProxy) => proxy.close()));
      await new Promise<void>((resolve) => {
        served.server.close(() => resolve());
        (served.server as Server).closeAllConnections();
      });
    },
  };
}
