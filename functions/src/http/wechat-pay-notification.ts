import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { WechatPayNotificationRefused, type PayNotification } from '../wechatpay/wechat-pay-client.ts';
import type { AppEnv } from './app-env.ts';

/** The headers WeChat Pay signs a notification with (Wechatpay-Serial names the key). */
export const WECHAT_PAY_SIGNATURE_HEADERS = {
  timestamp: 'Wechatpay-Timestamp',
  nonce: 'Wechatpay-Nonce',
  signature: 'Wechatpay-Signature',
  serial: 'Wechatpay-Serial',
} as const;

/**
 * Verifies a WeChat Pay notification (signature by the key Wechatpay-Serial names, freshness,
 * AEAD_AES_256_GCM resource) over the raw body before anything parses it, and hands the route the
 * decrypted notification (`verifiedPayNotification(c)`). A refused one answers 401 SIGNATURE_INVALID
 * and changes nothing; WeChat Pay reads only the status and tries again on its schedule.
 */
export function requireWechatPayNotification(deps: Pick<Deps, 'wechatPay' | 'logger'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let notification: PayNotification;
    try {
      notification = await deps.wechatPay.readNotification({
        headers: {
          timestamp: c.req.header(WECHAT_PAY_SIGNATURE_HEADERS.timestamp),
          nonce: c.req.header(WECHAT_PAY_SIGNATURE_HEADERS.nonce),
          signature: c.req.header(WECHAT_PAY_SIGNATURE_HEADERS.signature),
          serial: c.req.header(WECHAT_PAY_SIGNATURE_HEADERS.serial),
        },
        body: await c.req.text(),
      });
    } catch (error) {
      if (!(error instanceof WechatPayNotificationRefused)) throw error;
      // Worth a look: a forged or replayed-late notification, or keys out of step with WeChat Pay's.
      deps.logger.warn('WeChat Pay notification refused', { reason: error.reason });
      throw new DomainError('SIGNATURE_INVALID', `WeChat Pay notification refused: ${error.reason}`);
    }
    c.set('payNotification', notification);
    await next();
  });
}

/** The notification the route's guard verified and decrypted; only routes declared with wechatPayNotification() have one. */
export function verifiedPayNotification(c: Context<AppEnv>): PayNotification {
  const notification = c.get('payNotification');
  if (!notification) throw new Error('no verified WeChat Pay notification: declare the route with wechatPayNotification(deps)');
  return notification;
}
