/** Linli's business days are Asia/Shanghai days; every "today" in the product comes from here. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface ShanghaiDay {
  year: number;
  month: number;
  day: number;
  /** YYYY-MM-DD */
  date: string;
  /** MM-DD */
  monthDay: string;
}

/** The calendar day in Asia/Shanghai at the instant `at`. */
export function shanghaiDay(at: Date): ShanghaiDay {
  const parts = Object.fromEntries(partsFormatter.formatToParts(at).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return { year, month, day, date: `${year}-${mm}-${dd}`, monthDay: `${mm}-${dd}` };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Asia/Shanghai has kept UTC+8 without daylight saving since 1991: a day starts at 00:00+08:00,
// so day boundaries are plain arithmetic (what loops over many days, like working time, need).
const SHANGHAI_OFFSET = '+08:00';
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** 00:00 Asia/Shanghai of the day the instant `ms` (epoch milliseconds) falls on, in epoch milliseconds. */
export function shanghaiMidnightOf(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The Shanghai date (YYYY-MM-DD) of the instant `ms`: shanghaiDay(at).date without Intl, for loops. */
export function shanghaiDateOf(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai day (YYYY-MM-DD) starts, 00:00 Asia/Shanghai. */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00${SHANGHAI_OFFSET}`);
}

/** The instant the Shanghai day (YYYY-MM-DD) ends: the next day's 00:00 Asia/Shanghai (exclusive). */
export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + DAY_MS);
}

/** The Shanghai date and time of an instant, `YYYY-MM-DD HH:mm` (for people and exports). */
export function shanghaiDateTime(at: Date): string {
  const parts = Object.fromEntries(partsFormatter.formatToParts(at).map((p) => [p.type, p.value]));
  return `${shanghaiDay(at).date} ${parts.hour}:${parts.minute}`;
}

/** The calendar date `days` after a date (YYYY-MM-DD; negative for before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week (Monday to Sunday) a date (YYYY-MM-DD) falls in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}
