import { describe, expect, it } from 'vitest';
import { formatShanghaiDate, formatShanghaiDateTime, formatShanghaiDateTimeThisYear, formatShanghaiMonthDay, shanghaiToday } from './time';

describe('formatShanghaiDateTime', () => {
  it('shows a UTC instant in Asia/Shanghai time', () => {
    expect(formatShanghaiDateTime('2026-11-01T06:05:00Z')).toBe('2026-11-01 14:05');
  });

  it('moves to the next day when Shanghai is already past midnight', () => {
    expect(formatShanghaiDateTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
  });

  it('accepts timestamps with an offset', () => {
    expect(formatShanghaiDateTime('2026-11-01T14:05:00+08:00')).toBe('2026-11-01 14:05');
  });

  it('refuses what is not a timestamp', () => {
    expect(() => formatShanghaiDateTime('yesterday')).toThrow(RangeError);
  });
});

describe('formatShanghaiDateTimeThisYear', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('leaves the year out within the Shanghai year of now', () => {
    expect(formatShanghaiDateTimeThisYear('2026-11-27T12:15:00Z', now)).toBe('11-27 20:15');
    // Shanghai's new year began eight hours before UTC's.
    expect(formatShanghaiDateTimeThisYear('2025-12-31T16:30:00Z', now)).toBe('01-01 00:30');
  });

  it('keeps the year of an earlier one', () => {
    expect(formatShanghaiDateTimeThisYear('2025-12-31T15:50:00Z', now)).toBe('2025-12-31 23:50');
  });
});

describe('formatShanghaiDate', () => {
  it('gives the Shanghai calendar day, not the UTC one', () => {
    expect(formatShanghaiDate('2026-10-31T16:00:00Z')).toBe('2026-11-01');
    expect(formatShanghaiDate('2026-10-31T15:59:59Z')).toBe('2026-10-31');
  });
});

describe('shanghaiToday', () => {
  it('is the Shanghai date of the injected clock', () => {
    expect(shanghaiToday(new Date('2026-02-28T20:00:00Z'))).toBe('2026-03-01');
  });

  it('agrees with the shared business-day helper', async () => {
    const { shanghaiDay } = await import('@linli/shared/time');
    for (const iso of ['2026-01-01T00:00:00Z', '2026-06-30T15:59:59Z', '2026-06-30T16:00:00Z', '2028-02-28T16:00:00Z']) {
      expect(shanghaiToday(new Date(iso))).toBe(shanghaiDay(new Date(iso)).date);
    }
  });
});

describe('formatShanghaiMonthDay', () => {
  it('names the Shanghai day without leading zeros', () => {
    expect(formatShanghaiMonthDay('2026-12-01T03:00:00Z')).toBe('12月1日');
    // 23:59:59.999 in Shanghai on 1 December is still 1 December there.
    expect(formatShanghaiMonthDay('2026-12-01T15:59:59.999Z')).toBe('12月1日');
    expect(formatShanghaiMonthDay('2026-12-01T16:00:00Z')).toBe('12月2日');
  });
});
