import * as z from 'zod';
import { addDays, isLeapYear } from './time.ts';

/**
 * The seasonal calendar (时令日历): tips the seller writes for the categories the shop sells, each on a
 * day of every year (时令水果上市 on 06-01) or on one date, sent by 时令推荐 care rules to the members
 * who bought one of the tip's categories lately. Schemas and pure date rules only (no lunar calendar
 * library), so the staff pages import this module as the server does.
 */

/** The most tips a calendar holds: one small item read whole by the planner and the editor. */
export const MAX_SEASONAL_TIPS = 50;
/** The most categories one tip names (each is one facet partition the planner reads). */
export const MAX_TIP_CATEGORIES = 10;
export const TIP_NAME_MAX_CHARS = 20;
/** Who counts as a buyer of a category unless the tip says otherwise: bought it within the last year. */
export const DEFAULT_BOUGHT_WITHIN_DAYS = 365;
export const MAX_BOUGHT_WITHIN_DAYS = 730;

const TIP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether YYYY-MM-DD is a day of the calendar (2027-02-29 is not). */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

/** MM-DD of every year: checked in a leap year, so 02-29 is allowed (kept on 02-28 in common years). */
export function isTipMonthDay(monthDay: string): boolean {
  return /^\d{2}-\d{2}$/.test(monthDay) && isRealDate(`2024-${monthDay}`);
}

export const SeasonalTipId = z.string().regex(TIP_ID, 'Letters, digits, - and _ (at most 64)');

/**
 * One tip: a name (what {节日} says in the message), the categories whose buyers get it, when it
 * falls — every year on an MM-DD or once on a date, as the seller's own holidays (SellerOccasion) —
 * and how recent a purchase makes a member a buyer.
 */
const SeasonalTipFields = z.object({
  id: SeasonalTipId,
  name: z.string().trim().min(1).max(TIP_NAME_MAX_CHARS),
  categories: z
    .array(z.string().trim().min(1).max(64))
    .min(1)
    .max(MAX_TIP_CATEGORIES)
    .refine((categories) => new Set(categories).size === categories.length, 'A category is named twice')
    .describe("Categories as the shop's orders name them (客户洞察 lists the ones bought)"),
  monthDay: z.string().refine(isTipMonthDay, 'No such calendar day (MM-DD)').optional().describe('Every year on this MM-DD'),
  date: z.string().refine(isRealDate, 'No such calendar day (YYYY-MM-DD)').optional().describe('Once, on this YYYY-MM-DD'),
  boughtWithinDays: z
    .number()
    .int()
    .min(1)
    .max(MAX_BOUGHT_WITHIN_DAYS)
    .default(DEFAULT_BOUGHT_WITHIN_DAYS)
    .describe('A buyer of a category bought it within this many Shanghai days (the planning day included)'),
});

export const SeasonalTip = SeasonalTipFields.refine((tip) => (tip.monthDay === undefined) !== (tip.date === undefined), {
  message: 'Give monthDay (every year) or date (once), not both',
  path: ['monthDay'],
}).meta({ id: 'SeasonalTip' });
export type SeasonalTip = z.infer<typeof SeasonalTip>;
export type SeasonalTipInput = z.input<typeof SeasonalTip>;

export const SeasonalCalendarUpdate = z
  .object({ tips: z.array(SeasonalTip).max(MAX_SEASONAL_TIPS), version: z.number().int().min(0) })
  .meta({ id: 'SeasonalCalendarUpdate' });

export const SeasonalCalendar = z
  .object({
    tips: z.array(
      SeasonalTipFields.extend({ nextDate: z.string().nullable().describe('The next day it falls on; null: a one-off date past') }),
    ),
    categories: z.array(z.string()).describe("Categories the shop's members bought lately (客户洞察's latest figures), to choose from"),
    version: z.number().int().describe('0 before the first save'),
  })
  .meta({ id: 'SeasonalCalendar' });
export type SeasonalCalendar = z.infer<typeof SeasonalCalendar>;

/** The day a tip falls on in Gregorian `year`, or null (a one-off tip of another year); 02-29 falls on 02-28 in common years. */
export function tipDateInYear(tip: Pick<SeasonalTip, 'monthDay' | 'date'>, year: number): string | null {
  if (tip.date !== undefined) return Number(tip.date.slice(0, 4)) === year ? tip.date : null;
  if (tip.monthDay === '02-29' && !isLeapYear(year)) return `${year}-02-28`;
  return `${year}-${tip.monthDay}`;
}

/** Whether the tip falls on `date` (YYYY-MM-DD). */
export function tipFallsOn(tip: Pick<SeasonalTip, 'monthDay' | 'date'>, date: string): boolean {
  return tipDateInYear(tip, Number(date.slice(0, 4))) === date;
}

/** The first day on or after `from` the tip falls on, or null when it never will (a past one-off). */
export function nextTipDate(tip: Pick<SeasonalTip, 'monthDay' | 'date'>, from: string): string | null {
  const year = Number(from.slice(0, 4));
  for (const candidate of [tipDateInYear(tip, year), tipDateInYear(tip, year + 1)])
    if (candidate !== null && candidate >= from) return candidate;
  return null;
}

/** The first Shanghai day a purchase must be on for its buyer to count on `day` (`withinDays` days, `day` included). */
export function boughtSinceDay(day: string, withinDays: number): string {
  return addDays(day, -(withinDays - 1));
}
