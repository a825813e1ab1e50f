import type { InsightDashboard, InsightFigures, LifecycleStage } from '@linli/shared/insight';
import { addDays, addMonths, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { listDayFigures } from '../figures/repository.ts';
import { productNames } from '../orders/products-repository.ts';
import { getInsightRun, getInsightSettings, listInsightRunsBetween } from './repository.ts';

/** The months of actual sales the forecast chart shows before its own, this month included. */
const SALES_MONTHS = 6;

/** The `count` months (YYYY-MM) ending with `month`, oldest first. */
function lastMonths(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, n) => addMonths(month, n - (count - 1)));
}

/** How far back "since last month" looks for a run to compare the stage funnel with. */
const MONTH_AGO_DAYS = 30;
/** A run within this many days before that day stands in for it (a job missed a night). */
const MONTH_AGO_SLACK_DAYS = 7;

/**
 * The 客户洞察 dashboards: the last nightly run's figures as they were computed (one item read),
 * product names for the pairs, the funnel a month earlier, and this month's sales against the target.
 */
export async function insightDashboard(deps: Pick<Deps, 'db' | 'clock'>): Promise<InsightDashboard> {
  const today = shanghaiDay(deps.clock()).date;
  const months = lastMonths(today.slice(0, 7), SALES_MONTHS);
  const [run, settings, days] = await Promise.all([
    getInsightRun(deps.db),
    getInsightSettings(deps.db),
    listDayFigures(deps.db, `${months[0]}-01`, today),
  ]);
  const figures = run ? (run as unknown as InsightFigures) : null;
  const monthAgoDay = addDays(figures?.analysisDay ?? today, -MONTH_AGO_DAYS);
  const earlier = figures ? await listInsightRunsBetween(deps.db, addDays(monthAgoDay, -MONTH_AGO_SLACK_DAYS), monthAgoDay) : [];
  const monthAgo = earlier.at(-1) as { stages?: Record<LifecycleStage, number> } | undefined;
  const skus = [...new Set((figures?.pairs ?? []).flatMap((pair) => [pair.skuA, pair.skuB]))];
  const names = await productNames(deps.db, skus);
  const salesByMonth = new Map(months.map((month) => [month, 0]));
  for (const [day, figure] of days) {
    const month = day.slice(0, 7);
    salesByMonth.set(month, (salesByMonth.get(month) ?? 0) + figure.salesFen - figure.refundFen);
  }
  const salesSoFarFen = salesByMonth.get(today.slice(0, 7)) ?? 0;
  const thisMonth = figures?.forecast.months.find((month) => month.month === today.slice(0, 7));
  return {
    figures: figures ? stripRunFields(figures) : null,
    ranAt: (run?.ranAt as string | undefined) ?? null,
    stagesMonthAgo: monthAgo?.stages ?? null,
    salesByMonth: months.map((month) => ({ month, salesFen: salesByMonth.get(month) ?? 0 })),
    pairNames: Object.fromEntries(skus.map((sku) => [sku, names.get(sku) ?? '未知商品'])),
    target: {
      month: today.slice(0, 7),
      targetFen: settings.monthlySalesTargetFen,
      salesSoFarFen,
      forecastRestFen: thisMonth?.revenueFen ?? 0,
    },
  };
}

/** The figures without what the run keeps for others: when it ran, the categories' cadences (for care rules). */
function stripRunFields(figures: InsightFigures & { ranAt?: unknown; replenishCategories?: unknown }): InsightFigures {
  const { ranAt: _ranAt, replenishCategories: _categories, ...rest } = figures;
  return rest;
}

/**
 * The categories the shop's members bought lately, most bought first (the last nightly run's figures):
 * what a page offers to choose from where a category is named (the shop keeps no list of categories).
 */
export async function categoriesBoughtLately(deps: Pick<Deps, 'db'>): Promise<string[]> {
  const run = (await getInsightRun(deps.db)) as Partial<InsightFigures> | null;
  return (run?.topCategories ?? []).map((entry) => entry.category);
}
