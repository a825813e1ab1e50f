import { describe, expect, it } from 'vitest';
import type { FulfilmentWebhookBody } from '@linli/shared/groupbuy';
import { createShopClient } from '../functions/src/groupbuy/shop-client.ts';
import { createShopEmulator, SHOP_FULFILMENT_PATH } from './shop-emulator.ts';

const SECRET = 'shared-with-the-shop';
const NOW = new Date('2026-11-27T02:00:00.000Z');
const ORDER: FulfilmentWebhookBody = {
  event: 'groupbuy.order.succeeded',
  orderId: 'gb-GB1',
  campaignId: 'gbc_1',
  groupId: 'grp_1',
  openid: 'o-buyer',
  items: [{ sku: 'ORANGE-5KG', name: '赣南脐橙 5 斤', category: '水果', qty: 1, unitPriceFen: 3990 }],
  paidFen: 3990,
  paidAt: '2026-11-27T01:59:00.000Z',
  transactionId: '4200000000000001',
};

function shopAndClient(secret = SECRET) {
  const shop = createShopEmulator({ secret: SECRET, now: () => NOW });
  const client = createShopClient({
    fulfilmentUrl: `http://shop.test${SHOP_FULFILMENT_PATH}`,
    secret,
    clock: () => NOW,
    fetch: async (input, init) => shop.app.fetch(new Request(input, init)),
  });
  return { shop, client };
}

describe('the seller’s shop (local stand-in) and Linli’s fulfilment client', () => {
  it('takes a signed delivery once, however often it is repeated', async () => {
    const { shop, client } = shopAndClient();
    expect(await client.postFulfilment(ORDER)).toEqual({ delivered: true });
    expect(await client.postFulfilment(ORDER)).toEqual({ delivered: true });
    expect(shop.state.orders.size).toBe(1);
    expect(shop.state.orders.get('gb-GB1')).toMatchObject({ deliveries: 2, receivedAt: NOW.toISOString(), body: ORDER });
  });

  it('refuses a delivery signed with another secret, and the client reports it as not delivered', async () => {
    const { shop, client } = shopAndClient('not-the-shared-secret');
    const outcome = await client.postFulfilment(ORDER);
    expect(outcome).toMatchObject({ delivered: false, error: expect.stringContaining('HTTP 401') });
    expect(shop.state.orders.size).toBe(0);
    expect(shop.state.refused).toEqual([{ at: NOW.toISOString(), status: 401, reason: 'signature mismatch' }]);
  });

  it('fails the deliveries it was told to, then takes the next one', async () => {
    const { shop, client } = shopAndClient();
    const told = await shop.app.fetch(
      new Request('http://shop.test/__shop/fail-next', { method: 'POST', body: JSON.stringify({ count: 2, status: 502 }) }),
    );
    expect(told.status).toBe(200);
    expect(await client.postFulfilment(ORDER)).toMatchObject({ delivered: false, error: expect.stringContaining('HTTP 502') });
    expect(await client.postFulfilment(ORDER)).toMatchObject({ delivered: false });
    expect(await client.postFulfilment(ORDER)).toEqual({ delivered: true });
    expect(shop.state.orders.get('gb-GB1')?.deliveries).toBe(1);
  });

  it('counts an unreachable shop as not delivered, with the reason', async () => {
    const client = createShopClient({
      fulfilmentUrl: 'http://127.0.0.1:9/linli/fulfilment',
      secret: SECRET,
      clock: () => NOW,
      fetch: async () => {
        throw new TypeError('fetch failed: connect ECONNREFUSED');
      },
    });
    expect(await client.postFulfilment(ORDER)).toEqual({ delivered: false, error: 'fetch failed: connect ECONNREFUSED' });
  });

  it('refuses a body that is not a fulfilment, even when signed', async () => {
    const { shop } = shopAndClient();
    const { signWebhookBody } = await import('../functions/src/platform/webhook-signature.ts');
    const rawBody = JSON.stringify({ event: 'something-else' });
    const timestamp = Math.floor(NOW.getTime() / 1000);
    const response = await shop.app.fetch(
      new Request(`http://shop.test${SHOP_FULFILMENT_PATH}`, {
        method: 'POST',
        headers: { 'x-linli-timestamp': String(timestamp), 'x-linli-signature': signWebhookBody(SECRET, timestamp, rawBody) },
        body: rawBody,
      }),
    );
    expect(response.status).toBe(400);
    expect(shop.state.orders.size).toBe(0);
  });
});
