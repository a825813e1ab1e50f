import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Config, Secrets } from './config/config.ts';
import type { Database } from './db/client.ts';
import type { ShopClient } from './groupbuy/shop-client.ts';
import type { PhotoStore } from './photos/photo-store.ts';
import type { Clock } from './platform/clock.ts';
import type { ExportStore } from './privacy/export-store.ts';
import type { WechatClient } from './wechat/client.ts';
import type { WechatPayClient } from './wechatpay/wechat-pay-client.ts';

/** Everything domain code needs from the outside world, passed in so tests can substitute any of it. */
export interface Deps {
  config: Config;
  secrets: Secrets;
  db: Database;
  wechat: WechatClient;
  /** WeChat Pay API v3 (locally the emulator); config.wechatPay and the WeChat Pay secrets configure it. */
  wechatPay: WechatPayClient;
  /** The seller's shop: successful group-buy orders are posted there for fulfilment (config.groupBuy, webhookSecret). */
  shop: ShopClient;
  photos: PhotoStore;
  /** Members' data exports (config.exports.bucket): written by the export worker, downloaded through signed links. */
  exports: ExportStore;
  /** Amazon SQS (locally the SQS-compatible server); queue URLs are in config.queues. */
  sqs: SQSClient;
  clock: Clock;
  logger: Logger;
}
