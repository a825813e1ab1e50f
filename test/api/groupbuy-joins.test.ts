import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStock } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { getGroup, getHeldUnits } from '../../functions/src/groupbuy/groups-repository.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { runGroupBuyTimers } from '../../functions/src/groupbuy/timers.ts';
import { apiClient } from '../support/api-client.ts';
import {
  buyer,
  campaign,
  campaignInput,
  expectRefused,
  HOUR,
  inPool,
  joinGroup,
  openGroup,
  payThroughWechat,
  placed,
  publishedCampaign,
  seedBuyers,
  staffTokens,
} from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let staff: Awaited<ReturnType<typeof staffTokens>>;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  staff = await staffTokens(stack, api, 'gbj');
});
afterAll(() => stack.close());

const input = (overrides: Record<string, unknown> = {}) => campaignInput(stack.clock(), overrides);

/** Counts the transactions the API sends while `run` runs, and those DynamoDB refused (lost races and failed conditions). */
async function countingTransactions<T>(run: () => Promise<T>): Promise<{ result: T; sent: number; refused: number }> {
  const doc = stack.deps.db.doc as unknown as { send: (command: { constructor: { name: string } }) => Promise<unknown> };
  const send = doc.send;
  let sent = 0;
  let refused = 0;
  const kinds: Record<string, number> = {};
  doc.send = async (command) => {
    kinds[command.constructor.name] = (kinds[command.constructor.name] ?? 0) + 1;
    if (command.constructor.name !== 'TransactWriteCommand') return send.call(stack.deps.db.doc, command);
    sent++;
    try {
      return await send.call(stack.deps.db.doc, command);
    } catch (error) {
      refused++;
      throw error;
    }
  };
  try {
    return { result: await run(), sent, refused };
  } finally {
    doc.send = send;
    console.log('requests by kind', JSON.stringify(kinds));
  }
}

describe('opening and joining', () => {
  it('is idempotent by requestId: a retry, or twenty at once, answer the same order and reserve once', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ perBuyerLimit: 5 }));
    const leader = await buyer(api, 'gbj-idem-leader');
    const requestId = randomUUID();
    const first = await placed(await openGroup(api, leader.token, published.campaignId, { requestId }));
    const again = await placed(await openGroup(api, leader.token, published.campaignId, { requestId }));
    expect(again.orderNo).toBe(first.orderNo);
    const joiner = await buyer(api, 'gbj-idem-joiner');
    const joinId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => joinGroup(api, joiner.token, first.groupId, { requestId: joinId })));
    const orders = await Promise.all(answers.map(placed));
    expect(new Set(orders.map((order) => order.orderNo)).size).toBe(1);
    expect(await campaign(api, staff.admin, published.campaignId)).toMatchObject({ stock: { reserved: 2, left: 98 } });
    expect(await getHeldUnits(stack.deps.db, joiner.memberId, published.campaignId)).toBe(1);
  });

  it('names each refusal: already joined, full, closed, the per-buyer limit, sold out, not found', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ groupSize: 2, stock: 5, perBuyerLimit: 2 }));
    const [a, b, c] = [await buyer(api, 'gbj-ref-a'), await buyer(api, 'gbj-ref-b'), await buyer(api, 'gbj-ref-c')];
    const order = await placed(await openGroup(api, a.token, published.campaignId));
    expect(order).toMatchObject({ status: 'reserved', leader: true, groupStatus: 'forming' });
    await expectRefused(await joinGroup(api, a.token, order.groupId), 409, 'GROUP_ALREADY_JOINED');
    await placed(await joinGroup(api, b.token, order.groupId));
    await expectRefused(await joinGroup(api, c.token, order.groupId), 409, 'GROUP_FULL');
    // The per-buyer limit counts every place the buyer holds in the campaign.
    await expectRefused(await openGroup(api, a.token, published.campaignId, { qty: 2 }), 409, 'GROUP_BUY_LIMIT_REACHED');
    await placed(await openGroup(api, a.token, published.campaignId));
    await expectRefused(await openGroup(api, a.token, published.campaignId), 409, 'GROUP_BUY_LIMIT_REACHED');
    // 3 units reserved of 5: two more, and the third is sold out.
    await placed(await openGroup(api, c.token, published.campaignId, { qty: 2 }));
    await expectRefused(await openGroup(api, b.token, published.campaignId), 409, 'GROUP_BUY_SOLD_OUT');
    await expectRefused(await joinGroup(api, c.token, 'grp_nope'), 404, 'GROUP_NOT_FOUND');
    await expectRefused(await openGroup(api, c.token, 'gbc_nope'), 404, 'GROUP_BUY_NOT_FOUND');
    // A group past its deadline takes nobody.
    const later = await publishedCampaign(api, staff.admin, input({ groupHours: 1 }));
    const leader = await buyer(api, 'gbj-ref-d');
    const short = await placed(await openGroup(api, leader.token, later.campaignId));
    const before = stack.clock().toISOString();
    stack.clock.advance(HOUR);
    try {
      await expectRefused(await joinGroup(api, b.token, short.groupId), 409, 'GROUP_CLOSED');
    } finally {
      stack.clock.set(before);
    }
  });
});

describe('1,000 joins at once on one campaign', () => {
  it('reserve exactly the stock: no group over its size, no buyer over the limit, every other join refused by name', async () => {
    const GROUPS = 20;
    const published = await publishedCampaign(api, staff.admin, input({ name: '抢购团', groupSize: 10, stock: 100, perBuyerLimit: 1 }));
    const leaders = await seedBuyers(stack, 'gbjl', GROUPS);
    const groupIds: string[] = [];
    for (const leader of leaders) groupIds.push((await placed(await openGroup(api, leader.token, published.campaignId))).groupId);
    // 490 buyers, each trying two groups at once: 980 joins for the 80 units left.
    const crowd = await seedBuyers(stack, 'gbjc', 490);
    const attempts = crowd.flatMap((member, i) => [
      { member, groupId: groupIds[i % GROUPS]! },
      { member, groupId: groupIds[(i * 7 + 3) % GROUPS]! },
    ]);
    const started = Date.now();
    const {
      result: answers,
      sent,
      refused,
    } = await countingTransactions(() =>
      inPool(attempts, 50, async ({ member, groupId }) => {
        const response = await joinGroup(api, member.token, groupId);
        const body = (await response.json()) as { order?: { orderNo: string }; error?: { code: string } };
        return { status: response.status, code: body.error?.code ?? 'OK' };
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    // Beside it, in the same run: the same number of plain consistent reads of one item, as fast as DynamoDB Local goes here.
    const baselineStarted = Date.now();
    await inPool(attempts, 50, () => getStock(stack.deps.db, published.campaignId));
    const baseline = (Date.now() - baselineStarted) / 1000;
    const byCode = answers.reduce<Record<string, number>>((counts, { code }) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});
    console.log(
      `1,000 joins: ${seconds.toFixed(1)} s, ${(attempts.length / seconds).toFixed(0)} joins/s; answers ${JSON.stringify(byCode)}; ` +
        `${sent} transactions sent, ${refused} refused (${(refused / Math.max(1, byCode.OK ?? 0)).toFixed(2)} per reservation); ` +
        `beside ${(attempts.length / baseline).toFixed(0)} plain reads/s`,
    );
    expect(byCode.OK).toBe(80);
    expect(byCode.BUSY ?? 0).toBe(0);
    expect(
      Object.keys(byCode).every((code) =>
        ['OK', 'GROUP_BUY_SOLD_OUT', 'GROUP_BUY_LIMIT_REACHED', 'GROUP_FULL', 'GROUP_ALREADY_JOINED'].includes(code),
      ),
    ).toBe(true);
    expect(answers.every(({ status }) => status < 500)).toBe(true);
    expect(await campaign(api, staff.admin, published.campaignId)).toMatchObject({
      stock: { total: 100, reserved: 100, left: 0, sold: 0 },
    });
    let taken = 0;
    for (const groupId of groupIds) {
      const group = (await getGroup(stack.deps.db, groupId))!;
      expect(Object.keys(group.members)).toHaveLength(group.slotsTaken);
      expect(group.slotsTaken).toBeLessThanOrEqual(10);
      taken += group.slotsTaken;
    }
    expect(taken).toBe(100);
    const held = await Promise.all(crowd.map((member) => getHeldUnits(stack.deps.db, member.memberId, published.campaignId)));
    expect(held.every((units) => units <= 1)).toBe(true);
    expect(held.reduce((sum, units) => sum + units, 0)).toBe(80);

    // Every place paid through WeChat Pay (the emulator): exactly 100 units sold, full groups succeeded once each.
    const buyers = new Map([...leaders, ...crowd].map((member) => [member.memberId, member]));
    const places = (await Promise.all(groupIds.map((groupId) => getGroup(stack.deps.db, groupId)))).flatMap((group) =>
      Object.values(group!.members),
    );
    const payStarted = Date.now();
    await inPool(places, 10, (place) => payThroughWechat(stack, api, buyers.get(place.memberId)!.token, place.orderNo));
    console.log(`paid ${places.length} places through the emulated WeChat Pay in ${((Date.now() - payStarted) / 1000).toFixed(1)} s`);
    const full = (await Promise.all(groupIds.map((groupId) => getGroup(stack.deps.db, groupId)))).filter(
      (group) => group!.slotsTaken === 10,
    );
    expect(await campaign(api, staff.admin, published.campaignId)).toMatchObject({
      stock: { total: 100, reserved: 0, sold: 100, left: 0 },
      groups: { succeeded: full.length, forming: GROUPS - full.length },
    });
    expect(full.every((group) => group!.status === 'succeeded' && group!.paidCount === 10)).toBe(true);
  }, 300_000);
});

describe('the last join racing the deadline', () => {
  it('has one outcome: taken before the group is decided (then released unpaid), or refused as closed — never a place in a decided group', async () => {
    const published = await publishedCampaign(
      api,
      staff.admin,
      input({ groupSize: 3, groupHours: 1, reservationMinutes: 60, stock: 1000 }),
    );
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const [leader, joiner] = await seedBuyers(stack, `gbjr${round}x`, 2);
      const opened = await placed(await openGroup(api, leader!.token, published.campaignId));
      const deadline = new Date((await getGroup(stack.deps.db, opened.groupId))!.deadline);
      // The join sees the deadline a millisecond ahead; the job, run at the same moment, sees it come.
      stack.clock.set(new Date(deadline.getTime() - 1));
      const jobClock = () => new Date(deadline.getTime());
      const [answer] = await Promise.all([
        joinGroup(api, joiner!.token, opened.groupId).then(async (response) => ({ status: response.status, body: await response.json() })),
        runGroupBuyTimers({ ...stack.deps, clock: jobClock }),
      ]);
      // Whatever the order of events, the deadline's work completes at the deadline.
      await runGroupBuyTimers({ ...stack.deps, clock: jobClock });
      const group = (await getGroup(stack.deps.db, opened.groupId))!;
      expect(group.status).toBe('failed');
      expect(group.slotsTaken).toBe(0);
      expect(await getHeldUnits(stack.deps.db, joiner!.memberId, published.campaignId)).toBe(0);
      if (answer.status === 200) {
        outcomes.push('joined-then-released');
        expect((await getGroupOrder(stack.deps.db, answer.body.order.orderNo))!.status).toBe('released');
      } else {
        outcomes.push('closed');
        expect(answer.body.error.code).toBe('GROUP_CLOSED');
      }
      stack.clock.set(deadline);
    }
    console.log(`join racing the deadline: ${JSON.stringify(outcomes)}`);
    expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ reserved: 0, sold: 0, left: 1000, forming: 0, failed: 6 });
  }, 120_000);
});
