import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_DEFAULTS, LOCAL_SECRETS, readConfig } from '../functions/src/config/config.ts';
import { CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE } from '../functions/src/config/queues.ts';
import { ensureTable } from '../functions/src/db/create-table.ts';
import type { Deps } from '../functions/src/deps.ts';
import { ensureQueue } from '../functions/src/queues/ensure-queues.ts';
import { createSqsClient } from '../functions/src/queues/sqs-client.ts';
import { createDeps } from '../functions/src/runtime.ts';
import { startApiServer } from './api-server.ts';
import { localDynamoClientConfig, startDynamoDbLocal } from './dynamodb-local.ts';
import { startLocalS3 } from './s3-server.ts';
import { startShopEmulator } from './shop-emulator.ts';
import { startCareWorker } from './care-worker.ts';
import { startExportWorker } from './export-worker.ts';
import { startScheduler } from './scheduler.ts';
import { startLocalSqs } from './sqs-server.ts';
import { seedDemoData } from './seed-demo.ts';
import { loadAppPages, startWechatEmulator } from './wechat-emulator/index.ts';

export interface LocalStackOptions {
  /** Where DynamoDB Local and the emulator keep data; in memory when omitted. */
  dataDir?: string;
  ports?: { api?: number; wechat?: number; dynamo?: number; s3?: number; sqs?: number; shop?: number };
  /** Seed demo data when the table is new. */
  seed?: boolean;
  scheduler?: boolean;
  log?: (line: string) => void;
  /**
   * A DynamoDB Local already running (the browser tests start one for the whole run) and the table to
   * make in it, removed again on stop: each stack keeps its own data without starting a JVM of its own.
   */
  sharedDynamo?: { endpoint: string; tableName: string };
}

export interface LocalStack {
  apiUrl: string;
  wechatUrl: string;
  dynamoEndpoint: string;
  /** s3rver, standing in for the photos and exports buckets. */
  s3Endpoint: string;
  /** fauxqs, standing in for Amazon SQS (the care delivery and data export queues and their dead-letter queues). */
  sqsEndpoint: string;
  /** The seller's shop (dev/shop-emulator.ts): its page lists the orders Linli sent for fulfilment. */
  shopUrl: string;
  deps: Deps;
  /** Settles when first-start demo data is written (at once when there is none to write). */
  seeded: Promise<void>;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local, s3rver, the SQS server, the WeChat emulator, the shop emulator, the API and the scheduler, wired as in the cloud. `npm
 * start` runs it on fixed ports with data under .data/; the browser test runs it on free ports.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const stoppers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne();
  };
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const { sharedDynamo } = options;
    const dynamo = sharedDynamo
      ? { endpoint: sharedDynamo.endpoint }
      : await startDynamoDbLocal({
          port: options.ports?.dynamo,
          dbPath: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
        });
    if ('stop' in dynamo) stoppers.push(() => dynamo.stop());
    log(`DynamoDB Local   ${dynamo.endpoint}${options.dataDir ? ` (data in ${join(options.dataDir, 'dynamodb')})` : ' (in memory)'}`);
    const tableEnv = sharedDynamo ? { LINLI_TABLE_NAME: sharedDynamo.tableName } : {};

    const config0 = readConfig({ ...process.env, LINLI_STAGE: 'local', DYNAMODB_ENDPOINT: dynamo.endpoint, ...tableEnv });
    const wechatPayMode = config0.wechatPay.publicKeyId === null ? 'platform-certificate' : 'public-key';
    const wechat = await startWechatEmulator({
      port: options.ports?.wechat ?? 0,
      appId: config0.wechat.appId,
      appSecret: LOCAL_SECRETS.wechatAppSecret,
      stateFile: options.dataDir ? join(options.dataDir, 'wechat-emulator.json') : undefined,
      // 小程序码 requests with check_path are checked against the mini-program's real pages.
      appPages: await loadAppPages(),
      pay: { mode: wechatPayMode, notifyTimeScale: notifyTimeScale(process.env.WECHAT_PAY_NOTIFY_TIME_SCALE) },
    });
    stoppers.push(() => wechat.stop());
    log(`WeChat emulator  ${wechat.url}  (sent messages: ${wechat.url}/; WeChat Pay /v3/…, ${wechatPayMode} mode)`);

    const s3 = await startLocalS3({
      bucket: config0.photos.bucket ?? LOCAL_DEFAULTS.photosBucket,
      otherBuckets: [config0.exports.bucket ?? LOCAL_DEFAULTS.exportsBucket],
      port: options.ports?.s3,
      directory: options.dataDir ? join(options.dataDir, 's3') : undefined,
    });
    stoppers.push(() => s3.stop());
    log(
      `S3 (s3rver)      ${s3.endpoint}  (buckets ${[s3.bucket, ...s3.otherBuckets].join(', ')}${options.dataDir ? `, data in ${join(options.dataDir, 's3')}` : ', temporary'})`,
    );

    const sqs = await startLocalSqs({ port: options.ports?.sqs });
    stoppers.push(() => sqs.stop());
    const sqsClient = createSqsClient({ region: config0.region, endpoint: sqs.endpoint });
    const careDelivery = await ensureQueue(sqsClient, CARE_DELIVERY_QUEUE);
    const dataExport = await ensureQueue(sqsClient, DATA_EXPORT_QUEUE);
    sqsClient.destroy();
    log(
      `SQS (fauxqs)     ${sqs.endpoint}  (queues ${[CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE].map((q) => `${q.name}, ${q.deadLetterName}`).join(', ')}; in memory)`,
    );

    // The seller's shop, sharing the local webhook secret: successful group-buy orders are posted here.
    const shop = await startShopEmulator({ port: options.ports?.shop ?? 0, secret: LOCAL_SECRETS.webhookSecret });
    stoppers.push(() => shop.stop());
    log(`Shop emulator    ${shop.url}  (orders sent for fulfilment: ${shop.url}/)`);

    // WeChat Pay notifies the API, so its URL must be known before the API starts: the port is chosen first.
    const apiPort = options.ports?.api ?? (await freePort());
    const config = readConfig({
      WECHAT_PAY_NOTIFY_URL: `http://127.0.0.1:${apiPort}/v1/wechatpay/notify`,
      ...process.env,
      LINLI_STAGE: 'local',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      WECHAT_API_BASE: wechat.url,
      S3_ENDPOINT: s3.endpoint,
      SQS_ENDPOINT: sqs.endpoint,
      LINLI_CARE_DELIVERY_QUEUE_URL: careDelivery.url,
      LINLI_CARE_DELIVERY_DLQ_URL: careDelivery.deadLetterUrl,
      LINLI_DATA_EXPORT_QUEUE_URL: dataExport.url,
      LINLI_DATA_EXPORT_DLQ_URL: dataExport.deadLetterUrl,
      LINLI_FULFILMENT_WEBHOOK_URL: shop.fulfilmentUrl,
      ...tableEnv,
    });
    const deps = createDeps(config, LOCAL_SECRETS);
    const raw = new DynamoDBClient(localDynamoClientConfig(dynamo.endpoint));
    const table = await ensureTable(raw, config.tableName);
    if (sharedDynamo) stoppers.push(() => dropTable(raw, config.tableName));
    else raw.destroy();

    const api = await startApiServer(deps, { port: apiPort });
    stoppers.push(() => api.stop());
    log(`API              ${api.url}  (contract: ${api.url}/openapi.json)`);

    // Seeding runs while the API already serves (and the H5 build compiles): first start stays quick.
    const seeded: Promise<void> =
      table === 'created' && options.seed
        ? (async () => {
            const startedAt = Date.now();
            log('seeding demo data (first start only)…');
            await seedDemoData(deps, {
              grantInWechat: async (openid, templateId) => {
                const response = await fetch(`${wechat.url}/__emulator/subscribe`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ openid, templateIds: [templateId], result: 'accept' }),
                });
                if (!response.ok) throw new Error(`emulator refused the grant: ${response.status}`);
              },
              log,
            });
            log(`demo data ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (customer insight scored)`);
          })()
        : Promise.resolve();
    seeded.catch((error: unknown) => log(`seeding failed: ${error instanceof Error ? error.message : String(error)}`));

    // The queue's worker runs whether or not jobs are scheduled: `npm run job -- care-plan` from
    // another terminal queues messages this process then sends.
    const careWorker = startCareWorker(deps, log);
    stoppers.push(() => careWorker.stop());
    log(`care worker      polling ${CARE_DELIVERY_QUEUE.name}`);
    const exportWorker = startExportWorker(deps, log);
    stoppers.push(() => exportWorker.stop());
    log(`export worker    polling ${DATA_EXPORT_QUEUE.name}`);

    if (options.scheduler) {
      const scheduler = startScheduler(deps, log);
      stoppers.push(() => scheduler.stop());
      for (const run of scheduler.nextRuns()) log(`scheduled job    ${run.name}, next run ${run.next?.toISOString() ?? 'never'}`);
    }
    return {
      apiUrl: api.url,
      wechatUrl: wechat.url,
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      sqsEndpoint: sqs.endpoint,
      shopUrl: shop.url,
      deps,
      seeded,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function dropTable(raw: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await raw.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    raw.destroy();
  }
}

/** A port free on 127.0.0.1 now (the OS picks it); the caller binds it at once. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : rejectPort(new Error('no port'))));
    });
  });
}

/** WECHAT_PAY_NOTIFY_TIME_SCALE: 1 (unset) is WeChat Pay's real retry schedule, 0.01 a hundred times faster. */
function notifyTimeScale(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const scale = Number(value);
  if (!(scale > 0)) throw new Error(`WECHAT_PAY_NOTIFY_TIME_SCALE must be a positive number, got "${value}"`);
  return scale;
}

export const LOCAL_PORTS = { api: 3000, wechat: 3100, shop: 3200, dynamo: 8000, s3: 4568, sqs: 9324, h5: 10086 } as const;
export { LOCAL_DEFAULTS };
