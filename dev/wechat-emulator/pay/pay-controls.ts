import { Hono } from 'hono';
import { cors } from 'hono/cors';
import {
  attemptNotification,
  deliverDue,
  findOrder,
  findRefund,
  isExpired,
  paySignIsValid,
  payOrder,
  settleRefund,
  type PayContext,
} from './pay-engine.ts';
import type { PayForcedFailure, PayRefundRecord } from './pay-state.ts';

/**
 * Controls that stand in for the payer's phone and for a test's hand on WeChat Pay (not part of
 * WeChat Pay's API): the H5 build's payment sheet confirms or cancels a payment here, tests settle
 * refunds, queue failures and read what was notified. CORS: the H5 build calls them cross-origin.
 */
export function payControlRoutes(ctx: PayContext) {
  return (
    new Hono()
      .use('*', cors())
      /**
       * wx.requestPayment: checks paySign as WeChat's client does (the merchant's key over appId,
       * timeStamp, nonceStr and package), then pays or cancels. A payment is notified before the
       * answer (the first attempt; retries follow WeChat Pay's schedule).
       */
      .post('/confirm', async (c) => {
        const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
        const fail = (why: string) => c.json({ errMsg: `requestPayment:fail ${why}` }, 400);
        if (!body || typeof body !== 'object') return fail('参数必须是JSON对象');
        const { timeStamp, nonceStr, package: pkg, signType, paySign, action } = body;
        if (typeof timeStamp !== 'string' || typeof nonceStr !== 'string' || typeof pkg !== 'string' || typeof paySign !== 'string')
          return fail('缺少参数 timeStamp、nonceStr、package 或 paySign');
        if (signType !== 'RSA') return fail('signType 必须为 RSA');
        if (action !== 'pay' && action !== 'cancel') return fail('action 必须为 pay 或 cancel');
        const prepayId = /^prepay_id=(.+)$/.exec(pkg)?.[1];
        const order = prepayId ? ctx.state.orders.find((o) => o.prepayId === prepayId) : undefined;
        if (!order) return fail('prepay_id 不存在');
        if (!paySignIsValid(ctx, order, { timeStamp, nonceStr, package: pkg, paySign })) return fail('支付验证签名失败');
        if (order.state === 'SUCCESS' || order.state === 'REFUND') return fail('该订单已支付');
        if (order.state === 'CLOSED') return fail('该订单已关闭');
        if (isExpired(ctx, order)) return fail('订单已过期');
        if (action === 'cancel') return c.json({ errMsg: 'requestPayment:fail cancel' });
        const notification = payOrder(ctx, order);
        await attemptNotification(ctx, notification);
        return c.json({ errMsg: 'requestPayment:ok' });
      })
      /** What the payment sheet shows for a prepay_id. */
      .get('/prepay/:prepayId', (c) => {
        const order = ctx.state.orders.find((o) => o.prepayId === c.req.param('prepayId'));
        if (!order) return c.json({ error: 'no such prepay_id' }, 404);
        const state = order.state === 'NOTPAY' && isExpired(ctx, order) ? 'EXPIRED' : order.state;
        return c.json({
          description: order.description,
          amountFen: order.amountFen,
          outTradeNo: order.outTradeNo,
          expiresAt: order.expiresAt,
          state,
        });
      })
      .get('/orders', (c) => {
        const outTradeNo = c.req.query('outTradeNo');
        return c.json(outTradeNo ? ctx.state.orders.filter((o) => o.outTradeNo === outTradeNo) : ctx.state.orders);
      })
      /**
       * The payer paid (whatever time_expire says): for a notification that arrives after the
       * merchant released the order. `{ notify: false }` pays without notifying yet.
       */
      .post('/orders/:outTradeNo/succeed', async (c) => {
        const order = findOrder(ctx, c.req.param('outTradeNo'));
        if (!order) return c.json({ error: 'no such order' }, 404);
        if (order.state !== 'NOTPAY') return c.json({ error: `the order is ${order.state}` }, 409);
        const body = (await c.req.json().catch(() => ({}))) as { notify?: unknown };
        const notification = payOrder(ctx, order);
        if (body.notify !== false) await attemptNotification(ctx, notification);
        return c.json({ order, notification });
      })
      .get('/refunds', (c) => {
        const outTradeNo = c.req.query('outTradeNo');
        return c.json(outTradeNo ? ctx.state.refunds.filter((r) => r.outTradeNo === outTradeNo) : ctx.state.refunds);
      })
      /** Ends a PROCESSING refund now, as `status` (default: how it was going to end), and notifies. */
      .post('/refunds/:outRefundNo/settle', async (c) => {
        const refund = findRefund(ctx, c.req.param('outRefundNo'));
        if (!refund) return c.json({ error: 'no such refund' }, 404);
        if (refund.status !== 'PROCESSING') return c.json({ error: `the refund is ${refund.status}` }, 409);
        const body = (await c.req.json().catch(() => ({}))) as { status?: unknown };
        const status = body.status ?? refund.settlesAs;
        if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED')
          return c.json({ error: 'status must be SUCCESS, ABNORMAL or CLOSED' }, 400);
        const notification = settleRefund(ctx, refund, status as PayRefundRecord['settlesAs'])!;
        await attemptNotification(ctx, notification);
        return c.json({ refund, notification });
      })
      /** The next refund accepted ends ABNORMAL (the payer's account cannot take it). */
      .post('/next-refund-abnormal', (c) => {
        ctx.state.nextRefundAbnormal = true;
        return c.json({ ok: true });
      })
      .post('/failures', async (c) => {
        const parsed = parseForcedFailure(await c.req.json().catch(() => undefined));
        if ('fail' in parsed) return c.json({ error: parsed.fail }, 400);
        ctx.state.forcedFailures.push(parsed);
        return c.json({ ok: true, queued: ctx.state.forcedFailures });
      })
      .delete('/failures', (c) => {
        const deleted = ctx.state.forcedFailures.length;
        ctx.state.forcedFailures.length = 0;
        return c.json({ ok: true, deleted });
      })
      .get('/notifications', (c) => {
        const subject = c.req.query('subject');
        const list = subject ? ctx.state.notifications.filter((n) => n.subject === subject) : ctx.state.notifications;
        return c.json(list.map(({ body: _body, ...rest }) => rest));
      })
      /** Posts a notification once more, freshly signed (WeChat Pay may deliver one twice). */
      .post('/notifications/:id/redeliver', async (c) => {
        const notification = ctx.state.notifications.find((n) => n.id === c.req.param('id'));
        if (!notification) return c.json({ error: 'no such notification' }, 404);
        await attemptNotification(ctx, notification, true);
        return c.json(notification.attempts.at(-1));
      })
      /** Settles due refunds and posts due notifications now (the emulator's timer does this every second). */
      .post('/deliver-due', async (c) => c.json({ delivered: await deliverDue(ctx) }))
  );
}

const FAILURE_KINDS = ['system-error', 'timeout', 'frequency-limited', 'not-enough'] as const;

/**
 * `{ path: '/v3/refund/domestic/refunds', kind: 'system-error' | 'timeout' | 'frequency-limited' | 'not-enough',
 * applied?: boolean, times?: number }`: the next `times` (default 1) calls to that path fail so. With
 * `applied`, a system-error or timeout happens after the call took effect (the outcome is unknown to the caller).
 */
function parseForcedFailure(body: unknown): PayForcedFailure | { fail: string } {
  if (typeof body !== 'object' || body === null) return { fail: 'body must be a JSON object' };
  const { path, kind, applied = false, times = 1 } = body as Record<string, unknown>;
  if (typeof path !== 'string' || !path.startsWith('/v3/'))
    return { fail: 'path must be a WeChat Pay path such as /v3/refund/domestic/refunds' };
  if (!FAILURE_KINDS.includes(kind as PayForcedFailure['kind'])) return { fail: `kind must be one of ${FAILURE_KINDS.join(', ')}` };
  if (typeof applied !== 'boolean') return { fail: 'applied must be true or false' };
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) return { fail: 'times must be a positive integer' };
  return { path, kind: kind as PayForcedFailure['kind'], applied, times };
}
