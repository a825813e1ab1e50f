import type { InsightDashboard, InsightFigures, LifecycleStage } from '@linli/shared/insight';
import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { listDayFigures } from '../figures/repository.ts';
import { productNames } from '../orders/products-repository.ts';
import { getInsightRun, getInsightSettings, listInsightRunsBetween } from './repository.ts';

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
  const monthStart = `${today.slice(0, 7)}-01`;
  const [run, settings, days] = await Promise.all([
    getInsightRun(deps.db),
    getInsightSettings(deps.db),
    listDayFigures(deps.db, monthStart, today),
  ]);
  const figures = run ? (run as unknown as InsightFigures) : null;
  const monthAgoDay = addDays(figures?.analysisDay ?? today, -MONTH_AGO_DAYS);
  const earlier = figures ? await listInsightRunsBetween(deps.db, addDays(monthAgoDay, -MONTH_AGO_SLACK_DAYS), monthAgoDay) : [];
  const monthAgo = earlier.at(-1) as { stages?: Record<LifecycleStage, number> } | undefined;
  const skus = [...new Set((figures?.pairs ?? []).flatMap((pair) => [pair.skuA, pair.skuB]))];
  const names = await productNames(deps.db, skus);
  let salesSoFarFen = 0;
  for (const figure of days.values()) salesSoFarFen += figure.salesFen - figure.refundFen;
  const thisMonth = figures?.forecast.months.find((month) => month.month === today.slice(0, 7));
  return {
    figures: figures ? stripRunFields(figures) : null,
    ranAt: (run?.ranAt as string | undefined) ?? null,
    stagesMonthAgo: monthAgo?.stages ?? null,
    pairNames: Object.fromEntries(skus.map((sku) => [sku, names.get(sku) ?? '未知商品'])),
    target: {
      month: today.slice(0, 7),
      targetFen: settings.monthlySalesTargetFen,
      salesSoFarFen,
      forecastRestFen: thisMonth?.revenueFen ?? 0,
    },
  };
}

function stripRunFields(figures: InsightFigures & { ranAt?: unknown }): InsightFigures {
  const { ranAt: _ranAt, ...rest } = figures;
  return rest;
}
