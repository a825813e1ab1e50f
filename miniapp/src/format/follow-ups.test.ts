import { describe, expect, it } from 'vitest';
import { followUpAssigneeText, followUpDueText, followUpReasonText, followUpStatusText, surveyHeadlineText } from './follow-ups';

describe('follow-up texts', () => {
  it('names the reason with the score that opened the task', () => {
    expect(followUpReasonText({ reason: 'nps-detractor', score: 3 })).toBe('贬损者（0–6 分） · 打了 3 分');
    expect(followUpReasonText({ reason: 'csat-low', score: 1 })).toBe('不满意（1–2 分） · 打了 1 分');
  });

  it('says who holds the task, 待领取 when nobody does and 已离职员工 for a holder with no name', () => {
    expect(followUpAssigneeText({ assigneeId: 'm1', assigneeName: '客服小林' })).toBe('客服小林');
    expect(followUpAssigneeText({ assigneeId: 'm1', assigneeName: null })).toBe('已离职员工');
    expect(followUpAssigneeText({ assigneeId: null, assigneeName: null })).toBe('待领取');
  });

  it('gives the deadline in Shanghai time, breached as 已超时, and a done task its time', () => {
    const open = { status: 'open' as const, dueAt: '2026-11-24T10:00:00.000Z', doneAt: null };
    expect(followUpDueText({ ...open, breached: false })).toEqual({ text: '请于 2026-11-24 18:00 前回访', tone: 'ok' });
    expect(followUpDueText({ ...open, breached: true })).toEqual({ text: '已超时（应于 2026-11-24 18:00 前回访）', tone: 'breached' });
    expect(followUpDueText({ status: 'done', dueAt: open.dueAt, breached: true, doneAt: '2026-11-24T03:30:00.000Z' })).toEqual({
      text: '完成于 2026-11-24 11:30',
      tone: 'done',
    });
  });

  it('states an open task as 待回访 and a done one by its outcome', () => {
    expect(followUpStatusText({ status: 'open', outcome: null })).toBe('待回访');
    expect(followUpStatusText({ status: 'done', outcome: 'unreachable' })).toBe('联系不上');
  });

  it('words a headline score by its kind: NPS class, CSAT satisfied or not, stars', () => {
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'nps', score: 9 })).toBe('推荐意愿 9 分 · 推荐者');
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'nps', score: 7 })).toBe('推荐意愿 7 分 · 中立者');
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'nps', score: 6 })).toBe('推荐意愿 6 分 · 贬损者');
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'csat', score: 4 })).toBe('满意度 4 分 · 满意');
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'csat', score: 3 })).toBe('满意度 3 分 · 不满意');
    expect(surveyHeadlineText({ questionId: 'q1', kind: 'stars', score: 5 })).toBe('5 星');
    expect(surveyHeadlineText(null)).toBeNull();
  });
});
