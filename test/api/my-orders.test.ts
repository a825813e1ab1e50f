import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyOrderList, MyOrderSummary } from '@linli/shared/orders';
import { countingDatabase } from '../../functions/src/db/counting-database.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { listMyOrders } from '../../functions/src/orders/my-orders.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 我的订单 (GET /v1/me/orders): the buyer's own orders, newest first, a page at a time, each with
// its items, money, refunds and the points it earned and lost, from the order items alone.

const NOW = '2026-11-24T02:00:00.000Z';
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let alice: { token: string; memberId: string };
let bob: { token: string; memberId: string };
const earned: Record<string, number> = {};

function order(orderId: string, openid: string, paidAt: string, lines: Array<{ name: string; qty: number; unitPriceFen: number }>) {
  return {
    orderId,
    openid,
    paidAt,
    paidFen: lines.reduce((sum, line) => sum + line.qty * line.unitPriceFen, 0),
    items: lines.map((line, i) => ({ sku: `SKU-${orderId}-${i}`, category: 'fruit', ...line })),
  };
}

async function post(body: ReturnType<typeof order>) {
  const response = await api.postOrder(body);
  expect(response.status).toBe(200);
  earned[body.orderId] = ((await response.json()) as { points: number }).points;
}

async function myOrders(token: string, query = ''): Promise<MyOrderList> {
  const response = await api.json('GET', `/v1/me/orders${query}`, undefined, token);
  expect(response.status).toBe(200);
  return (await response.json()) as MyOrderList;
}

beforeAll(async () => {
  stack = await createTestStack({ now: NOW });
  api = apiClient(stack);
  for (const name of ['mo-alice', 'mo-bob'] as const) {
    const session = await api.login(name);
    await api.join(session.token);
    if (name === 'mo-alice') alice = { token: session.token, memberId: session.member.memberId };
    else bob = { token: session.token, memberId: session.member.memberId };
  }
  // Alice: an old order refunded in full, one refunded in part, one inside the return window.
  await post(order('mo-a-old', 'o-mo-alice', '2026-10-02T03:00:00.000Z', [{ name: '五常大米 10kg', qty: 1, unitPriceFen: 9_900 }]));
  await post(order('mo-a-mid', 'o-mo-alice', '2026-11-10T03:00:00.000Z', [{ name: '赣南脐橙 5kg', qty: 2, unitPriceFen: 4_000 }]));
  await post(
    order('mo-a-new', 'o-mo-alice', '2026-11-23T03:00:00.000Z', [
      { name: '烟台红富士 5kg', qty: 1, unitPriceFen: 12_800 },
      { name: '土鸡蛋 30枚', qty: 2, unitPriceFen: 3_600 },
      { name: '小米 2kg', qty: 1, unitPriceFen: 2_000 },
    ]),
  );
  expect((await api.postRefund({ refundId: 'mo-r-old', orderId: 'mo-a-old', refundFen: 9_900 })).status).toBe(200);
  expect((await api.postRefund({ refundId: 'mo-r-mid', orderId: 'mo-a-mid', refundFen: 4_000 })).status).toBe(200);
  await post(order('mo-b-1', 'o-mo-bob', '2026-11-20T03:00:00.000Z', [{ name: '东北黑木耳', qty: 1, unitPriceFen: 5_000 }]));
});
afterAll(() => stack?.close());

describe('GET /v1/me/orders', () => {
  it('pages the buyer’s orders newest first, each order once, with a cursor that ends at the last page', async () => {
    const first = await myOrders(alice.token, '?limit=2');
    expect(first.items.map((o) => o.orderId)).toEqual(['mo-a-new', 'mo-a-mid']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await myOrders(alice.token, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((o) => o.orderId)).toEqual(['mo-a-old']);
    expect(second.nextCursor).toBeNull();
    // A page exactly as long as what is left has no empty page after it.
    expect((await myOrders(alice.token, '?limit=3')).nextCursor).toBeNull();
  });

  it('shows the items with their prices, the amounts, and points pending through the return window', async () => {
    const [latest] = (await myOrders(alice.token, '?limit=1')).items as [MyOrderSummary];
    expect(latest).toMatchObject({
      paidFen: 12_800 + 2 * 3_600 + 2_000,
      refundedFen: 0,
      status: 'paid',
      items: [
        { name: '烟台红富士 5kg', qty: 1, unitPriceFen: 12_800 },
        { name: '土鸡蛋 30枚', qty: 2, unitPriceFen: 3_600 },
        { name: '小米 2kg', qty: 1, unitPriceFen: 2_000 },
      ],
      points: { earned: earned['mo-a-new'], takenBack: 0, state: 'pending', availableAt: '2026-11-30T03:00:00.000Z' },
    });
    expect(earned['mo-a-new']).toBe(220);
  });

  it('shows refunds: the money back, the points taken back, and 部分退款 / 已退款 as the status', async () => {
    const { items } = await myOrders(alice.token);
    const byId = new Map(items.map((o) => [o.orderId, o]));
    expect(byId.get('mo-a-mid')).toMatchObject({
      paidFen: 8_000,
      refundedFen: 4_000,
      status: 'partially_refunded',
      points: { earned: 80, takenBack: 40, state: 'available', availableAt: null },
    });
    expect(byId.get('mo-a-old')).toMatchObject({
      refundedFen: 9_900,
      status: 'refunded',
      points: { earned: 99, takenBack: 99, state: 'available' },
    });
  });

  it('turns pending points available once the return window has passed', async () => {
    stack.clock.set('2026-11-30T03:00:00.001Z');
    try {
      const [latest] = (await myOrders(alice.token, '?limit=1')).items as [MyOrderSummary];
      expect(latest.points).toMatchObject({ state: 'available', availableAt: null });
    } finally {
      stack.clock.set(NOW);
    }
  });

  it("never shows another buyer's orders, not even through that buyer's cursor", async () => {
    const bobs = await myOrders(bob.token);
    expect(bobs.items.map((o) => o.orderId)).toEqual(['mo-b-1']);
    const aliceCursor = (await myOrders(alice.token, '?limit=1')).nextCursor!;
    const throughCursor = await myOrders(bob.token, `?cursor=${encodeURIComponent(aliceCursor)}`);
    expect(throughCursor.items.every((o) => o.orderId.startsWith('mo-b-'))).toBe(true);
    expect((await myOrders(alice.token)).items.some((o) => o.orderId.startsWith('mo-b-'))).toBe(false);
  });

  it('shows a visitor the orders kept for them until they join, with no points yet', async () => {
    const carol = await api.login('mo-carol');
    await post(order('mo-c-1', 'o-mo-carol', '2026-11-22T03:00:00.000Z', [{ name: '蓝莓 4盒', qty: 1, unitPriceFen: 6_600 }]));
    const { items } = await myOrders(carol.token);
    expect(items).toEqual([
      expect.objectContaining({ orderId: 'mo-c-1', points: { earned: 0, takenBack: 0, state: 'awaiting_join', availableAt: null } }),
    ]);
    await api.join(carol.token);
    const [joined] = (await myOrders(carol.token)).items as [MyOrderSummary];
    expect(joined.points).toMatchObject({ earned: 66, state: 'pending' });
  });

  it('refuses a bad cursor, a bad limit and a caller without a session', async () => {
    for (const query of ['?cursor=bm90LWEtY3Vyc29y', '?cursor=%%%', '?limit=0', '?limit=51', '?limit=two']) {
      const response = await api.json('GET', `/v1/me/orders${query}`, undefined, alice.token);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await api.json('GET', '/v1/me/orders')).status).toBe(401);
  });

  it('reads one query a page, whatever the number of orders the buyer has', async () => {
    const dave = await api.login('mo-dave');
    await api.join(dave.token);
    for (let i = 0; i < 30; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      await post(
        order(`mo-d-${i}`, 'o-mo-dave', `2026-${i < 28 ? '10' : '09'}-${day}T0${i % 10}:00:00.000Z`, [
          { name: '鸭梨', qty: 1, unitPriceFen: 1_000 },
        ]),
      );
    }
    const member = (await getMember(stack.deps.db, dave.member.memberId))!;
    const { db, counts } = countingDatabase(stack.deps.db);
    const page = await listMyOrders({ ...stack.deps, db }, member, { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(counts.requests).toBe(1);
    expect(counts.read).toBeLessThanOrEqual(11);
  });
});
