import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFulfilment } from '../../functions/src/groupbuy/fulfilment-schedule.ts';
import { putNewFulfilment } from '../../functions/src/groupbuy/fulfilments-repository.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { createShopClient } from '../../functions/src/groupbuy/shop-client.ts';
import { runGroupBuyTimers } from '../../functions/src/groupbuy/timers.ts';
import { apiClient } from '../support/api-client.ts';
import {
  campaignInput,
  expectRefused,
  joinGroup,
  MINUTE,
  openGroup,
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
  staff = await staffTokens(stack, api, 'gbf');
});
afterAll(() => stack.close());

interface Delivery {
  state: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}
interface FulfilmentRow {
  orderNo: string;
  campaignId: string;
  nickname: string;
  phoneMasked: string | null;
  paidFen: number;
  delivery: Delivery;
}

/** A joined buyer with a nickname and, when given, a verified phone. */
async function buyer(name: string, phone?: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  expect((await api.json('PATCH', '/v1/me', { nickname: `买家${name.slice(-1)}` }, session.token)).status).toBe(200);
  if (phone) expect((await api.json('POST', '/v1/me/phone', { code: `dev-phone-${phone}` }, session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId, openid: `o-${name}` };
}

/** A group of two that succeeded (both paid) and whose success effects ran: its two deliveries are due. */
async function succeededGroup(prefix: string, phone?: string) {
  const campaign = await publishedCampaign(api, staff.admin, campaignInput(stack.clock(), { name: `${prefix} 2 人团`, groupSize: 2 }));
  const [a, b] = [await buyer(`${prefix}-a`, phone), await buyer(`${prefix}-b`)];
  const first = await placed(await openGroup(api, a.token, campaign.campaignId, { qty: 2 }));
  const second = await placed(await joinGroup(api, b.token, first.groupId));
  await payThroughWechat(stack, api, a.token, first.orderNo);
  await payThroughWechat(stack, api, b.token, second.orderNo);
  // The success's effects: the orders into the pipeline and a delivery each, due at once.
  await runTimers(stack);
  return { campaign, orders: [first, second], buyers: [a, b] };
}

const received = (orderNo: string) => stack.shop.state.orders.get(`gb-${orderNo}`);

async function failNext(count: number, status = 503) {
  const response = await stack.shop.app.request('/__shop/fail-next', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, status }),
  });
  expect(response.status).toBe(200);
}

async function list(query = '', token = staff.agent): Promise<{ items: FulfilmentRow[]; nextCursor: string | null }> {
  const response = await api.json('GET', `/v1/staff/groupbuy/fulfilments${query}`, undefined, token);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { items: FulfilmentRow[]; nextCursor: string | null };
}

async function deliveryOf(orderNo: string, campaignId: string): Promise<Delivery> {
  const page = await list(`?campaignId=${campaignId}`);
  const row = page.items.find((item) => item.orderNo === orderNo);
  expect(row, `no delivery listed for ${orderNo}`).toBeDefined();
  return row!.delivery;
}

describe('a successful group’s orders go to the shop', () => {
  it('once each, signed, even when the timer job runs again and concurrently; staff see them delivered', async () => {
    const { campaign, orders, buyers } = await succeededGroup('gbf-ok', '13912345678');
    // Queued, not yet posted: staff see them waiting.
    expect(received(orders[0]!.orderNo)).toBeUndefined();
    expect(await deliveryOf(orders[0]!.orderNo, campaign.campaignId)).toMatchObject({ state: 'pending', attempts: 0 });

    const runs = await Promise.all([runTimers(stack), runTimers(stack), runTimers(stack)]);
    expect(runs.reduce((sum, run) => sum + run.failed, 0)).toBe(0);
    await runTimers(stack);
    for (const [i, order] of orders.entries()) {
      const stored = (await getGroupOrder(stack.deps.db, order.orderNo))!;
      // The shop checked the signature (the emulator refuses any other) and took each order once, in one delivery.
      expect(received(order.orderNo)).toEqual({
        body: {
          event: 'groupbuy.order.succeeded',
          orderId: `gb-${order.orderNo}`,
          campaignId: campaign.campaignId,
          groupId: order.groupId,
          openid: buyers[i]!.openid,
          items: [{ sku: 'ORANGE-5KG', name: '赣南脐橙 5 斤装', category: 'fruit', qty: i === 0 ? 2 : 1, unitPriceFen: 3990 }],
          paidFen: i === 0 ? 7980 : 3990,
          paidAt: stored.paidAt,
          transactionId: stored.transactionId,
        },
        receivedAt: stack.clock().toISOString(),
        deliveries: 1,
      });
    }
    expect(stack.shop.state.refused).toEqual([]);

    const delivered = await deliveryOf(orders[0]!.orderNo, campaign.campaignId);
    expect(delivered).toEqual({
      state: 'delivered',
      attempts: 1,
      lastError: null,
      deliveredAt: stack.clock().toISOString(),
      nextAttemptAt: null,
    });
    // The campaign's order list carries the same delivery.
    const campaignOrders = await (
      await api.json('GET', `/v1/staff/groupbuy/campaigns/${campaign.campaignId}/orders`, undefined, staff.agent)
    ).json();
    expect(campaignOrders.items.map((item: { fulfilment: Delivery | null }) => item.fulfilment)).toEqual([delivered, delivered]);

    // Later runs post nothing again.
    stack.clock.advance(60 * MINUTE);
    await runTimers(stack);
    expect(orders.map((order) => received(order.orderNo)?.deliveries)).toEqual([1, 1]);
  });

  it('retries a shop that fails, at 1 and then 5 minutes, until it takes the order, counting the attempts', async () => {
    const { campaign, orders } = await succeededGroup('gbf-retry');
    // Each of the two orders is refused twice.
    await failNext(4);
    await runTimers(stack);
    const first = await deliveryOf(orders[0]!.orderNo, campaign.campaignId);
    expect(first).toMatchObject({
      state: 'failing',
      attempts: 1,
      lastError: expect.stringContaining('HTTP 503'),
      nextAttemptAt: new Date(stack.clock().getTime() + MINUTE).toISOString(),
    });
    // Not due yet: nothing is posted.
    stack.clock.advance(MINUTE - 1000);
    await runTimers(stack);
    expect(stack.shop.state.failNext.count).toBe(2);
    stack.clock.advance(1000);
    await runTimers(stack);
    expect(stack.shop.state.failNext.count).toBe(0);
    expect(await deliveryOf(orders[0]!.orderNo, campaign.campaignId)).toMatchObject({
      state: 'failing',
      attempts: 2,
      nextAttemptAt: new Date(stack.clock().getTime() + 5 * MINUTE).toISOString(),
    });
    stack.clock.advance(4 * MINUTE);
    await runTimers(stack);
    expect(received(orders[0]!.orderNo)).toBeUndefined();
    stack.clock.advance(MINUTE);
    await runTimers(stack);
    for (const order of orders) {
      expect(received(order.orderNo)?.deliveries).toBe(1);
      expect(await deliveryOf(order.orderNo, campaign.campaignId)).toMatchObject({ state: 'delivered', attempts: 3, lastError: null });
    }
  });

  it('gives up after the schedule on a shop that never answers OK, stays visible, and a staff retry delivers it', async () => {
    const { campaign, orders } = await succeededGroup('gbf-giveup');
    await failNext(1000, 502);
    // The first attempt, then 1, 5, 15, 60, 180, 360, 720 and 1440 minutes after each failure.
    for (const wait of [0, 1, 5, 15, 60, 180, 360, 720, 1440]) {
      stack.clock.advance(wait * MINUTE);
      await runTimers(stack);
    }
    const [order] = orders;
    const gaveUp = await deliveryOf(order!.orderNo, campaign.campaignId);
    expect(gaveUp).toEqual({
      state: 'gave-up',
      attempts: 9,
      lastError: expect.stringContaining('HTTP 502'),
      deliveredAt: null,
      nextAttemptAt: null,
    });
    // Nothing is tried again by itself.
    const refusedSoFar = stack.shop.state.refused.length;
    stack.clock.advance(3 * 24 * 60 * MINUTE);
    await runTimers(stack);
    expect(stack.shop.state.refused.length).toBe(refusedSoFar);
    // The list filtered to what gave up shows both orders.
    const gaveUpList = await list(`?state=gave-up&campaignId=${campaign.campaignId}`, staff.supervisor);
    expect(gaveUpList.items.map((item) => item.orderNo).sort()).toEqual(orders.map((o) => o.orderNo).sort());

    await failNext(0);
    await expectRefused(
      await api.json('POST', `/v1/staff/groupbuy/fulfilments/${order!.orderNo}/retry`, undefined, staff.agent),
      403,
      'FORBIDDEN',
    );
    const retried = await api.json('POST', `/v1/staff/groupbuy/fulfilments/${order!.orderNo}/retry`, undefined, staff.supervisor);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({
      orderNo: order!.orderNo,
      delivery: { state: 'pending', attempts: 9, nextAttemptAt: stack.clock().toISOString() },
    });
    await runTimers(stack);
    expect(received(order!.orderNo)?.deliveries).toBe(1);
    expect(await deliveryOf(order!.orderNo, campaign.campaignId)).toMatchObject({ state: 'delivered', attempts: 10 });
    // The other order waits for its own retry; a delivered one cannot be retried; an unknown one is not found.
    expect(received(orders[1]!.orderNo)).toBeUndefined();
    await expectRefused(
      await api.json('POST', `/v1/staff/groupbuy/fulfilments/${order!.orderNo}/retry`, undefined, staff.admin),
      409,
      'FULFILMENT_ALREADY_DELIVERED',
    );
    await expectRefused(
      await api.json('POST', '/v1/staff/groupbuy/fulfilments/GB-NOPE/retry', undefined, staff.admin),
      404,
      'GROUP_ORDER_NOT_FOUND',
    );
    expect((await api.json('POST', `/v1/staff/groupbuy/fulfilments/${orders[1]!.orderNo}/retry`, undefined, staff.admin)).status).toBe(200);
    await runTimers(stack);
    expect(received(orders[1]!.orderNo)?.deliveries).toBe(1);
  });

  it('is refused by the shop when signed with another secret: failing, never delivered', async () => {
    const { campaign, orders } = await succeededGroup('gbf-tampered');
    const wrongSecret = createShopClient({
      fulfilmentUrl: stack.config.groupBuy.fulfilmentWebhookUrl,
      secret: 'not-the-shared-secret',
      clock: stack.clock,
      fetch: async (input, init) => stack.shop.app.fetch(new Request(input, init)),
    });
    await runGroupBuyTimers({ ...stack.deps, shop: wrongSecret });
    for (const order of orders) {
      expect(received(order.orderNo)).toBeUndefined();
      expect(await deliveryOf(order.orderNo, campaign.campaignId)).toMatchObject({
        state: 'failing',
        attempts: 1,
        lastError: expect.stringContaining('HTTP 401'),
        deliveredAt: null,
      });
    }
    expect(stack.shop.state.refused.slice(-2)).toEqual([
      expect.objectContaining({ status: 401, reason: 'signature mismatch' }),
      expect.objectContaining({ status: 401, reason: 'signature mismatch' }),
    ]);
    // Signed with the shared secret again, the next attempt goes through.
    stack.clock.advance(MINUTE);
    await runTimers(stack);
    for (const order of orders)
      expect(await deliveryOf(order.orderNo, campaign.campaignId)).toMatchObject({ state: 'delivered', attempts: 2 });
  });
});

describe('the fulfilment list and its CSV', () => {
  it('lists deliveries newest success first, by campaign and state, page by page', async () => {
    const { campaign, orders } = await succeededGroup('gbf-list', '13812345678');
    await runTimers(stack);
    const listed = await list(`?campaignId=${campaign.campaignId}`);
    expect(listed.items.map((item) => item.orderNo).sort()).toEqual(orders.map((o) => o.orderNo).sort());
    expect(listed.items.find((item) => item.orderNo === orders[0]!.orderNo)).toMatchObject({
      nickname: '买家a',
      phoneMasked: '138****5678',
      paidFen: 7980,
      delivery: { state: 'delivered' },
    });
    expect((await list(`?campaignId=${campaign.campaignId}&state=failing`)).items).toEqual([]);

    // 25 more deliveries of another campaign, a minute apart: pages of 20, newest first, the cursor carrying on.
    const start = stack.clock().getTime() + MINUTE;
    for (let i = 0; i < 25; i++) {
      const at = new Date(start + i * MINUTE);
      await putNewFulfilment(stack.deps.db, {
        orderNo: `GBPAGE${String(i).padStart(2, '0')}`,
        campaignId: 'gbc_paging',
        campaignName: '翻页活动',
        groupId: 'grp_paging',
        memberId: 'm-nobody',
        productName: '脐橙',
        qty: 1,
        paidFen: 100,
        succeededAt: at.toISOString(),
        queuedAt: at.toISOString(),
        body: {
          event: 'groupbuy.order.succeeded',
          orderId: `gb-GBPAGE${i}`,
          campaignId: 'gbc_paging',
          groupId: 'grp_paging',
          openid: 'o-nobody',
          items: [{ sku: 'X', name: '脐橙', category: 'fruit', qty: 1, unitPriceFen: 100 }],
          paidFen: 100,
          paidAt: at.toISOString(),
          transactionId: 't',
        },
        progress: { ...newFulfilment(at), state: 'delivered', attempts: 1, nextAttemptAt: null, deliveredAt: at.toISOString() },
        claim: null,
        dueAt: null,
      });
    }
    const first = await list('', staff.admin);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.orderNo).toBe('GBPAGE24');
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?cursor=${first.nextCursor}`, staff.admin);
    expect(second.items.slice(0, 5).map((item) => item.orderNo)).toEqual(['GBPAGE04', 'GBPAGE03', 'GBPAGE02', 'GBPAGE01', 'GBPAGE00']);
    const byCampaign = await list('?campaignId=gbc_paging');
    expect(byCampaign.items).toHaveLength(20);
    expect((await list(`?campaignId=gbc_paging&cursor=${byCampaign.nextCursor}`)).items).toHaveLength(5);
    await expectRefused(
      await api.json('GET', '/v1/staff/groupbuy/fulfilments?cursor=bm90LWEta2V5', undefined, staff.agent),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('exports them as CSV for the shop: BOM, Chinese headers, the product code, phones masked', async () => {
    const { campaign, orders } = await succeededGroup('gbf-csv', '13712345678');
    await runTimers(stack);
    const response = await api.json('GET', `/v1/staff/groupbuy/fulfilments.csv?campaignId=${campaign.campaignId}`, undefined, staff.agent);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('x-next-cursor')).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('成团时间,订单号,活动,商品,商品编码,数量,实付(元),买家昵称,手机号(脱敏),推送状态,推送次数');
    expect(lines).toHaveLength(3);
    const leaderRow = lines.find((line) => line.includes(orders[0]!.orderNo))!;
    expect(leaderRow).toMatch(/^2026-\d{2}-\d{2} \d{2}:\d{2},/);
    expect(leaderRow.split(',').slice(1)).toEqual([
      orders[0]!.orderNo,
      'gbf-csv 2 人团',
      '赣南脐橙 5 斤装',
      'ORANGE-5KG',
      '2',
      '79.80',
      '买家a',
      '137****5678',
      '已推送',
      '1',
    ]);
    expect(lines.join('\n')).not.toContain('13712345678');
  });

  it('is for staff only: members are refused; agents read but do not retry', async () => {
    const member = await buyer(`gbf-member-${randomUUID().slice(0, 6)}`);
    await expectRefused(await api.json('GET', '/v1/staff/groupbuy/fulfilments', undefined, member.token), 403, 'FORBIDDEN');
    await expectRefused(await api.json('GET', '/v1/staff/groupbuy/fulfilments.csv', undefined, member.token), 403, 'FORBIDDEN');
    for (const token of [staff.admin, staff.supervisor, staff.agent])
      expect((await api.json('GET', '/v1/staff/groupbuy/fulfilments.csv', undefined, token)).status).toBe(200);
    await expectRefused(await api.json('POST', '/v1/staff/groupbuy/fulfilments/GB-X/retry', undefined, staff.agent), 403, 'FORBIDDEN');
  });
});
