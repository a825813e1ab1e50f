import { Logger } from '@aws-lambda-powertools/logger';
import { readConfig, type Config, type Secrets } from './config/config.ts';
import { loadSecrets } from './config/secrets.ts';
import { createDatabase } from './db/client.ts';
import type { Deps } from './deps.ts';
import { NO_PHOTO_STORE, type PhotoStore } from './photos/photo-store.ts';
import { createS3PhotoStore } from './photos/s3-photo-store.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createSqsClient } from './queues/sqs-client.ts';
import { createWechatClient } from './wechat/client.ts';

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
    photos: overrides.photos ?? photoStoreFor(config),
    sqs: overrides.sqs ?? createSqsClient({ region: config.region, endpoint: config.queues.sqsEndpoint }),
  };
}

function photoStoreFor(config: Config): PhotoStore {
  const { bucket, s3Endpoint, forcePathStyle } = config.photos;
  return bucket ? createS3PhotoStore({ bucket, region: config.region, endpoint: s3Endpoint, forcePathStyle }) : NO_PHOTO_STORE;
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
