import { addDays, daysBetween } from '@linli/shared/time';
import { expectedRepeatPurchasesOfNewCustomer } from './bgnbd.ts';
import { ruleExpectedPurchases, rulePAlive } from './churn-rules.ts';
import { fitShopModels, purchaseOutlook, type ShopModelOptions, type ShopModels } from './customer-outlook.ts';
import { DAYS_PER_WEEK, summarizeCustomers, type Occasion } from './purchase-history.ts';

/**
 * How well the model forecasts, shown to the seller (README, *Customer insight*): the models are
 * fitted again on the history up to 13 weeks before the analysis day, and their forecast of the
 * repeat purchases in those 13 weeks is set beside what happened, week by week and cumulatively.
 * The forecast counts the customers known at the cut (each by their expected purchases given their
 * history, equation 10) and the customers who came in the 13 weeks (each by a new customer's
 * expected repeat purchases since their first day, equation 9); the actual count is the purchase
 * occasions in the 13 weeks that are not a customer's first.
 */
export const HOLDOUT_WEEKS = 13;

export interface ModelQuality {
  /** The last day of the history the check's models read. */
  calibrationEnd: string;
  analysisDay: string;
  /** The check's models: the same method the shop's history then allowed. */
  models: ShopModels;
  /** Cumulative repeat purchases to the end of each week after the cut: forecast and actual. */
  weeks: { weekEnd: string; forecast: number; actual: number }[];
  forecast: number;
  actual: number;
}

/** Fits on the history up to `holdoutWeeks` weeks before `analysisDay` and sets the forecast of those weeks beside the actual purchases. */
export function modelQuality(
  occasions: ReadonlyMap<string, readonly Occasion[]>,
  analysisDay: string,
  options: ShopModelOptions & { holdoutWeeks?: number } = {},
): ModelQuality {
  const holdoutWeeks = options.holdoutWeeks ?? HOLDOUT_WEEKS;
  const calibrationEnd = addDays(analysisDay, -holdoutWeeks * DAYS_PER_WEEK);
  const summaries = summarizeCustomers(occasions, calibrationEnd);
  const models = fitShopModels(summaries, calibrationEnd, options);
  const weekEnds = Array.from({ length: holdoutWeeks }, (_, index) => addDays(calibrationEnd, (index + 1) * DAYS_PER_WEEK));
  const forecast = new Array<number>(holdoutWeeks).fill(0);
  const bgnbd = models.purchases.method === 'bgnbd' ? models.purchases.fit.parameters : null;

  // Customers known at the cut, those with one (x, t_x, T) counted together.
  const known = new Map<string, { summary: (typeof summaries)[number]; count: number }>();
  for (const summary of summaries) {
    const key = `${summary.x}:${summary.txDays}:${summary.TDays}`;
    const group = known.get(key);
    if (group) group.count += 1;
    else known.set(key, { summary, count: 1 });
  }
  const horizons = weekEnds.map((_, index) => (index + 1) * DAYS_PER_WEEK);
  for (const { summary, count } of known.values()) {
    const purchases = purchaseOutlook(models, summary, horizons);
    horizons.forEach((days, index) => {
      forecast[index]! += count * purchases.cumulative(days);
    });
  }

  // Customers who came after the cut, those with one first day counted together.
  const newcomersByFirstDay = new Map<string, number>();
  const actual = new Array<number>(holdoutWeeks).fill(0);
  for (const all of occasions.values()) {
    const first = all[0];
    if (!first || first.day > analysisDay) continue;
    const isNewcomer = first.day > calibrationEnd;
    if (isNewcomer) newcomersByFirstDay.set(first.day, (newcomersByFirstDay.get(first.day) ?? 0) + 1);
    for (const occasion of isNewcomer ? all.slice(1) : all) {
      if (occasion.day <= calibrationEnd || occasion.day > analysisDay) continue;
      actual[Math.ceil(daysBetween(calibrationEnd, occasion.day) / DAYS_PER_WEEK) - 1]! += 1;
    }
  }
  const newcomerPAlive = rulePAlive(models.rules, models.rules.shopGapDays, 0);
  for (const [firstDay, count] of newcomersByFirstDay) {
    weekEnds.forEach((weekEnd, index) => {
      const days = daysBetween(firstDay, weekEnd);
      if (days <= 0) return;
      const modelled = bgnbd ? expectedRepeatPurchasesOfNewCustomer(bgnbd, days / DAYS_PER_WEEK) : Number.NaN;
      const expected = Number.isFinite(modelled)
        ? modelled
        : ruleExpectedPurchases(models.rules, models.rules.shopGapDays, newcomerPAlive, days);
      forecast[index]! += count * expected;
    });
  }

  let actualSoFar = 0;
  const weeks = weekEnds.map((weekEnd, index) => {
    actualSoFar += actual[index]!;
    return { weekEnd, forecast: forecast[index]!, actual: actualSoFar };
  });
  const last = weeks[weeks.length - 1];
  return { calibrationEnd, analysisDay, models, weeks, forecast: last?.forecast ?? 0, actual: last?.actual ?? 0 };
}
