import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAnswer } from '../../dev/wechat-emulator/pay/pay-crypto.ts';
import { getStock } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { getGroup } from '../../functions/src/groupbuy/groups-repository.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { apiClient } from '../support/api-client.ts';
import {
  buyer,
  campaignInput,
  confirmOnWechat,
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
  staff = await staffTokens(stack, api, 'gbp');
});
afterAll(() => stack.close());

const input = (overrides: Record<string, unknown> = {}) => campaignInput(stack.clock(), overrides);

interface LedgerEntry {
  type: string;
  delta: number;
  refId: string | null;
}
async function ledger(token: string): Promise<LedgerEntry[]> {
  return ((await (await api.json('GET', '/v1/me/points?limit=50', undefined, token)).json()) as { items: LedgerEntry[] }).items;
}

/** The notification WeChat Pay keeps for an order or refund (its JSON body, as posted). */
function notificationBody(subject: string): string {
  const notification = stack.emulator.state.pay.notifications.find((candidate) => candidate.subject === subject);
  expect(notification).toBeDefined();
  return notification!.body;
}

function postNotification(body: string, headers: Record<string, string>) {
  return stack.app.request('/v1/wechatpay/notify', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('paying', () => {
  it('a full group succeeds exactly once with its last payment; its orders enter the pipeline and the leader is rewarded once', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ leaderReward: { kind: 'points', points: 50 } }));
    const [a, b, c] = [await buyer(api, 'gbp-full-a'), await buyer(api, 'gbp-full-b'), await buyer(api, 'gbp-full-c')];
    const leader = await placed(await openGroup(api, a.token, published.campaignId));
    const second = await placed(await joinGroup(api, b.token, leader.groupId));
    const third = await placed(await joinGroup(api, c.token, leader.groupId));

    const params = await paymentFor(api, a.token, leader.orderNo);
    expect(params).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    // Asking again answers fresh parameters for the same prepay.
    expect((await paymentFor(api, a.token, leader.orderNo)).package).toBe(params.package);
    expect(await confirmOnWechat(stack, params)).toBe('requestPayment:ok');
    expect(await myOrder(api, a.token, leader.orderNo)).toMatchObject({ status: 'paid', groupStatus: 'forming', reservedUntil: null });
    await payThroughWechat(stack, api, b.token, second.orderNo);
    expect((await getGroup(stack.deps.db, leader.groupId))!.status).toBe('forming');
    await payThroughWechat(stack, api, c.token, third.orderNo);

    for (const [token, order] of [
      [a.token, leader],
      [b.token, second],
      [c.token, third],
    ] as const)
      expect(await myOrder(api, token, order.orderNo)).toMatchObject({ status: 'succeeded', groupStatus: 'succeeded' });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 3, left: 97, forming: 0, succeeded: 1 });
    // Replays of the completing payment change nothing: the group succeeded once.
    const completing = stack.emulator.state.pay.notifications.find((n) => n.subject === third.orderNo)!;
    for (let i = 0; i < 3; i++) await payControl(stack, `/notifications/${completing.id}/redeliver`, {});
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ sold: 3, succeeded: 1 });

    // The effects: each order credited in the pipeline as gb-<orderNo>, the leader's 50 points, once however often the job runs.
    await runTimers(stack);
    await runTimers(stack);
    const leaderLedger = await ledger(a.token);
    expect(leaderLedger.filter((entry) => entry.type === 'order').map((entry) => entry.refId)).toEqual([`gb-${leader.orderNo}`]);
    expect(leaderLedger.filter((entry) => entry.type === 'groupbuy')).toEqual([expect.objectContaining({ delta: 50 })]);
    expect((await ledger(b.token)).filter((entry) => entry.type === 'order').map((entry) => entry.refId)).toEqual([`gb-${second.orderNo}`]);
    expect((await ledger(b.token)).some((entry) => entry.type === 'groupbuy')).toBe(false);
    // 我的拼团 lists them newest first.
    const mine = await (await api.json('GET', '/v1/me/group-orders', undefined, c.token)).json();
    expect(mine.items[0]).toMatchObject({ orderNo: third.orderNo, status: 'succeeded', leader: false });
  });

  it('succeeds a group once when its last payments arrive at the same moment; a coupon reward reaches the leader once', async () => {
    const coupon = { type: 'amount_off', amountOffFen: 500, minSpendFen: 3000, validDays: 30 };
    const published = await publishedCampaign(api, staff.admin, input({ leaderReward: { kind: 'coupon', coupon } }));
    const [a, b, c] = [await buyer(api, 'gbp-race-a'), await buyer(api, 'gbp-race-b'), await buyer(api, 'gbp-race-c')];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    const orders = [
      first,
      await placed(await joinGroup(api, b.token, first.groupId)),
      await placed(await joinGroup(api, c.token, first.groupId)),
    ];
    const tokens = [a.token, b.token, c.token];
    const params = await Promise.all(orders.map((order, i) => paymentFor(api, tokens[i]!, order.orderNo)));
    expect(await Promise.all(params.map((each) => confirmOnWechat(stack, each)))).toEqual(Array(3).fill('requestPayment:ok'));
    expect(await getGroup(stack.deps.db, first.groupId)).toMatchObject({ status: 'succeeded', paidCount: 3, slotsTaken: 3 });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ sold: 3, reserved: 0, succeeded: 1, forming: 0 });
    await runTimers(stack);
    await runTimers(stack);
    const coupons = async (token: string) =>
      ((await (await api.json('GET', '/v1/me/coupons', undefined, token)).json()) as { items: Array<{ name: string; terms: unknown }> })
        .items;
    expect(await coupons(a.token)).toEqual([expect.objectContaining({ name: expect.stringContaining('团长奖励'), terms: coupon })]);
    expect(await coupons(b.token)).toEqual([]);
  });

  it('ten replays of a notification make one change', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-replay-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await payThroughWechat(stack, api, a.token, order.orderNo);
    const paid = await getGroupOrder(stack.deps.db, order.orderNo);
    const notification = stack.emulator.state.pay.notifications.find((n) => n.subject === order.orderNo)!;
    for (let i = 0; i < 10; i++) await payControl(stack, `/notifications/${notification.id}/redeliver`, {});
    expect(notification.attempts.filter((attempt) => attempt.status === 204)).toHaveLength(11);
    expect(await getGroupOrder(stack.deps.db, order.orderNo)).toEqual(paid);
    expect(await getGroup(stack.deps.db, order.groupId)).toMatchObject({ paidCount: 1 });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ sold: 1, reserved: 0 });
  });

  it('a tampered, stale or forged notification is refused with 401 and changes nothing', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-tamper-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await paymentFor(api, a.token, order.orderNo);
    // The payer pays; WeChat Pay has not notified yet.
    await payControl(stack, `/orders/${order.orderNo}/succeed`, { notify: false });
    const body = notificationBody(order.orderNo);
    const signer = stack.emulator.pay.settings.signer;
    const stale = signAnswer(signer, body, new Date(stack.clock().getTime() - 6 * MINUTE));
    expect((await postNotification(body, stale)).status).toBe(401);
    const tampered = body.replace(/"ciphertext":"(.)/, (_match, first: string) => `"ciphertext":"${first === 'A' ? 'B' : 'A'}`);
    expect((await postNotification(tampered, signAnswer(signer, body, stack.clock()))).status).toBe(401);
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = signAnswer({ serial: signer.serial, privateKey: forger.privateKey }, body, stack.clock());
    expect((await postNotification(body, forged)).status).toBe(401);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'reserved' });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 1, sold: 0 });
    // The genuine one, freshly signed, is taken.
    expect((await postNotification(body, signAnswer(signer, body, stack.clock()))).status).toBe(204);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'paid' });
  });

  it('refuses to pay a place no longer payable, and someone else’s order is not found', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-notpay-a');
    const b = await buyer(api, 'gbp-notpay-b');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/orders/${order.orderNo}/pay`, undefined, b.token),
      404,
      'GROUP_ORDER_NOT_FOUND',
    );
    await payThroughWechat(stack, api, a.token, order.orderNo);
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/orders/${order.orderNo}/pay`, undefined, a.token),
      409,
      'GROUP_ORDER_NOT_PAYABLE',
    );
  });

  it('WeChat Pay out of reach is WECHAT_PAY_UNAVAILABLE, and the reservation stays', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-down-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await payControl(stack, '/failures', { path: '/v3/pay/transactions/jsapi', kind: 'system-error' });
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/orders/${order.orderNo}/pay`, undefined, a.token),
      503,
      'WECHAT_PAY_UNAVAILABLE',
    );
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'reserved' });
    await payThroughWechat(stack, api, a.token, order.orderNo);
  });
});

describe('reservations', () => {
  it('are released after 15 minutes unpaid: the place, units and limit come back', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ perBuyerLimit: 1 }));
    const a = await buyer(api, 'gbp-expire-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    stack.clock.advance(15 * MINUTE - 1000);
    await runTimers(stack);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'reserved' });
    stack.clock.advance(1000);
    await runTimers(stack);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'released', groupStatus: 'failed' });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, left: 100, forming: 0, failed: 1 });
    // The limit of one unit is free again.
    await placed(await openGroup(api, a.token, published.campaignId));
  });

  it('a payment WeChat Pay took but never notified is found at expiry and counts', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-query-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    await paymentFor(api, a.token, order.orderNo);
    await payControl(stack, `/orders/${order.orderNo}/succeed`, { notify: false });
    stack.clock.advance(15 * MINUTE);
    await runTimers(stack);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'paid' });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 1 });
  });

  it('a started but unpaid payment is closed at WeChat Pay on expiry, so it can no longer be paid', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const a = await buyer(api, 'gbp-close-a');
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    const params = await paymentFor(api, a.token, order.orderNo);
    stack.clock.advance(15 * MINUTE);
    await runTimers(stack);
    expect(await myOrder(api, a.token, order.orderNo)).toMatchObject({ status: 'released' });
    expect(((await payControl(stack, `/orders?outTradeNo=${order.orderNo}`)) as Array<{ state: string }>)[0]!.state).toBe('CLOSED');
    expect(await confirmOnWechat(stack, params)).toMatch(/requestPayment:fail/);
  });
});

describe('at the deadline', () => {
  it('a group with its minimum paid succeeds; its unpaid places are released', async () => {
    const published = await publishedCampaign(
      api,
      staff.admin,
      input({ groupSize: 3, minGroupSize: 2, groupHours: 2, reservationMinutes: 120 }),
    );
    const [a, b, c] = [await buyer(api, 'gbp-min-a'), await buyer(api, 'gbp-min-b'), await buyer(api, 'gbp-min-c')];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    const third = await placed(await joinGroup(api, c.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await payThroughWechat(stack, api, b.token, second.orderNo);
    stack.clock.advance(2 * HOUR - 1000);
    await runTimers(stack);
    expect((await getGroup(stack.deps.db, first.groupId))!.status).toBe('forming');
    stack.clock.advance(1000);
    await runTimers(stack);
    expect(await myOrder(api, a.token, first.orderNo)).toMatchObject({ status: 'succeeded', groupStatus: 'succeeded' });
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ status: 'succeeded' });
    expect(await myOrder(api, c.token, third.orderNo)).toMatchObject({ status: 'released', groupStatus: 'succeeded' });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 2, left: 98, succeeded: 1 });
  });

  it('a payment made after the deadline is refunded and its place given up; the group never succeeds after it', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 2, groupHours: 1, reservationMinutes: 60 }));
    const [a, b] = [await buyer(api, 'gbp-late-a'), await buyer(api, 'gbp-late-b')];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await paymentFor(api, b.token, second.orderNo);
    // Past the deadline, before the job came by: B's payment goes through at WeChat Pay.
    stack.clock.advance(HOUR + MINUTE);
    await payControl(stack, `/orders/${second.orderNo}/succeed`, {});
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({
      status: 'released',
      refund: { reason: 'paid-after-release', status: 'requested' },
    });
    await runTimers(stack);
    expect(await myOrder(api, a.token, first.orderNo)).toMatchObject({ status: 'failed', groupStatus: 'failed' });
    // The refunds go through; WeChat Pay settles them and notifies.
    for (let i = 0; i < 3; i++) {
      stack.clock.advance(2 * MINUTE);
      await stack.emulator.pay.deliverDue();
      await runTimers(stack);
    }
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ refund: { reason: 'paid-after-release', status: 'succeeded' } });
    expect(await myOrder(api, a.token, first.orderNo)).toMatchObject({ refund: { reason: 'group-failed', status: 'succeeded' } });
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 0, left: 100, failed: 1, succeeded: 0 });
  });
});
