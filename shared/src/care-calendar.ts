/**
 * The calendar of caring occasions: birthdays (Gregorian, or lunar for members who chose a lunar
 * birthday), holidays (lunar festivals, solar days, commerce days, the seller's own dates) and
 * anniversaries. Pure date rules, shared by the care planner and the pages that explain them.
 *
 * Every date is an Asia/Shanghai calendar day written YYYY-MM-DD (see time.ts). Lunar dates come
 * from tyme4ts (the maintained successor of lunar-javascript, same author and astronomical data),
 * never from a hand-written table. The library is ~215 KB minified: a mini-program page that only lets
 * a member choose a lunar birthday imports lunar-birthday.ts instead.
 */
import { LunarDay, LunarMonth, LunarYear, SolarDay } from 'tyme4ts';
import * as z from 'zod';
import { LunarBirthday } from './lunar-birthday.ts';
import { addDays, isLeapYear } from './time.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoOf = (solar: SolarDay) => `${solar.getYear()}-${pad2(solar.getMonth())}-${pad2(solar.getDay())}`;
const yearOf = (date: string) => Number(date.slice(0, 4));

// ---------------------------------------------------------------------------------------------
// Gregorian days and anniversaries
// ---------------------------------------------------------------------------------------------

/**
 * The day an MM-DD is kept in a Gregorian year: itself, except 02-29, which is kept on 02-28 in
 * common years (the day before the birthday would have been, still in February).
 */
export function monthDayInYear(monthDay: string, year: number): string {
  if (monthDay === '02-29' && !isLeapYear(year)) return `${year}-02-28`;
  return `${year}-${monthDay}`;
}

/** The MM-DD birthdays celebrated on a Shanghai date: 02-29 birthdays are greeted on 02-28 in common years. */
export function birthdaysCelebratedOn(date: { year: number; monthDay: string }): string[] {
  if (date.monthDay === '02-28' && !isLeapYear(date.year)) return ['02-28', '02-29'];
  return [date.monthDay];
}

/**
 * The `n`-th anniversary (n ≥ 1) of a day (YYYY-MM-DD: joining, a first order); a 02-29 start is
 * kept on 02-28 in common years, as birthdays are.
 */
export function nthAnniversary(since: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`An anniversary is the 1st or later, not ${n}`);
  return monthDayInYear(since.slice(5), yearOf(since) + n);
}

/** The anniversary of `since` that falls in Gregorian `year`, or null when the year holds none yet (n would be < 1). */
export function anniversaryInYear(since: string, year: number): { n: number; date: string } | null {
  const n = year - yearOf(since);
  return n >= 1 ? { n, date: nthAnniversary(since, n) } : null;
}

/** The day a message goes for an occasion on `date` sent `leadDays` before it (0: on the day). */
export function sendDayFor(date: string, leadDays: number): string {
  if (!Number.isInteger(leadDays) || leadDays < 0) throw new RangeError(`A lead is whole days ≥ 0, not ${leadDays}`);
  return addDays(date, -leadDays);
}

// ---------------------------------------------------------------------------------------------
// Lunar birthdays
// ---------------------------------------------------------------------------------------------

function assertLunarBirthday(birthday: LunarBirthday) {
  if (!LunarBirthday.safeParse(birthday).success) throw new RangeError(`Not a lunar birthday: ${JSON.stringify(birthday)}`);
}

/**
 * The Gregorian day a lunar birthday is celebrated in lunar year `lunarYear` (which begins at that
 * year's 春节, so its 腊月 falls in January or February of the next Gregorian year). A leap-month
 * birthday falls on the ordinary month of the same number in years without that leap month; a
 * 30th falls on the 29th in 29-day months. A birthday in an ordinary month never moves to the
 * leap month.
 */
export function lunarBirthdayInLunarYear(birthday: LunarBirthday, lunarYear: number): string {
  assertLunarBirthday(birthday);
  const inLeapMonth = birthday.leap && LunarYear.fromYear(lunarYear).getLeapMonth() === birthday.month;
  // tyme4ts names a leap month by its negative number.
  const month = inLeapMonth ? -birthday.month : birthday.month;
  const day = Math.min(birthday.day, LunarMonth.fromYm(lunarYear, month).getDayCount());
  return isoOf(LunarDay.fromYmd(lunarYear, month, day).getSolarDay());
}

/**
 * Every Gregorian day from `from` to `to` (inclusive, YYYY-MM-DD) on which a lunar birthday is
 * celebrated, in order. A Gregorian year holds one such day for most birthdays, but none or two for
 * some late-winter ones (a lunar year is 354–384 days long): e.g. a 十二月初一 birthday falls on
 * 2030-01-04 (lunar year 2029) and 2030-12-25 (lunar year 2030).
 */
export function lunarBirthdaysBetween(birthday: LunarBirthday, from: string, to: string): string[] {
  const days: string[] = [];
  // A lunar year starts between 01-21 and 02-20, so a day in Gregorian year G is in lunar year G - 1 or G.
  for (let lunarYear = yearOf(from) - 1; lunarYear <= yearOf(to); lunarYear++) {
    const day = lunarBirthdayInLunarYear(birthday, lunarYear);
    if (day >= from && day <= to) days.push(day);
  }
  return days;
}

/**
 * The lunar birthdays (as members state them) celebrated on a Gregorian day — the reverse of
 * lunarBirthdayInLunarYear, for a planner that looks members up by their stated lunar birthday.
 */
export function lunarBirthdaysCelebratedOn(date: string): LunarBirthday[] {
  const lunar = SolarDay.fromYmd(yearOf(date), Number(date.slice(5, 7)), Number(date.slice(8, 10))).getLunarDay();
  const lunarMonth = lunar.getLunarMonth();
  const month = lunarMonth.getMonth();
  const leap = lunarMonth.isLeap();
  const days = [lunar.getDay()];
  if (lunar.getDay() === 29 && lunarMonth.getDayCount() === 29) days.push(30);
  const celebrated = days.map((day) => ({ month, day, leap }));
  // Leap-month birthdays fall on the ordinary month in years without that leap month.
  if (!leap && lunarMonth.getLunarYear().getLeapMonth() !== month) celebrated.push(...days.map((day) => ({ month, day, leap: true })));
  return celebrated;
}

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

export type HolidayKind = 'lunar' | 'solar' | 'commerce' | 'seller';

export interface Holiday {
  /** Stable across years and releases ('spring-festival', 'double-11'); a seller's date: 'seller:…'. */
  key: string;
  name: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  date: string;
  kind: HolidayKind;
}

/** Lunar festivals by their lunar month and day (除夕 is computed: the last day of the 12th month). */
const LUNAR_FESTIVALS = [
  { key: 'spring-festival', name: '春节', month: 1, day: 1 },
  { key: 'lantern-festival', name: '元宵节', month: 1, day: 15 },
  { key: 'dragon-boat-festival', name: '端午节', month: 5, day: 5 },
  { key: 'qixi', name: '七夕', month: 7, day: 7 },
  { key: 'mid-autumn-festival', name: '中秋节', month: 8, day: 15 },
  { key: 'double-ninth-festival', name: '重阳节', month: 9, day: 9 },
  { key: 'laba-festival', name: '腊八节', month: 12, day: 8 },
] as const;

const SOLAR_DAYS = [
  { key: 'new-year', name: '元旦', kind: 'solar', monthDay: '01-01' },
  { key: 'valentines-day', name: '情人节', kind: 'solar', monthDay: '02-14' },
  { key: 'womens-day', name: '妇女节', kind: 'solar', monthDay: '03-08' },
  { key: 'labour-day', name: '劳动节', kind: 'solar', monthDay: '05-01' },
  { key: 'day-520', name: '520', kind: 'commerce', monthDay: '05-20' },
  { key: 'childrens-day', name: '儿童节', kind: 'solar', monthDay: '06-01' },
  { key: 'mid-year-618', name: '618', kind: 'commerce', monthDay: '06-18' },
  { key: 'national-day', name: '国庆节', kind: 'solar', monthDay: '10-01' },
  { key: 'double-11', name: '双11', kind: 'commerce', monthDay: '11-11' },
  { key: 'double-12', name: '双12', kind: 'commerce', monthDay: '12-12' },
  { key: 'christmas-eve', name: '平安夜', kind: 'solar', monthDay: '12-24' },
  { key: 'christmas', name: '圣诞节', kind: 'solar', monthDay: '12-25' },
] as const;

const NEW_YEARS_EVE = { key: 'new-years-eve', name: '除夕' } as const;

/** The built-in holidays' keys and names, for a rule editor's choices. */
export const BUILT_IN_HOLIDAYS: ReadonlyArray<{ key: string; name: string; kind: HolidayKind }> = [
  ...LUNAR_FESTIVALS.map(({ key, name }) => ({ key, name, kind: 'lunar' as const })),
  { ...NEW_YEARS_EVE, kind: 'lunar' },
  ...SOLAR_DAYS.map(({ key, name, kind }) => ({ key, name, kind })),
];

/** The Gregorian day of a lunar month and day in a lunar year (festivals: days every month has). */
function lunarToGregorian(lunarYear: number, month: number, day: number): string {
  return isoOf(LunarDay.fromYmd(lunarYear, month, day).getSolarDay());
}

/**
 * 除夕 of Gregorian year `year`: the eve of that year's 春节, i.e. the last day of the 12th month of
 * the lunar year that ends there — 腊月廿九 when that month has 29 days, else 三十.
 */
export function newYearsEveIn(year: number): string {
  const lastMonth = LunarMonth.fromYm(year - 1, 12);
  return lunarToGregorian(year - 1, 12, lastMonth.getDayCount());
}

/** A date the seller adds: every year on an MM-DD (02-29 kept on 02-28 in common years), or once on a date. */
export const SellerOccasion = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(20),
    monthDay: z
      .string()
      .regex(/^\d{2}-\d{2}$/)
      .refine((value) => isRealDate(`2024-${value}`), 'No such calendar day')
      .optional()
      .describe('Every year on this MM-DD'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(isRealDate, 'No such calendar day')
      .optional()
      .describe('Once, on this YYYY-MM-DD'),
  })
  .refine((occasion) => (occasion.monthDay === undefined) !== (occasion.date === undefined), {
    message: 'Give monthDay (every year) or date (once), not both',
    path: ['monthDay'],
  })
  .meta({ id: 'SellerOccasion' });
export type SellerOccasion = z.infer<typeof SellerOccasion>;

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * The holidays of Gregorian year `year`, in date order: the lunar festivals of the lunar year that
 * begins in it (腊八 of that lunar year falls in January of the next Gregorian year, so the 腊八 in
 * `year` is the previous lunar year's), 除夕 (the eve of this year's 春节), the solar and commerce
 * days, and the seller's own dates that fall in it.
 */
export function holidaysOfYear(year: number, sellerOccasions: readonly SellerOccasion[] = []): Holiday[] {
  const holidays: Holiday[] = [];
  for (const festival of LUNAR_FESTIVALS) {
    // Take the occurrence whose Gregorian day is in `year`: lunar year `year` for most festivals;
    // for a late one (腊八) whichever of lunar years year-1 and year lands in it.
    for (const lunarYear of [year - 1, year]) {
      const date = lunarToGregorian(lunarYear, festival.month, festival.day);
      if (yearOf(date) === year) holidays.push({ key: festival.key, name: festival.name, date, kind: 'lunar' });
    }
  }
  holidays.push({ ...NEW_YEARS_EVE, date: newYearsEveIn(year), kind: 'lunar' });
  for (const day of SOLAR_DAYS) holidays.push({ key: day.key, name: day.name, date: `${year}-${day.monthDay}`, kind: day.kind });
  for (const occasion of sellerOccasions) {
    const date = occasion.date ?? monthDayInYear(occasion.monthDay!, year);
    if (yearOf(date) === year) holidays.push({ key: `seller:${occasion.id}`, name: occasion.name, date, kind: 'seller' });
  }
  return holidays.sort((a, b) => (a.date === b.date ? a.key.localeCompare(b.key) : a.date < b.date ? -1 : 1));
}
