import { describe, expect, it } from 'vitest';
import {
  boughtTogetherAffinity,
  categoryAffinity,
  rankCampaigns,
  similarBuyersAffinity,
  type BuyerSignals,
  type RankedCampaign,
} from './recommendation.ts';

const campaign = (id: string, overrides: Partial<RankedCampaign> = {}): RankedCampaign => ({
  campaignId: id,
  sku: `SKU-${id}`,
  category: '其他',
  endsAt: '2026-12-10T00:00:00.000Z',
  publishedAt: '2026-11-20T00:00:00.000Z',
  joinsByRfmClass: {},
  ...overrides,
});

const nothingKnown: BuyerSignals = {
  categoryDays: {},
  orderDays: {},
  skusBought: new Set(),
  pairs: [],
  rfmClass: null,
  today: '2026-11-27',
};

const ids = (items: RankedCampaign[]) => items.map((item) => item.campaignId);

describe('猜你喜欢', () => {
  const eggs = campaign('eggs', { category: '禽蛋', sku: 'EGG', endsAt: '2026-12-20T00:00:00.000Z' });
  const oranges = campaign('oranges', { category: '水果', sku: 'ORANGE', endsAt: '2026-12-05T00:00:00.000Z' });
  const rice = campaign('rice', { category: '粮油', sku: 'RICE', endsAt: '2026-12-01T00:00:00.000Z' });

  it('puts first the category a buyer buys most', () => {
    const buyer: BuyerSignals = {
      ...nothingKnown,
      orderDays: { '2026-11-01': 2, '2026-10-01': 1, '2026-09-01': 1 },
      categoryDays: { 禽蛋: { '2026-11-01': 2, '2026-10-01': 1 }, 水果: { '2026-09-01': 1 } },
    };
    const ranked = rankCampaigns([rice, oranges, eggs], buyer);
    expect(ranked.ordering).toBe('personalised');
    expect(ids(ranked.items)).toEqual(['eggs', 'oranges', 'rice']);
  });

  it('counts orders older than half a year half', () => {
    const signals = {
      orderDays: { '2026-11-01': 1, '2025-11-01': 1 },
      categoryDays: { 水果: { '2026-11-01': 1 }, 禽蛋: { '2025-11-01': 1 } },
      today: '2026-11-27',
    };
    expect(categoryAffinity('水果', signals)).toBeCloseTo(1 / 1.5);
    expect(categoryAffinity('禽蛋', signals)).toBeCloseTo(0.5 / 1.5);
    expect(categoryAffinity('粮油', signals)).toBe(0);
  });

  it('raises a product frequently bought together with one the buyer bought', () => {
    const buyer: BuyerSignals = {
      ...nothingKnown,
      skusBought: new Set(['MILK']),
      pairs: [{ skuA: 'MILK', skuB: 'RICE', confidence: 0.6 }],
    };
    expect(boughtTogetherAffinity('RICE', buyer)).toBe(0.6);
    expect(boughtTogetherAffinity('MILK', buyer)).toBe(0);
    expect(ids(rankCampaigns([eggs, oranges, rice], buyer).items)[0]).toBe('rice');
  });

  it('raises what buyers of the same RFM class joined, against what that class joined most', () => {
    const popular = campaign('popular', { joinsByRfmClass: { champions: 40, hibernating: 1 } });
    const quiet = campaign('quiet', { joinsByRfmClass: { champions: 10, hibernating: 9 } });
    expect(similarBuyersAffinity(quiet, [popular, quiet], 'champions')).toBe(0.25);
    expect(similarBuyersAffinity(quiet, [popular, quiet], 'hibernating')).toBe(1);
    expect(similarBuyersAffinity(quiet, [popular, quiet], null)).toBe(0);
    const ranked = rankCampaigns([popular, quiet], { ...nothingKnown, rfmClass: 'hibernating' });
    expect(ids(ranked.items)).toEqual(['quiet', 'popular']);
  });

  it('shows a buyer who switched personalised marketing off the plain order: soonest ending first', () => {
    const ranked = rankCampaigns([eggs, oranges, rice], null);
    expect(ranked).toEqual({ items: [rice, oranges, eggs], ordering: 'plain' });
  });

  it('falls back to the plain order when nothing is known about the buyer', () => {
    expect(rankCampaigns([eggs, oranges, rice], nothingKnown)).toEqual({ items: [rice, oranges, eggs], ordering: 'plain' });
  });

  it('keeps the plain order among campaigns that score the same', () => {
    const buyer: BuyerSignals = { ...nothingKnown, orderDays: { '2026-11-01': 1 }, categoryDays: { 禽蛋: { '2026-11-01': 1 } } };
    const moreEggs = campaign('eggs-2', { category: '禽蛋', endsAt: '2026-12-02T00:00:00.000Z' });
    expect(ids(rankCampaigns([eggs, oranges, moreEggs, rice], buyer).items)).toEqual(['eggs-2', 'eggs', 'rice', 'oranges']);
  });
});
