import type { TierConfig } from '@linli/shared/tiers';
import { shanghaiDay } from '@linli/shared/time';
import type { MemberRecord } from '../members/member-record.ts';
import { growthWindowStart, type GrowthOrder } from './growth.ts';
import { planTierReview } from './standing.ts';

/**
 * Growth kept on the member: fen kept (paid − refunded) of credited orders by the Asia/Shanghai day
 * they were paid. The window starts at 00:00 Shanghai (growth.ts), so a day is in or out as a whole and
 * folding the days with `now` gives exactly growthFromOrders over the same orders.
 */
export type KeptGrowth = Record<string, number>;

const DAY_MS = 24 * 3600 * 1000;

/** The first Shanghai day inside the growth window at `now`. */
export function growthWindowStartDay(now: Date): string {
  return shanghaiDay(new Date(growthWindowStart(now))).date;
}

/** Growth value at `now` from the kept days and the member's bonus (as growthFromOrders computes it). */
export function growthFromKept(kept: KeptGrowth, input: { now: Date; bonus: number }): number {
  const start = growthWindowStartDay(input.now);
  let keptFen = 0;
  for (const [day, fen] of Object.entries(kept)) if (day >= start) keptFen += fen;
  return Math.max(0, Math.floor(keptFen / 100) + input.bonus);
}

/** The kept days still inside the window at `now` (the others can never count again). */
export function keptGrowthAt(kept: KeptGrowth, now: Date): KeptGrowth {
  const start = growthWindowStartDay(now);
  return Object.fromEntries(Object.entries(kept).filter(([day]) => day >= start));
}

/** The kept days of a set of credited orders: those paid inside the window at `now`. */
export function keptGrowthOfOrders(orders: readonly GrowthOrder[], now: Date): KeptGrowth {
  return orders.reduce((kept, order) => withOrder(kept, order, now), {} as KeptGrowth);
}

/** The kept days with one more credited order; days that left the window at `now` are dropped. */
export function withOrder(kept: KeptGrowth, order: Pick<GrowthOrder, 'paidAt' | 'paidFen' | 'refundedFen'>, now: Date): KeptGrowth {
  const start = growthWindowStartDay(now);
  const next = keptGrowthAt(kept, now);
  const day = shanghaiDay(new Date(order.paidAt)).date;
  if (day >= start) next[day] = (next[day] ?? 0) + Math.max(0, order.paidFen - order.refundedFen);
  return next;
}

/** Noon in Shanghai on a YYYY-MM-DD day: an instant on that day for the day-based rules. */
function onDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 4));
}

function addDays(day: string, days: number): string {
  return shanghaiDay(new Date(onDay(day).getTime() + days * DAY_MS)).date;
}

/** The first Shanghai day on which an order paid on `day` no longer counts toward growth. */
export function dayLeavingWindow(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // A year on, give or take the clamping of 29-31 to a shorter month: step until the window starts after it.
  let candidate = shanghaiDay(new Date(Date.UTC(y + 1, m - 1, Math.min(d, 28), 4))).date;
  while (growthWindowStartDay(onDay(candidate)) <= day) candidate = addDays(candidate, 1);
  return candidate;
}

/**
 * The first Shanghai day from `fromDay` on which the daily review would move the member (or settle an
 * unassessed one), if nothing else happens: growth only falls as paid days leave the window and the
 * grace only runs out, so only those days can change the answer. null: no such day comes.
 */
export function nextReviewDay(
  config: TierConfig,
  member: Pick<MemberRecord, 'memberId' | 'tierCode' | 'tierSince' | 'growthBonus'> & { growthFenByDay: KeptGrowth },
  fromDay: string,
): string | null {
  if (!config.tiers.some((tier) => tier.code === member.tierCode)) return fromDay;
  const candidates = new Set<string>([fromDay]);
  if (member.tierSince) candidates.add(shanghaiDay(new Date(Date.parse(member.tierSince) + config.downgradeGraceDays * DAY_MS)).date);
  for (const day of Object.keys(member.growthFenByDay)) candidates.add(dayLeavingWindow(day));
  for (const day of [...candidates].filter((candidate) => candidate >= fromDay).sort()) {
    const now = onDay(day);
    const growth = growthFromKept(member.growthFenByDay, { now, bonus: member.growthBonus });
    if (planTierReview({ config, member, growth, now, changeId: 'next-review' }).patch) return day;
  }
  return null;
}
