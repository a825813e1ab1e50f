// SAMPLE DATA for 客户洞察 until the insight API exists: the page reads the dashboard from
// loadInsightDashboard() below; replace its body with the API call and delete the samples.
import type { InsightDashboard } from './dashboard';

const MONTHS = ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'];
const WEEKS = Array.from({ length: 12 }, (_, i) => `第${i + 1}周`);

/** A shop about a year in: every chart has something to show. */
export const SAMPLE_DASHBOARD: InsightDashboard = {
  lifecycle: [
    { label: '注册会员', value: 12_480 },
    { label: '首次购买', value: 7_860 },
    { label: '复购会员', value: 3_920 },
    { label: '忠诚会员', value: 1_240 },
  ],
  rfmClasses: [
    { label: '重要价值', value: 860 },
    { label: '重要保持', value: 540 },
    { label: '重要发展', value: 720 },
    { label: '重要挽留', value: 410 },
    { label: '一般价值', value: 1_320 },
    { label: '一般保持', value: 980 },
    { label: '一般发展', value: 1_650 },
    { label: '一般挽留', value: 1_380 },
  ],
  rfmRevenueShare: [
    { label: '重要价值', value: 34.2 },
    { label: '重要保持', value: 18.5 },
    { label: '重要发展', value: 14.1 },
    { label: '重要挽留', value: 9.6 },
    { label: '一般价值', value: 8.8 },
    { label: '一般保持', value: 6.3 },
    { label: '一般发展', value: 5.2 },
    { label: '一般挽留', value: 3.3 },
  ],
  tierRevenue: [
    { label: '普通会员', value: 38_650_000 },
    { label: '银卡会员', value: 52_120_000 },
    { label: '金卡会员', value: 41_800_000 },
    { label: '钻石会员', value: 22_430_000 },
  ],
  churnRisk: [
    { label: '0-20%', value: 3_210 },
    { label: '20-40%', value: 1_980 },
    { label: '40-60%', value: 1_240 },
    { label: '60-80%', value: 870 },
    { label: '80-100%', value: 560 },
  ],
  clvHistogram: [
    { label: '0-200', value: 2_140 },
    { label: '200-500', value: 2_630 },
    { label: '500-1千', value: 1_720 },
    { label: '1千-2千', value: 890 },
    { label: '2千-5千', value: 380 },
    { label: '5千以上', value: 100 },
  ],
  topCategories: [
    { label: '新鲜水果', value: 42_380_000 },
    { label: '乳品烘焙', value: 28_960_000 },
    { label: '粮油调味', value: 21_450_000 },
    { label: '休闲零食', value: 17_820_000 },
    { label: '个护清洁', value: 12_600_000 },
    { label: '酒水饮料', value: 9_870_000 },
  ],
  salesForecast: {
    months: MONTHS,
    actualFen: [
      980_000_0,
      1_120_000_0,
      1_050_000_0,
      1_210_000_0,
      1_340_000_0,
      1_290_000_0,
      1_420_000_0,
      1_510_000_0,
      1_460_000_0,
      1_580_000_0,
      null,
      null,
    ],
    forecastFen: [null, null, null, null, null, null, null, null, null, 1_580_000_0, 1_650_000_0, 1_820_000_0],
    targetFen: MONTHS.map((_, i) => 1_000_000_0 + i * 60_000_0),
  },
  repeatPurchases: {
    weeks: WEEKS,
    actual: [42, 95, 151, 203, 262, 318, 371, 420, 466, null, null, null],
    forecast: [45, 98, 148, 205, 258, 312, 364, 415, 463, 510, 556, 600],
  },
  retention: {
    periods: ['当月', '第1月', '第2月', '第3月', '第4月', '第5月'],
    cohorts: [
      { label: '2026年5月', size: 820, retention: [100, 46, 38, 33, 30, 28] },
      { label: '2026年6月', size: 760, retention: [100, 44, 36, 31, 29, null] },
      { label: '2026年7月', size: 910, retention: [100, 49, 40, 35, null, null] },
      { label: '2026年8月', size: 1_040, retention: [100, 52, 42, null, null, null] },
      { label: '2026年9月', size: 980, retention: [100, 47, null, null, null, null] },
      { label: '2026年10月', size: 1_120, retention: [100, null, null, null, null, null] },
    ],
  },
};

/** A shop with no orders yet: what each chart says when there is nothing to draw. */
export const EMPTY_DASHBOARD: InsightDashboard = {
  lifecycle: [],
  rfmClasses: [],
  rfmRevenueShare: [],
  tierRevenue: [],
  churnRisk: [],
  clvHistogram: [],
  topCategories: [],
  salesForecast: { months: [], actualFen: [], forecastFen: [], targetFen: [] },
  repeatPurchases: { weeks: [], actual: [], forecast: [] },
  retention: { periods: [], cohorts: [] },
};

/**
 * The dashboard to show. For now the samples: `?sample=empty` on the page opens the empty one,
 * so both states can be looked at (and tested) before the API exists.
 */
export async function loadInsightDashboard(query: { sample?: string }): Promise<InsightDashboard> {
  return query.sample === 'empty' ? EMPTY_DASHBOARD : SAMPLE_DASHBOARD;
}
