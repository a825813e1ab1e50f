import { describe, expect, it } from 'vitest';
import { daysInMonth, formatMonthZh, monthGrid, monthOf, shiftMonth } from './calendar';

const days = (weeks: ReturnType<typeof monthGrid>) => weeks.map((week) => week.map((cell) => cell?.day ?? 0));

describe('monthGrid', () => {
  it('lays out November 2026 Monday-first (the 1st is a Sunday)', () => {
    expect(days(monthGrid('2026-11'))).toEqual([
      [0, 0, 0, 0, 0, 0, 1],
      [2, 3, 4, 5, 6, 7, 8],
      [9, 10, 11, 12, 13, 14, 15],
      [16, 17, 18, 19, 20, 21, 22],
      [23, 24, 25, 26, 27, 28, 29],
      [30, 0, 0, 0, 0, 0, 0],
    ]);
    expect(monthGrid('2026-11')[0]![6]).toEqual({ date: '2026-11-01', day: 1 });
    expect(monthGrid('2026-11')[5]![0]).toEqual({ date: '2026-11-30', day: 30 });
  });

  it('starts a month whose 1st is a Monday in the first column, with no blank week', () => {
    // 2027-02-01 is a Monday and 2027 is not a leap year: exactly four full weeks.
    expect(days(monthGrid('2027-02'))).toEqual([
      [1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19, 20, 21],
      [22, 23, 24, 25, 26, 27, 28],
    ]);
  });

  it('gives a leap February its 29th', () => {
    const grid = monthGrid('2028-02'); // 2028-02-01 is a Tuesday
    expect(grid[0]!.slice(0, 2)).toEqual([null, { date: '2028-02-01', day: 1 }]);
    const cells = grid.flat().filter((cell) => cell !== null);
    expect(cells).toHaveLength(29);
    expect(cells.at(-1)).toEqual({ date: '2028-02-29', day: 29 });
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2100-02')).toBe(28);
    expect(daysInMonth('2000-02')).toBe(29);
  });

  it('always has whole weeks and every day once, in order', () => {
    for (const month of ['2026-01', '2026-03', '2026-08', '2026-12', '2027-05']) {
      const grid = monthGrid(month);
      expect(grid.every((week) => week.length === 7)).toBe(true);
      const dates = grid.flat().flatMap((cell) => (cell ? [cell.date] : []));
      expect(dates).toHaveLength(daysInMonth(month));
      expect(dates[0]).toBe(`${month}-01`);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('does not depend on the device time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(days(monthGrid('2026-11'))[0]).toEqual([0, 0, 0, 0, 0, 0, 1]);
    } finally {
      process.env.TZ = before;
    }
  });

  it('refuses what is not a month', () => {
    expect(() => monthGrid('2026-13')).toThrow(RangeError);
    expect(() => monthGrid('2026-1')).toThrow(RangeError);
  });
});

describe('shiftMonth', () => {
  it('crosses year boundaries both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-11', 0)).toBe('2026-11');
    expect(shiftMonth('2026-11', -23)).toBe('2024-12');
  });
});

describe('monthOf / formatMonthZh', () => {
  it('names months the Chinese way', () => {
    expect(monthOf('2026-11-30')).toBe('2026-11');
    expect(formatMonthZh('2026-03')).toBe('2026年3月');
  });
});
