import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCAL_WECHAT_PAY_API_V3_KEY,
  LOCAL_WECHAT_PAY_MCH_ID,
  LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
  LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
  LOCAL_WECHAT_PAY_PUBLIC_KEY,
  LOCAL_WECHAT_PAY_PUBLIC_KEY_ID,
} from '../../../functions/src/config/local-wechatpay-keys.ts';
import { authorizationHeader } from '../../../functions/src/wechatpay/signatures.ts';
import { createWechatEmulator, type PayMode } from '../index.ts';
import { renderMessagesPage } from '../messages-page.ts';
import { ManualClock } from '../test-support.ts';
import {
  EMULATOR_API_V3_KEY,
  EMULATOR_MCH_ID,
  EMULATOR_MERCHANT_PUBLIC_KEY,
  EMULATOR_MERCHANT_SERIAL_NO,
  EMULATOR_PLATFORM_CERTIFICATE,
  EMULATOR_PLATFORM_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID,
} from './local-keys.ts';
import { payUnderTest, sampleOrder } from './pay-test-support.ts';

/*
 * The emulated WeChat Pay API at the HTTP level: what it accepts as a merchant's signature, and
 * that every answer carries WeChat Pay's.
 */

const APP_ID = 'wxlinli0000local';

function emulator(mode: PayMode = 'public-key') {
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  return { clock, ...createWechatEmulator({ appId: APP_ID, appSecret: 's', now: clock.now, pay: { mode } }) };
}

/** A request signed as the merchant signs one; `tamper` changes what is sent after signing. */
function signedRequest(
  clock: ManualClock,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body = '',
  sign: Partial<{ mchId: string; serialNo: string; timestamp: number; privateKey: string }> = {},
  sentBody = body,
): Request {
  const authorization = authorizationHeader({
    mchId: sign.mchId ?? LOCAL_WECHAT_PAY_MCH_ID,
    serialNo: sign.serialNo ?? LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
    privateKey: sign.privateKey ?? LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
    method,
    pathAndQuery,
    timestamp: sign.timestamp ?? Math.floor(clock.now().getTime() / 1000),
    nonce: 'NONCE0123456789',
    body,
  });
  return new Request(`http://127.0.0.1:3100${pathAndQuery}`, {
    method,
    headers: { authorization, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? sentBody : undefined,
  });
}

/** Whether an answer carries a valid WeChat Pay signature by `key` under `serial`. */
async function signedBy(response: Response, key: string, serial: string): Promise<boolean> {
  const body = await response.clone().text();
  const h = (name: string) => response.headers.get(name) ?? '';
  if (h('wechatpay-serial') !== serial) return false;
  return createVerify('RSA-SHA256')
    .update(`${h('wechatpay-timestamp')}\n${h('wechatpay-nonce')}\n${body}\n`)
    .verify(key, h('wechatpay-signature'), 'base64');
}

const jsapiBody = JSON.stringify({
  appid: APP_ID,
  mchid: LOCAL_WECHAT_PAY_MCH_ID,
  description: '拼团-赣南脐橙 5 斤',
  out_trade_no: 'GB20261123000001',
  time_expire: '2026-11-23T10:15:00+08:00',
  notify_url: 'https://linli.example.com/v1/wechatpay/notify',
  amount: { total: 1990, currency: 'CNY' },
  payer: { openid: 'o-alice' },
});

describe('local keys', () => {
  it("pair up with Linli's: the merchant's public key, the WeChat Pay public key, the ids and the APIv3 key", () => {
    const publicOf = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' });
    expect(publicOf(LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY)).toBe(publicOf(EMULATOR_MERCHANT_PUBLIC_KEY));
    expect(publicOf(EMULATOR_WECHAT_PAY_PRIVATE_KEY)).toBe(publicOf(LOCAL_WECHAT_PAY_PUBLIC_KEY));
    expect(EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID).toBe(LOCAL_WECHAT_PAY_PUBLIC_KEY_ID);
    expect(EMULATOR_MCH_ID).toBe(LOCAL_WECHAT_PAY_MCH_ID);
    expect(EMULATOR_MERCHANT_SERIAL_NO).toBe(LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO);
    expect(EMULATOR_API_V3_KEY).toBe(LOCAL_WECHAT_PAY_API_V3_KEY);
    const certificate = new X509Certificate(EMULATOR_PLATFORM_CERTIFICATE);
    expect(publicOf(EMULATOR_PLATFORM_PRIVATE_KEY)).toBe(certificate.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(certificate.serialNumber).toBe('5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
  });
});

describe('merchant signatures', () => {
  it('admit a request signed by the merchant key, serial and mchid', async () => {
    const { app, clock } = emulator();
    const response = await app.fetch(signedRequest(clock, 'POST', '/v3/pay/transactions/jsapi', jsapiBody));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ prepay_id: expect.any(String) });
  });

  it.each([
    ['a body changed after signing', { sentBody: jsapiBody.replace('1990', '1') }],
    ['another merchant id', { sign: { mchId: '1900000002' } }],
    ['another certificate serial', { sign: { serialNo: 'ABCDEF0123456789' } }],
    ['a timestamp six minutes old', { sign: { timestamp: Date.parse('2026-11-23T01:54:00Z') / 1000 } }],
    ['another key', { sign: { privateKey: EMULATOR_PLATFORM_PRIVATE_KEY } }],
  ])('refuse %s with 401 SIGN_ERROR, changing nothing', async (_label, change: { sentBody?: string; sign?: object }) => {
    const { app, clock, state } = emulator();
    const response = await app.fetch(signedRequest(clock, 'POST', '/v3/pay/transactions/jsapi', jsapiBody, change.sign, change.sentBody));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SIGN_ERROR' });
    expect(state.pay.orders).toEqual([]);
  });

  it('refuse a query whose query string was changed after signing', async () => {
    const { app, clock } = emulator();
    const request = signedRequest(clock, 'GET', '/v3/pay/transactions/out-trade-no/GB20261123000001?mchid=1900000001');
    const changed = new Request(request.url.replace('mchid=1900000001', 'mchid=1900000002'), { headers: request.headers });
    expect((await app.fetch(changed)).status).toBe(401);
  });

  it('refuse a request without an Authorization header', async () => {
    const { app } = emulator();
    const response = await app.request('/v3/pay/transactions/jsapi', { method: 'POST', body: jsapiBody });
    expect(response.status).toBe(401);
  });
});

describe('answers', () => {
  it('are all signed with the WeChat Pay public key in public-key mode, errors and 204s included', async () => {
    const { app, clock } = emulator();
    const created = await app.fetch(signedRequest(clock, 'POST', '/v3/pay/transactions/jsapi', jsapiBody));
    const notFound = await app.fetch(signedRequest(clock, 'GET', '/v3/pay/transactions/out-trade-no/GB20261123999999?mchid=1900000001'));
    const closed = await app.fetch(
      signedRequest(clock, 'POST', '/v3/pay/transactions/out-trade-no/GB20261123000001/close', '{"mchid":"1900000001"}'),
    );
    const unsigned = await app.request('/v3/certificates');
    const certificates = await app.fetch(signedRequest(clock, 'GET', '/v3/certificates'));
    expect([created.status, notFound.status, closed.status, unsigned.status, certificates.status]).toEqual([200, 404, 204, 401, 404]);
    expect(await notFound.clone().json()).toMatchObject({ code: 'ORDER_NOT_EXIST' });
    expect(await certificates.clone().json()).toMatchObject({ message: expect.stringContaining('无可用的平台证书') });
    for (const response of [created, notFound, closed, unsigned, certificates]) {
      expect(await signedBy(response, LOCAL_WECHAT_PAY_PUBLIC_KEY, LOCAL_WECHAT_PAY_PUBLIC_KEY_ID)).toBe(true);
    }
  });

  it('are signed with the platform certificate in platform-certificate mode, which /v3/certificates hands out encrypted', async () => {
    const { app, clock } = emulator('platform-certificate');
    const response = await app.fetch(signedRequest(clock, 'GET', '/v3/certificates'));
    expect(response.status).toBe(200);
    const certificateKey = new X509Certificate(EMULATOR_PLATFORM_CERTIFICATE).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(await signedBy(response, certificateKey, '5157F09EFDC096DE15EBE81A47057A7232F1B8E1')).toBe(true);
    const { data } = (await response.json()) as { data: Array<{ serial_no: string; encrypt_certificate: { associated_data: string } }> };
    expect(data).toEqual([
      expect.objectContaining({
        serial_no: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
        encrypt_certificate: expect.objectContaining({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate' }),
      }),
    ]);
  });
});

describe('the emulator’s state', () => {
  it('keeps orders, refunds and notifications across a restart when a state file is used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-pay-emulator-'));
    try {
      const stateFile = join(dir, 'wechat-emulator.json');
      const clock = new ManualClock('2026-11-23T02:00:00.000Z');
      const before = createWechatEmulator({ appId: APP_ID, appSecret: 's', now: clock.now, stateFile });
      await before.app.fetch(signedRequest(clock, 'POST', '/v3/pay/transactions/jsapi', jsapiBody));
      const after = createWechatEmulator({ appId: APP_ID, appSecret: 's', now: clock.now, stateFile });
      expect(after.state.pay.orders).toEqual(before.state.pay.orders);
      expect(after.state.pay.orders).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is shown on the emulator’s page in Chinese: payments, refunds and what was notified', async () => {
    const pay = payUnderTest();
    pay.answers.push(500);
    const order = sampleOrder(pay.clock);
    const { prepayId } = await pay.adapter.createJsapiOrder(order);
    await pay.control('/confirm', { ...pay.adapter.requestPaymentParams(prepayId), action: 'pay' });
    await pay.adapter.createRefund({
      outTradeNo: order.outTradeNo,
      outRefundNo: 'GB1R1',
      refundFen: 990,
      totalFen: 1990,
      reason: '退出拼团',
    });
    const page = renderMessagesPage([], [], pay.emulator.state.pay);
    expect(page).toContain('微信支付 · 支付订单');
    expect(page).toContain('拼团-赣南脐橙 5 斤');
    expect(page).toContain('¥19.90');
    expect(page).toContain('已转入退款');
    expect(page).toContain('待重试');
    expect(page).toContain('微信支付 · 退款');
    expect(page).toContain('¥9.90（订单 ¥19.90）');
    expect(page).toContain('退款处理中');
  });
});
