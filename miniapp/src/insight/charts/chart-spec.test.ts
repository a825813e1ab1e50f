import { describe, expect, it } from 'vitest';
import { chartRows, formatAxisValue, formatValue, funnelStageText, isEmptyChart, type InsightChartSpec } from './chart-spec';

const spec = (overrides: Partial<InsightChartSpec>): InsightChartSpec => ({
  kind: 'column',
  format: 'count',
  labels: ['一月', '二月', '三月'],
  series: [{ name: '会员数', values: [3, 0, 5] }],
  ...overrides,
});

describe('the rows a chart draws', () => {
  it('gives one row per label and series, leaving out missing values (a line then has a gap)', () => {
    const rows = chartRows(
      spec({
        kind: 'line',
        series: [
          { name: '实际', values: [10, 12, null] },
          { name: '预测', values: [null, 12, 15] },
        ],
      }),
    );
    expect(rows).toEqual([
      { label: '一月', series: '实际', value: 10 },
      { label: '二月', series: '实际', value: 12 },
      { label: '二月', series: '预测', value: 12 },
      { label: '三月', series: '预测', value: 15 },
    ]);
  });

  it('draws only the first series of a funnel or a pie, and ignores values past the last label', () => {
    const twoSeries = [
      { name: 'a', values: [1, 2, 3, 4] },
      { name: 'b', values: [9, 9, 9] },
    ];
    expect(chartRows(spec({ kind: 'funnel', series: twoSeries })).map((r) => r.value)).toEqual([1, 2, 3]);
    expect(chartRows(spec({ kind: 'pie', series: twoSeries })).map((r) => r.series)).toEqual(['a', 'a', 'a']);
  });

  it('is empty with no labels, no values, or only zeros; a single value is enough to draw', () => {
    expect(isEmptyChart(spec({ labels: [], series: [] }))).toBe(true);
    expect(isEmptyChart(spec({ series: [{ name: 'x', values: [null, null, null] }] }))).toBe(true);
    expect(isEmptyChart(spec({ series: [{ name: 'x', values: [0, 0, 0] }] }))).toBe(true);
    expect(isEmptyChart(spec({ series: [{ name: 'x', values: [0, null, 1] }] }))).toBe(false);
  });
});

describe('how values read on a chart', () => {
  it('labels counts in full, percents with one decimal, money as ¥ in whole yuan or 万', () => {
    expect(formatValue(12_480, 'count')).toBe('12,480');
    expect(formatValue(34.25, 'percent')).toBe('34.3%');
    expect(formatValue(10, 'percent')).toBe('10%');
    expect(formatValue(987_000, 'fen')).toBe('¥9,870');
    expect(formatValue(12_345, 'fen')).toBe('¥123');
    expect(formatValue(42_380_000, 'fen')).toBe('¥42.4万');
    expect(formatValue(1_000_000, 'fen')).toBe('¥1万');
  });

  it('keeps axis ticks short: whole numbers, 万 from ten thousand, ¥ for money', () => {
    expect(formatAxisValue(1_800, 'count')).toBe('1,800');
    expect(formatAxisValue(35_000, 'count')).toBe('3.5万');
    expect(formatAxisValue(0, 'fen')).toBe('¥0');
    expect(formatAxisValue(20_000_000, 'fen')).toBe('¥20万');
    expect(formatAxisValue(150_000, 'fen')).toBe('¥1,500');
    expect(formatAxisValue(-250_000_0, 'fen')).toBe('-¥2.5万');
    expect(formatAxisValue(45, 'percent')).toBe('45%');
  });
});

describe('a funnel stage’s label', () => {
  const funnel = spec({ kind: 'funnel', labels: ['浏览', '参团', '支付'], series: [{ name: '人数', values: [200, 50, 0] }] });
  const labels = (chart: InsightChartSpec) => {
    const rows = chartRows(chart);
    return rows.map((row) => funnelStageText(chart, rows, row));
  };

  it('gives each stage after the first its share of the first', () => {
    expect(labels(funnel)).toEqual(['浏览 200', '参团 50 · 25%', '支付 0 · 0%']);
  });

  it('says the page’s own note instead where it has one (a conversion from the stage before), and nothing where it has none', () => {
    expect(labels({ ...funnel, stageNotes: [null, '参团率 25%', null] })).toEqual(['浏览 200', '参团 50 · 参团率 25%', '支付 0']);
  });
});
