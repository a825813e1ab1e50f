import { createCipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMULATOR_MERCHANT_PUBLIC_KEY,
  EMULATOR_PLATFORM_CERTIFICATE,
  EMULATOR_PLATFORM_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PRIVATE_KEY,
} from '../../../dev/wechat-emulator/pay/local-keys.ts';
import { testClock } from '../../../test/support/test-clock.ts';
import {
  LOCAL_WECHAT_PAY_API_V3_KEY,
  LOCAL_WECHAT_PAY_MCH_ID,
  LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
  LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
  LOCAL_WECHAT_PAY_PUBLIC_KEY,
  LOCAL_WECHAT_PAY_PUBLIC_KEY_ID,
} from '../config/local-wechatpay-keys.ts';
import { createWechatPayClient } from './wechat-pay-adapter.ts';
import {
  WechatPayApiError,
  WechatPayNotificationRefused,
  WechatPayUnreachableError,
  type PaySignatureHeaders,
} from './wechat-pay-client.ts';

/*
 * The adapter against a WeChat Pay written out in this file with node:crypto (not the emulator, and
 * not the adapter's own signing code), so a mistake in the adapter cannot agree with itself.
 */

const APP_ID = 'wxlinli0000local';
const PLATFORM_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const NOW = '2026-11-23T02:00:00.000Z';

type SigningKey = { serial: string; privateKey: string };
const PUBLIC_KEY_SIGNER: SigningKey = { serial: LOCAL_WECHAT_PAY_PUBLIC_KEY_ID, privateKey: EMULATOR_WECHAT_PAY_PRIVATE_KEY };
const CERTIFICATE_SIGNER: SigningKey = { serial: PLATFORM_SERIAL, privateKey: EMULATOR_PLATFORM_PRIVATE_KEY };

function sign(privateKey: string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

/** The four Wechatpay-* headers over `body`, as WeChat Pay signs an answer or a notification. */
function signedHeaders(
  body: string,
  signer: SigningKey,
  atSeconds: number,
  nonce = randomBytes(8).toString('hex'),
): Record<string, string> {
  return {
    'wechatpay-timestamp': String(atSeconds),
    'wechatpay-nonce': nonce,
    'wechatpay-signature': sign(signer.privateKey, `${atSeconds}\n${nonce}\n${body}\n`),
    'wechatpay-serial': signer.serial,
  };
}

function asSignatureHeaders(headers: Record<string, string>): PaySignatureHeaders {
  return {
    timestamp: headers['wechatpay-timestamp'],
    nonce: headers['wechatpay-nonce'],
    signature: headers['wechatpay-signature'],
    serial: headers['wechatpay-serial'],
  };
}

function encrypt(plaintext: string, associatedData: string, key = LOCAL_WECHAT_PAY_API_V3_KEY) {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: associatedData };
}

interface Received {
  method: string;
  pathAndQuery: string;
  body: string;
  authorization: string;
}

/** Checks an Authorization header as WeChat Pay does, with the merchant's public key. */
function authorizationIsValid(request: Received): boolean {
  const match =
    /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="([^"]+)",signature="([^"]+)",timestamp="(\d+)",serial_no="([0-9A-F]+)"$/.exec(
      request.authorization,
    );
  if (!match) return false;
  const [, mchid, nonce, signature, timestamp, serial] = match as unknown as string[];
  if (mchid !== LOCAL_WECHAT_PAY_MCH_ID || serial !== LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO) return false;
  const message = `${request.method}\n${request.pathAndQuery}\n${timestamp}\n${nonce}\n${request.body}\n`;
  return createVerify('RSA-SHA256').update(message).verify(EMULATOR_MERCHANT_PUBLIC_KEY, signature!, 'base64');
}

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'hang';

/** A fake WeChat Pay: records requests and answers what `respond` says, signed unless told otherwise. */
function fakeWechatPay(
  clock: () => Date,
  respond: (request: Received) => Answer | { status: number; body: unknown; signer?: SigningKey | null },
) {
  const received: Received[] = [];
  const fetchFake: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const request: Received = {
      method: init?.method ?? 'GET',
      pathAndQuery: url.pathname + url.search,
      body: typeof init?.body === 'string' ? init.body : '',
      authorization: new Headers(init?.headers).get('authorization') ?? '',
    };
    received.push(request);
    const answer = respond(request);
    if (answer === 'hang') return new Promise<Response>(() => {});
    if ('signer' in answer || typeof answer.body !== 'string' || !('headers' in answer)) {
      const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
      const signer = 'signer' in answer ? answer.signer : PUBLIC_KEY_SIGNER;
      const headers = signer ? signedHeaders(text, signer, Math.floor(clock().getTime() / 1000)) : {};
      return new Response(answer.status === 204 ? null : text, { status: answer.status, headers });
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  return { fetch: fetchFake, received };
}

function client(
  clock: () => Date,
  fetchFake: typeof fetch,
  mode: 'public-key' | 'platform-certificate' = 'public-key',
  overrides: { apiV3Key?: string; timeoutMs?: number } = {},
) {
  return createWechatPayClient({
    apiBase: 'https://api.mch.weixin.qq.com',
    appId: APP_ID,
    mchId: LOCAL_WECHAT_PAY_MCH_ID,
    merchantSerialNo: LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
    merchantPrivateKey: LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
    apiV3Key: overrides.apiV3Key ?? LOCAL_WECHAT_PAY_API_V3_KEY,
    publicKeyId: mode === 'public-key' ? LOCAL_WECHAT_PAY_PUBLIC_KEY_ID : null,
    wechatPayPublicKey: mode === 'public-key' ? LOCAL_WECHAT_PAY_PUBLIC_KEY : '',
    notifyUrl: 'https://linli.example.com/v1/wechatpay/notify',
    clock,
    fetch: fetchFake,
    timeoutMs: overrides.timeoutMs,
  });
}

const PAID_TRANSACTION = {
  appid: APP_ID,
  mchid: LOCAL_WECHAT_PAY_MCH_ID,
  out_trade_no: 'GB20261123000001',
  transaction_id: '4200000001202611230000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  attach: 'campaign-1',
  success_time: '2026-11-23T10:00:05+08:00',
  payer: { openid: 'o-alice' },
  amount: { total: 1990, payer_total: 1990, currency: 'CNY', payer_currency: 'CNY' },
};

function notification(eventType: string, resource: unknown, associatedData: string, key?: string): string {
  return JSON.stringify({
    id: 'EV-2026112310000500001',
    create_time: '2026-11-23T10:00:06+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: { original_type: associatedData, ...encrypt(JSON.stringify(resource), associatedData, key) },
  });
}

const nowSeconds = (clock: () => Date) => Math.floor(clock().getTime() / 1000);

describe('requests', () => {
  it('carry an Authorization header WeChat Pay accepts, over the path with its query and the exact body', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, (request) =>
      authorizationIsValid(request)
        ? { status: 200, body: { prepay_id: 'wx23100000000000000000000000000001' } }
        : { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } },
    );
    const adapter = client(clock, pay.fetch);
    await expect(
      adapter.createJsapiOrder({
        outTradeNo: 'GB20261123000001',
        description: '拼团-赣南脐橙 5 斤',
        amountFen: 1990,
        payerOpenid: 'o-alice',
        expiresAt: new Date('2026-11-23T02:15:00.000Z'),
        attach: 'campaign-1',
      }),
    ).resolves.toEqual({ prepayId: 'wx23100000000000000000000000000001' });
    expect(JSON.parse(pay.received[0]!.body)).toEqual({
      appid: APP_ID,
      mchid: LOCAL_WECHAT_PAY_MCH_ID,
      description: '拼团-赣南脐橙 5 斤',
      out_trade_no: 'GB20261123000001',
      time_expire: '2026-11-23T10:15:00+08:00',
      attach: 'campaign-1',
      notify_url: 'https://linli.example.com/v1/wechatpay/notify',
      amount: { total: 1990, currency: 'CNY' },
      payer: { openid: 'o-alice' },
    });

    await adapter.queryOrder('GB20261123000001').catch(() => undefined);
    expect(pay.received[1]!.pathAndQuery).toBe('/v3/pay/transactions/out-trade-no/GB20261123000001?mchid=1900000001');
    expect(authorizationIsValid(pay.received[1]!)).toBe(true);
  });
});

describe('answers', () => {
  it('are believed when signed with the WeChat Pay public key', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => ({ status: 200, body: PAID_TRANSACTION }));
    await expect(client(clock, pay.fetch).queryOrder('GB20261123000001')).resolves.toEqual({
      outTradeNo: 'GB20261123000001',
      transactionId: '4200000001202611230000000001',
      tradeState: 'SUCCESS',
      amountFen: 1990,
      payerTotalFen: 1990,
      payerOpenid: 'o-alice',
      successTime: '2026-11-23T02:00:05.000Z',
    });
  });

  it.each([
    ['unsigned', { status: 200, body: JSON.stringify(PAID_TRANSACTION), headers: {} }],
    [
      'signed over another body',
      {
        status: 200,
        body: JSON.stringify(PAID_TRANSACTION),
        headers: signedHeaders(JSON.stringify({ ...PAID_TRANSACTION, trade_state: 'NOTPAY' }), PUBLIC_KEY_SIGNER, Date.parse(NOW) / 1000),
      },
    ],
    [
      'signed by an unknown public key id',
      {
        status: 200,
        body: JSON.stringify(PAID_TRANSACTION),
        headers: signedHeaders(
          JSON.stringify(PAID_TRANSACTION),
          { ...PUBLIC_KEY_SIGNER, serial: 'PUB_KEY_ID_0000000000000000000000000000000000000' },
          Date.parse(NOW) / 1000,
        ),
      },
    ],
    [
      'signed six minutes ago',
      {
        status: 200,
        body: JSON.stringify(PAID_TRANSACTION),
        headers: signedHeaders(JSON.stringify(PAID_TRANSACTION), PUBLIC_KEY_SIGNER, Date.parse(NOW) / 1000 - 360),
      },
    ],
  ])('are never believed when %s: the outcome is unknown', async (_label, answer) => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => answer);
    await expect(client(clock, pay.fetch).queryOrder('GB20261123000001')).rejects.toBeInstanceOf(WechatPayUnreachableError);
  });

  it('report WeChat Pay errors with their status and code, and ORDER_NOT_EXIST / RESOURCE_NOT_EXISTS as null', async () => {
    const clock = testClock(NOW);
    let answer: { status: number; body: unknown } = { status: 400, body: { code: 'ORDERPAID', message: '订单已支付' } };
    const pay = fakeWechatPay(clock, () => answer);
    const adapter = client(clock, pay.fetch);
    await expect(adapter.closeOrder('GB1')).rejects.toMatchObject({ name: 'WechatPayApiError', status: 400, code: 'ORDERPAID' });
    answer = { status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
    await expect(adapter.queryOrder('GB1')).resolves.toBeNull();
    answer = { status: 404, body: { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' } };
    await expect(adapter.queryRefund('GB1R1')).resolves.toBeNull();
    answer = { status: 429, body: { code: 'FREQUENCY_LIMITED', message: '频率超限' } };
    await expect(adapter.queryRefund('GB1R1')).rejects.toBeInstanceOf(WechatPayApiError);
  });

  it('take an unsigned error answer at its code (WeChat Pay does not promise to sign errors), but never a badly signed one', async () => {
    const clock = testClock(NOW);
    const error = JSON.stringify({ code: 'ORDERPAID', message: '订单已支付' });
    let headers: Record<string, string> = {};
    const pay = fakeWechatPay(clock, () => ({ status: 400, body: error, headers }));
    const adapter = client(clock, pay.fetch);
    await expect(adapter.closeOrder('GB1')).rejects.toMatchObject({ name: 'WechatPayApiError', status: 400, code: 'ORDERPAID' });
    headers = signedHeaders(JSON.stringify({ code: 'ORDER_CLOSED', message: '' }), PUBLIC_KEY_SIGNER, nowSeconds(clock));
    await expect(adapter.closeOrder('GB1')).rejects.toBeInstanceOf(WechatPayUnreachableError);
    headers = signedHeaders(error, PUBLIC_KEY_SIGNER, nowSeconds(clock));
    await expect(adapter.closeOrder('GB1')).rejects.toMatchObject({ name: 'WechatPayApiError', code: 'ORDERPAID' });
  });

  it('report 500 SYSTEM_ERROR and a call that does not answer in time as an unknown outcome', async () => {
    const clock = testClock(NOW);
    let hang = false;
    const pay = fakeWechatPay(clock, () => (hang ? 'hang' : { status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } }));
    const adapter = client(clock, pay.fetch, 'public-key', { timeoutMs: 30 });
    await expect(
      adapter.createRefund({ outTradeNo: 'GB1', outRefundNo: 'GB1R1', refundFen: 1, totalFen: 1, reason: 'x' }),
    ).rejects.toBeInstanceOf(WechatPayUnreachableError);
    hang = true;
    await expect(adapter.queryOrder('GB1')).rejects.toBeInstanceOf(WechatPayUnreachableError);
  });

  it('accept a 204 without a body when it is signed (close)', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => ({ status: 204, body: undefined }));
    await expect(client(clock, pay.fetch).closeOrder('GB1')).resolves.toBeUndefined();
    expect(JSON.parse(pay.received[0]!.body)).toEqual({ mchid: LOCAL_WECHAT_PAY_MCH_ID });
  });
});

describe('requestPayment parameters', () => {
  it('are signed with the merchant key over appId, timeStamp, nonceStr and package', () => {
    const clock = testClock(NOW);
    const params = client(clock, fakeWechatPay(clock, () => 'hang').fetch).requestPaymentParams('wx23100000000000000000000000000001');
    expect(params).toMatchObject({
      timeStamp: String(nowSeconds(clock)),
      package: 'prepay_id=wx23100000000000000000000000000001',
      signType: 'RSA',
    });
    const message = `${APP_ID}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(EMULATOR_MERCHANT_PUBLIC_KEY, params.paySign, 'base64')).toBe(true);
  });
});

describe('notifications', () => {
  const body = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction');

  it('are verified and decrypted (public-key mode)', async () => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const headers = asSignatureHeaders(signedHeaders(body, PUBLIC_KEY_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body })).resolves.toEqual({
      id: 'EV-2026112310000500001',
      eventType: 'TRANSACTION.SUCCESS',
      createTime: '2026-11-23T02:00:06.000Z',
      transaction: {
        outTradeNo: 'GB20261123000001',
        transactionId: '4200000001202611230000000001',
        tradeState: 'SUCCESS',
        amountFen: 1990,
        payerTotalFen: 1990,
        payerOpenid: 'o-alice',
        successTime: '2026-11-23T02:00:05.000Z',
      },
    });
  });

  it('read refund events with refund_status', async () => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const refundBody = notification(
      'REFUND.ABNORMAL',
      {
        mchid: LOCAL_WECHAT_PAY_MCH_ID,
        out_trade_no: 'GB1',
        transaction_id: '42000',
        out_refund_no: 'GB1R1',
        refund_id: '50300',
        refund_status: 'ABNORMAL',
        user_received_account: '招商银行信用卡0403',
        amount: { total: 1990, refund: 1990, payer_total: 1990, payer_refund: 1990 },
      },
      'refund',
    );
    const headers = asSignatureHeaders(signedHeaders(refundBody, PUBLIC_KEY_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body: refundBody })).resolves.toMatchObject({
      eventType: 'REFUND.ABNORMAL',
      refund: { outTradeNo: 'GB1', outRefundNo: 'GB1R1', refundId: '50300', status: 'ABNORMAL', refundFen: 1990, totalFen: 1990 },
    });
  });

  it.each([
    ['missing-headers', (h: Record<string, string>) => ({ ...h, 'wechatpay-signature': '' }), body],
    ['bad-signature', (h: Record<string, string>) => h, body.replace('EV-2026112310000500001', 'EV-2026112310000500002')],
    ['bad-signature', (h: Record<string, string>) => ({ ...h, 'wechatpay-nonce': `${h['wechatpay-nonce']}x` }), body],
    [
      'unknown-key',
      (h: Record<string, string>) => ({ ...h, 'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000000000000' }),
      body,
    ],
    ['stale', (h: Record<string, string>) => ({ ...h, 'wechatpay-timestamp': String(Number(h['wechatpay-timestamp']) - 301) }), body],
    ['stale', (h: Record<string, string>) => ({ ...h, 'wechatpay-timestamp': String(Number(h['wechatpay-timestamp']) + 301) }), body],
  ])('are refused (%s) when tampered with', async (reason, tamper, sentBody) => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const headers = asSignatureHeaders(tamper(signedHeaders(body, PUBLIC_KEY_SIGNER, nowSeconds(clock))));
    await expect(adapter.readNotification({ headers, body: sentBody })).rejects.toEqual(new WechatPayNotificationRefused(reason as never));
  });

  it('are refused when signed at the edge of five minutes plus one second, accepted at five minutes', async () => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const headers = asSignatureHeaders(signedHeaders(body, PUBLIC_KEY_SIGNER, nowSeconds(clock)));
    clock.advance(300_000);
    await expect(adapter.readNotification({ headers, body })).resolves.toMatchObject({ eventType: 'TRANSACTION.SUCCESS' });
    clock.advance(1000);
    await expect(adapter.readNotification({ headers, body })).rejects.toEqual(new WechatPayNotificationRefused('stale'));
  });

  it('are refused when their resource was encrypted with another APIv3 key', async () => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const otherKeyBody = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction', 'another-apiv3-key-0123456789abcd');
    const headers = asSignatureHeaders(signedHeaders(otherKeyBody, PUBLIC_KEY_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body: otherKeyBody })).rejects.toEqual(
      new WechatPayNotificationRefused('undecryptable'),
    );
  });

  it("are refused when the payment is another merchant's", async () => {
    const clock = testClock(NOW);
    const adapter = client(clock, fakeWechatPay(clock, () => 'hang').fetch);
    const otherBody = notification('TRANSACTION.SUCCESS', { ...PAID_TRANSACTION, mchid: '1900000002' }, 'transaction');
    const headers = asSignatureHeaders(signedHeaders(otherBody, PUBLIC_KEY_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body: otherBody })).rejects.toEqual(new WechatPayNotificationRefused('malformed'));
  });
});

describe('platform-certificate mode', () => {
  /** GET /v3/certificates as WeChat Pay answers it: each certificate encrypted with the APIv3 key. */
  const certificateList = {
    data: [
      {
        serial_no: PLATFORM_SERIAL,
        effective_time: '2024-01-01T08:00:00+08:00',
        expire_time: '2044-12-31T08:00:00+08:00',
        encrypt_certificate: encrypt(EMULATOR_PLATFORM_CERTIFICATE, 'certificate'),
      },
    ],
  };

  it('fetches the certificates once, verifies with the one the serial names, and keeps them', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, (request) =>
      request.pathAndQuery === '/v3/certificates' && authorizationIsValid(request)
        ? { status: 200, body: certificateList, signer: CERTIFICATE_SIGNER }
        : { status: 404, body: { code: 'NOT_FOUND', message: '' }, signer: CERTIFICATE_SIGNER },
    );
    const adapter = client(clock, pay.fetch, 'platform-certificate');
    const body = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction');
    for (let i = 0; i < 3; i++) {
      const headers = asSignatureHeaders(signedHeaders(body, CERTIFICATE_SIGNER, nowSeconds(clock)));
      await expect(adapter.readNotification({ headers, body })).resolves.toMatchObject({ eventType: 'TRANSACTION.SUCCESS' });
    }
    expect(pay.received.map((request) => request.pathAndQuery)).toEqual(['/v3/certificates']);
  });

  it('refuses a notification signed under a serial the list lacks, refetching at most once a minute', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => ({ status: 200, body: certificateList, signer: CERTIFICATE_SIGNER }));
    const adapter = client(clock, pay.fetch, 'platform-certificate');
    const body = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction');
    const forged = () =>
      asSignatureHeaders(signedHeaders(body, { ...CERTIFICATE_SIGNER, serial: '7132D72A03E93CDDF8C03BBD1F37EEDF' }, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers: forged(), body })).rejects.toEqual(new WechatPayNotificationRefused('unknown-key'));
    await expect(adapter.readNotification({ headers: forged(), body })).rejects.toEqual(new WechatPayNotificationRefused('unknown-key'));
    expect(pay.received).toHaveLength(1);
    clock.advance(60_000);
    await expect(adapter.readNotification({ headers: forged(), body })).rejects.toEqual(new WechatPayNotificationRefused('unknown-key'));
    expect(pay.received).toHaveLength(2);
  });

  it('keeps no certificate from a list whose answer is not signed by one of them', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => ({ status: 200, body: certificateList, signer: PUBLIC_KEY_SIGNER }));
    const adapter = client(clock, pay.fetch, 'platform-certificate');
    const body = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction');
    const headers = asSignatureHeaders(signedHeaders(body, CERTIFICATE_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body })).rejects.toEqual(new WechatPayNotificationRefused('unknown-key'));
  });

  it('keeps no certificate when the APIv3 key does not decrypt it', async () => {
    const clock = testClock(NOW);
    const pay = fakeWechatPay(clock, () => ({ status: 200, body: certificateList, signer: CERTIFICATE_SIGNER }));
    const adapter = client(clock, pay.fetch, 'platform-certificate', { apiV3Key: 'another-apiv3-key-0123456789abcd' });
    const body = notification('TRANSACTION.SUCCESS', PAID_TRANSACTION, 'transaction');
    const headers = asSignatureHeaders(signedHeaders(body, CERTIFICATE_SIGNER, nowSeconds(clock)));
    await expect(adapter.readNotification({ headers, body })).rejects.toEqual(new WechatPayNotificationRefused('unknown-key'));
  });
});
