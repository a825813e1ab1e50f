import { createSign } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { createWechatEmulator } from '../../../dev/wechat-emulator/index.ts';
import { EMULATOR_PLATFORM_PRIVATE_KEY, EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID } from '../../../dev/wechat-emulator/pay/local-keys.ts';
import { signAnswer } from '../../../dev/wechat-emulator/pay/pay-crypto.ts';
import { testClock } from '../../../test/support/test-clock.ts';
import { LOCAL_SECRETS, readConfig } from '../config/config.ts';
import { DomainError } from '../platform/domain-error.ts';
import { wechatPayClientFor } from '../runtime.ts';
import type { PayNotification } from '../wechatpay/wechat-pay-client.ts';
import { wechatPayNotification } from './access.ts';
import { statusForCode } from './errors.ts';
import { newRouter } from './router.ts';
import { verifiedPayNotification } from './wechat-pay-notification.ts';

/*
 * The wechatpay-notification guard on a tiny app with one route, fed by the emulator's WeChat Pay:
 * genuine notifications reach the handler decrypted; anything else is refused with 401 before the
 * handler runs.
 */

const NOTIFY_PATH = '/v1/wechatpay/notify';

function guardedApp() {
  const clock = testClock('2026-11-23T02:00:00.000Z');
  const config = readConfig({});
  const handled: PayNotification[] = [];
  const posted: Array<{ status: number; body: unknown }> = [];
  const late: { app?: { fetch: (request: Request) => Response | Promise<Response> } } = {};
  const emulator = createWechatEmulator({
    appId: config.wechat.appId,
    appSecret: LOCAL_SECRETS.wechatAppSecret,
    now: clock,
    pay: {
      deliver: async (url, init) => {
        const response = await late.app!.fetch(new Request(url, init));
        posted.push({
          status: response.status,
          body: await response
            .clone()
            .json()
            .catch(() => null),
        });
        return response;
      },
    },
  });
  const wechatPay = wechatPayClientFor(config, LOCAL_SECRETS, clock, {
    fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
  });
  const logger = new Logger({ serviceName: 'linli-test', logLevel: 'SILENT' });
  const app = newRouter();
  // What the app hands every request: the body limit applies; nothing comes from an address to count.
  app.use('*', async (c, next) => {
    c.set('requestLimits', { maxBodyBytes: config.http.maxBodyBytes, take: () => Promise.resolve({ allowed: true }) });
    await next();
  });
  app.onError((error, c) =>
    error instanceof DomainError
      ? c.json({ error: { code: error.code, message: error.message } }, statusForCode(error.code) as 401)
      : c.text('boom', 500),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: NOTIFY_PATH,
      ...wechatPayNotification({ wechatPay, logger }),
      responses: { 204: { description: 'Received' } },
    }),
    (c) => {
      handled.push(verifiedPayNotification(c));
      return c.body(null, 204);
    },
  );
  late.app = app;
  return { app, clock, emulator, wechatPay, handled, posted };
}

async function paidOrder(stack: ReturnType<typeof guardedApp>) {
  const { prepayId } = await stack.wechatPay.createJsapiOrder({
    outTradeNo: 'GB20261123000001',
    description: '拼团-赣南脐橙 5 斤',
    amountFen: 1990,
    payerOpenid: 'o-alice',
    expiresAt: new Date(stack.clock().getTime() + 15 * 60_000),
  });
  const response = await stack.emulator.app.request('/__emulator/pay/confirm', {
    method: 'POST',
    body: JSON.stringify({ ...stack.wechatPay.requestPaymentParams(prepayId), action: 'pay' }),
  });
  expect(await response.json()).toEqual({ errMsg: 'requestPayment:ok' });
  return stack.emulator.state.pay.notifications.at(-1)!;
}

describe('the wechatpay-notification guard', () => {
  it('hands the route the verified, decrypted notification', async () => {
    const stack = guardedApp();
    await paidOrder(stack);
    expect(stack.posted.map((post) => post.status)).toEqual([204]);
    expect(stack.handled).toEqual([
      expect.objectContaining({
        eventType: 'TRANSACTION.SUCCESS',
        transaction: expect.objectContaining({ outTradeNo: 'GB20261123000001', tradeState: 'SUCCESS', amountFen: 1990 }),
      }),
    ]);
  });

  it('refuses a notification signed more than five minutes ago, before the handler runs', async () => {
    const stack = guardedApp();
    const notification = await paidOrder(stack);
    const captured = await capturedPost(stack, notification.id, new Date(stack.clock().getTime() - 301_000));
    const response = await stack.app.request(NOTIFY_PATH, { method: 'POST', headers: captured.headers, body: captured.body });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID', message: expect.stringContaining('stale') } });
    expect(stack.handled).toHaveLength(1);
  });

  it.each([
    ['unsigned', (headers: Headers) => headers.delete('wechatpay-signature')],
    [
      'signed by another key under the public key id',
      (headers: Headers, body: string) => resign(headers, body, EMULATOR_PLATFORM_PRIVATE_KEY),
    ],
    ['naming an unknown key', (headers: Headers) => headers.set('wechatpay-serial', 'PUB_KEY_ID_0000000000000000000000000000000000000')],
  ])('refuses a notification %s with 401 SIGNATURE_INVALID, before the handler runs', async (_label, tamper) => {
    const stack = guardedApp();
    const notification = await paidOrder(stack);
    const captured = await capturedPost(stack, notification.id);
    tamper(captured.headers, captured.body);
    const response = await stack.app.request(NOTIFY_PATH, { method: 'POST', headers: captured.headers, body: captured.body });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    expect(stack.handled).toHaveLength(1);
  });

  it('refuses a body changed after WeChat Pay signed it', async () => {
    const stack = guardedApp();
    const notification = await paidOrder(stack);
    const captured = await capturedPost(stack, notification.id);
    const changed = captured.body.replace(/"id":"[^"]+"/, '"id":"EV-forged"');
    const response = await stack.app.request(NOTIFY_PATH, { method: 'POST', headers: captured.headers, body: changed });
    expect(response.status).toBe(401);
    expect(stack.handled).toHaveLength(1);
  });
});

/** A notification as the emulator would post it now (freshly signed), to be tampered with before sending. */
async function capturedPost(
  stack: ReturnType<typeof guardedApp>,
  id: string,
  signedAt = stack.clock(),
): Promise<{ headers: Headers; body: string }> {
  const notification = stack.emulator.state.pay.notifications.find((n) => n.id === id)!;
  const headers = new Headers({
    'content-type': 'application/json',
    ...signAnswer(stack.emulator.pay.settings.signer, notification.body, signedAt),
  });
  return { headers, body: notification.body };
}

/** Signs the notification again with `privateKey`, keeping the public key's id: a forgery. */
function resign(headers: Headers, body: string, privateKey: string): void {
  const timestamp = headers.get('wechatpay-timestamp')!;
  const nonce = headers.get('wechatpay-nonce')!;
  headers.set('wechatpay-signature', createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(privateKey, 'base64'));
  headers.set('wechatpay-serial', EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID);
}
