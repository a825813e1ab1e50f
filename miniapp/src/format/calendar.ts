// Month grids for the check-in calendar. Months and days are Asia/Shanghai calendar dates given
// as strings (YYYY-MM, YYYY-MM-DD) by the API; the arithmetic below is done in UTC, so the
// device's own time zone never shifts a day.
import { addMonths } from '@linli/shared/time';

export interface CalendarCell {
  /** YYYY-MM-DD */
  date: string;
  /** 1…31 */
  day: number;
}

/** Seven cells per week, Monday first; null pads the days before the 1st and after the last. */
export type CalendarWeek = Array<CalendarCell | null>;

export const WEEKDAY_LABELS_ZH = ['一', '二', '三', '四', '五', '六', '日'] as const;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`Not a YYYY-MM month: ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function daysInMonth(month: string): number {
  const p = parseMonth(month);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
}

/** The weeks of a month, Monday-first: 2026-11 starts on a Sunday, so its first week is six blanks and the 1st. */
export function monthGrid(month: string): CalendarWeek[] {
  const p = parseMonth(month);
  // getUTCDay: 0 = Sunday … 6 = Saturday; Monday-first puts Sunday last.
  const leading = (new Date(Date.UTC(p.year, p.month - 1, 1)).getUTCDay() + 6) % 7;
  const total = daysInMonth(month);
  const cells: Array<CalendarCell | null> = Array.from({ length: leading }, () => null);
  for (let day = 1; day <= total; day++) cells.push({ date: `${month}-${pad2(day)}`, day });
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: CalendarWeek[] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** "2026-11" moved by `delta` months: shiftMonth("2026-01", -1) → "2025-12". */
export function shiftMonth(month: string, delta: number): string {
  parseMonth(month);
  return addMonths(month, delta);
}

/** The YYYY-MM of a YYYY-MM-DD day. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** "2026-11" → "2026年11月". */
export function formatMonthZh(month: string): string {
  const p = parseMonth(month);
  return `${p.year}年${p.month}月`;
}
