import type { InsightChartSpec } from './charts/chart-spec';
import type { CohortRetention } from './charts/retention-shade';

/** A figure per category, in the order the chart shows them. */
export type LabelledValues = ReadonlyArray<{ label: string; value: number }>;

/**
 * What 客户洞察 shows: the shape the insight API is expected to answer (the page draws whatever
 * this holds; today it is filled from sample-dashboard.ts). Money is integer fen.
 */
export interface InsightDashboard {
  /** Members at each lifecycle stage, widest first. */
  lifecycle: LabelledValues;
  /** Members in each RFM class (functions/src/insight/rfm.ts RFM_SEGMENTS). */
  rfmClasses: LabelledValues;
  /** Each RFM class's share of revenue, in percent. */
  rfmRevenueShare: LabelledValues;
  /** Revenue by member tier, fen. */
  tierRevenue: LabelledValues;
  /** Members in each churn-risk band, lowest risk first. */
  churnRisk: LabelledValues;
  /** Members in each customer-lifetime-value band (the labels say the band in yuan). */
  clvHistogram: LabelledValues;
  /** The best-selling categories by revenue, fen, highest first. */
  topCategories: LabelledValues;
  /** Monthly sales: actual (null for months to come), the model's forecast and the target, fen. */
  salesForecast: {
    months: readonly string[];
    actualFen: readonly (number | null)[];
    forecastFen: readonly (number | null)[];
    targetFen: readonly (number | null)[];
  };
  /** Cumulative repeat purchases by week: what happened (null ahead) and what the model expected. */
  repeatPurchases: { weeks: readonly string[]; actual: readonly (number | null)[]; forecast: readonly (number | null)[] };
  retention: CohortRetention;
}

const single = (values: LabelledValues, name: string) => ({
  labels: values.map((v) => v.label),
  series: [{ name, values: values.map((v) => v.value) }],
});

/** The charts of the dashboard, in page order: each chart's title, what it draws and its note. */
export function dashboardCharts(d: InsightDashboard): Array<{ key: string; title: string; spec: InsightChartSpec; note?: string }> {
  return [
    { key: 'lifecycle', title: '会员生命周期', spec: { kind: 'funnel', format: 'count', ...single(d.lifecycle, '会员数') } },
    { key: 'rfm', title: 'RFM 分群人数', spec: { kind: 'bar', format: 'count', ...single(d.rfmClasses, '会员数') } },
    { key: 'rfm-revenue', title: '各分群收入占比', spec: { kind: 'bar', format: 'percent', ...single(d.rfmRevenueShare, '收入占比') } },
    { key: 'tier-revenue', title: '各等级会员收入', spec: { kind: 'pie', format: 'fen', ...single(d.tierRevenue, '收入') } },
    {
      key: 'churn',
      title: '流失风险分布',
      spec: { kind: 'column', format: 'count', ...single(d.churnRisk, '会员数') },
      note: '风险为模型估计的 90 天内不再购买的概率。',
    },
    { key: 'clv', title: '客户终身价值分布（元）', spec: { kind: 'column', format: 'count', ...single(d.clvHistogram, '会员数') } },
    { key: 'categories', title: '热销品类（按销售额）', spec: { kind: 'bar', format: 'fen', ...single(d.topCategories, '销售额') } },
    {
      key: 'forecast',
      title: '销售预测与月度目标',
      spec: {
        kind: 'line',
        format: 'fen',
        labels: d.salesForecast.months,
        series: [
          { name: '实际', values: d.salesForecast.actualFen },
          { name: '预测', values: d.salesForecast.forecastFen, dashed: true },
          { name: '目标', values: d.salesForecast.targetFen, dashed: true },
        ],
      },
    },
    {
      key: 'repeat',
      title: '累计复购：模型预测与实际',
      spec: {
        kind: 'line',
        format: 'count',
        labels: d.repeatPurchases.weeks,
        series: [
          { name: '实际', values: d.repeatPurchases.actual },
          { name: '模型预测', values: d.repeatPurchases.forecast, dashed: true },
        ],
      },
    },
  ];
}
