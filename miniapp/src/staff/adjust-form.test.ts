import { describe, expect, it } from 'vitest';
import { adjustQuestion, readAdjustForm } from './adjust-form';

describe('the 积分调整 form', () => {
  it('reads a credit or a deduction with its reason', () => {
    expect(readAdjustForm({ direction: 'add', amount: ' 200 ', reason: ' 老客户回馈 ' })).toEqual({ delta: 200, reason: '老客户回馈' });
    expect(readAdjustForm({ direction: 'deduct', amount: '50', reason: '误发积分' })).toEqual({ delta: -50, reason: '误发积分' });
  });

  it('asks for a positive whole number of points, within the limit', () => {
    for (const amount of ['', '0', '-5', '1.5', 'abc'])
      expect(readAdjustForm({ direction: 'add', amount, reason: '原因' })).toEqual({ error: '请填写要调整的积分（正整数）' });
    expect(readAdjustForm({ direction: 'add', amount: '1000001', reason: '原因' })).toEqual({ error: '一次最多调整 1,000,000 积分' });
  });

  it('requires a reason of at least two characters', () => {
    expect(readAdjustForm({ direction: 'add', amount: '10', reason: ' 好 ' })).toEqual({ error: '请填写调整原因（至少 2 个字）' });
    expect(readAdjustForm({ direction: 'add', amount: '10', reason: '长'.repeat(201) })).toEqual({ error: '调整原因最多 200 个字' });
  });

  it('says what will happen before it is sent', () => {
    expect(adjustQuestion(-50, '误发积分')).toBe('扣减 50 积分，原因：误发积分。调整会记入积分明细，不能撤回。');
  });
});
