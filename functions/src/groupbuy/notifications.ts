import type { Deps } from '../deps.ts';
import type { PayNotification } from '../wechatpay/wechat-pay-client.ts';
import { recordPayment, type PayDeps } from './payment.ts';
import { settleRefundNotice } from './refunds.ts';

/**
 * A verified, decrypted WeChat Pay notification (the route's guard refused anything tampered or stale
 * before this runs). TRANSACTION.SUCCESS records the payment (or schedules its refund); REFUND.* settles
 * the refund it names. Each is idempotent: WeChat Pay repeats a notification until answered, and a
 * replay finds the change already made.
 */
export async function handlePayNotification(deps: PayDeps & Pick<Deps, 'config'>, notification: PayNotification): Promise<void> {
  if (notification.eventType === 'TRANSACTION.SUCCESS') {
    if (notification.transaction.tradeState !== 'SUCCESS') return;
    await recordPayment(deps, notification.transaction);
    return;
  }
  await settleRefundNotice(deps, notification.refund);
}
