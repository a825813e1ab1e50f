import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  MyOrderList,
  MyOrderListQuery,
  OrderWebhookBody,
  OrderWebhookResult,
  RefundWebhookBody,
  RefundWebhookResult,
  WEBHOOK_HEADERS,
} from '@linli/shared/orders';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn, signedWebhook } from '../http/access.ts';
import { serviceNoticePlanner } from '../automation/service-notices.ts';
import { riskOrderWatch } from '../risk/order-watch.ts';
import { receiveOrder } from './receive-order.ts';
import { receiveRefund } from './receive-refund.ts';
import { requireMember } from '../members/require-member.ts';
import { listMyOrders } from './my-orders.ts';

const SignatureHeaders = z.object({
  [WEBHOOK_HEADERS.timestamp]: z.string().describe('Unix seconds when the shop signed the request'),
  [WEBHOOK_HEADERS.signature]: z.string().describe('sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> with the webhook secret'),
});

export function orderRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/orders',
        ...signedIn(deps),
        tags: ['orders'],
        summary:
          'My orders, newest first, a page at a time: items, money, refunds and the points each earned (我的订单; 我要投诉 picks one)',
        request: { query: MyOrderListQuery },
        responses: {
          200: jsonContent(MyOrderList, 'Orders'),
          400: jsonContent(ErrorBody, 'Bad limit or cursor'),
          401: jsonContent(ErrorBody, 'Not logged in'),
        },
      }),
      async (c) => {
        const member = await requireMember(deps, c.var.session.memberId);
        return c.json(await listMyOrders(deps, member, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/webhooks/orders',
        ...signedWebhook(deps),
        tags: ['webhooks'],
        summary: "A paid order from the seller's shop (signed). Idempotent by orderId.",
        request: {
          headers: SignatureHeaders,
          body: { content: { 'application/json': { schema: OrderWebhookBody } }, required: true },
        },
        responses: {
          200: jsonContent(OrderWebhookResult, 'Received (credited, kept for a buyer who has not joined, or a duplicate)'),
          400: jsonContent(ErrorBody, 'Invalid order'),
          401: jsonContent(ErrorBody, 'Bad signature or stale timestamp'),
          409: jsonContent(ErrorBody, 'Order id reused with different content'),
          422: jsonContent(ErrorBody, "TOTAL_LIMIT_REACHED: the buyer's lifetime spend or points balance would pass its ceiling"),
        },
      }),
      async (c) => c.json(await receiveOrder(deps, c.req.valid('json'), undefined, serviceNoticePlanner(deps), riskOrderWatch(deps)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/webhooks/refunds',
        ...signedWebhook(deps),
        tags: ['webhooks'],
        summary: "A full or partial refund from the seller's shop (signed like orders). Idempotent by refundId.",
        request: {
          headers: SignatureHeaders,
          body: { content: { 'application/json': { schema: RefundWebhookBody } }, required: true },
        },
        responses: {
          200: jsonContent(RefundWebhookResult, 'Applied (points taken back), recorded for an order not yet credited, or a duplicate'),
          400: jsonContent(ErrorBody, 'Invalid refund'),
          401: jsonContent(ErrorBody, 'Bad signature or stale timestamp'),
          404: jsonContent(ErrorBody, 'Unknown order: send the order first'),
          422: jsonContent(
            ErrorBody,
            "REFUND_EXCEEDS_ORDER: more than the order's paid amount; TOTAL_LIMIT_REACHED: the points debt would pass its ceiling",
          ),
        },
      }),
      async (c) => c.json(await receiveRefund(deps, c.req.valid('json')), 200),
    );
}
