import { describe, expect, it } from 'vitest';
import type { SegmentMember } from '@linli/shared/segments';
import { asOfText, customerCountText, formatDayMonth, lastOrderDayText, memberScoreTexts } from './segments';

const member: SegmentMember = {
  memberId: 'm-1',
  nickname: '林小满',
  phoneMasked: '138****1234',
  tierCode: 'silver',
  stage: 'at_risk',
  rfmClass: 'important_winback',
  riskBand: 'high',
  clv12mFen: 12_345,
  lastOrderDay: '2026-08-01',
  joinedDay: '2026-01-05',
};

describe('customer insight in words', () => {
  it('says which night the scores are from, or that there are none yet', () => {
    expect(asOfText('2026-11-26')).toBe('数据截至 11月26日');
    expect(asOfText(null)).toBe('客户评分尚未生成（每晚更新）');
    expect(formatDayMonth('2026-01-05')).toBe('1月5日');
  });

  it('names stage, RFM class and risk in Chinese, never by code, and money in yuan', () => {
    expect(memberScoreTexts(member)).toEqual({ stage: '流失风险', rfmClass: '重要挽留', risk: '高风险', clv: '¥123.45' });
    expect(memberScoreTexts({ ...member, stage: null, rfmClass: null, riskBand: null, clv12mFen: null })).toEqual({
      stage: '待评估',
      rfmClass: '—',
      risk: '—',
      clv: '—',
    });
  });

  it('shows the last purchase day or that there was none, and counts with separators', () => {
    expect(lastOrderDayText('2026-08-01')).toBe('2026-08-01');
    expect(lastOrderDayText(null)).toBe('未购买');
    expect(customerCountText(12_345)).toBe('共 12,345 位客户');
  });
});
