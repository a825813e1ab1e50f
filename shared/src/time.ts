/**
 * Linli's business days are Asia/Shanghai days; every "today", day boundary and day arithmetic in
 * the product comes from here, on both sides.
 *
 * Mainland China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for
 * every timestamp this product stores, and it avoids depending on Intl time-zone data, which not
 * every WeChat JS engine ships.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface ShanghaiDay {
  year: number;
  month: number;
  day: number;
  /** YYYY-MM-DD */
  date: string;
  /** MM-DD */
  monthDay: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The calendar day in Asia/Shanghai at the instant `at`. */
export function shanghaiDay(at: Date): ShanghaiDay {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return { year, month, day, date: `${year}-${pad2(month)}-${pad2(day)}`, monthDay: `${pad2(month)}-${pad2(day)}` };
}

/** The Shanghai wall-clock time at `at`, to the minute. */
export function shanghaiClock(at: Date): ShanghaiDay & { hour: number; minute: number; minuteOfDay: number } {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return { ...shanghaiDay(at), hour, minute, minuteOfDay: hour * 60 + minute };
}

/** The instant a Shanghai day (YYYY-MM-DD) begins: "2026-11-20" → 2026-11-19T16:00:00.000Z. */
export function shanghaiDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/** The last millisecond of a Shanghai day (YYYY-MM-DD). */
export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + DAY_MS - 1);
}

/** YYYY-MM-DD plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (YYYY-MM-DD each). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}

/** A YYYY-MM month moved by `delta` months: addMonths('2026-01', -1) → '2025-12'. */
export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Whole calendar months from one YYYY-MM (or YYYY-MM-DD) to another: '2026-11' to '2027-02' is 3. */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 00:00 Asia/Shanghai of the day the instant `ms` (epoch milliseconds) falls on, in epoch milliseconds. */
export function shanghaiMidnightOf(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The Shanghai date (YYYY-MM-DD) of the instant `ms`: shanghaiDay(at).date for loops over many instants. */
export function shanghaiDateOf(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai date and time of an instant, `YYYY-MM-DD HH:mm` (for people and exports). */
export function shanghaiDateTime(at: Date): string {
  const clock = shanghaiClock(at);
  return `${clock.date} ${pad2(clock.hour)}:${pad2(clock.minute)}`;
}

/** The Monday of the week (Monday to Sunday) a date (YYYY-MM-DD) falls in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

const SHANGHAI_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a Shanghai wall-clock time names, `YYYY-MM-DD HH:mm[:ss]` (a shop system's export
 * writes times this way, without an offset); null when it is not such a time or not a real one
 * (2026-02-30, 24:00).
 */
export function instantOfShanghaiDateTime(text: string): Date | null {
  const match = SHANGHAI_DATE_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '00'] = match as unknown as [string, string, string, string, string, string, string?];
  const date = `${year}-${month}-${day}`;
  const calendar = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(calendar.getTime()) || calendar.toISOString().slice(0, 10) !== date) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  return new Date(shanghaiDayStart(date).getTime() + ((Number(hour) * 60 + Number(minute)) * 60 + Number(second)) * 1000);
}

/**
 * An instant as RFC 3339 in Shanghai time, `2026-11-23T10:15:00+08:00` (seconds, no fraction): the
 * form WeChat Pay takes for time_expire and writes in success_time.
 */
export function shanghaiRfc3339(at: Date): string {
  return `${new Date(Math.floor(at.getTime() / 1000) * 1000 + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
