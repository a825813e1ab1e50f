import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/db/keys.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
});
afterAll(() => stack.close());

async function joinedMember(name: string) {
  const session = await api.login(name);
  await api.join(session.token);
  return session;
}

async function storedOrder(orderId: string) {
  const { Item } = await stack.deps.db.doc.send(new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.order(orderId) }));
  return Item;
}

describe('order webhook', () => {
  it('stores the order, credits one point per whole yuan and updates the member aggregates', async () => {
    const session = await joinedMember('order-basic');
    const response = await api.postOrder(
      sampleOrder({ orderId: 'ob-1', openid: 'o-order-basic', paidFen: 12_399, paidAt: '2026-11-20T08:00:00+08:00' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ orderId: 'ob-1', status: 'credited', points: 123 });
    const me = await (await api.json('GET', '/v1/me', undefined, session.token)).json();
    // Inside the 7-day return window the points are pending, not yet spendable.
    expect(me.points).toMatchObject({ balance: 0, pending: 123 });
    expect(me.stats).toEqual({
      orderCount: 1,
      totalSpentFen: 12_399,
      firstOrderAt: '2026-11-20T00:00:00.000Z',
      lastOrderAt: '2026-11-20T00:00:00.000Z',
    });
  });

  it('widens first and last order times when orders arrive out of order', async () => {
    const session = await joinedMember('order-ooo');
    await api.postOrder(sampleOrder({ orderId: 'ooo-2', openid: 'o-order-ooo', paidAt: '2026-06-01T00:00:00.000Z' }));
    await api.postOrder(sampleOrder({ orderId: 'ooo-1', openid: 'o-order-ooo', paidAt: '2026-01-01T00:00:00.000Z' }));
    await api.postOrder(sampleOrder({ orderId: 'ooo-3', openid: 'o-order-ooo', paidAt: '2026-03-01T00:00:00.000Z' }));
    const me = await (await api.json('GET', '/v1/me', undefined, session.token)).json();
    expect(me.stats).toMatchObject({ orderCount: 3, firstOrderAt: '2026-01-01T00:00:00.000Z', lastOrderAt: '2026-06-01T00:00:00.000Z' });
  });

  it('credits exactly once when the same order is posted 10 times at once', async () => {
    const session = await joinedMember('order-burst');
    const order = sampleOrder({ orderId: 'burst-1', openid: 'o-order-burst', paidFen: 50_000 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => api.postOrder(order)));
    const statuses = await Promise.all(responses.map(async (r) => (await r.json()).status));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(statuses.filter((s) => s === 'credited')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(9);
    const member = await getMember(stack.deps.db, session.member.memberId);
    expect(member).toMatchObject({ pointsBalance: 500, orderCount: 1, totalSpentFen: 50_000 });
    expect(await listWholeLedger(stack.deps.db, session.member.memberId)).toHaveLength(1);
  });

  it('credits different orders for one member concurrently without losing any', async () => {
    const session = await joinedMember('order-many');
    const orders = Array.from({ length: 8 }, (_, i) => sampleOrder({ orderId: `many-${i}`, openid: 'o-order-many', paidFen: 1_000 }));
    await Promise.all(orders.map((order) => api.postOrder(order)));
    const member = await getMember(stack.deps.db, session.member.memberId);
    expect(member).toMatchObject({ pointsBalance: 80, orderCount: 8, totalSpentFen: 8_000 });
    const ledger = await listWholeLedger(stack.deps.db, session.member.memberId);
    expect(ledger.map((e) => e.delta).reduce((a, b) => a + b, 0)).toBe(80);
  });

  it('treats a replay hours later as a duplicate and changes nothing', async () => {
    const session = await joinedMember('order-replay');
    const order = sampleOrder({ orderId: 'replay-1', openid: 'o-order-replay', paidFen: 9_900 });
    await api.postOrder(order);
    stack.clock.advance(6 * 3600 * 1000);
    const replay = await api.postOrder(order);
    expect(await replay.json()).toEqual({ orderId: 'replay-1', status: 'duplicate', points: 99 });
    expect((await getMember(stack.deps.db, session.member.memberId))!.pointsBalance).toBe(99);
  });

  it('refuses the same order id with different content as 409 CONFLICT', async () => {
    await joinedMember('order-reuse');
    await api.postOrder(sampleOrder({ orderId: 'reuse-1', openid: 'o-order-reuse', paidFen: 1_000 }));
    const response = await api.postOrder(sampleOrder({ orderId: 'reuse-1', openid: 'o-order-reuse', paidFen: 999_999 }));
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('CONFLICT');
  });

  it('keeps an order for a buyer who has not joined, and credits it once when they join', async () => {
    const early = await api.postOrder(sampleOrder({ orderId: 'early-1', openid: 'o-order-early', paidFen: 20_000 }));
    expect(await early.json()).toEqual({ orderId: 'early-1', status: 'pending_member', points: 200 });
    const session = await api.login('order-early');
    expect((await api.json('GET', '/v1/me', undefined, session.token).then((r) => r.json())).points.balance).toBe(0);
    const joined = await (await api.join(session.token)).json();
    expect(joined.points.pending).toBe(200);
    expect(joined.stats.orderCount).toBe(1);
    // Joining again (re-consent) does not credit again.
    await api.join(session.token);
    expect((await getMember(stack.deps.db, session.member.memberId))!.pointsBalance).toBe(200);
    expect(await storedOrder('early-1')).toMatchObject({ credited: true, memberId: session.member.memberId });
  });

  it('credits an order racing a join exactly once', async () => {
    const session = await api.login('order-race');
    const order = sampleOrder({ orderId: 'race-1', openid: 'o-order-race', paidFen: 30_000 });
    await Promise.all([api.join(session.token), api.postOrder(order), api.postOrder(order)]);
    const member = await getMember(stack.deps.db, session.member.memberId);
    expect(member).toMatchObject({ status: 'member', pointsBalance: 300, orderCount: 1 });
  });
});

describe('faults', () => {
  it("leaves nothing half-written when the store fails mid-request, and the shop's retry then credits once", async () => {
    const session = await joinedMember('order-fault');
    const order = sampleOrder({ orderId: 'fault-1', openid: 'o-order-fault', paidFen: 7_700 });
    const original = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    stack.deps.db.doc.send = ((command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'TransactWriteCommand') return Promise.reject(new Error('connection reset'));
      return original(command as never);
    }) as typeof stack.deps.db.doc.send;
    try {
      const failed = await api.postOrder(order);
      expect(failed.status).toBe(500);
    } finally {
      stack.deps.db.doc.send = original;
    }
    expect(await storedOrder('fault-1')).toBeUndefined();
    expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({ pointsBalance: 0, orderCount: 0 });
    expect(await listWholeLedger(stack.deps.db, session.member.memberId)).toHaveLength(0);

    const retried = await api.postOrder(order);
    expect(await retried.json()).toMatchObject({ status: 'credited', points: 77 });
    expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({ pointsBalance: 77, orderCount: 1 });
  });

  it('credits waiting orders on the next consent call when crediting failed during the join', async () => {
    await api.postOrder(sampleOrder({ orderId: 'fault-join-1', openid: 'o-order-fault-join', paidFen: 4_000 }));
    const session = await api.login('order-fault-join');
    const original = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    let transactions = 0;
    stack.deps.db.doc.send = ((command: { constructor: { name: string } }) => {
      // Let the join itself commit, then fail the crediting transaction.
      if (command.constructor.name === 'TransactWriteCommand' && ++transactions > 1) return Promise.reject(new Error('throttled'));
      return original(command as never);
    }) as typeof stack.deps.db.doc.send;
    try {
      expect((await api.join(session.token)).status).toBe(500);
    } finally {
      stack.deps.db.doc.send = original;
    }
    expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({ status: 'member', pointsBalance: 0 });
    expect(await storedOrder('fault-join-1')).toMatchObject({ credited: false });

    const again = await (await api.join(session.token)).json();
    expect(again.points.pending).toBe(40);
    expect(await storedOrder('fault-join-1')).toMatchObject({ credited: true });
  });
});

describe('webhook signature', () => {
  const order = () => sampleOrder({ orderId: `sig-${Math.random().toString(36).slice(2)}`, openid: 'o-sig' });

  it.each([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.parse('2026-11-23T01:54:00Z') / 1000) }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.parse('2026-11-23T02:06:00Z') / 1000) }],
  ])('answers 401 and stores nothing for %s', async (_label, options) => {
    stack.clock.set('2026-11-23T02:00:00.000Z');
    const body = order();
    const response = await api.postOrder(body, options);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('SIGNATURE_INVALID');
    expect(await storedOrder(body.orderId)).toBeUndefined();
  });

  it('answers 401 when the body was changed after signing', async () => {
    const body = order();
    const timestamp = Math.floor(stack.clock().getTime() / 1000);
    const signed = JSON.stringify(body);
    const { signWebhookBody } = await import('../../functions/src/platform/webhook-signature.ts');
    const response = await api.call('/v1/webhooks/orders', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-linli-timestamp': String(timestamp),
        'x-linli-signature': signWebhookBody('linli-local-webhook-secret', timestamp, signed),
      },
      body: signed.replace('12345', '99999'),
    });
    expect(response.status).toBe(401);
  });

  it('answers 401 without the signature headers', async () => {
    const response = await api.json('POST', '/v1/webhooks/orders', order());
    expect(response.status).toBe(401);
  });

  it('accepts a signature within the 5-minute window', async () => {
    stack.clock.set('2026-11-23T02:00:00.000Z');
    const response = await api.postOrder(order(), { timestamp: Math.floor(Date.parse('2026-11-23T01:55:30Z') / 1000) });
    expect(response.status).toBe(200);
  });

  it('answers 400 with field issues for a signed but invalid order', async () => {
    const response = await api.postOrder({ ...order(), paidFen: 12.5, items: [] });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['items', 'paidFen']);
  });
});
