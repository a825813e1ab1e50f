import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { RiskFlagKind, RiskFlagList, RiskFlagView } from '@linli/shared/risk';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { jobByName } from '../../functions/src/jobs/registry.ts';
import type { RiskWatchReport } from '../../functions/src/risk/daily-watch.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

/*
 * The risk watch end to end: real orders, refunds, redemptions, phone verifications and staff credits
 * through the routes, the daily job run at the stack's clock, and the supervisors' review and holds.
 */

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  // The job's windows span weeks of the stack's clock: sessions last the whole file rather than a week.
  stack = await createTestStack({ now: '2026-11-02T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(90 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [name, role] of [
    ['risk-admin', 'admin'],
    ['risk-sup', 'supervisor'],
    ['risk-sup-a', 'supervisor'],
    ['risk-sup-b', 'supervisor'],
    ['risk-sup-big', 'supervisor'],
    ['risk-agent', 'agent'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-${name}`, role, name: `${role}-${name}`, at: stack.clock().toISOString() });
    tokens[name] = (await api.login(name)).token;
  }
});
afterAll(() => stack.close());

const supervisor = () => tokens['risk-sup']!;

async function joined(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId, openid: `o-${name}` };
}

async function newReward(pointsPrice: number) {
  const response = await api.json(
    'POST',
    '/v1/staff/rewards',
    {
      kind: 'coupon',
      name: `满100减10元券 ${pointsPrice}`,
      description: '全场通用',
      pointsPrice,
      stock: 1000,
      perMemberLimit: 100,
      tierCodes: [],
      availableFrom: '2026-10-01T00:00:00+08:00',
      availableUntil: '2027-06-01T00:00:00+08:00',
      coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
    },
    tokens['risk-admin'],
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { rewardId: string }).rewardId;
}

const redeem = (token: string, rewardId: string) =>
  api.json('POST', `/v1/mall/rewards/${rewardId}/redemptions`, { requestId: randomUUID() }, token);

async function flags(query = '', token = supervisor()): Promise<RiskFlagView[]> {
  const response = await api.json('GET', `/v1/staff/risk/flags?limit=50${query}`, undefined, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as RiskFlagList).items;
}
const flagsOf = async (kind: RiskFlagKind) => flags(`&kind=${kind}`);

async function runJob(): Promise<RiskWatchReport> {
  const job = jobByName('risk-watch');
  if (!job) throw new Error('risk-watch is not registered');
  return (await job.run(stack.deps)) as RiskWatchReport;
}

async function order(openid: string, paidFen: number, paidAt = stack.clock().toISOString()) {
  const body = sampleOrder({ openid, paidFen, paidAt });
  const response = await api.postOrder(body);
  expect(response.status).toBe(200);
  return { orderId: body.orderId, result: (await response.json()) as { status: string; points: number }, body };
}

describe('who may look', () => {
  it('admits supervisors and admins; an agent or a buyer gets 403', async () => {
    const buyer = await joined('risk-nosy-buyer');
    for (const token of [tokens['risk-agent']!, buyer.token]) {
      expect((await api.json('GET', '/v1/staff/risk/flags', undefined, token)).status).toBe(403);
      expect((await api.json('POST', `/v1/staff/members/${buyer.memberId}/redemption-hold`, { reason: '看看' }, token)).status).toBe(403);
      expect((await api.json('POST', '/v1/staff/risk/flags/rf0/review', { outcome: 'dismissed', note: '无' }, token)).status).toBe(403);
    }
    expect((await api.json('GET', '/v1/staff/risk/flags', undefined, tokens['risk-admin'])).status).toBe(200);
  });
});

describe('the order path', () => {
  it('flags an order far above the member’s own history, once, and credits it all the same', async () => {
    const buyer = await joined('risk-big-spender');
    for (const daysAgo of [20, 12, 5]) await order(buyer.openid, 10_000, new Date(stack.clock().getTime() - daysAgo * DAY).toISOString());
    const usual = await order(buyer.openid, 18_000);
    expect((await flagsOf('outsized-order')).filter((f) => f.members[0]?.memberId === buyer.memberId)).toEqual([]);

    const big = await order(buyer.openid, 120_000);
    expect(big.result.status).toBe('credited');
    const [flag, ...more] = (await flagsOf('outsized-order')).filter((f) => f.members[0]?.memberId === buyer.memberId);
    expect(more).toEqual([]);
    expect(flag).toMatchObject({
      status: 'open',
      memberCount: 1,
      members: [{ memberId: buyer.memberId, redemptionsHeld: false }],
      facts: { kind: 'outsized-order', paidFen: 120_000, memberMedianFen: 10_000, memberMaxFen: 18_000, overMemberHistory: true },
    });

    // The shop delivering it again neither credits nor flags it again.
    expect((await api.postOrder(big.body)).status).toBe(200);
    expect((await flagsOf('outsized-order')).filter((f) => f.members[0]?.memberId === buyer.memberId)).toHaveLength(1);
    expect(usual.result.status).toBe('credited');
  });
});

describe('the daily job', () => {
  let farmer: Awaited<ReturnType<typeof joined>>;
  let cheapReward: string;
  let reward: string;
  const newcomers: Array<Awaited<ReturnType<typeof joined>>> = [];

  beforeAll(async () => {
    reward = await newReward(100);
    cheapReward = await newReward(5);

    // Buy → earn → redeem → refund, three times a week apart (each refund owes what was spent; the next order repays it first).
    farmer = await joined('risk-farmer');
    for (let cycle = 0; cycle < 3; cycle++) {
      const bought = await order(farmer.openid, 30_000);
      stack.clock.advance(8 * DAY); // the return window passes: the order's points become available
      expect((await redeem(farmer.token, reward)).status).toBe(200);
      stack.clock.advance(3600 * 1000);
      expect((await api.postRefund({ refundId: `rf-${bought.orderId}`, orderId: bought.orderId, refundFen: 30_000 })).status).toBe(200);
    }

    // Three members verify one phone.
    for (const name of ['risk-phone-1', 'risk-phone-2', 'risk-phone-3']) {
      const member = await joined(name);
      expect(
        (await api.json('POST', '/v1/me/phone', { code: `dev-phone-13900001111.${name.replace(/-/g, '')}` }, member.token)).status,
      ).toBe(200);
    }

    // Ten new members check in and redeem at once, on one day.
    for (let i = 0; i < 10; i++) {
      const member = await joined(`risk-newcomer-${i}`);
      expect((await api.json('POST', '/v1/me/checkins', undefined, member.token)).status).toBe(200);
      expect((await redeem(member.token, cheapReward)).status).toBe(200);
      newcomers.push(member);
    }

    // Staff credits: two supervisors a few hundred points, one far more.
    const credited = await joined('risk-credited');
    for (const [staff, points] of [
      ['risk-sup-a', 300],
      ['risk-sup-b', 400],
      ['risk-sup-big', 1_500],
      ['risk-sup-big', 1_500],
    ] as const) {
      const response = await api.json(
        'POST',
        `/v1/staff/members/${credited.memberId}/points-adjustments`,
        { requestId: randomUUID(), delta: points, reason: '客户关怀' },
        tokens[staff],
      );
      expect(response.status).toBe(200);
    }
  });

  it('flags each pattern once; running it again adds nothing', async () => {
    stack.clock.advance(3600 * 1000);
    const first = await runJob();
    expect(first.raised).toMatchObject({ 'refunds-after-redemption': 1, 'shared-phone': 1, 'welcome-burst': 1, 'staff-outlier': 1 });

    const [refunds] = await flagsOf('refunds-after-redemption');
    expect(refunds).toMatchObject({
      members: [{ memberId: farmer.memberId }],
      facts: { kind: 'refunds-after-redemption', refundedOrders: 3, pointsRedeemed: 300, windowDays: 30 },
    });
    const [phone] = await flagsOf('shared-phone');
    expect(phone).toMatchObject({ memberCount: 3, facts: { kind: 'shared-phone', members: 3, phoneMasked: '139****1111' } });
    const [burst] = await flagsOf('welcome-burst');
    expect(burst?.facts).toMatchObject({ kind: 'welcome-burst', redemptions: 10, usualPerDay: 0 });
    expect(burst?.memberCount).toBe(10);
    const [staff] = await flagsOf('staff-outlier');
    expect(staff?.facts).toEqual({
      kind: 'staff-outlier',
      staffName: 'supervisor-risk-sup-big',
      windowDays: 30,
      pointsCredited: 3_000,
      credits: 2,
      peers: 2,
      peerMedianPoints: 350,
    });

    const before = (await flags()).length;
    const second = await runJob();
    expect(Object.values(second.raised)).toEqual([0, 0, 0, 0, 0]);
    expect(await flags()).toHaveLength(before);
  });

  it('never blocks by itself: a flagged member still redeems', async () => {
    const [refunds] = await flagsOf('refunds-after-redemption');
    expect(refunds?.status).toBe('open');
    const credit = await api.json(
      'POST',
      `/v1/staff/members/${farmer.memberId}/points-adjustments`,
      { requestId: randomUUID(), delta: 500, reason: '补偿' },
      supervisor(),
    );
    expect(credit.status).toBe(200);
    expect((await redeem(farmer.token, reward)).status).toBe(200);
  });

  it('is reviewed once by a supervisor with a note; an open filter then leaves it out', async () => {
    const [phone] = await flagsOf('shared-phone');
    const review = (token: string, outcome = 'confirmed') =>
      api.json('POST', `/v1/staff/risk/flags/${phone!.flagId}/review`, { outcome, note: '同一手机号注册多个账号' }, token);
    expect((await review(tokens['risk-agent']!)).status).toBe(403);
    expect(
      (await api.json('POST', `/v1/staff/risk/flags/${phone!.flagId}/review`, { outcome: 'confirmed', note: ' ' }, supervisor())).status,
    ).toBe(400);
    const reviewed = await review(supervisor());
    expect(reviewed.status).toBe(200);
    expect(await reviewed.json()).toMatchObject({
      status: 'confirmed',
      review: { byName: 'supervisor-risk-sup', note: '同一手机号注册多个账号' },
    });
    const again = await review(tokens['risk-admin']!, 'dismissed');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('RISK_FLAG_ALREADY_REVIEWED');
    expect((await flags('&status=open')).map((f) => f.flagId)).not.toContain(phone!.flagId);
    expect((await flags('&status=confirmed')).map((f) => f.flagId)).toEqual([phone!.flagId]);
    expect((await api.json('POST', '/v1/staff/risk/flags/rfnope/review', { outcome: 'dismissed', note: '无' }, supervisor())).status).toBe(
      404,
    );
  });

  it('holds a member’s redemptions with a reason: refused with ACCOUNT_UNDER_REVIEW until released', async () => {
    const holdPath = `/v1/staff/members/${farmer.memberId}/redemption-hold`;
    const held = await api.json('POST', holdPath, { reason: '兑换后频繁退款，核实中' }, supervisor());
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({
      memberId: farmer.memberId,
      hold: { reason: '兑换后频繁退款，核实中', heldByName: 'supervisor-risk-sup', heldAt: stack.clock().toISOString() },
    });

    const me = async () =>
      (await (await api.json('GET', '/v1/me', undefined, farmer.token)).json()) as {
        redemptionsHeld: boolean;
        points: { balance: number };
      };
    expect((await me()).redemptionsHeld).toBe(true);
    const balance = (await me()).points.balance;
    const refused = await redeem(farmer.token, reward);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_UNDER_REVIEW');
    expect((await me()).points.balance).toBe(balance);

    // A coupon the member already holds is not used at the counter either.
    const coupons = (await (await api.json('GET', '/v1/me/coupons', undefined, farmer.token)).json()) as {
      items: Array<{ code: string; status: string }>;
    };
    const unused = coupons.items.find((coupon) => coupon.status === 'unused');
    const use = await api.json('POST', `/v1/staff/coupons/${unused!.code}/use`, undefined, tokens['risk-agent']);
    expect(use.status).toBe(403);
    expect(((await use.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_UNDER_REVIEW');

    // Staff see the hold on Customer 360 and on the flag.
    const profile = (await (await api.json('GET', `/v1/staff/members/${farmer.memberId}/profile`, undefined, supervisor())).json()) as {
      redemptionHold: { reason: string } | null;
    };
    expect(profile.redemptionHold?.reason).toBe('兑换后频繁退款，核实中');
    expect((await flagsOf('refunds-after-redemption'))[0]?.members[0]?.redemptionsHeld).toBe(true);

    const released = await api.json('POST', `${holdPath}/release`, { reason: '已核实为正常退货' }, tokens['risk-admin']);
    expect(released.status).toBe(200);
    expect(await released.json()).toEqual({ memberId: farmer.memberId, hold: null });
    expect((await me()).redemptionsHeld).toBe(false);
    expect((await redeem(farmer.token, cheapReward)).status).toBe(200);
    expect((await api.json('POST', `/v1/staff/coupons/${unused!.code}/use`, undefined, tokens['risk-agent'])).status).toBe(200);
  });
});
