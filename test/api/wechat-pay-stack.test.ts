import { afterEach, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

/*
 * The test stack's WeChat Pay as group-buy tests use it: deps.wechatPay talks to the in-process
 * emulator, and the emulator's notifications reach the stack's own app at its notify route, in
 * either signing mode.
 */

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function payThroughTheSheet(current: TestStack) {
  const { prepayId } = await current.deps.wechatPay.createJsapiOrder({
    outTradeNo: 'GB20261123000001',
    description: '拼团-赣南脐橙 5 斤',
    amountFen: 1990,
    payerOpenid: 'o-alice',
    expiresAt: new Date(current.clock().getTime() + 15 * 60_000),
  });
  const response = await current.emulator.app.request('/__emulator/pay/confirm', {
    method: 'POST',
    body: JSON.stringify({ ...current.deps.wechatPay.requestPaymentParams(prepayId), action: 'pay' }),
  });
  expect(await response.json()).toEqual({ errMsg: 'requestPayment:ok' });
  return current.emulator.state.pay.notifications;
}

describe.each([
  ['public-key mode', {}],
  ['platform-certificate mode', { WECHAT_PAY_PUBLIC_KEY_ID: 'none' }],
])('WeChat Pay in the test stack (%s)', (_label, env) => {
  it('pays through the emulator and posts the notification to the app’s notify route', async () => {
    stack = await createTestStack({ env, pay: { notifyTimeScale: 0.01 } });
    const notifications = await payThroughTheSheet(stack);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.url).toBe('http://127.0.0.1:3000/v1/wechatpay/notify');
    // The app answered (whatever its routes are at this point): the post reached it, no network in between.
    expect(notifications[0]!.attempts[0]).toMatchObject({ status: expect.any(Number), error: null });
    await expect(stack.deps.wechatPay.queryOrder('GB20261123000001')).resolves.toMatchObject({ tradeState: 'SUCCESS' });
  });
});
