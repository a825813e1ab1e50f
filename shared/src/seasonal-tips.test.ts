import { describe, expect, it } from 'vitest';
import { boughtSinceDay, nextTipDate, SeasonalCalendarUpdate, SeasonalTip, tipDateInYear, tipFallsOn } from './seasonal-tips.ts';

const yearly = (monthDay: string) => ({ monthDay });
const once = (date: string) => ({ date });

describe('when a seasonal tip falls', () => {
  it('a yearly tip falls on its month-day every year', () => {
    expect(tipDateInYear(yearly('06-01'), 2026)).toBe('2026-06-01');
    expect(tipDateInYear(yearly('06-01'), 2031)).toBe('2031-06-01');
    expect(tipFallsOn(yearly('06-01'), '2027-06-01')).toBe(true);
    expect(tipFallsOn(yearly('06-01'), '2027-06-02')).toBe(false);
  });

  it('a 29 February tip falls on 28 February in common years and on the 29th in leap years', () => {
    expect(tipDateInYear(yearly('02-29'), 2027)).toBe('2027-02-28');
    expect(tipFallsOn(yearly('02-29'), '2027-02-28')).toBe(true);
    expect(tipDateInYear(yearly('02-29'), 2028)).toBe('2028-02-29');
    expect(tipFallsOn(yearly('02-29'), '2028-02-28')).toBe(false);
    expect(tipFallsOn(yearly('02-29'), '2028-02-29')).toBe(true);
  });

  it('a one-off tip falls on its date only, and in no other year', () => {
    expect(tipDateInYear(once('2026-07-15'), 2026)).toBe('2026-07-15');
    expect(tipDateInYear(once('2026-07-15'), 2027)).toBeNull();
    expect(tipFallsOn(once('2026-07-15'), '2027-07-15')).toBe(false);
  });

  it('the next date: later this year, else next year; a past one-off has none', () => {
    expect(nextTipDate(yearly('06-01'), '2026-06-01')).toBe('2026-06-01');
    expect(nextTipDate(yearly('06-01'), '2026-06-02')).toBe('2027-06-01');
    expect(nextTipDate(yearly('02-29'), '2026-03-01')).toBe('2027-02-28');
    expect(nextTipDate(once('2027-01-10'), '2026-12-01')).toBe('2027-01-10');
    expect(nextTipDate(once('2026-07-15'), '2026-07-16')).toBeNull();
  });

  it('a buyer bought within the last N days, the planning day included', () => {
    expect(boughtSinceDay('2026-06-01', 1)).toBe('2026-06-01');
    expect(boughtSinceDay('2026-06-01', 365)).toBe('2025-06-02');
  });
});

describe('a tip as the seller writes it', () => {
  const tip = { id: 'lychee', name: '时令水果上市', categories: ['水果'] };

  it('takes a month-day or a date, with a year of buyers unless it says otherwise', () => {
    expect(SeasonalTip.parse({ ...tip, monthDay: '02-29' })).toEqual({ ...tip, monthDay: '02-29', boughtWithinDays: 365 });
    expect(SeasonalTip.parse({ ...tip, date: '2026-07-15', boughtWithinDays: 90 }).boughtWithinDays).toBe(90);
  });

  it('refuses no day, both days, a day the calendar has not, no category, a category twice and a long name', () => {
    const refused = [
      { ...tip },
      { ...tip, monthDay: '06-01', date: '2026-06-01' },
      { ...tip, monthDay: '02-30' },
      { ...tip, date: '2027-02-29' },
      { ...tip, monthDay: '06-01', categories: [] },
      { ...tip, monthDay: '06-01', categories: ['水果', '水果'] },
      { ...tip, monthDay: '06-01', name: '时'.repeat(21) },
      { ...tip, monthDay: '06-01', boughtWithinDays: 0 },
      { ...tip, monthDay: '06-01', id: 'no spaces' },
    ];
    for (const input of refused) expect(SeasonalTip.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });

  it('a calendar holds at most 50 tips', () => {
    const tips = Array.from({ length: 51 }, (_, i) => ({ ...tip, id: `t${i}`, name: `时令${i}`, monthDay: '06-01' }));
    expect(SeasonalCalendarUpdate.safeParse({ tips: tips.slice(0, 50), version: 0 }).success).toBe(true);
    expect(SeasonalCalendarUpdate.safeParse({ tips, version: 0 }).success).toBe(false);
  });
});
