import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@linli/shared/errors';
import { MAX_ORDER_FEN } from '@linli/shared/orders';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/db/keys.ts';
import { MAX_RUNNING_TOTAL } from '../../functions/src/platform/running-total.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { signWebhookBody } from '../../functions/src/platform/webhook-signature.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let memberToken: string;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
  memberToken = (await api.login('hostile')).token;
  expect((await api.join(memberToken)).status).toBe(200);
});
afterAll(async () => stack.close());

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(ERROR_CODES).toContain(body.error.code);
  return { status: response.status, code: body.error.code };
}

describe('a JSON route called with another content type', () => {
  const bodies: [string, Record<string, string>, BodyInit][] = [
    ['text/plain', { 'content-type': 'text/plain' }, '{"code":"dev-x.1"}'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'code=dev-x.1'],
    [
      'multipart',
      {},
      (() => {
        const form = new FormData();
        form.set('code', 'dev-x.1');
        return form;
      })(),
    ],
    ['no content type with a body', {}, new Blob(['{"code":"dev-x.1"}'])],
  ];

  it.each(bodies)('answers 415 UNSUPPORTED_MEDIA_TYPE for %s on the public login', async (_, headers, body) => {
    expect(await errorOf(await api.call('/v1/auth/wechat', { method: 'POST', headers, body }))).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it.each(bodies)('answers 415 UNSUPPORTED_MEDIA_TYPE for %s on a logged-in route', async (_, headers, body) => {
    const response = await api.call('/v1/me/phone', {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${memberToken}` },
      body,
    });
    expect(await errorOf(response)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('checks the signature of a webhook before its content type: unsigned text/plain is 401, signed text/plain is 415', async () => {
    const raw = JSON.stringify(sampleOrder({ openid: 'o-hostile' }));
    const unsigned = await api.call('/v1/webhooks/orders', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: raw });
    expect(await errorOf(unsigned)).toEqual({ status: 401, code: 'SIGNATURE_INVALID' });
    const signed = await api.call('/v1/webhooks/orders', {
      method: 'POST',
      headers: { ...signedHeaders(raw), 'content-type': 'text/plain' },
      body: raw,
    });
    expect(await errorOf(signed)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('keeps malformed JSON a 400 VALIDATION_FAILED', async () => {
    const response = await api.call('/v1/auth/wechat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(await errorOf(response)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('X-HTTP-Method-Override', () => {
  it.each(['TRACE', 'CONNECT', 'TRACK', 'PA TCH', 'GET', 'POST', 'patch'])(
    'refuses %s with 400 VALIDATION_FAILED, token or not',
    async (method) => {
      for (const token of [undefined, memberToken]) {
        const response = await api.json('POST', '/v1/me', { nickname: 'x' }, token, { 'x-http-method-override': method });
        expect(await errorOf(response)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      }
    },
  );

  it('still turns POST + PATCH into PATCH', async () => {
    const response = await api.json('POST', '/v1/me', { nickname: '改名' }, memberToken, { 'x-http-method-override': 'PATCH' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { nickname: string }).nickname).toBe('改名');
  });
});

describe('money and quantities a real shop sees', () => {
  it('refuses an order over 1e9 fen, a unit price over 1e9 fen and a refund over 1e9 fen', async () => {
    const huge = 9_007_199_254_740_991;
    const order = sampleOrder({ openid: 'o-hostile', paidFen: huge });
    expect(await errorOf(await api.postOrder(order))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const priced = {
      ...sampleOrder({ openid: 'o-hostile', paidFen: 100 }),
      items: [{ sku: 'X', name: 'x', category: 'c', qty: 1, unitPriceFen: 1_000_000_001 }],
    };
    expect(await errorOf(await api.postOrder(priced))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await errorOf(await api.postRefund({ refundId: 'r-huge', orderId: 'o-any', refundFen: huge }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('keeps crediting orders after the largest order allowed, on every running total', async () => {
    const buyer = (await api.login('hostile-largest')).token;
    expect((await api.join(buyer)).status).toBe(200);
    for (const [orderId, paidFen] of [
      ['largest-1', MAX_ORDER_FEN],
      ['largest-2', MAX_ORDER_FEN],
      ['after-largest', 1_000],
    ] as const) {
      const response = await api.postOrder(sampleOrder({ orderId, openid: 'o-hostile-largest', paidFen }));
      expect(response.status, await response.clone().text()).toBe(200);
    }
    const me = await api.json('GET', '/v1/me', undefined, buyer);
    expect(me.status).toBe(200);
    expect(JSON.stringify(await me.json())).not.toMatch(/e\+|Infinity|null,"points"/);
  });

  it('refuses an order that would take a running total past its ceiling with 422 TOTAL_LIMIT_REACHED, writing nothing', async () => {
    const buyer = await api.login('hostile-ceiling');
    expect((await api.join(buyer.token)).status).toBe(200);
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.tableName,
        Key: keys.member(buyer.member.memberId),
        UpdateExpression: 'SET pointsBalance = :near, totalSpentFen = :near',
        ExpressionAttributeValues: { ':near': MAX_RUNNING_TOTAL - 10 },
      }),
    );
    const order = sampleOrder({ orderId: 'past-ceiling', openid: 'o-hostile-ceiling', paidFen: MAX_ORDER_FEN });
    expect(await errorOf(await api.postOrder(order))).toEqual({ status: 422, code: 'TOTAL_LIMIT_REACHED' });
    const me = (await (await api.json('GET', '/v1/me', undefined, buyer.token)).json()) as { stats: { orderCount: number } };
    expect(me.stats.orderCount).toBe(0);
  });
});

function signedHeaders(raw: string) {
  // postSigned sets content-type to JSON; here only the signature headers are wanted.
  const timestamp = Math.floor(stack.clock().getTime() / 1000);
  return {
    'x-linli-timestamp': String(timestamp),
    'x-linli-signature': signWebhookBody(LOCAL_SECRETS.webhookSecret, timestamp, raw),
  };
}
