import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  instantOfShanghaiDateTime,
  monthsBetween,
  isLeapYear,
  shanghaiClock,
  shanghaiDay,
  shanghaiDayEnd,
  shanghaiDayStart,
  shanghaiRfc3339,
} from './time.ts';

describe('shanghaiDay', () => {
  it('is already the next day in Shanghai at 16:00 UTC', () => {
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toMatchObject({
      year: 2027,
      month: 1,
      day: 1,
      date: '2027-01-01',
      monthDay: '01-01',
    });
  });
  it('is still the same day at 15:59 UTC', () => {
    expect(shanghaiDay(new Date('2026-12-31T15:59:59Z')).date).toBe('2026-12-31');
  });
  it('knows leap years', () => {
    expect([2024, 2026, 2000, 1900].map(isLeapYear)).toEqual([true, false, true, false]);
  });
});

describe('Shanghai day arithmetic', () => {
  it('adds calendar days and finds when a Shanghai day starts and ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(shanghaiDayStart('2026-11-20').toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(shanghaiDayEnd('2026-11-20').toISOString()).toBe('2026-11-20T15:59:59.999Z');
    expect(daysBetween('2026-12-25', '2027-01-02')).toBe(8);
  });
  it('reads the Shanghai wall clock', () => {
    expect(shanghaiClock(new Date('2026-11-01T06:05:00Z'))).toMatchObject({ date: '2026-11-01', hour: 14, minute: 5, minuteOfDay: 845 });
  });
});

describe('month arithmetic', () => {
  it('moves a month across year ends both ways and counts the months between', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-11', -23)).toBe('2024-12');
    expect(addMonths('2026-11', 0)).toBe('2026-11');
    expect(monthsBetween('2026-11', '2027-02')).toBe(3);
    expect(monthsBetween('2026-11-30', '2026-11-01')).toBe(0);
    expect(monthsBetween('2027-01', '2025-12')).toBe(-13);
  });
});

describe('instantOfShanghaiDateTime', () => {
  it('reads a wall-clock time without an offset as Asia/Shanghai', () => {
    expect(instantOfShanghaiDateTime('2026-11-23 10:00:00')?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(instantOfShanghaiDateTime('2026-11-23 10:00')?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(instantOfShanghaiDateTime('2026-11-23T07:59:59')?.toISOString()).toBe('2026-11-22T23:59:59.000Z');
    // Just after midnight in Shanghai is the previous day in UTC.
    expect(instantOfShanghaiDateTime('2026-01-01 00:30:00')?.toISOString()).toBe('2025-12-31T16:30:00.000Z');
  });
  it('refuses what is not a real time', () => {
    for (const text of [
      '2026-02-30 10:00:00',
      '2026-11-23 24:00:00',
      '2026-11-23 10:60',
      '2026-11-23',
      '23/11/2026 10:00',
      '2026-11-23 10:00:00+08:00',
      '',
    ])
      expect(instantOfShanghaiDateTime(text), text).toBeNull();
    expect(instantOfShanghaiDateTime('2028-02-29 12:00')?.toISOString()).toBe('2028-02-29T04:00:00.000Z');
  });
});

describe('shanghaiRfc3339', () => {
  it('writes an instant as Shanghai wall-clock time with +08:00, whole seconds, across a day boundary', () => {
    expect(shanghaiRfc3339(new Date('2026-11-23T02:15:00.999Z'))).toBe('2026-11-23T10:15:00+08:00');
    expect(shanghaiRfc3339(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01T00:00:00+08:00');
  });
});
