import { addDays, daysBetween } from '@linli/shared/time';

/**
 * Replenishment cadence (补货提醒): when a member is expected to buy a category again. A member's own
 * cadence is the median gap between their distinct purchase days of the category, once they have
 * MIN_OWN_PURCHASE_DAYS of them; before that, the category's cadence over the shop's buyers stands in.
 * The next purchase is expected one cadence after the last. Pure: the nightly job feeds it the members'
 * order aggregates (category → purchase day → orders) and writes what it answers.
 */

/** Purchase days (two gaps) a member needs before their own median stands; fewer borrow the category's. */
export const MIN_OWN_PURCHASE_DAYS = 3;
/** A cadence shorter than this is a habit, not a stock running out: a reminder would only nag. */
export const MIN_CADENCE_DAYS = 7;
/** A cadence longer than a year is no cadence (and bounds the shop-wide histograms). */
export const MAX_CADENCE_DAYS = 365;
/** Buyers with a gap the category needs before its median speaks for members with too few purchases. */
export const MIN_CATEGORY_BUYERS = 5;

/** Purchase days of a category (YYYY-MM-DD) → orders that day, as the order aggregates keep them. */
export type CategoryDays = Readonly<Record<string, number>>;

/** The Shanghai days with at least one counting order, oldest first. */
function purchaseDays(days: CategoryDays): string[] {
  return Object.keys(days)
    .filter((day) => (days[day] ?? 0) > 0)
    .sort();
}

function gapsOf(sortedDays: readonly string[]): number[] {
  return sortedDays.slice(1).map((day, index) => daysBetween(sortedDays[index]!, day));
}

/** The median of whole numbers, rounded to whole days (the mean of the middle two when the count is even; .5 rounds up). */
export function medianDays(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

export interface CategoryCadence {
  category: string;
  /** The median of the buyers' own cadences, whole days. */
  cadenceDays: number;
  /** Buyers with at least two purchase days (each counts once). */
  buyers: number;
}

/**
 * The shop's cadence per category over its members' categories (each member's order aggregates'
 * `categories`). Each buyer with at least one gap counts once, with their own median gap: a few weekly
 * buyers would otherwise set the pace for everyone (their many gaps outnumbering the monthly buyers').
 * The values go into a histogram of whole days 1..365 (a longer one counts as 365), so the median is
 * exact and the memory a few kilobytes per category however many members the shop has. Only categories
 * with MIN_CATEGORY_BUYERS buyers or more, most buyers first.
 */
export function categoryCadences(members: Iterable<Readonly<Record<string, CategoryDays>>>): CategoryCadence[] {
  const histograms = new Map<string, Uint32Array>();
  for (const categories of members) {
    for (const [category, days] of Object.entries(categories)) {
      const own = medianDays(gapsOf(purchaseDays(days)));
      if (own === null) continue;
      let histogram = histograms.get(category);
      if (!histogram) histograms.set(category, (histogram = new Uint32Array(MAX_CADENCE_DAYS + 1)));
      histogram[Math.min(Math.max(own, 1), MAX_CADENCE_DAYS)]!++;
    }
  }
  const known: CategoryCadence[] = [];
  for (const [category, histogram] of histograms) {
    const buyers = histogram.reduce((sum, count) => sum + count, 0);
    if (buyers < MIN_CATEGORY_BUYERS) continue;
    const nth = (rank: number) => {
      let seen = 0;
      for (let days = 1; days < MAX_CADENCE_DAYS; days++) {
        seen += histogram[days]!;
        if (seen >= rank) return days;
      }
      return MAX_CADENCE_DAYS;
    };
    const cadenceDays = buyers % 2 === 1 ? nth((buyers + 1) / 2) : Math.round((nth(buyers / 2) + nth(buyers / 2 + 1)) / 2);
    known.push({ category, cadenceDays, buyers });
  }
  return known.sort((a, b) => b.buyers - a.buyers || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
}

export interface ExpectedPurchase {
  expectedDay: string;
  lastDay: string;
  cadenceDays: number;
  basis: 'own' | 'category';
}

/**
 * When the member is expected to buy the category next, or null: no purchase, no cadence (too few of
 * their own and none for the category), a cadence outside MIN_CADENCE_DAYS..MAX_CADENCE_DAYS, or the
 * expected day more than one cadence past on `analysisDay` (they buy it elsewhere now, or stopped).
 */
export function expectedPurchase(
  days: CategoryDays,
  categoryCadenceDays: number | undefined,
  analysisDay: string,
): ExpectedPurchase | null {
  const sorted = purchaseDays(days);
  const lastDay = sorted.at(-1);
  if (!lastDay) return null;
  const own = sorted.length >= MIN_OWN_PURCHASE_DAYS ? medianDays(gapsOf(sorted)) : null;
  const cadenceDays = own ?? categoryCadenceDays;
  if (cadenceDays === undefined || cadenceDays < MIN_CADENCE_DAYS || cadenceDays > MAX_CADENCE_DAYS) return null;
  const expectedDay = addDays(lastDay, cadenceDays);
  if (daysBetween(expectedDay, analysisDay) > cadenceDays) return null;
  return { expectedDay, lastDay, cadenceDays, basis: own === null ? 'category' : 'own' };
}

/** Category → expected day of every category the member has one for. */
export function expectedPurchases(
  categories: Readonly<Record<string, CategoryDays>>,
  cadences: ReadonlyMap<string, number>,
  analysisDay: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(categories).flatMap(([category, days]) => {
      const next = expectedPurchase(days, cadences.get(category), analysisDay);
      return next ? [[category, next.expectedDay] as const] : [];
    }),
  );
}
