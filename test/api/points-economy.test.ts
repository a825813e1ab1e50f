import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { expirePoints } from '../../functions/src/points/expire-points.ts';
import { listAllLots } from '../../functions/src/points/lots-repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { expectPointsInvariants } from '../support/points-invariants.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  // These tests move the clock by days and years; sessions must outlive that.
  stack = await createTestStack({ now: '2026-03-01T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(5 * 365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-pe-supervisor', role: 'supervisor', name: '主管', at: stack.clock().toISOString() });
  await putStaff(stack.deps.db, { openid: 'o-pe-agent', role: 'agent', name: '客服', at: stack.clock().toISOString() });
});
afterAll(() => stack.close());

async function joined(name: string) {
  const session = await api.login(name);
  await api.join(session.token);
  return session;
}
const me = async (token: string) => (await api.json('GET', '/v1/me', undefined, token)).json();
const orderNow = (orderId: string, openid: string, paidFen: number) =>
  sampleOrder({ orderId, openid, paidFen, paidAt: stack.clock().toISOString() });

const postRefund = (refund: { refundId: string; orderId: string; refundFen: number }) => api.postRefund(refund);

async function adjust(token: string, memberId: string, delta: number, reason = '客服补偿：配送延误', requestId = randomUUID()) {
  return api.json('POST', `/v1/staff/members/${memberId}/points-adjustments`, { requestId, delta, reason }, token);
}

describe('order points', () => {
  it('stay pending through the return window, then become available', async () => {
    stack.clock.set('2026-03-01T02:00:00.000Z');
    const session = await joined('pe-pending');
    await api.postOrder(orderNow('pe-pending-1', 'o-pe-pending', 10_000));
    expect((await me(session.token)).points).toMatchObject({ balance: 0, pending: 100 });
    stack.clock.advance(7 * DAY + 1000);
    expect((await me(session.token)).points).toMatchObject({ balance: 100, pending: 0 });
    await expectPointsInvariants(stack.deps.db, session.member.memberId);
  });

  it('are multiplied by the tier the member holds', async () => {
    stack.clock.set('2026-03-02T02:00:00.000Z');
    await joined('pe-silver');
    await api.postOrder(orderNow('pe-silver-1', 'o-pe-silver', 100_000)); // reaches silver (¥1,000)
    const second = await (await api.postOrder(orderNow('pe-silver-2', 'o-pe-silver', 10_000))).json();
    expect(second.points).toBe(120);
  });
});

describe('refunds', () => {
  it("take back the points of the refunded amount, partial refunds adding up to the order's points", async () => {
    stack.clock.set('2026-03-03T02:00:00.000Z');
    const session = await joined('pe-refund');
    await api.postOrder(orderNow('pe-refund-1', 'o-pe-refund', 30_000));
    const first = await (await postRefund({ refundId: 'r1', orderId: 'pe-refund-1', refundFen: 10_000 })).json();
    expect(first).toMatchObject({ status: 'applied', pointsTakenBack: 100, shortfall: 0 });
    const again = await (await postRefund({ refundId: 'r1', orderId: 'pe-refund-1', refundFen: 10_000 })).json();
    expect(again.status).toBe('duplicate');
    const rest = await (await postRefund({ refundId: 'r2', orderId: 'pe-refund-1', refundFen: 20_000 })).json();
    expect(rest).toMatchObject({ status: 'applied', pointsTakenBack: 200 });
    const view = await me(session.token);
    expect(view.points).toMatchObject({ balance: 0, pending: 0 });
    expect(view.stats.totalSpentFen).toBe(0);
    await expectPointsInvariants(stack.deps.db, session.member.memberId);
  });

  it('refuse more than was paid (422) and an unknown order (404), changing nothing', async () => {
    await joined('pe-refund-bad');
    await api.postOrder(orderNow('pe-refund-bad-1', 'o-pe-refund-bad', 5_000));
    const over = await postRefund({ refundId: 'rb1', orderId: 'pe-refund-bad-1', refundFen: 5_001 });
    expect(over.status).toBe(422);
    expect((await over.json()).error.code).toBe('REFUND_EXCEEDS_ORDER');
    const unknown = await postRefund({ refundId: 'rb2', orderId: 'nope', refundFen: 1 });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('ORDER_NOT_FOUND');
  });

  it('zero the balance when the points were spent, and net the shortfall from the next earnings', async () => {
    stack.clock.set('2026-03-04T02:00:00.000Z');
    const session = await joined('pe-debt');
    const supervisor = await api.login('pe-supervisor');
    await api.postOrder(orderNow('pe-debt-1', 'o-pe-debt', 10_000));
    stack.clock.advance(8 * DAY);
    expect((await adjust(supervisor.token, session.member.memberId, -80, '兑换线下礼品')).status).toBe(200);
    const refund = await (await postRefund({ refundId: 'rd1', orderId: 'pe-debt-1', refundFen: 10_000 })).json();
    expect(refund).toMatchObject({ pointsTakenBack: 20, shortfall: 80 });
    expect((await me(session.token)).points.balance).toBe(0);
    await api.postOrder(orderNow('pe-debt-2', 'o-pe-debt', 20_000));
    const { member } = await expectPointsInvariants(stack.deps.db, session.member.memberId);
    expect(member).toMatchObject({ pointsDebt: 0, pointsBalance: 120 });
  });

  it('for an order not yet credited, make it earn only on what was kept', async () => {
    stack.clock.set('2026-03-05T02:00:00.000Z');
    await api.postOrder(orderNow('pe-early-1', 'o-pe-early', 10_000));
    expect((await (await postRefund({ refundId: 're1', orderId: 'pe-early-1', refundFen: 4_000 })).json()).status).toBe('pending_member');
    const session = await joined('pe-early');
    expect((await me(session.token)).points.pending).toBe(60);
    // Refunding the rest after the join takes back all 60 (they were earned on the 6,000 left), not 60 × 6,000 / 10,000.
    expect(await (await postRefund({ refundId: 're2', orderId: 'pe-early-1', refundFen: 6_000 })).json()).toMatchObject({
      status: 'applied',
      pointsTakenBack: 60,
    });
    const { member } = await expectPointsInvariants(stack.deps.db, session.member.memberId);
    expect(member).toMatchObject({ pointsBalance: 0, pointsDebt: 0, totalSpentFen: 0 });
  });
});

describe('expiry', () => {
  it('expires lots at the end of the next calendar year, oldest first, once however often the job runs', async () => {
    stack.clock.set('2026-03-06T02:00:00.000Z');
    const session = await joined('pe-expiry');
    const supervisor = await api.login('pe-supervisor');
    await adjust(supervisor.token, session.member.memberId, 50, '活动奖励');
    stack.clock.set('2027-06-01T02:00:00.000Z');
    await adjust(supervisor.token, session.member.memberId, 30, '活动奖励');
    // Spend 20: it must come out of the 2026 lot.
    await adjust(supervisor.token, session.member.memberId, -20, '兑换礼品');
    stack.clock.set('2027-12-31T16:00:00.000Z'); // 2028-01-01 00:00 in Shanghai
    const first = await expirePoints(stack.deps);
    const second = await expirePoints(stack.deps);
    expect(first.pointsExpired).toBeGreaterThanOrEqual(30);
    expect(second.pointsExpired).toBe(0);
    const { member, lots } = await expectPointsInvariants(stack.deps.db, session.member.memberId);
    expect(member.pointsBalance).toBe(30);
    expect(lots.find((lot) => lot.amount === 30)?.remaining).toBe(30);
  });
});

describe('check-in', () => {
  it('credits once per Shanghai day however many taps arrive at once', async () => {
    stack.clock.set('2026-04-01T02:00:00.000Z');
    const session = await joined('pe-checkin');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.json('POST', '/v1/me/checkins', undefined, session.token).then((r) => r.json())),
    );
    expect(results.filter((r) => !r.alreadyCheckedIn)).toHaveLength(1);
    expect((await me(session.token)).points.balance).toBe(5);
    await expectPointsInvariants(stack.deps.db, session.member.memberId);
  });

  it('gives the streak bonus on the 7th consecutive day and starts over after a gap', async () => {
    stack.clock.set('2026-05-01T01:00:00.000Z');
    const session = await joined('pe-streak');
    const results = [];
    for (let day = 0; day < 7; day++) {
      results.push(await (await api.json('POST', '/v1/me/checkins', undefined, session.token)).json());
      stack.clock.advance(DAY);
    }
    expect(results.map((r) => r.streak)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(results[6]).toMatchObject({ points: 25, bonus: 20 });
    stack.clock.advance(DAY); // skipped a day
    expect((await (await api.json('POST', '/v1/me/checkins', undefined, session.token)).json()).streak).toBe(1);
    const calendar = await (await api.json('GET', '/v1/me/checkins?month=2026-05', undefined, session.token)).json();
    expect(calendar.days).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-05-07',
      '2026-05-09',
    ]);
  });

  it('counts days in Asia/Shanghai: 23:30 and 00:30 Shanghai time are two days', async () => {
    stack.clock.set('2026-06-01T15:30:00.000Z'); // 23:30 Shanghai
    const session = await joined('pe-midnight');
    await api.json('POST', '/v1/me/checkins', undefined, session.token);
    stack.clock.set('2026-06-01T16:30:00.000Z'); // 00:30 next day in Shanghai
    const next = await (await api.json('POST', '/v1/me/checkins', undefined, session.token)).json();
    expect(next).toMatchObject({ date: '2026-06-02', alreadyCheckedIn: false, streak: 2 });
  });

  it('is for members only', async () => {
    const visitor = await api.login('pe-checkin-visitor');
    expect((await api.json('POST', '/v1/me/checkins', undefined, visitor.token)).status).toBe(409);
  });
});

describe('staff adjustments', () => {
  it('need a supervisor or admin and a reason, apply once per request id, and are audited', async () => {
    stack.clock.set('2026-07-01T02:00:00.000Z');
    const session = await joined('pe-adjust');
    const agent = await api.login('pe-agent');
    const supervisor = await api.login('pe-supervisor');
    expect((await adjust(agent.token, session.member.memberId, 10)).status).toBe(403);
    expect((await adjust(supervisor.token, session.member.memberId, 10, '')).status).toBe(400);
    const requestId = randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => adjust(supervisor.token, session.member.memberId, 10, '补偿', requestId)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await me(session.token)).points.balance).toBe(10);
    const ledger = await (await api.json('GET', '/v1/me/points', undefined, session.token)).json();
    expect(ledger.items).toEqual([expect.objectContaining({ type: 'adjustment', delta: 10, note: '补偿' })]);
  });

  it('refuse to take more than is available (409 POINTS_INSUFFICIENT), changing nothing', async () => {
    const session = await joined('pe-adjust-over');
    const supervisor = await api.login('pe-supervisor');
    await adjust(supervisor.token, session.member.memberId, 10);
    const response = await adjust(supervisor.token, session.member.memberId, -11);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('POINTS_INSUFFICIENT');
    await expectPointsInvariants(stack.deps.db, session.member.memberId);
    expect((await listAllLots(stack.deps.db, session.member.memberId))[0]!.remaining).toBe(10);
  });
});
