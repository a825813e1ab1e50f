import { describe, expect, it } from 'vitest';
import type { MemberScores } from '@linli/shared/insight';
import { scoreLines, scoresAsOfText } from './insight';

const scores: MemberScores = {
  analysisDay: '2026-11-26',
  stage: 'at_risk',
  stageSince: '2026-11-20',
  rfm: {
    recencyDays: 120,
    frequency: 6,
    monetaryFen: 88_000,
    r: 2,
    f: 4,
    m: 5,
    class: 'important_retain',
    valueBand: 'high',
    frequencyBand: 'high',
  },
  purchases: { occasions: 6, firstDay: '2025-12-01', lastDay: '2026-07-29' },
  churn: { pAlive: 0.18, riskBand: 'high', method: 'model' },
  value: { expectedPurchases90d: 0.42, expectedSpendPerOrderFen: 14_800, clv12mFen: 123_456, method: 'model' },
  reasons: {
    stage: '120 天无购买…',
    rfm: 'R2 F4 M5…',
    churn: '近 120 天无购买…仍活跃的概率为 18%',
    value: '未来 12 个月价值约 ¥1,234.56…',
  },
};

describe('客户画像 scores', () => {
  it('name every score in Chinese, with its reason, never a code', () => {
    const lines = scoreLines(scores);
    expect(lines.map((line) => [line.label, line.value])).toEqual([
      ['生命周期', '流失风险'],
      ['RFM 分类', '重要保持 · 高价值 · 高频'],
      ['流失风险', '高风险（仍活跃概率 18%）'],
      ['客户价值', '未来12个月 ¥1,234.56 · 90天预计 0.4 次'],
    ]);
    expect(lines[2]!.reason).toContain('18%');
    expect(JSON.stringify(lines)).not.toMatch(/important_|at_risk|high/);
  });

  it('show only the stage of a member who never bought', () => {
    expect(scoreLines({ ...scores, stage: 'prospect', rfm: null, churn: null, value: null }).map((line) => line.value)).toEqual([
      '潜在客户',
    ]);
  });

  it('say as of which day', () => {
    expect(scoresAsOfText('2026-11-06')).toBe('数据截至 11月6日');
  });
});
