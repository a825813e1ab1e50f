import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

// 店铺概览: the figures every fact keeps per Shanghai day, read back by supervisors and admins.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
type Buyer = 'alice' | 'bob' | 'carol' | 'guest';
type Who = 'admin' | 'supervisor' | 'agent' | Buyer;
const tokens = {} as Record<Who, string>;
const memberIds = {} as Record<Buyer, string>;

async function buyer(name: Buyer) {
  const session = await api.login(`ov-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  memberIds[name] = session.member.memberId;
}

const overview = async (token: string) => {
  const response = await api.json('GET', '/v1/staff/overview', undefined, token);
  expect(response.status).toBe(200);
  return response.json();
};

/** Sessions expire: everyone logs in again after the clock jumps days ahead. */
async function logInAgain() {
  for (const name of Object.keys(tokens) as Who[]) tokens[name] = (await api.login(`ov-${name}`)).token;
}

/** The value of a trend on a Shanghai day. */
const on = (body: { days: string[] }, trend: number[], day: string) => trend[body.days.indexOf(day)];

beforeAll(async () => {
  // 10-30 10:00 in Shanghai: a month before the overview is read.
  stack = await createTestStack({ now: '2026-10-30T02:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-ov-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`ov-${role}`)).token;
  }
  // alice joins and orders in October.
  await buyer('alice');
  expect((await api.postOrder(sampleOrder({ orderId: 'ov-1', openid: 'o-ov-alice', paidFen: 12_800 }))).status).toBe(200);
  // bob joins on 11-20; his order's webhook arrives four times, three of them at once.
  stack.clock.set('2026-11-20T02:00:00.000Z');
  await logInAgain();
  await buyer('bob');
  const bobOrder = sampleOrder({ orderId: 'ov-2', openid: 'o-ov-bob', paidFen: 5_000 });
  const deliveries = await Promise.all([1, 2, 3].map(() => api.postOrder(bobOrder)));
  expect(deliveries.map((r) => r.status)).toEqual([200, 200, 200]);
  stack.clock.advance(60_000);
  expect((await api.postOrder(bobOrder)).status).toBe(200);
  // A guest orders before joining: counted when the order is credited, at their join on 11-23.
  expect((await api.postOrder(sampleOrder({ orderId: 'ov-3', openid: 'o-ov-guest', paidFen: 3_000 }))).status).toBe(200);

  // Monday 11-23, 10:00 in Shanghai.
  stack.clock.set('2026-11-23T02:00:00.000Z');
  await logInAgain();
  await buyer('carol');
  await buyer('guest');
  expect((await api.postRefund({ refundId: 'ov-r1', orderId: 'ov-1', refundFen: 2_800 })).status).toBe(200);
  const adjust = { requestId: randomUUID(), delta: 500, reason: '老客户回馈' };
  const adjustments = await Promise.all(
    [1, 2].map(() => api.json('POST', `/v1/staff/members/${memberIds.alice}/points-adjustments`, adjust, tokens.supervisor)),
  );
  expect(adjustments.map((r) => r.status)).toEqual([200, 200]);
  const reward = await api.json(
    'POST',
    '/v1/staff/rewards',
    {
      kind: 'coupon',
      name: '满100减10元券',
      description: '全场通用',
      pointsPrice: 100,
      stock: 10,
      perMemberLimit: 5,
      tierCodes: [],
      availableFrom: '2026-11-01T00:00:00+08:00',
      availableUntil: '2027-01-01T00:00:00+08:00',
      coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
    },
    tokens.admin,
  );
  const { rewardId } = await reward.json();
  const requestId = randomUUID();
  const redeemed = await Promise.all(
    [1, 2].map(() => api.json('POST', `/v1/mall/rewards/${rewardId}/redemptions`, { requestId }, tokens.alice)),
  );
  expect(redeemed.map((r) => r.status)).toEqual([200, 200]);
  await api.json('POST', `/v1/mall/rewards/${rewardId}/redemptions`, { requestId: randomUUID() }, tokens.alice);
  const { coupon } = await redeemed[0]!.json();
  const scans = await Promise.all([1, 2].map(() => api.json('POST', `/v1/staff/coupons/${coupon.code}/use`, undefined, tokens.agent)));
  expect(scans.map((r) => r.status).sort()).toEqual([200, 409]);
  const filing = await api.json(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '收到的苹果有三个坏了', contactPreference: 'wechat' },
    tokens.bob,
  );
  expect(filing.status).toBe(200);
  // 11:30: the first response falls due at 12:00 (two working hours), within the two hours at risk.
  stack.clock.set('2026-11-23T03:30:00.000Z');
}, 120_000);
afterAll(() => stack.close());

describe('店铺概览 (GET /v1/staff/overview)', () => {
  it('is for supervisors and admins: agents and buyers are refused, strangers must log in', async () => {
    expect((await api.json('GET', '/v1/staff/overview', undefined, tokens.agent)).status).toBe(403);
    const refused = await api.json('GET', '/v1/staff/overview', undefined, tokens.alice);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    expect((await api.json('GET', '/v1/staff/overview')).status).toBe(401);
    expect(await overview(tokens.admin)).toEqual(await overview(tokens.supervisor));
  });

  it('shows the last 30 Shanghai days, today last', async () => {
    const body = await overview(tokens.supervisor);
    expect(body.today).toBe('2026-11-23');
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toBe('2026-10-25');
    expect(body.days.at(-1)).toBe('2026-11-23');
    for (const trend of [body.members.totalTrend, body.orders.ordersTrend, body.points.outstandingTrend, body.complaints.filedTrend])
      expect(trend).toHaveLength(30);
  });

  it('counts members: the total, new this week and this month, and the total at the end of each day', async () => {
    const { members, days } = await overview(tokens.supervisor);
    expect(members).toMatchObject({ total: 4, newThisWeek: 2, newThisMonth: 3 });
    expect(on({ days }, members.newTrend, '2026-10-30')).toBe(1);
    expect(on({ days }, members.totalTrend, '2026-10-29')).toBe(0);
    expect(on({ days }, members.totalTrend, '2026-11-19')).toBe(1);
    expect(on({ days }, members.totalTrend, '2026-11-20')).toBe(2);
    expect(members.totalTrend.at(-1)).toBe(4);
  });

  it("counts members' orders once however often the webhook arrives, on the day they are credited, and sales less refunds", async () => {
    const { orders, days } = await overview(tokens.supervisor);
    expect(on({ days }, orders.ordersTrend, '2026-10-30')).toBe(1);
    expect(on({ days }, orders.ordersTrend, '2026-11-20')).toBe(1);
    expect(on({ days }, orders.salesFenTrend, '2026-11-20')).toBe(5_000);
    // The guest's order counts when they joined; alice's refund comes off the day it was made.
    expect(on({ days }, orders.ordersTrend, '2026-11-23')).toBe(1);
    expect(on({ days }, orders.salesFenTrend, '2026-11-23')).toBe(3_000 - 2_800);
    // This month: bob's and the guest's orders; alice's was in October but her refund is this month's.
    expect(orders).toMatchObject({ thisMonth: 2, salesFenThisMonth: 5_000 + 3_000 - 2_800 });
  });

  it('counts points issued and redeemed, and the outstanding points are every balance summed', async () => {
    const { points, days } = await overview(tokens.supervisor);
    // Each member's balance after their newest ledger entry, pending order points included: all owed.
    const balances = await Promise.all(
      (['alice', 'bob', 'carol', 'guest'] as const).map(async (name) => {
        const page = await (await api.json('GET', '/v1/me/points?limit=1', undefined, tokens[name])).json();
        return (page.items[0]?.balanceAfter as number | undefined) ?? 0;
      }),
    );
    expect(points.outstanding).toBe(balances.reduce((sum: number, b: number) => sum + b, 0));
    expect(points.outstandingTrend.at(-1)).toBe(points.outstanding);
    expect(on({ days }, points.outstandingTrend, '2026-10-29')).toBe(0);
    // Each credit on a ledger is issued; the two redemptions (one request sent twice, and another) took 200.
    const credits = await Promise.all(
      (['alice', 'bob', 'guest'] as const).map(async (name) => {
        const page = await (await api.json('GET', '/v1/me/points?limit=50', undefined, tokens[name])).json();
        return page.items as Array<{ delta: number; createdAt: string }>;
      }),
    );
    const issuedInNovember = credits
      .flat()
      .filter((e) => e.delta > 0 && e.createdAt >= '2026-10-31T16:00:00.000Z')
      .reduce((sum, e) => sum + e.delta, 0);
    expect(points.issuedThisMonth).toBe(issuedInNovember);
    expect(on({ days }, points.issuedTrend, '2026-11-23')).toBeGreaterThanOrEqual(500);
    expect(points.redeemedThisMonth).toBe(200);
    expect(on({ days }, points.redeemedTrend, '2026-11-23')).toBe(200);
  });

  it('counts coupons issued and used, once each', async () => {
    const { coupons, days } = await overview(tokens.supervisor);
    expect(coupons).toMatchObject({ issuedThisMonth: 2, usedThisMonth: 1 });
    expect(on({ days }, coupons.issuedTrend, '2026-11-23')).toBe(2);
    expect(on({ days }, coupons.usedTrend, '2026-11-23')).toBe(1);
  });

  it('counts open complaints, those at risk of missing their SLA, and complaints filed each day', async () => {
    const { complaints, days } = await overview(tokens.supervisor);
    expect(complaints).toMatchObject({ open: 1, atRisk: 1 });
    expect(on({ days }, complaints.filedTrend, '2026-11-23')).toBe(1);
    expect(complaints.filedTrend.reduce((sum: number, n: number) => sum + n, 0)).toBe(1);
    // Two hours before the deadline is not yet at risk.
    stack.clock.set('2026-11-23T02:00:00.000Z');
    expect((await overview(tokens.supervisor)).complaints).toMatchObject({ open: 1, atRisk: 0 });
    stack.clock.set('2026-11-23T03:30:00.000Z');
  });
});

describe("a member's ledger for staff (GET /v1/staff/members/{memberId}/points)", () => {
  it.each(['agent', 'supervisor', 'admin'] as const)('is shown to a %s, newest first, adjustments with their reason', async (role) => {
    const response = await api.json('GET', `/v1/staff/members/${memberIds.alice}/points?limit=2`, undefined, tokens[role]);
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.items.map((e: { type: string }) => e.type)).toEqual(['redemption', 'redemption']);
    expect(page.nextCursor).not.toBeNull();
  });

  it('pages through the whole ledger with the cursor', async () => {
    const seen: Array<{ type: string; note: string | null; delta: number }> = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await (await api.json('GET', `/v1/staff/members/${memberIds.alice}/points${query}`, undefined, tokens.agent)).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.type)).toEqual(['redemption', 'redemption', 'adjustment', 'refund', 'order']);
    expect(seen[2]).toMatchObject({ type: 'adjustment', delta: 500, note: '老客户回馈' });
  });

  it('refuses buyers (even for their own ledger), an unknown member and a forged cursor', async () => {
    expect((await api.json('GET', `/v1/staff/members/${memberIds.alice}/points`, undefined, tokens.alice)).status).toBe(403);
    expect((await api.json('GET', `/v1/staff/members/${memberIds.alice}/points`)).status).toBe(401);
    const unknown = await api.json('GET', '/v1/staff/members/m-nobody/points', undefined, tokens.agent);
    expect(unknown.status).toBe(404);
    const forged = Buffer.from('PROFILE').toString('base64url');
    const bad = await api.json('GET', `/v1/staff/members/${memberIds.alice}/points?cursor=${forged}`, undefined, tokens.agent);
    expect(bad.status).toBe(400);
  });

  it('lets supervisors and admins adjust, never agents', async () => {
    const body = { requestId: randomUUID(), delta: 10, reason: '补发积分' };
    const refused = await api.json('POST', `/v1/staff/members/${memberIds.bob}/points-adjustments`, body, tokens.agent);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
  });
});
