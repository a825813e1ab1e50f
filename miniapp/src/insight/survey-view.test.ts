import { describe, expect, it } from 'vitest';
import { CSV_ROW_LIMIT, SurveyInsight } from '@linli/shared/survey-stats';
import { emptyInsight, npsInsight } from '../../../test/fixtures/survey-insights';
import { isEmptyChart } from './charts/chart-spec';
import {
  breakdownTables,
  classSharesOf,
  comparisonOf,
  exportNotice,
  figureText,
  followUpText,
  headlineOf,
  pickedRange,
  responseFiltersFor,
  responsesQuery,
  surveyPeriodRange,
  trendSpec,
} from './survey-view';

describe('the period 满意度看板 reads', () => {
  it('counts back from today, today included: 30, 90 and 365 days', () => {
    expect(surveyPeriodRange('last30', '2026-10-31')).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(surveyPeriodRange('last90', '2026-10-31')).toEqual({ from: '2026-08-03', to: '2026-10-31' });
    expect(surveyPeriodRange('lastYear', '2026-10-31')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
  });

  it('keeps a custom period the right way round and within a year, moving the other end', () => {
    const range = { from: '2026-08-01', to: '2026-08-31' };
    expect(pickedRange(range, 'from', '2026-08-10')).toEqual({ from: '2026-08-10', to: '2026-08-31' });
    expect(pickedRange(range, 'from', '2026-09-05')).toEqual({ from: '2026-09-05', to: '2026-09-05' });
    expect(pickedRange(range, 'to', '2026-07-20')).toEqual({ from: '2026-07-20', to: '2026-07-20' });
    expect(pickedRange(range, 'from', '2025-01-01')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(pickedRange({ from: '2025-01-01', to: '2025-02-01' }, 'to', '2026-08-31')).toEqual({ from: '2025-08-31', to: '2026-08-31' });
  });
});

describe('the headline', () => {
  it('reads NPS with its 95 % margin and the answers it rests on (the issue’s 400 answers: 30 ±7.7)', () => {
    expect(headlineOf(npsInsight())).toEqual({
      metricName: 'NPS 净推荐值',
      value: '30',
      margin: '±7.7',
      basis: '基于 400 份回答',
      warning: null,
      average: '平均 7.84 分',
    });
  });

  it('warns with fewer than 30 answers, and says so when there are none', () => {
    const few = headlineOf(npsInsight({ now: { promoters: 10, passives: 5, detractors: 5 } }))!;
    expect(few.value).toBe('25');
    expect(few.warning).toBe('样本不足：少于 30 份回答，误差较大，仅供参考');
    expect(headlineOf(emptyInsight())).toMatchObject({ value: '—', margin: '', warning: '这段时间还没有回答' });
  });

  it('reads CSAT as a percent', () => {
    const insight = npsInsight();
    const csat = SurveyInsight.parse({
      ...insight,
      question: { questionId: 'qcsat', title: '对这次购物满意吗？', kind: 'csat', metric: 'csat' },
      headline: { n: 200, value: 82.5, margin: 5.3, tooFew: false },
      classes: null,
    });
    expect(headlineOf(csat)).toMatchObject({ metricName: 'CSAT 满意度', value: '82.5%', margin: '±5.3' });
    expect(figureText({ n: 12, value: 75, margin: 24.5, tooFew: true }, 'csat')).toBe('75% ±24.5');
    expect(classSharesOf(csat)).toEqual([]);
    expect(responseFiltersFor('csat').map((f) => f.label)).toEqual(['全部', '满意（4–5 分）', '一般（3 分）', '不满意（1–2 分）']);
  });
});

describe('the change from the period before', () => {
  it('says 显著上升 with the difference and its margin, and the period compared with', () => {
    expect(comparisonOf(npsInsight())).toEqual({
      verdict: '显著上升',
      detail: '变化 +20 分（±12.1）；上一时段 2026年5月5日–2026年8月2日：10 ±9.4（300 份）',
      tone: 'up',
    });
  });

  it('says 显著下降 when it fell beyond the noise, 无显著变化 within it, 样本不足 with too few answers', () => {
    const down = npsInsight({
      now: { promoters: 120, passives: 90, detractors: 90 },
      before: { promoters: 200, passives: 120, detractors: 80 },
    });
    expect(comparisonOf(down)).toMatchObject({ verdict: '显著下降', tone: 'down' });
    expect(comparisonOf(down)!.detail).toMatch(/^变化 -20 分/);
    const same = npsInsight({ before: { promoters: 190, passives: 130, detractors: 85 } });
    expect(comparisonOf(same)).toMatchObject({ verdict: '无显著变化', tone: 'flat' });
    const few = npsInsight({ before: { promoters: 5, passives: 5, detractors: 5 } });
    expect(comparisonOf(few)).toMatchObject({ verdict: '样本不足', tone: 'flat' });
  });
});

describe('charts and tables', () => {
  it('draws the trend with its 95 % band as dashed edges, leaving a gap where a week had no answers', () => {
    const spec = trendSpec(npsInsight(), 'weeks');
    expect(spec.labels).toEqual(['10月12日', '10月19日', '10月26日']);
    expect(spec.series.map((s) => [s.name, s.dashed ?? false])).toEqual([
      ['NPS', false],
      ['95% 上限', true],
      ['95% 下限', true],
    ]);
    const [score, high, low] = spec.series.map((s) => s.values);
    expect(score![1]).toBeNull();
    expect(high![0]! - score![0]!).toBeCloseTo(score![0]! - low![0]!, 5);
    expect(high![0]! > score![0]!).toBe(true);
    expect(isEmptyChart(spec)).toBe(false);
  });

  it('gives each breakdown a row per segment with its answers and score ± margin', () => {
    const [tier, region] = breakdownTables(npsInsight());
    expect(tier!.name).toBe('会员等级');
    expect(tier!.rows.map((row) => [row.label, row.n, row.score])).toEqual([
      ['金卡', '200', '45 ±10.3'],
      ['银卡', '170', '17.6 ±11.8'],
      ['未知', '30', '0 ±29.2'],
    ]);
    expect(region!.rows).toEqual([]);
  });

  it('shares promoters, passives and detractors of the answers', () => {
    expect(classSharesOf(npsInsight()).map((row) => [row.label, row.count, row.share])).toEqual([
      ['推荐者（9–10 分）', 200, '50%'],
      ['中立者（7–8 分）', 120, '30%'],
      ['贬损者（0–6 分）', 80, '20%'],
    ]);
  });
});

describe('the answer list and the export', () => {
  it('asks for the period, the question, the class or score range and 有文字回答, and the cursor to read on', () => {
    const range = { from: '2026-10-01', to: '2026-10-31' };
    expect(responsesQuery({ range, questionId: 'qnps', filter: 'detractor', withText: true }, 'abc')).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      questionId: 'qnps',
      npsClass: 'detractor',
      hasText: 'true',
      limit: '20',
      cursor: 'abc',
    });
    expect(responsesQuery({ range, questionId: null, filter: 'unsatisfied', withText: false })).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      min: '1',
      max: '2',
      limit: '20',
    });
  });

  it('names why an answer opened a follow-up', () => {
    expect(followUpText('nps-detractor', true)).toBe('已转回访：贬损者（0–6 分）');
    expect(followUpText(null, false)).toBeNull();
  });

  it('tells the operator when the file holds only the first rows', () => {
    expect(exportNotice(1200, CSV_ROW_LIMIT)).toBeNull();
    expect(exportNotice(7300, CSV_ROW_LIMIT)).toBe('已导出前 5000 条（这段时间共 7300 条），缩短时间段可分批导出其余回答。');
  });
});
