import { BANDS, LIFECYCLE_STAGES, RFM_CLASSES, type Band, type InsightFigures, type LifecycleStage } from '@linli/shared/insight';
import { addDays, addMonths, daysBetween, monthsBetween } from '@linli/shared/time';
import type { MemberOutlook, ShopModels } from './customer-outlook.ts';
import type { ModelQuality } from './model-quality.ts';
import { methodNotice, qualityNotice } from './outlook-reasons.ts';
import type { MemberInsight } from './repository.ts';
import type { JoinedMemberFacts } from '../members/repository.ts';
import type { OrderAggregates } from '../orders/order-aggregates.ts';

/** One joined member as the nightly job reads them: the member's own fields and their order aggregates. */
export interface ScoredMemberInput {
  member: JoinedMemberFacts;
  aggregates: OrderAggregates;
}

const CLV_BUCKET_EDGES_FEN = [0, 10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
const TOP_CATEGORY_DAYS = 90;
const TOP_LIST = 10;
/** Pairs bought together in fewer orders than this are chance, not a pattern worth showing. */
const MIN_PAIR_ORDERS = 2;

/**
 * The shop-level figures of one nightly run, what the 客户洞察 dashboards show: computed from the
 * same members, aggregates and models as the members' scores, in memory, so a dashboard reads one
 * item whatever the size of the shop.
 */
export function shopFigures(input: {
  analysisDay: string;
  inputs: readonly ScoredMemberInput[];
  insights: ReadonlyMap<string, MemberInsight>;
  outlooks: ReadonlyMap<string, MemberOutlook>;
  models: ShopModels;
  quality: ModelQuality;
}): InsightFigures {
  const { analysisDay, models } = input;
  const insights = [...input.insights.values()];
  const stages = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<LifecycleStage, number>;
  const rfmClasses = Object.fromEntries(RFM_CLASSES.map((code) => [code, { members: 0, revenueFen: 0 }])) as InsightFigures['rfmClasses'];
  const risk = Object.fromEntries(BANDS.map((band) => [band, 0])) as Record<Band, number>;
  const pAliveHistogram = new Array<number>(10).fill(0);
  for (const insight of insights) {
    stages[insight.scores.stage]++;
    if (insight.scores.rfm) {
      rfmClasses[insight.scores.rfm.class].members++;
      rfmClasses[insight.scores.rfm.class].revenueFen += insight.scores.rfm.monetaryFen;
    }
    if (insight.scores.churn) {
      risk[insight.scores.churn.riskBand]++;
      pAliveHistogram[Math.min(9, Math.floor(insight.scores.churn.pAlive * 10))]!++;
    }
  }
  const outlooks = [...input.outlooks.values()];
  return {
    analysisDay,
    members: insights.length,
    customers: outlooks.length,
    model: modelFigures(models),
    quality: {
      notice: qualityNotice(input.quality),
      calibrationEnd: input.quality.calibrationEnd,
      forecast: input.quality.forecast,
      actual: input.quality.actual,
      weeks: input.quality.weeks,
    },
    stages,
    rfmClasses,
    risk,
    pAliveHistogram,
    clv: clvFigures(outlooks.map((outlook) => outlook.lifetimeValueFen)),
    cohorts: cohortRetention(input.inputs, analysisDay),
    repurchase: {
      customers: outlooks.length,
      repeaters: outlooks.filter((outlook) => outlook.occasions > 1).length,
      rate: outlooks.length === 0 ? 0 : outlooks.filter((outlook) => outlook.occasions > 1).length / outlooks.length,
    },
    topCategories: topCategories(input.inputs, analysisDay),
    pairs: boughtTogether(input.inputs),
    forecast: salesForecast(input),
  };
}

function modelFigures(models: ShopModels): InsightFigures['model'] {
  const bgnbd = models.purchases.method === 'bgnbd' ? models.purchases.fit : null;
  const gammaGamma = models.spend.method === 'gamma-gamma' ? models.spend.fit : null;
  return {
    method: bgnbd ? 'model' : 'rules',
    notice: methodNotice(models),
    customers: models.customers,
    repeatBuyers: models.repeatBuyers,
    minRepeatBuyers: models.minRepeatBuyers,
    bgnbd: bgnbd ? { ...bgnbd.parameters, logLikelihood: bgnbd.logLikelihood, gradientNorm: bgnbd.gradientNorm } : null,
    gammaGamma: gammaGamma
      ? { ...gammaGamma.parameters, logLikelihood: gammaGamma.logLikelihood, gradientNorm: gammaGamma.gradientNorm }
      : null,
  };
}

/** CLV in fixed bands a seller reads at a glance, and how much of the total the top tenth of customers hold. */
export function clvFigures(valuesFen: readonly number[]): InsightFigures['clv'] {
  const sorted = [...valuesFen].sort((a, b) => b - a);
  const totalFen = sorted.reduce((sum, value) => sum + value, 0);
  const top = sorted.slice(0, Math.ceil(sorted.length / 10)).reduce((sum, value) => sum + value, 0);
  const buckets = CLV_BUCKET_EDGES_FEN.map((fromFen, index) => ({
    fromFen,
    toFen: CLV_BUCKET_EDGES_FEN[index + 1] ?? null,
    members: sorted.filter(
      (value) => value >= fromFen && (index + 1 >= CLV_BUCKET_EDGES_FEN.length || value < CLV_BUCKET_EDGES_FEN[index + 1]!),
    ).length,
  }));
  return { totalFen, topDecileShare: totalFen === 0 ? 0 : top / totalFen, buckets };
}

const monthOf = (day: string) => day.slice(0, 7);

/** Monthly cohorts by first purchase, the last 12 months up to the analysis day's month: the share of each cohort buying in each later month. */
export function cohortRetention(inputs: readonly ScoredMemberInput[], analysisDay: string): InsightFigures['cohorts'] {
  const lastMonth = monthOf(analysisDay);
  const firstMonth = addMonths(lastMonth, -11);
  const cohorts = new Map<string, { size: number; active: number[] }>();
  for (const { aggregates } of inputs) {
    const days = Object.keys(aggregates.days)
      .filter((day) => day <= analysisDay)
      .sort();
    const first = days[0];
    if (!first || monthOf(first) < firstMonth) continue;
    const cohort = cohorts.get(monthOf(first)) ?? {
      size: 0,
      active: new Array<number>(monthsBetween(monthOf(first), lastMonth) + 1).fill(0),
    };
    cohort.size++;
    for (const offset of new Set(days.map((day) => monthsBetween(monthOf(first), monthOf(day))))) cohort.active[offset]!++;
    cohorts.set(monthOf(first), cohort);
  }
  return [...cohorts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, cohort]) => ({ month, size: cohort.size, retention: cohort.active.map((active) => active / cohort.size) }));
}

function topCategories(inputs: readonly ScoredMemberInput[], analysisDay: string): InsightFigures['topCategories'] {
  const since = addDays(analysisDay, -(TOP_CATEGORY_DAYS - 1));
  const byCategory = new Map<string, { members: number; orders: number }>();
  for (const { aggregates } of inputs) {
    for (const [category, days] of Object.entries(aggregates.categories)) {
      const orders = Object.entries(days).reduce((sum, [day, count]) => (day >= since && day <= analysisDay ? sum + count : sum), 0);
      if (orders === 0) continue;
      const seen = byCategory.get(category) ?? { members: 0, orders: 0 };
      seen.members++;
      seen.orders += orders;
      byCategory.set(category, seen);
    }
  }
  return [...byCategory]
    .map(([category, seen]) => ({ category, ...seen }))
    .sort((a, b) => b.members - a.members || b.orders - a.orders || (a.category < b.category ? -1 : 1))
    .slice(0, TOP_LIST);
}

/**
 * Pairs of products bought in one order, over the members' orders of the last year: support = share
 * of orders with both, confidence = share of the orders with A that also have B (the larger of the
 * two directions), lift = support / (share with A × share with B): above 1, bought together more than chance.
 * Only those are listed: a pair bought together less often than chance is no recommendation.
 */
export function boughtTogether(inputs: ReadonlyArray<Pick<ScoredMemberInput, 'aggregates'>>): InsightFigures['pairs'] {
  let orders = 0;
  const single = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const { aggregates } of inputs) {
    for (const [, skus] of Object.values(aggregates.baskets)) {
      orders++;
      for (const sku of skus) single.set(sku, (single.get(sku) ?? 0) + 1);
      for (let i = 0; i < skus.length; i++)
        for (let j = i + 1; j < skus.length; j++) {
          const key = `${skus[i]}\u0000${skus[j]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
    }
  }
  return [...pairs]
    .filter(([, together]) => together >= MIN_PAIR_ORDERS)
    .map(([key, together]) => {
      const [skuA, skuB] = key.split('\u0000') as [string, string];
      const withA = single.get(skuA)!;
      const withB = single.get(skuB)!;
      return {
        skuA,
        skuB,
        orders: together,
        support: together / orders,
        confidence: Math.max(together / withA, together / withB),
        lift: (together * orders) / (withA * withB),
      };
    })
    .filter((pair) => pair.lift > 1)
    .sort((a, b) => b.lift - a.lift || b.orders - a.orders)
    .slice(0, TOP_LIST);
}

function lastDayOfMonth(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/** The months the 销售目标 forecasts: the rest of the analysis day's month, then the next two whole months. */
function forecastMonths(analysisDay: string): Array<{ month: string; fromDay: string; toDay: string }> {
  const thisMonth = monthOf(analysisDay);
  return [0, 1, 2].map((offset) => {
    const month = addMonths(thisMonth, offset);
    return { month, fromDay: offset === 0 ? addDays(analysisDay, 1) : `${month}-01`, toDay: lastDayOfMonth(month) };
  });
}

/**
 * The horizons, in days from the analysis day, the sales forecast reads besides the 90 days: each
 * forecast month's last day. The members' outlooks are asked for them (moreForecastDays) in this order.
 */
export function salesForecastDays(analysisDay: string): number[] {
  return forecastMonths(analysisDay).map((month) => daysBetween(analysisDay, month.toDay));
}

/**
 * What existing members are expected to buy: each member's expected purchase occasions over the
 * horizon × their expected spend per order, summed; per calendar month for the 销售目标 (the rest of
 * this month, then the next two whole months) and over the next 90 days. Each month is what is
 * expected up to its last day less what is expected up to the month before's, from the outlooks'
 * moreExpectedPurchases (asked for salesForecastDays): one pass over the members for every horizon.
 */
export function salesForecast(input: { analysisDay: string; outlooks: ReadonlyMap<string, MemberOutlook> }): InsightFigures['forecast'] {
  const outlooks = [...input.outlooks.values()];
  const sumOver = (purchasesOf: (outlook: MemberOutlook) => number) =>
    outlooks.reduce(
      (sum, outlook) => ({
        orders: sum.orders + purchasesOf(outlook),
        revenueFen: sum.revenueFen + purchasesOf(outlook) * outlook.expectedSpendFen,
      }),
      { orders: 0, revenueFen: 0 },
    );
  const next90 = sumOver((outlook) => outlook.expectedPurchases);
  const horizons = salesForecastDays(input.analysisDay);
  const months: InsightFigures['forecast']['months'] = [];
  let before = { orders: 0, revenueFen: 0 };
  for (const [index, month] of forecastMonths(input.analysisDay).entries()) {
    // Nothing is left of a month whose last day is the analysis day.
    const upTo = horizons[index]! <= 0 ? { orders: 0, revenueFen: 0 } : sumOver((outlook) => outlook.moreExpectedPurchases[index]!);
    months.push({ ...month, orders: upTo.orders - before.orders, revenueFen: Math.round(upTo.revenueFen - before.revenueFen) });
    before = upTo;
  }
  return { days: 90, orders: next90.orders, revenueFen: Math.round(next90.revenueFen), months };
}
