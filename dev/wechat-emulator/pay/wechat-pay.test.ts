import { describe, expect, it } from 'vitest';
import { WechatPayApiError, WechatPayUnreachableError } from '../../../functions/src/wechatpay/wechat-pay-client.ts';
import { NOTIFY_RETRY_SECONDS } from '../index.ts';
import { payUnderTest, sampleOrder } from './pay-test-support.ts';

/*
 * Linli's WeChat Pay adapter against the emulator, for every call the adapter makes: both sides
 * sign and verify for real, so these pass only when the two agree on WeChat Pay's rules.
 */

async function prepaidOrder(pay = payUnderTest(), outTradeNo?: string) {
  const order = sampleOrder(pay.clock, outTradeNo);
  const { prepayId } = await pay.adapter.createJsapiOrder(order);
  return { pay, order, prepayId };
}

async function paidOrder(outTradeNo?: string) {
  const { pay, order, prepayId } = await prepaidOrder(payUnderTest(), outTradeNo);
  const confirm = await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
  expect(confirm.json).toEqual({ errMsg: 'requestPayment:ok' });
  return { pay, order, prepayId };
}

describe('JSAPI orders', () => {
  it('answer a prepay_id, and the same one for the same out_trade_no and terms', async () => {
    const { pay, order, prepayId } = await prepaidOrder();
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    await expect(pay.adapter.createJsapiOrder(order)).resolves.toEqual({ prepayId });
    expect(pay.emulator.state.pay.orders).toHaveLength(1);
  });

  it('refuse the same out_trade_no with other terms (400 INVALID_REQUEST 201 商户订单号重复)', async () => {
    const { pay, order } = await prepaidOrder();
    await expect(pay.adapter.createJsapiOrder({ ...order, amountFen: 2990 })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('201 商户订单号重复'),
    });
  });

  it('refuse to prepay again a paid order (ORDERPAID) or a closed one (ORDER_CLOSED)', async () => {
    const { pay, order } = await paidOrder();
    await expect(pay.adapter.createJsapiOrder(order)).rejects.toMatchObject({ status: 400, code: 'ORDERPAID' });
    const second = await prepaidOrder(pay, 'GB20261123000002');
    await pay.adapter.closeOrder(second.order.outTradeNo);
    await expect(pay.adapter.createJsapiOrder(second.order)).rejects.toMatchObject({ status: 400, code: 'ORDER_CLOSED' });
  });

  it.each([
    ['out_trade_no shorter than 6', { outTradeNo: 'GB123' }, '/body/out_trade_no'],
    ['out_trade_no longer than 32', { outTradeNo: 'G'.repeat(33) }, '/body/out_trade_no'],
    ['out_trade_no with a character outside [0-9A-Za-z_-|*]', { outTradeNo: 'GB2026#1' }, '/body/out_trade_no'],
    ['a zero amount', { amountFen: 0 }, '/body/amount/total'],
    ['an empty description', { description: '' }, '/body/description'],
    ['an attach over 128 characters', { attach: 'a'.repeat(129) }, '/body/attach'],
    ['no payer', { payerOpenid: '' }, '/body/payer/openid'],
  ])('refuse %s with 400 PARAM_ERROR naming the field', async (_label, change, field) => {
    const pay = payUnderTest();
    const error = await pay.adapter.createJsapiOrder({ ...sampleOrder(pay.clock), ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).toMatchObject({ status: 400, code: 'PARAM_ERROR', message: expect.stringContaining(field) });
  });

  it('are found by query: NOTPAY, then SUCCESS with the payer and transaction id; unknown ones answer null', async () => {
    const { pay, order, prepayId } = await prepaidOrder();
    await expect(pay.adapter.queryOrder(order.outTradeNo)).resolves.toEqual({
      outTradeNo: order.outTradeNo,
      transactionId: null,
      tradeState: 'NOTPAY',
      amountFen: 1990,
      payerTotalFen: null,
      payerOpenid: 'o-alice',
      successTime: null,
    });
    await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
    await expect(pay.adapter.queryOrder(order.outTradeNo)).resolves.toEqual({
      outTradeNo: order.outTradeNo,
      transactionId: expect.stringMatching(/^\d{28}$/),
      tradeState: 'SUCCESS',
      amountFen: 1990,
      payerTotalFen: 1990,
      payerOpenid: 'o-alice',
      successTime: '2026-11-23T02:00:00.000Z',
    });
    await expect(pay.adapter.queryOrder('GB20261123999999')).resolves.toBeNull();
  });

  it('close when unpaid (again is fine), and refuse to close a paid one with ORDERPAID', async () => {
    const { pay, order } = await prepaidOrder();
    await pay.adapter.closeOrder(order.outTradeNo);
    await pay.adapter.closeOrder(order.outTradeNo);
    await expect(pay.adapter.queryOrder(order.outTradeNo)).resolves.toMatchObject({ tradeState: 'CLOSED' });
    const paid = await paidOrder('GB20261123000009');
    const error = await paid.pay.adapter.closeOrder(paid.order.outTradeNo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).toMatchObject({ status: 400, code: 'ORDERPAID' });
    await expect(paid.pay.adapter.closeOrder('GB20261123999999')).rejects.toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
  });
});

describe('the payment sheet (POST /__emulator/pay/confirm)', () => {
  it('pays with the params Linli signed, and the merchant is notified at once', async () => {
    const { pay, order } = await paidOrder();
    expect(pay.received).toEqual([
      expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS', transaction: expect.objectContaining({ outTradeNo: order.outTradeNo }) }),
    ]);
  });

  it('refuses a forged paySign and one signed for another package, changing nothing', async () => {
    const { pay, prepayId } = await prepaidOrder();
    const params = pay.adapter.requestPaymentParams(prepayId);
    const forged = { ...params, paySign: Buffer.from('forged').toString('base64') };
    expect((await pay.control('/confirm', { ...forged, action: 'pay' })).json).toEqual({ errMsg: 'requestPayment:fail 支付验证签名失败' });
    const otherNonce = { ...params, nonceStr: `${params.nonceStr}x` };
    expect((await pay.control('/confirm', { ...otherNonce, action: 'pay' })).status).toBe(400);
    expect(pay.emulator.state.pay.orders[0]!.state).toBe('NOTPAY');
    expect(pay.received).toEqual([]);
  });

  it('cancels without paying, and refuses to pay after time_expire', async () => {
    const { pay, prepayId, order } = await prepaidOrder();
    const params = pay.adapter.requestPaymentParams(prepayId);
    expect((await pay.control('/confirm', { ...params, action: 'cancel' })).json).toEqual({ errMsg: 'requestPayment:fail cancel' });
    pay.clock.advanceSeconds(15 * 60);
    expect((await pay.control('/confirm', { ...params, action: 'pay' })).json).toEqual({ errMsg: 'requestPayment:fail 订单已过期' });
    await expect(pay.adapter.queryOrder(order.outTradeNo)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
    expect((await pay.control(`/prepay/${prepayId}`)).json).toEqual({
      description: '拼团-赣南脐橙 5 斤',
      amountFen: 1990,
      outTradeNo: order.outTradeNo,
      expiresAt: '2026-11-23T02:15:00.000Z',
      state: 'EXPIRED',
    });
  });
});

describe('refunds', () => {
  const refundOf = (outTradeNo: string, outRefundNo = `${outTradeNo}R1`, refundFen = 1990) => ({
    outTradeNo,
    outRefundNo,
    refundFen,
    totalFen: 1990,
    reason: '拼团未成团',
  });

  it('are accepted PROCESSING, answered the same for the same out_refund_no, and settle SUCCESS with a notification', async () => {
    const { pay, order } = await paidOrder();
    const first = await pay.adapter.createRefund(refundOf(order.outTradeNo));
    expect(first).toMatchObject({ outRefundNo: `${order.outTradeNo}R1`, status: 'PROCESSING', refundFen: 1990, totalFen: 1990 });
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo))).resolves.toEqual(first);
    expect(pay.emulator.state.pay.refunds).toHaveLength(1);
    await expect(pay.adapter.queryRefund(first.outRefundNo)).resolves.toEqual(first);

    pay.clock.advanceSeconds(5);
    await pay.emulator.pay.deliverDue();
    await expect(pay.adapter.queryRefund(first.outRefundNo)).resolves.toMatchObject({
      status: 'SUCCESS',
      successTime: '2026-11-23T02:00:05.000Z',
    });
    expect(pay.received.at(-1)).toMatchObject({
      eventType: 'REFUND.SUCCESS',
      refund: { outRefundNo: first.outRefundNo, status: 'SUCCESS' },
    });
  });

  it('end ABNORMAL when a test asks, notified as REFUND.ABNORMAL', async () => {
    const { pay, order } = await paidOrder();
    await pay.control('/next-refund-abnormal', {});
    const refund = await pay.adapter.createRefund(refundOf(order.outTradeNo));
    await pay.control(`/refunds/${refund.outRefundNo}/settle`, {});
    await expect(pay.adapter.queryRefund(refund.outRefundNo)).resolves.toMatchObject({ status: 'ABNORMAL' });
    expect(pay.received.at(-1)).toMatchObject({ eventType: 'REFUND.ABNORMAL' });
  });

  it('refuse more than was paid, the same out_refund_no with another amount, and a second refund within a minute', async () => {
    const { pay, order } = await paidOrder();
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-over', 1991))).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
    });
    await pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-part', 1000));
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-part', 900))).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
    });
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-rest', 990))).rejects.toMatchObject({
      status: 429,
      code: 'FREQUENCY_LIMITED',
    });
    pay.clock.advanceSeconds(60);
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-rest', 991))).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('申请退款金额超过订单可退金额'),
    });
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo, 'R-rest', 990))).resolves.toMatchObject({ status: 'PROCESSING' });
  });

  it('refuse an unpaid order, answer RESOURCE_NOT_EXISTS for an unknown order, and null for an unknown refund', async () => {
    const { pay, order } = await prepaidOrder();
    await expect(pay.adapter.createRefund(refundOf(order.outTradeNo))).rejects.toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    await expect(pay.adapter.createRefund(refundOf('GB20261123999999'))).rejects.toMatchObject({
      status: 404,
      code: 'RESOURCE_NOT_EXISTS',
    });
    await expect(pay.adapter.queryRefund('GB20261123999999R1')).resolves.toBeNull();
  });
});

describe('unknown outcomes', () => {
  it('a 500 SYSTEM_ERROR after the refund took effect: the adapter reports unreachable, and the retry answers the refund made', async () => {
    const { pay, order } = await paidOrder();
    await pay.control('/failures', { path: '/v3/refund/domestic/refunds', kind: 'system-error', applied: true });
    const refund = { outTradeNo: order.outTradeNo, outRefundNo: 'GB1R1', refundFen: 1990, totalFen: 1990, reason: '退出拼团' };
    await expect(pay.adapter.createRefund(refund)).rejects.toBeInstanceOf(WechatPayUnreachableError);
    expect(pay.emulator.state.pay.refunds).toHaveLength(1);
    await expect(pay.adapter.createRefund(refund)).resolves.toMatchObject({ outRefundNo: 'GB1R1', status: 'PROCESSING' });
    expect(pay.emulator.state.pay.refunds).toHaveLength(1);
  });

  it('a timeout before the call took effect: unreachable, nothing made', async () => {
    const { pay, order } = await paidOrder();
    await pay.control('/failures', { path: '/v3/refund/domestic/refunds', kind: 'timeout' });
    const refund = { outTradeNo: order.outTradeNo, outRefundNo: 'GB1R1', refundFen: 1990, totalFen: 1990, reason: '退出拼团' };
    await expect(pay.adapter.createRefund(refund)).rejects.toBeInstanceOf(WechatPayUnreachableError);
    expect(pay.emulator.state.pay.refunds).toHaveLength(0);
    await expect(pay.adapter.queryRefund('GB1R1')).resolves.toBeNull();
  });

  it('a timeout of a query (a path with a wildcard), then the query answers', async () => {
    const { pay, order } = await prepaidOrder();
    await pay.control('/failures', { path: '/v3/pay/transactions/out-trade-no/*', kind: 'timeout' });
    await expect(pay.adapter.queryOrder(order.outTradeNo)).rejects.toBeInstanceOf(WechatPayUnreachableError);
    await expect(pay.adapter.queryOrder(order.outTradeNo)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
  });
});

describe('notifications', () => {
  it('are retried on WeChat Pay’s schedule, compressed by the scale, until answered 204', async () => {
    const scale = 0.1;
    const pay = payUnderTest({ notifyTimeScale: scale });
    pay.answers.push(500, 500, 500, 500);
    const { prepayId } = await pay.adapter.createJsapiOrder(sampleOrder(pay.clock));
    const start = pay.clock.now().getTime();
    await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
    // Each retry is due exactly its scaled wait after the attempt before: not a tenth of a second sooner.
    for (const wait of NOTIFY_RETRY_SECONDS.slice(0, 4)) {
      pay.clock.advanceSeconds(wait * scale - 0.1);
      expect(await pay.emulator.pay.deliverDue()).toBe(0);
      pay.clock.advanceSeconds(0.1);
      expect(await pay.emulator.pay.deliverDue()).toBe(1);
    }
    const offsets = pay.posts.map((post) => (Date.parse(post.at) - start) / 1000);
    // 0 s, then 15 s, 15 s, 30 s and 3 min, each a tenth as long.
    expect(offsets).toEqual([0, 1.5, 3, 6, 24]);
    expect(pay.posts.map((post) => post.status)).toEqual([500, 500, 500, 500, 204]);
    // Answered: nothing more is sent, however long one waits.
    pay.clock.advanceSeconds(24 * 3600);
    expect(await pay.emulator.pay.deliverDue()).toBe(0);
    const [notification] = pay.emulator.state.pay.notifications;
    expect(notification).toMatchObject({ answered: true, nextAttemptAt: null });
    expect(notification!.attempts).toHaveLength(5);
  });

  it('follow the real schedule at scale 1: 16 attempts over about 24 hours, then stop', async () => {
    const pay = payUnderTest();
    pay.answers.push(...Array.from({ length: 20 }, () => 503));
    const { prepayId } = await pay.adapter.createJsapiOrder(sampleOrder(pay.clock));
    const start = pay.clock.now().getTime();
    await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
    for (const wait of NOTIFY_RETRY_SECONDS) {
      pay.clock.advanceSeconds(wait - 1);
      expect(await pay.emulator.pay.deliverDue()).toBe(0);
      pay.clock.advanceSeconds(1);
      expect(await pay.emulator.pay.deliverDue()).toBe(1);
    }
    pay.clock.advanceSeconds(24 * 3600);
    expect(await pay.emulator.pay.deliverDue()).toBe(0);
    expect(pay.posts).toHaveLength(16);
    // 86,640 s after the first attempt: the schedule's sum.
    expect((Date.parse(pay.posts.at(-1)!.at) - start) / 1000).toBe(86_640);
    expect(pay.emulator.state.pay.notifications[0]).toMatchObject({ answered: false, nextAttemptAt: null });
  });

  it('can be replayed, freshly signed, and each replay verifies', async () => {
    const { pay } = await paidOrder();
    const [notification] = pay.emulator.state.pay.notifications;
    for (let i = 0; i < 3; i++) await pay.control(`/notifications/${notification!.id}/redeliver`, {});
    expect(pay.received).toHaveLength(4);
    expect(new Set(pay.received.map((n) => n.id))).toEqual(new Set([notification!.id]));
  });
});

describe('platform-certificate mode', () => {
  it('signs with the platform certificate, which the adapter fetches from /v3/certificates once and keeps', async () => {
    const pay = payUnderTest({ mode: 'platform-certificate' });
    const seen: string[] = [];
    const fetchOriginal = pay.emulator.app.fetch;
    pay.emulator.app.fetch = (request: Request, ...rest) => {
      seen.push(new URL(request.url).pathname);
      return fetchOriginal(request, ...rest);
    };
    const { prepayId } = await pay.adapter.createJsapiOrder(sampleOrder(pay.clock));
    await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
    await pay.adapter.queryOrder('GB20261123000001');
    expect(pay.received).toEqual([expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS' })]);
    expect(seen.filter((path) => path === '/v3/certificates')).toHaveLength(1);
    expect(seen.filter((path) => path.startsWith('/v3/pay/'))).toHaveLength(2);
  });

  it('answers /v3/certificates with 404 in public-key mode, as WeChat Pay does for new merchants', async () => {
    const pay = payUnderTest();
    const response = await pay.emulator.app.request('/v3/certificates');
    // Unsigned request first: WeChat Pay checks the signature before anything else.
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });
});
