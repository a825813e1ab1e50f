import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStock } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { getGroup } from '../../functions/src/groupbuy/groups-repository.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { apiClient } from '../support/api-client.ts';
import {
  buyer,
  campaignInput,
  expectRefused,
  HOUR,
  joinGroup,
  MINUTE,
  myOrder,
  openGroup,
  payControl,
  paymentFor,
  payThroughWechat,
  placed,
  publishedCampaign,
  runTimers,
  staffTokens,
} from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let staff: Awaited<ReturnType<typeof staffTokens>>;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  staff = await staffTokens(stack, api, 'gbr');
});
afterAll(() => stack.close());

const input = (overrides: Record<string, unknown> = {}) => campaignInput(stack.clock(), overrides);
const REFUNDS = '/v3/refund/domestic/refunds';

interface EmulatedRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundFen: number;
  status: string;
}
async function refundsAtWechat(orderNo: string): Promise<EmulatedRefund[]> {
  return (await payControl(stack, `/refunds?outTradeNo=${orderNo}`)) as EmulatedRefund[];
}

/** Lets time pass for refunds: the job asks WeChat Pay, WeChat Pay settles and notifies, step by step. */
async function letRefundsSettle(steps: number, step = 10 * MINUTE) {
  for (let i = 0; i < steps; i++) {
    await runTimers(stack);
    stack.clock.advance(step);
    await stack.emulator.pay.deliverDue();
  }
}

describe('a group that fails at its deadline', () => {
  it('refunds every paid member once, retried through WeChat Pay errors and timeouts until WeChat Pay confirms', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 3, groupHours: 1, reservationMinutes: 60 }));
    const [a, b, c] = [await buyer(api, 'gbr-fail-a'), await buyer(api, 'gbr-fail-b'), await buyer(api, 'gbr-fail-c')];
    const first = await placed(await openGroup(api, a.token, published.campaignId, { qty: 2 }));
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    const third = await placed(await joinGroup(api, c.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await payThroughWechat(stack, api, b.token, second.orderNo);
    // C started paying but never finished.
    await paymentFor(api, c.token, third.orderNo);
    // WeChat Pay's refund API fails: two 500s, then a timeout after the refund took effect (outcome unknown), then a 500 again.
    await payControl(stack, '/failures', { path: REFUNDS, kind: 'system-error', times: 2 });
    await payControl(stack, '/failures', { path: REFUNDS, kind: 'timeout', applied: true });
    await payControl(stack, '/failures', { path: REFUNDS, kind: 'system-error' });

    stack.clock.advance(HOUR);
    await letRefundsSettle(8);
    expect(await getGroup(stack.deps.db, first.groupId)).toMatchObject({ status: 'failed' });
    expect(await myOrder(api, a.token, first.orderNo)).toMatchObject({
      status: 'failed',
      refund: { reason: 'group-failed', status: 'succeeded', fen: 7980 },
    });
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ status: 'failed', refund: { status: 'succeeded', fen: 3990 } });
    expect(await myOrder(api, c.token, third.orderNo)).toMatchObject({ status: 'released', refund: null });
    // One refund per paid order at WeChat Pay, under one stable number, however often it was asked.
    expect(await refundsAtWechat(first.orderNo)).toEqual([expect.objectContaining({ outRefundNo: `${first.orderNo}R1`, refundFen: 7980 })]);
    expect(await refundsAtWechat(second.orderNo)).toEqual([
      expect.objectContaining({ outRefundNo: `${second.orderNo}R1`, refundFen: 3990 }),
    ]);
    const attempts = [
      (await getGroupOrder(stack.deps.db, first.orderNo))!.refund!.attempts,
      (await getGroupOrder(stack.deps.db, second.orderNo))!.refund!.attempts,
    ];
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    // C's payment was closed at WeChat Pay.
    expect(((await payControl(stack, `/orders?outTradeNo=${third.orderNo}`)) as Array<{ state: string }>)[0]!.state).toBe('CLOSED');
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 0, left: 100, failed: 1, forming: 0 });
    // Running the job again changes nothing.
    await letRefundsSettle(2);
    expect(await refundsAtWechat(first.orderNo)).toHaveLength(1);
  });

  it('keeps a refund WeChat Pay could not return (ABNORMAL) visible to staff', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 2, groupHours: 1, reservationMinutes: 60 }));
    const a = await buyer(api, 'gbr-abnormal-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await payThroughWechat(stack, api, a.token, order.orderNo);
    await payControl(stack, '/next-refund-abnormal', {});
    stack.clock.advance(HOUR);
    await letRefundsSettle(3);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ refund: { status: 'abnormal' } });
    const listed = await (
      await api.json('GET', `/v1/staff/groupbuy/campaigns/${published.campaignId}/orders?status=failed`, undefined, staff.agent)
    ).json();
    expect(listed.items).toEqual([
      expect.objectContaining({ orderNo: order.orderNo, refund: expect.objectContaining({ status: 'abnormal' }) }),
    ]);
  });
});

describe('leaving', () => {
  it('a paid leader leaves with a refund, and the earliest remaining member leads; an unpaid member’s place is released', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 4 }));
    const [a, b, c, d] = [
      await buyer(api, 'gbr-leave-a'),
      await buyer(api, 'gbr-leave-b'),
      await buyer(api, 'gbr-leave-c'),
      await buyer(api, 'gbr-leave-d'),
    ];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    stack.clock.advance(MINUTE);
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    stack.clock.advance(MINUTE);
    const third = await placed(await joinGroup(api, c.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await payThroughWechat(stack, api, c.token, third.orderNo);

    const left = await api.json('POST', `/v1/groupbuy/orders/${first.orderNo}/leave`, undefined, a.token);
    expect(left.status).toBe(200);
    expect((await left.json()).order).toMatchObject({ status: 'left', leader: false, refund: { reason: 'left', status: 'requested' } });
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ leader: true });
    const group = await (await api.json('GET', `/v1/groupbuy/groups/${first.groupId}`, undefined, d.token)).json();
    expect(group).toMatchObject({ slotsLeft: 2, viewer: { canJoin: true } });
    expect(group.members.map((m: { leader: boolean; paid: boolean }) => [m.leader, m.paid])).toEqual([
      [true, false],
      [false, true],
    ]);
    // B (unpaid, with a payment started) leaves: released, the WeChat Pay order closed.
    await paymentFor(api, b.token, second.orderNo);
    const released = await (await api.json('POST', `/v1/groupbuy/orders/${second.orderNo}/leave`, undefined, b.token)).json();
    expect(released.order).toMatchObject({ status: 'released', refund: null });
    expect(await myOrder(api, c.token, third.orderNo)).toMatchObject({ leader: true });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 1, left: 99 });
    await letRefundsSettle(2, MINUTE);
    expect(await myOrder(api, a.token, first.orderNo)).toMatchObject({ refund: { status: 'succeeded', fen: 3990 } });
    // Leaving twice is refused by name.
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/orders/${first.orderNo}/leave`, undefined, a.token),
      409,
      'GROUP_ORDER_CANNOT_LEAVE',
    );
  });
});

describe('after success', () => {
  it('leaving is refused; staff’s after-sales refund goes through WeChat Pay and claws the points back; the group stays succeeded', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 2 }));
    const [a, b] = [await buyer(api, 'gbr-after-a'), await buyer(api, 'gbr-after-b')];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await payThroughWechat(stack, api, b.token, second.orderNo);
    await runTimers(stack);
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/orders/${second.orderNo}/leave`, undefined, b.token),
      409,
      'GROUP_ORDER_CANNOT_LEAVE',
    );
    // The member's balance as the ledger adds up (the order's points are still pending in the return window).
    const points = async () =>
      (
        (await (await api.json('GET', '/v1/me/points?limit=50', undefined, b.token)).json()) as { items: Array<{ delta: number }> }
      ).items.reduce((sum, entry) => sum + entry.delta, 0);
    const before = await points();
    expect(before).toBeGreaterThan(0);

    await expectRefused(
      await api.json('POST', `/v1/staff/groupbuy/orders/${second.orderNo}/refund`, undefined, staff.agent),
      403,
      'FORBIDDEN',
    );
    const refunded = await api.json('POST', `/v1/staff/groupbuy/orders/${second.orderNo}/refund`, undefined, staff.supervisor);
    expect(refunded.status).toBe(200);
    expect(await refunded.json()).toMatchObject({ status: 'succeeded', refund: { reason: 'after-sales', status: 'processing' } });
    await expectRefused(
      await api.json('POST', `/v1/staff/groupbuy/orders/${second.orderNo}/refund`, undefined, staff.supervisor),
      409,
      'GROUP_BUY_REFUND_NOT_ALLOWED',
    );
    stack.clock.advance(MINUTE);
    await stack.emulator.pay.deliverDue();
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ status: 'succeeded', refund: { status: 'succeeded' } });
    expect(await points()).toBe(0);
    const entries = (
      (await (await api.json('GET', '/v1/me/points', undefined, b.token)).json()) as { items: Array<{ type: string; refId: string }> }
    ).items;
    expect(entries.filter((entry) => entry.type === 'refund').map((entry) => entry.refId)).toEqual([`gb-${second.orderNo}`]);
    expect(await getGroup(stack.deps.db, first.groupId)).toMatchObject({ status: 'succeeded' });
    // Replays and later runs take nothing more.
    await letRefundsSettle(2, MINUTE);
    expect(await points()).toBe(0);
    // A place that never succeeded has no after-sales refund.
    const c = await buyer(api, 'gbr-after-c');
    const open = await placed(await openGroup(api, c.token, published.campaignId));
    await expectRefused(
      await api.json('POST', `/v1/staff/groupbuy/orders/${open.orderNo}/refund`, undefined, staff.admin),
      409,
      'GROUP_BUY_REFUND_NOT_ALLOWED',
    );
  });
});

describe('staff’s order list', () => {
  it('pages a campaign’s orders newest first, filtered by status, phones masked', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 2, perBuyerLimit: 30 }));
    const a = await buyer(api, 'gbr-list-a');
    expect((await api.json('POST', '/v1/me/phone', { code: 'dev-phone-13812345678' }, a.token)).status).toBe(200);
    for (let i = 0; i < 25; i++) await placed(await openGroup(api, a.token, published.campaignId));
    const page = async (query: string) =>
      (await (
        await api.json('GET', `/v1/staff/groupbuy/campaigns/${published.campaignId}/orders${query}`, undefined, staff.agent)
      ).json()) as {
        items: Array<{ orderNo: string; status: string; nickname: string; phoneMasked: string | null; createdAt: string }>;
        nextCursor: string | null;
      };
    const first = await page('');
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toMatchObject({ phoneMasked: '138****5678', status: 'reserved' });
    expect(JSON.stringify(first)).not.toContain('13812345678');
    expect(first.nextCursor).not.toBeNull();
    const rest = await page(`?cursor=${first.nextCursor}`);
    expect(rest.items).toHaveLength(5);
    const times = [...first.items, ...rest.items].map((item) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await page('?status=paid')).items).toHaveLength(0);
    expect((await page('?status=reserved')).items.length).toBeGreaterThan(0);
    await expectRefused(
      await api.json('GET', `/v1/staff/groupbuy/campaigns/${published.campaignId}/orders?cursor=bad`, undefined, staff.agent),
      400,
      'VALIDATION_FAILED',
    );
  });
});
