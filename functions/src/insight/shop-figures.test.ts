import { describe, expect, it } from 'vitest';
import { simulatePurchases } from '../../../dev/simulated-purchases.ts';
import { fitShopModels, memberOutlooks, type MemberOutlook, type ShopModels } from './customer-outlook.ts';
import { customerOccasions, summarizeCustomers, type CustomerSummary } from './purchase-history.ts';
import { boughtTogether, salesForecast, salesForecastDays } from './shop-figures.ts';
import type { OrderAggregates } from '../orders/order-aggregates.ts';

const purchases = simulatePurchases({
  customers: 3000,
  acquisitionDays: 365,
  firstDay: '2025-06-01',
  lastDay: '2026-12-10',
  bgnbd: { r: 1.2, alpha: 8, a: 0.9, b: 4 },
  spend: { p: 5, q: 4, v: 60 },
  seed: 7,
});
const LIFETIME = { monthlyDiscountRate: 0.01 };

/**
 * The forecast as it was computed before it took one pass: the members' outlooks asked again for each
 * month's last day, summed, each month the difference from the month before's.
 */
function forecastOnePassPerHorizon(models: ShopModels, summaries: readonly CustomerSummary[], analysisDay: string) {
  const sum = (outlooks: readonly MemberOutlook[]) =>
    outlooks.reduce(
      (total, outlook) => ({
        orders: total.orders + outlook.expectedPurchases,
        revenueFen: total.revenueFen + outlook.expectedPurchases * outlook.expectedSpendFen,
      }),
      { orders: 0, revenueFen: 0 },
    );
  let before = { orders: 0, revenueFen: 0 };
  return salesForecastDays(analysisDay).map((days) => {
    const upTo =
      days <= 0 ? { orders: 0, revenueFen: 0 } : sum(memberOutlooks(models, summaries, { forecastDays: days, lifetimeValue: LIFETIME }));
    const month = { orders: upTo.orders - before.orders, revenueFen: Math.round(upTo.revenueFen - before.revenueFen) };
    before = upTo;
    return month;
  });
}

function forecastOf(models: ShopModels, summaries: readonly CustomerSummary[], analysisDay: string) {
  const outlooks = memberOutlooks(models, summaries, { lifetimeValue: LIFETIME, moreForecastDays: salesForecastDays(analysisDay) });
  return salesForecast({ analysisDay, outlooks: new Map(outlooks.map((outlook) => [outlook.customerId, outlook])) });
}

describe('the sales forecast', () => {
  it('forecasts the rest of this month and the next two whole months, to each last day', () => {
    expect(salesForecastDays('2026-12-10')).toEqual([21, 52, 80]);
    const summaries = summarizeCustomers(customerOccasions(purchases), '2026-12-10');
    const forecast = forecastOf(fitShopModels(summaries, '2026-12-10'), summaries, '2026-12-10');
    expect(forecast.months.map(({ month, fromDay, toDay }) => ({ month, fromDay, toDay }))).toEqual([
      { month: '2026-12', fromDay: '2026-12-11', toDay: '2026-12-31' },
      { month: '2027-01', fromDay: '2027-01-01', toDay: '2027-01-31' },
      { month: '2027-02', fromDay: '2027-02-01', toDay: '2027-02-28' },
    ]);
  });

  it('from one pass over the members gives exactly what asking their outlooks again for each month gave (fitted models)', () => {
    const summaries = summarizeCustomers(customerOccasions(purchases), '2026-12-10');
    const models = fitShopModels(summaries, '2026-12-10');
    expect(models.purchases.method).toBe('bgnbd');
    const forecast = forecastOf(models, summaries, '2026-12-10');
    expect(forecast.months.map(({ orders, revenueFen }) => ({ orders, revenueFen }))).toEqual(
      forecastOnePassPerHorizon(models, summaries, '2026-12-10'),
    );
    expect(forecast.months.every((month) => month.orders > 0 && month.revenueFen > 0)).toBe(true);
    // The 90 days are the members' own outlooks (forecastDays 90).
    const outlooks = memberOutlooks(models, summaries, { lifetimeValue: LIFETIME });
    expect(forecast.orders).toBe(outlooks.reduce((sum, outlook) => sum + outlook.expectedPurchases, 0));
  });

  it('… and with the rules standing in, on the last day of a month (nothing left of it)', () => {
    const summaries = summarizeCustomers(customerOccasions(purchases), '2026-11-30');
    const models = fitShopModels(summaries, '2026-11-30', { minRepeatBuyers: 1_000_000 });
    expect(models.purchases.method).toBe('rules');
    expect(salesForecastDays('2026-11-30')).toEqual([0, 31, 62]);
    const forecast = forecastOf(models, summaries, '2026-11-30');
    expect(forecast.months[0]).toMatchObject({ month: '2026-11', orders: 0, revenueFen: 0 });
    expect(forecast.months.map(({ orders, revenueFen }) => ({ orders, revenueFen }))).toEqual(
      forecastOnePassPerHorizon(models, summaries, '2026-11-30'),
    );
  });
});

/** A member's aggregates holding only these orders' baskets (SKUs sorted, as the aggregates keep them). */
function buyer(memberId: string, baskets: string[][]): { aggregates: OrderAggregates } {
  return {
    aggregates: {
      memberId,
      days: {},
      categories: {},
      region: null,
      baskets: Object.fromEntries(baskets.map((skus, n) => [`${memberId}-o${n}`, ['2026-11-01', [...skus].sort()] as [string, string[]]])),
    },
  };
}

describe('frequently bought together', () => {
  it('gives support, confidence and lift over all members’ orders, strongest lift first', () => {
    // 10 orders: apple+orange together 3 times, apple alone 1, orange alone 1, rice+veg twice, 3 others.
    const pairs = boughtTogether([
      buyer('m1', [['APPLE', 'ORANGE'], ['APPLE', 'ORANGE'], ['APPLE']]),
      buyer('m2', [['APPLE', 'ORANGE'], ['ORANGE'], ['RICE', 'VEG']]),
      buyer('m3', [['RICE', 'VEG'], ['MILK'], ['EGG'], ['TEA']]),
    ]);
    expect(pairs).toEqual([
      { skuA: 'RICE', skuB: 'VEG', orders: 2, support: 0.2, confidence: 1, lift: 5 },
      { skuA: 'APPLE', skuB: 'ORANGE', orders: 3, support: 0.3, confidence: 0.75, lift: (3 * 10) / (4 * 4) },
    ]);
  });

  it('leaves out pairs seen in one order only, and pairs bought together less often than chance', () => {
    // MILK is in most orders: MILK+EGG together twice in 10 orders, with MILK in 8 and EGG in 3 → lift 0.83.
    const milk = Array.from({ length: 6 }, () => ['MILK']);
    const pairs = boughtTogether([buyer('m1', [['EGG', 'MILK'], ['EGG', 'MILK'], ['EGG'], ['APPLE', 'TEA'], ...milk])]);
    expect(pairs).toEqual([]);
  });
});
