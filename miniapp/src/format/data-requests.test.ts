import { describe, expect, it } from 'vitest';
import { answerTimeText, dueDayText } from './data-requests';

describe('data request times', () => {
  it('names the due day without its year or leading zeros', () => {
    expect(dueDayText('2026-12-09')).toBe('12月9日');
  });

  it('says when an open request will be answered, or that it is overdue', () => {
    expect(answerTimeText({ status: 'submitted', dueDate: '2026-12-09', overdue: false, closedAt: null })).toBe('预计12月9日前答复');
    expect(answerTimeText({ status: 'in_progress', dueDate: '2026-12-09', overdue: true, closedAt: null })).toBe(
      '已超期（应于12月9日前答复）',
    );
  });

  it('says on which Shanghai day a closed request was answered or refused', () => {
    expect(answerTimeText({ status: 'done', dueDate: '2026-12-09', overdue: false, closedAt: '2026-12-01T16:30:00.000Z' })).toBe(
      '已答复于 2026-12-02',
    );
    expect(answerTimeText({ status: 'refused', dueDate: '2026-12-09', overdue: false, closedAt: '2026-12-01T02:00:00.000Z' })).toBe(
      '已拒绝于 2026-12-01',
    );
  });
});
