import { describe, expect, it } from 'vitest';
import { testClock } from '../../../test/support/test-clock';
import { campaignEndsText, countdownText, groupDeadlineText, payWithinText, secondsLeft } from './countdown';

const clock = () => testClock('2026-12-01T02:00:00.000Z');

describe('a countdown', () => {
  it('counts whole seconds, a second still running counted', () => {
    const now = clock();
    expect(secondsLeft('2026-12-01T02:00:10.000Z', now().getTime())).toBe(10);
    now.advance(9_001);
    expect(secondsLeft('2026-12-01T02:00:10.000Z', now().getTime())).toBe(1);
    now.advance(999);
    expect(secondsLeft('2026-12-01T02:00:10.000Z', now().getTime())).toBe(0);
    now.advance(60_000);
    expect(secondsLeft('2026-12-01T02:00:10.000Z', now().getTime())).toBe(0);
  });

  it('reads hours, minutes and seconds under a day, and days beyond', () => {
    const now = clock();
    expect(countdownText('2026-12-01T05:04:05.000Z', now().getTime())).toBe('03:04:05');
    expect(countdownText('2026-12-01T02:00:09.000Z', now().getTime())).toBe('00:00:09');
    expect(countdownText('2026-12-03T05:04:05.000Z', now().getTime())).toBe('2天 03:04:05');
    expect(countdownText('2026-12-02T02:00:00.000Z', now().getTime())).toBe('1天 00:00:00');
  });

  it('moves on as the injected clock moves, and ends', () => {
    const now = clock();
    const deadline = '2026-12-01T02:01:00.000Z';
    expect(countdownText(deadline, now().getTime())).toBe('00:01:00');
    now.advance(1_000);
    expect(countdownText(deadline, now().getTime())).toBe('00:00:59');
    now.advance(59_000);
    expect(countdownText(deadline, now().getTime())).toBeNull();
  });

  it('says what runs out on each page, and that it has', () => {
    const now = clock();
    const at = now().getTime();
    expect(campaignEndsText('2026-12-03T05:04:05.000Z', at)).toBe('距结束 2天 03:04:05');
    expect(campaignEndsText('2026-12-01T01:00:00.000Z', at)).toBe('活动已结束');
    expect(groupDeadlineText('2026-12-01T03:00:00.000Z', at)).toBe('剩余 01:00:00');
    expect(groupDeadlineText('2026-12-01T02:00:00.000Z', at)).toBe('已截止');
    expect(payWithinText('2026-12-01T02:15:00.000Z', at)).toBe('请在 00:15:00 内完成支付');
    expect(payWithinText('2026-12-01T01:59:59.000Z', at)).toBe('支付已超时，名额已释放');
  });

  it('refuses what is not a time', () => {
    expect(() => secondsLeft('soon', 0)).toThrow(RangeError);
  });
});
