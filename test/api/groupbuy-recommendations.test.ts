import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '@linli/shared/time';
import { saveInsightRun } from '../../functions/src/insight/repository.ts';
import { apiClient } from '../support/api-client.ts';
import { buyer, campaignInput, HOUR, openGroup, placed, publishedCampaign, scoreMemberAs, staffTokens } from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// 猜你喜欢: the buyer's 拼团 list ordered by what they are likely to want, and plainly for a member who
// switched personalised marketing off.
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const DAY = 24 * HOUR;
/** Campaign ids by name. */
const campaigns: Record<string, string> = {};

const product = (sku: string, name: string, category: string) => ({
  sku,
  name,
  category,
  description: '',
  pictureKeys: [],
  originalPriceFen: 5990,
  groupPriceFen: 3990,
});

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  const { admin } = await staffTokens(stack, api, 'gbr');
  const now = stack.clock().getTime();
  const endsIn = (days: number) => new Date(now + days * DAY).toISOString();
  // Plainly, oranges end first, then rice, then eggs.
  for (const [name, item, days] of [
    ['土鸡蛋 30 枚团', product('EGG-30', '土鸡蛋 30 枚', '禽蛋'), 7],
    ['赣南脐橙团', product('ORANGE-5KG', '赣南脐橙 5 斤', '水果'), 3],
    ['五常大米团', product('RICE-5KG', '五常大米 5 斤', '粮油'), 5],
  ] as const) {
    campaigns[name] = (
      await publishedCampaign(api, admin, campaignInput(stack.clock(), { name, product: item, endsAt: endsIn(days) }))
    ).campaignId;
  }
});
afterAll(() => stack.close());

async function listFor(token: string): Promise<{ names: string[]; ordering: string }> {
  const response = await api.json('GET', '/v1/groupbuy/campaigns', undefined, token);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: Array<{ name: string }>; ordering: string };
  return { names: body.items.map((item) => item.name), ordering: body.ordering };
}

async function orderOf(openid: string, orderId: string, sku: string, name: string, category: string, daysAgo: number) {
  const paidAt = new Date(stack.clock().getTime() - daysAgo * DAY).toISOString();
  const response = await api.postOrder({
    orderId,
    openid,
    paidFen: 2000,
    paidAt,
    items: [{ sku, name, category, qty: 1, unitPriceFen: 2000 }],
  });
  expect(response.status).toBe(200);
}

describe('猜你喜欢', () => {
  it('shows a buyer nothing is known about the plain order: soonest ending first', async () => {
    const newcomer = await buyer(api, 'gbr-newcomer');
    expect(await listFor(newcomer.token)).toEqual({ names: ['赣南脐橙团', '五常大米团', '土鸡蛋 30 枚团'], ordering: 'plain' });
  });

  it('puts first the category a buyer buys, and goes plain once they switch personalised marketing off', async () => {
    const eggLover = await buyer(api, 'gbr-eggs');
    await orderOf(eggLover.openid, 'gbr-eggs-1', 'EGG-10', '鸡蛋 10 枚', '禽蛋', 20);
    await orderOf(eggLover.openid, 'gbr-eggs-2', 'EGG-10', '鸡蛋 10 枚', '禽蛋', 5);
    expect(await listFor(eggLover.token)).toEqual({ names: ['土鸡蛋 30 枚团', '赣南脐橙团', '五常大米团'], ordering: 'personalised' });

    expect((await api.json('PATCH', '/v1/me', { marketingOptOut: true }, eggLover.token)).status).toBe(200);
    expect(await listFor(eggLover.token)).toEqual({ names: ['赣南脐橙团', '五常大米团', '土鸡蛋 30 枚团'], ordering: 'plain' });
  });

  it('raises a product the shop’s buyers often buy together with one this buyer bought', async () => {
    const milkBuyer = await buyer(api, 'gbr-milk');
    await orderOf(milkBuyer.openid, 'gbr-milk-1', 'MILK-1L', '鲜牛奶 1 升', '乳品', 3);
    // The last nightly run found milk and rice bought together (what customer insight's pairs hold).
    await saveInsightRun(stack.deps.db, shanghaiDay(stack.clock()).date, {
      pairs: [{ skuA: 'MILK-1L', skuB: 'RICE-5KG', orders: 12, support: 0.05, confidence: 0.4, lift: 2.1 }],
    });
    expect((await listFor(milkBuyer.token)).names[0]).toBe('五常大米团');
  });

  it('raises what buyers of the same RFM class joined', async () => {
    // Two 重要价值 customers open groups of the eggs; a third, who has bought nothing here yet, sees the eggs first.
    for (const name of ['gbr-vip-1', 'gbr-vip-2']) {
      const vip = await buyer(api, name);
      await scoreMemberAs(stack, vip.memberId, 'important_value');
      await placed(await openGroup(api, vip.token, campaigns['土鸡蛋 30 枚团']!));
    }
    const another = await buyer(api, 'gbr-vip-3');
    await scoreMemberAs(stack, another.memberId, 'important_value');
    expect(await listFor(another.token)).toEqual({ names: ['土鸡蛋 30 枚团', '赣南脐橙团', '五常大米团'], ordering: 'personalised' });
    // A buyer of another class is not moved by it.
    const other = await buyer(api, 'gbr-other');
    await scoreMemberAs(stack, other.memberId, 'general_develop');
    expect((await listFor(other.token)).names).toEqual(['赣南脐橙团', '五常大米团', '土鸡蛋 30 枚团']);
  });
});
