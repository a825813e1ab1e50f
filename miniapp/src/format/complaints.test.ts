import { describe, expect, it } from 'vitest';
import type { ComplaintTimelineEntry, SlaMeter } from '@linli/shared/complaints';
import { ApiError } from '@/api/errors';
import {
  complaintErrorText,
  complaintOrderText,
  deskEntryText,
  formatDuration,
  queueSlaText,
  slaMeterText,
  timelineEntryText,
} from './complaints';

const meter = (overrides: Partial<SlaMeter> = {}): SlaMeter => ({
  state: 'running',
  targetMs: 7_200_000,
  elapsedMs: 2_400_000,
  remainingMs: 4_800_000,
  dueAt: '2026-11-21T06:00:00.000Z',
  breached: false,
  ...overrides,
});

describe('complaint texts', () => {
  it('formats working durations', () => {
    expect(formatDuration(4_800_000)).toBe('1小时20分');
    expect(formatDuration(45 * 60_000)).toBe('45分');
    expect(formatDuration(2 * 3_600_000)).toBe('2小时');
    expect(formatDuration(30_000)).toBe('不足1分钟');
  });

  it('describes SLA meters', () => {
    expect(slaMeterText('首次响应', meter())).toEqual({ text: '首次响应剩余 1小时20分', tone: 'ok' });
    expect(slaMeterText('首次响应', meter({ remainingMs: 600_000 })).tone).toBe('warn');
    expect(slaMeterText('首次响应', meter({ remainingMs: 0, breached: true }))).toEqual({ text: '首次响应已超时', tone: 'breached' });
    expect(slaMeterText('解决', meter({ state: 'stopped', dueAt: null })).text).toBe('解决已达成');
    expect(slaMeterText('解决', meter({ state: 'paused', dueAt: null })).tone).toBe('paused');
  });

  it('picks the first response until it is met, then the resolution', () => {
    expect(queueSlaText({ firstResponse: meter(), resolution: meter({ remainingMs: 100_000_000 }) }).text).toBe('首次响应剩余 1小时20分');
    expect(queueSlaText({ firstResponse: meter({ state: 'stopped' }), resolution: meter({ remainingMs: 0, breached: true }) }).text).toBe(
      '解决已超时',
    );
  });

  it('says why a transition was refused, and falls back for unknown reasons', () => {
    expect(complaintErrorText(new ApiError('COMPLAINT_TRANSITION_INVALID', 409, 'reopen_window_passed'))).toBe('已超过7天，无法重新打开');
    expect(complaintErrorText(new ApiError('COMPLAINT_TRANSITION_INVALID', 409, 'something_new'))).toBe('当前状态下不能进行此操作');
    expect(complaintErrorText(new ApiError('COMPLAINT_NOT_FOUND', 404, 'x'))).toBe('投诉不存在');
  });

  it('labels timeline entries for the buyer and the desk', () => {
    const reply = {
      entryId: 'e1',
      at: '2026-11-21T06:05:00.000Z',
      type: 'reply',
      by: 'buyer',
      authorName: null,
      text: '还没到',
      photos: [],
    } satisfies ComplaintTimelineEntry;
    expect(timelineEntryText(reply, 'buyer')).toEqual({ title: '我的留言', body: '还没到', at: '2026-11-21 14:05' });
    expect(timelineEntryText(reply, 'staff').title).toBe('客户的留言');
    const status = {
      entryId: 'e2',
      at: '2026-11-21T06:05:00.000Z',
      type: 'status',
      status: 'waiting_for_buyer',
      by: 'agent',
    } satisfies ComplaintTimelineEntry;
    expect(timelineEntryText(status, 'buyer').title).toBe('状态：待您补充');
    expect(timelineEntryText(status, 'staff').title).toBe('状态：待客户补充');
  });
});

describe('resolution and desk entries', () => {
  const at = '2026-11-24T02:00:00.000Z';
  it('lists the compensation under the summary, pointing the buyer to 我的券 for a coupon', () => {
    const entry = {
      entryId: 'e1',
      at,
      type: 'resolution' as const,
      summary: '已补发',
      compensation: { points: 50, rewardId: 'r1', couponName: '10元券', couponCode: 'ABCDEFGHJKLM' },
    };
    expect(timelineEntryText(entry, 'buyer').body).toBe('已补发\n补偿 50 积分\n补偿「10元券」一张，可在我的券查看');
    expect(timelineEntryText(entry, 'staff').body).toBe('已补发\n补偿 50 积分\n补偿「10元券」一张');
    expect(timelineEntryText({ ...entry, compensation: null }, 'buyer').body).toBe('已补发');
  });

  it('names who wrote a note and who handed the complaint to whom', () => {
    expect(deskEntryText({ entryId: 'n', at, type: 'note', authorName: '客服小林', text: '查批次' })).toMatchObject({
      title: '客服小林的内部备注',
      body: '查批次',
    });
    expect(
      deskEntryText({ entryId: 'a', at, type: 'assignment', authorName: '主管老王', assigneeId: 'm2', assigneeName: '客服小周' }),
    ).toMatchObject({ title: '主管老王指派给客服小周', body: null });
  });
});

describe('complaintOrderText', () => {
  it('names the order by its Shanghai day, first item and amount, never its id', () => {
    const order = {
      paidAt: '2026-11-19T17:30:00.000Z',
      paidFen: 13_980,
      items: [
        { sku: 'FRUIT-APPLE-5KG', name: '烟台红富士苹果 5kg', qty: 2 },
        { sku: 'EGG-30', name: '散养土鸡蛋 30枚', qty: 1 },
      ],
    };
    expect(complaintOrderText(order)).toBe('烟台红富士苹果 5kg×2 等2件 · 2026-11-20 · ¥139.80');
    expect(complaintOrderText({ ...order, items: order.items.slice(0, 1) })).toBe('烟台红富士苹果 5kg×2 · 2026-11-20 · ¥139.80');
  });
});
