import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { wechatPayNotification } from '../http/access.ts';
import { newRouter } from '../http/router.ts';
import { verifiedPayNotification } from '../http/wechat-pay-notification.ts';
import { handlePayNotification } from './notifications.ts';

/** WeChat Pay's notifications (payments and refunds) for 拼团 orders. */
export function groupBuyNotifyRoutes(deps: Deps) {
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/v1/wechatpay/notify',
      ...wechatPayNotification(deps),
      tags: ['groupbuy', 'webhooks'],
      summary:
        "WeChat Pay's notification of a payment (TRANSACTION.SUCCESS) or a refund's end (REFUND.*), verified and decrypted before anything reads it. A payment of a reserved place records it (the last one of a full group succeeds the group); one for a place released, left, failed or past the deadline is refunded. Replays change nothing",
      responses: {
        204: { description: 'Taken (WeChat Pay stops retrying)' },
      },
    }),
    async (c) => {
      await handlePayNotification(deps, verifiedPayNotification(c));
      return c.body(null, 204);
    },
  );
}
