import { describe, expect, it } from 'vitest';
import { dashboardWithNoOrders, demoInsightDashboard } from '../../../test/fixtures/insight-dashboards';
import { isEmptyChart } from './charts/chart-spec';
import { clvBandLabel, dashboardView, retentionOf, salesForecastChart, stageMovementNote, targetProgress } from './dashboard';

// The demo shop's dashboard as the API answered it (test/fixtures/insight-dashboards.ts).
const demo = demoInsightDashboard();
const figures = demo.figures!;

describe('客户洞察 from the API', () => {
  it('shows nothing to draw before the first nightly run', () => {
    expect(dashboardView({ ...demo, figures: null, ranAt: null })).toBeNull();
  });

  it('draws the charts in page order, stages in lifecycle order and RFM classes by name, never codes', () => {
    const view = dashboardView(demo)!;
    expect(view.charts.map((chart) => chart.key)).toEqual([
      'lifecycle',
      'rfm',
      'rfm-revenue',
      'churn',
      'clv',
      'categories',
      'forecast',
      'repeat',
    ]);
    const [lifecycle, rfm, revenue] = view.charts;
    expect(lifecycle!.spec.kind).toBe('funnel');
    expect(lifecycle!.spec.labels).toEqual(['潜在客户', '新客', '活跃', '忠诚', '流失风险', '已流失']);
    expect(lifecycle!.spec.series[0]!.values).toEqual([0, 29, 8, 69, 46, 49]);
    expect(rfm!.spec.labels).toHaveLength(8);
    expect(rfm!.spec.labels[0]).toBe('重要价值');
    expect(JSON.stringify(view)).not.toMatch(/important_|general_|at_risk|prospect|FRUIT-|[A-Z]{3,}-/);
    // Shares of revenue add up to the whole (to the rounding of each), the value class holding most.
    const shares = revenue!.spec.series[0]!.values as number[];
    expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 0);
    expect(shares[0]).toBe(Math.round((33_411_910 / 46_557_740) * 1000) / 10);
  });

  it('reads risk lowest first, CLV in yuan bands with the top decile share, categories by buyers', () => {
    const view = dashboardView(demo)!;
    const chart = (key: string) => view.charts.find((c) => c.key === key)!;
    expect(chart('churn').spec.labels).toEqual(['低风险', '中风险', '高风险']);
    expect(chart('churn').spec.series[0]!.values).toEqual([90, 13, 98]);
    expect(chart('clv').spec.labels).toEqual(['0-100', '100-500', '500-1千', '1千-2千', '2千-5千', '5千-1万', '1万以上']);
    expect(chart('clv').note).toContain('价值最高的 10% 客户占全部的 38.9%');
    expect(chart('categories').spec.labels.slice(0, 2)).toEqual(['母婴', '水果']);
    expect(chart('categories').spec.series[0]!.values.slice(0, 2)).toEqual([54, 47]);
    expect(chart('repeat').note).toBe(figures.quality.notice);
    expect(chart('repeat').spec.labels).toHaveLength(13);
  });

  it('names the products of each bought-together pair, with how strongly', () => {
    const [first] = dashboardView(demo)!.pairs;
    expect(first).toEqual({ names: '烟台红富士苹果 5kg + 赣南脐橙 3kg', detail: '同单 52 次 · 置信度 42.3% · 提升度 3.5' });
  });

  it('leads with the figures a seller reads first and says how the scores were made', () => {
    const view = dashboardView(demo)!;
    expect(view.headline.map((figure) => [figure.label, figure.value])).toEqual([
      ['有购买的客户', '201'],
      ['复购率', '60.2%'],
      ['未来 90 天预计订单', '236'],
      ['未来 90 天预计销售额', '¥89,779.74'],
    ]);
    expect(view.asOf).toBe('按 11月26日 及以前的订单计算，2026-11-26 14:00 更新');
    expect(view.notices).toEqual([figures.model.notice]);
  });

  it('turns a shop with no orders into charts that say 暂无数据, not zero-height bars', () => {
    const empty = dashboardWithNoOrders(demo);
    const view = dashboardView(empty)!;
    for (const chart of view.charts) expect(isEmptyChart(chart.spec), chart.key).toBe(true);
    expect(view.pairs).toEqual([]);
    expect(view.retention).toEqual({ periods: [], cohorts: [] });
  });
});

describe('the funnel’s movement since last month', () => {
  it('lists only the stages that moved, with their sign', () => {
    expect(stageMovementNote(figures.stages, demo.stagesMonthAgo)).toBe(
      '与一个月前相比：新客 −6，活跃 −2，忠诚 +3，流失风险 +6，已流失 +4。',
    );
    expect(stageMovementNote(figures.stages, figures.stages)).toBe('与一个月前相比，各阶段人数没有变化。');
    expect(stageMovementNote(figures.stages, null)).toBe('一个月后可在这里看到各阶段人数的变化。');
  });
});

describe('sales forecast and target', () => {
  it('draws past months as actual, this month and the next as forecast joined to the last actual, and the target flat', () => {
    const spec = salesForecastChart(demo, figures);
    expect(spec.labels).toEqual(['6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月']);
    const [actual, forecast, target] = spec.series;
    expect(actual!.values).toEqual([4_128_830, 2_753_580, 3_357_220, 2_819_820, 3_186_110, null, null, null]);
    expect(forecast!.values).toEqual([null, null, null, null, 3_186_110, 3_757_490 + 497_147, 3_472_621, 2_968_149]);
    expect(target!.values).toEqual(Array.from({ length: 8 }, () => 4_000_000));
    expect(salesForecastChart({ ...demo, target: { ...demo.target, targetFen: null } }, figures).series).toHaveLength(2);
  });

  it('gives progress against the target as done so far and expected by the month’s end', () => {
    expect(targetProgress(demo.target)).toEqual({
      month: '2026年11月',
      salesSoFar: '¥37,574.90',
      expectedMonthEnd: '¥42,546.37',
      target: { amount: '¥40,000.00', soFarPercent: 93.9, expectedPercent: 106.4 },
    });
    expect(targetProgress({ ...demo.target, targetFen: null }).target).toBeNull();
  });
});

describe('cohort retention and CLV bands', () => {
  it('pads younger cohorts with months not come yet, in percent', () => {
    const retention = retentionOf([
      { month: '2026-10', size: 10, retention: [1, 0.3] },
      { month: '2026-11', size: 4, retention: [1] },
    ]);
    expect(retention).toEqual({
      periods: ['当月', '第1月'],
      cohorts: [
        { label: '2026年10月', size: 10, retention: [100, 30] },
        { label: '2026年11月', size: 4, retention: [100, null] },
      ],
    });
  });

  it('labels bands in yuan the way a dashboard writes them', () => {
    expect(clvBandLabel(0, 10_000)).toBe('0-100');
    expect(clvBandLabel(50_000, 100_000)).toBe('500-1千');
    expect(clvBandLabel(500_000, 1_000_000)).toBe('5千-1万');
    expect(clvBandLabel(1_000_000, null)).toBe('1万以上');
    expect(clvBandLabel(25_000, 75_000)).toBe('250-750');
  });
});
