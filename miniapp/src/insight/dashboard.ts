import {
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_NAMES,
  RFM_CLASSES,
  RFM_CLASS_NAMES,
  type InsightDashboard,
  type InsightFigures,
} from '@linli/shared/insight';
import { formatFen } from '@/format/money';
import { formatMonthZh } from '@/format/calendar';
import { formatShanghaiDateTime } from '@/format/time';
import { formatValue, type InsightChartSpec } from './charts/chart-spec';
import type { CohortRetention } from './charts/retention-shade';

/** A chart card of the dashboard: its title, what it draws and a line on how to read it. */
export interface DashboardChart {
  key: string;
  title: string;
  spec: InsightChartSpec;
  note?: string;
}

/** What 客户洞察 shows, worked out from the API's answer (the page only lays it out). */
export interface DashboardView {
  /** When the figures were computed and the day they are as of. */
  asOf: string;
  /** Which method scored the members and how well the model did, in plain Chinese. */
  notices: string[];
  /** The few numbers a seller reads first. */
  headline: ReadonlyArray<{ key: string; label: string; value: string }>;
  target: TargetProgress;
  charts: DashboardChart[];
  /** "Frequently bought together", strongest first. */
  pairs: ReadonlyArray<{ names: string; detail: string }>;
  retention: CohortRetention;
}

/** This month's sales against the seller's target (no target: only the sales and the expectation). */
export interface TargetProgress {
  month: string;
  salesSoFar: string;
  expectedMonthEnd: string;
  /** Null until a target is set. */
  target: null | { amount: string; soFarPercent: number; expectedPercent: number };
}

/** Nothing to draw: the chart says 暂无数据 (as it does for a series of zeros). */
const NO_CHART = (kind: InsightChartSpec['kind']): InsightChartSpec => ({ kind, format: 'count', labels: [], series: [] });

const single = (kind: InsightChartSpec['kind'], format: InsightChartSpec['format'], name: string, rows: Array<[string, number]>) => ({
  kind,
  format,
  labels: rows.map(([label]) => label),
  series: [{ name, values: rows.map(([, value]) => value) }],
});

/** "2026-11-25" → "11月25日". */
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
/** "2026-11" → "11月": the chart's months run on from one another, a year label would not fit a phone. */
const shortMonth = (month: string) => `${Number(month.slice(5, 7))}月`;
const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** The funnel's note: how each stage moved since about a month ago. */
export function stageMovementNote(now: InsightFigures['stages'], monthAgo: InsightDashboard['stagesMonthAgo']): string {
  if (!monthAgo) return '一个月后可在这里看到各阶段人数的变化。';
  const moved = LIFECYCLE_STAGES.filter((stage) => now[stage] !== monthAgo[stage]).map(
    (stage) => `${LIFECYCLE_STAGE_NAMES[stage]} ${signed(now[stage] - monthAgo[stage])}`,
  );
  return moved.length === 0 ? '与一个月前相比，各阶段人数没有变化。' : `与一个月前相比：${moved.join('，')}。`;
}

/** A CLV band's label in yuan, short: 0-100, 500-1千, 1万以上. */
export function clvBandLabel(fromFen: number, toFen: number | null): string {
  const yuan = (fen: number) => {
    const value = fen / 100;
    if (value >= 10_000 && value % 10_000 === 0) return `${value / 10_000}万`;
    if (value >= 1_000 && value % 1_000 === 0) return `${value / 1_000}千`;
    return String(value);
  };
  return toFen === null ? `${yuan(fromFen)}以上` : `${yuan(fromFen)}-${yuan(toFen)}`;
}

/**
 * Monthly sales for the forecast chart: the last months' actual sales (this month's partial sum
 * is not drawn as a month, it would read as a fall), then what is expected: this month's sales so
 * far plus the forecast of its rest, then the coming months' forecasts. The dashed forecast
 * starts from the last actual month so the two lines meet. The target, where set, is a flat line.
 */
export function salesForecastChart(d: InsightDashboard, figures: InsightFigures): InsightChartSpec {
  const past = d.salesByMonth.filter((entry) => entry.month < d.target.month);
  const coming = figures.forecast.months.filter((entry) => entry.month > d.target.month);
  const months = [...past.map((entry) => entry.month), d.target.month, ...coming.map((entry) => entry.month)];
  const thisMonthExpected = d.target.salesSoFarFen + d.target.forecastRestFen;
  const actual = [...past.map((entry) => entry.salesFen), null, ...coming.map(() => null)];
  const forecast = [
    ...past.map((entry, i) => (i === past.length - 1 ? entry.salesFen : null)),
    thisMonthExpected,
    ...coming.map((entry) => entry.revenueFen),
  ];
  const series: InsightChartSpec['series'] = [
    { name: '实际', values: actual },
    { name: '预测', values: forecast, dashed: true },
    ...(d.target.targetFen === null ? [] : [{ name: '目标', values: months.map(() => d.target.targetFen), dashed: true }]),
  ];
  return { kind: 'line', format: 'fen', labels: months.map(shortMonth), series };
}

/** Cohort retention as percents, each cohort's row as long as the longest (months not come yet empty). */
export function retentionOf(cohorts: InsightFigures['cohorts']): CohortRetention {
  const length = Math.max(0, ...cohorts.map((cohort) => cohort.retention.length));
  return {
    periods: Array.from({ length }, (_, i) => (i === 0 ? '当月' : `第${i}月`)),
    cohorts: cohorts.map((cohort) => ({
      label: formatMonthZh(cohort.month),
      size: cohort.size,
      retention: Array.from({ length }, (_, i) => (i < cohort.retention.length ? Math.round(cohort.retention[i]! * 1000) / 10 : null)),
    })),
  };
}

export function targetProgress(target: InsightDashboard['target']): TargetProgress {
  const expected = target.salesSoFarFen + target.forecastRestFen;
  return {
    month: formatMonthZh(target.month),
    salesSoFar: formatFen(target.salesSoFarFen),
    expectedMonthEnd: formatFen(expected),
    target:
      target.targetFen === null || target.targetFen === 0
        ? null
        : {
            amount: formatFen(target.targetFen),
            soFarPercent: percentOf(target.salesSoFarFen, target.targetFen),
            expectedPercent: percentOf(expected, target.targetFen),
          },
  };
}

/** The dashboard from the API's answer; null before the first nightly run has computed anything. */
export function dashboardView(d: InsightDashboard): DashboardView | null {
  const f = d.figures;
  if (!f) return null;
  const revenue = RFM_CLASSES.reduce((sum, code) => sum + f.rfmClasses[code].revenueFen, 0);
  const charts: DashboardChart[] = [
    {
      key: 'lifecycle',
      title: '会员生命周期',
      spec: single(
        'funnel',
        'count',
        '会员数',
        LIFECYCLE_STAGES.map((stage) => [LIFECYCLE_STAGE_NAMES[stage], f.stages[stage]]),
      ),
      note: stageMovementNote(f.stages, d.stagesMonthAgo),
    },
    {
      key: 'rfm',
      title: 'RFM 分群人数',
      spec: single(
        'bar',
        'count',
        '会员数',
        RFM_CLASSES.map((code) => [RFM_CLASS_NAMES[code], f.rfmClasses[code].members]),
      ),
      note: '按最近一次购买、购买次数和消费金额给会员分群（定义见使用说明）。',
    },
    {
      key: 'rfm-revenue',
      title: '各分群收入占比',
      spec: single(
        'bar',
        'percent',
        '收入占比',
        RFM_CLASSES.map((code) => [RFM_CLASS_NAMES[code], percentOf(f.rfmClasses[code].revenueFen, revenue)]),
      ),
    },
    {
      key: 'churn',
      title: '流失风险分布',
      spec: single('column', 'count', '会员数', [
        ['低风险', f.risk.low],
        ['中风险', f.risk.medium],
        ['高风险', f.risk.high],
      ]),
      note: '按会员仍在购买的可能性划分：可能性越低，风险越高。',
    },
    {
      key: 'clv',
      title: '客户终身价值分布（元）',
      spec: single(
        'column',
        'count',
        '会员数',
        f.clv.buckets.map((bucket) => [clvBandLabel(bucket.fromFen, bucket.toFen), bucket.members]),
      ),
      note:
        f.clv.totalFen === 0 ? undefined : `未来 12 个月的预计价值；价值最高的 10% 客户占全部的 ${percentOf(f.clv.topDecileShare, 1)}%。`,
    },
    {
      key: 'categories',
      title: '热销品类（按购买人数）',
      spec: single(
        'bar',
        'count',
        '购买人数',
        f.topCategories.map((category) => [category.category, category.members]),
      ),
    },
    {
      key: 'forecast',
      title: '销售预测与月度目标',
      spec: salesForecastChart(d, f),
      note: '预测只计现有会员的复购，不含新客。',
    },
    {
      key: 'repeat',
      title: '累计复购：模型预测与实际',
      spec:
        f.quality.weeks.length === 0
          ? NO_CHART('line')
          : {
              kind: 'line',
              format: 'count',
              labels: f.quality.weeks.map((week) => monthDay(week.weekEnd)),
              series: [
                { name: '实际', values: f.quality.weeks.map((week) => week.actual) },
                { name: '模型预测', values: f.quality.weeks.map((week) => Math.round(week.forecast * 10) / 10), dashed: true },
              ],
            },
      note: f.quality.notice,
    },
  ];
  return {
    asOf: `按 ${monthDay(f.analysisDay)} 及以前的订单计算${d.ranAt ? `，${formatShanghaiDateTime(d.ranAt)} 更新` : ''}`,
    notices: [f.model.notice],
    headline: [
      { key: 'customers', label: '有购买的客户', value: formatValue(f.customers, 'count') },
      { key: 'repurchase', label: '复购率', value: `${percentOf(f.repurchase.rate, 1)}%` },
      { key: 'forecast-orders', label: '未来 90 天预计订单', value: formatValue(Math.round(f.forecast.orders), 'count') },
      { key: 'forecast-revenue', label: '未来 90 天预计销售额', value: formatFen(f.forecast.revenueFen) },
    ],
    target: targetProgress(d.target),
    charts,
    pairs: f.pairs.map((pair) => ({
      names: `${d.pairNames[pair.skuA] ?? '未知商品'} + ${d.pairNames[pair.skuB] ?? '未知商品'}`,
      detail: `同单 ${formatValue(pair.orders, 'count')} 次 · 置信度 ${percentOf(pair.confidence, 1)}% · 提升度 ${pair.lift.toFixed(1)}`,
    })),
    retention: retentionOf(f.cohorts),
  };
}
