import type { PointsEntryType } from '@linli/shared/points';
import { addDays, shanghaiDay, shanghaiDayEnd } from '@linli/shared/time';
import { DEFAULT_POINTS_RULES, type PointsRules } from '../config/points-rules.ts';

/**
 * Earned points live in lots. A lot is pending until `availableAt` (orders: the return window),
 * spendable until `expiresAt`, and is drawn down oldest first by spending, refunds and expiry.
 */
export interface PointsLot {
  lotId: string;
  memberId: string;
  source: PointsEntryType;
  refId: string | null;
  amount: number;
  remaining: number;
  earnedAt: string;
  availableAt: string;
  expiresAt: string;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * When points earned at `earnedAt` expire: the end of the calendar year `expiryYears` after the
 * one they were earned in (Asia/Shanghai); by default, the end of next year.
 */
export function pointsExpiry(earnedAt: Date, rules: Pick<PointsRules, 'expiryYears'> = DEFAULT_POINTS_RULES): string {
  const { year } = shanghaiDay(earnedAt);
  return shanghaiDayEnd(`${year + rules.expiryYears}-12-31`).toISOString();
}

export function isExpired(lot: Pick<PointsLot, 'expiresAt'>, now: Date): boolean {
  return lot.expiresAt <= now.toISOString();
}

export function isAvailable(lot: Pick<PointsLot, 'availableAt' | 'expiresAt'>, now: Date): boolean {
  return lot.availableAt <= now.toISOString() && !isExpired(lot, now);
}

/** Oldest earned first; the lot id breaks ties so the order never depends on the query. */
export function oldestFirst(lots: readonly PointsLot[]): PointsLot[] {
  return [...lots].sort((a, b) => (a.earnedAt === b.earnedAt ? a.lotId.localeCompare(b.lotId) : a.earnedAt.localeCompare(b.earnedAt)));
}

export interface Draw {
  lot: PointsLot;
  take: number;
}

/**
 * Which lots to draw `amount` from, oldest first. Spending uses available lots only; a refund
 * may also take back pending ones. What cannot be covered is the shortfall.
 */
export function planDraw(
  lots: readonly PointsLot[],
  amount: number,
  now: Date,
  scope: 'available' | 'available-or-pending',
  /** Keep the given order instead of oldest first (the caller put preferred lots in front). */
  keepOrder = false,
): { draws: Draw[]; shortfall: number } {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative integer');
  let left = amount;
  const draws: Draw[] = [];
  for (const lot of keepOrder ? lots : oldestFirst(lots)) {
    if (left === 0) break;
    if (lot.remaining <= 0 || isExpired(lot, now)) continue;
    if (scope === 'available' && !isAvailable(lot, now)) continue;
    const take = Math.min(lot.remaining, left);
    draws.push({ lot, take });
    left -= take;
  }
  return { draws, shortfall: left };
}

/** Available, pending and soon-expiring points of a member's open lots. */
export function summarizeLots(lots: readonly PointsLot[], now: Date, rules: Pick<PointsRules, 'expiringSoonDays'>) {
  let available = 0;
  let pending = 0;
  let expiringSoon = 0;
  let before: string | null = null;
  const soon = new Date(now.getTime() + rules.expiringSoonDays * DAY_MS).toISOString();
  for (const lot of lots) {
    if (lot.remaining <= 0 || isExpired(lot, now)) continue;
    if (!isAvailable(lot, now)) {
      pending += lot.remaining;
      continue;
    }
    available += lot.remaining;
    if (lot.expiresAt <= soon) {
      expiringSoon += lot.remaining;
      if (!before || lot.expiresAt < before) before = lot.expiresAt;
    }
  }
  return { available, pending, expiringSoon: { points: expiringSoon, before } };
}

/** A credit first repays points owed from earlier refunds; what is left becomes a new lot. */
export function settleDebt(debt: number, credit: number): { repaid: number; toLot: number; debtAfter: number } {
  const repaid = Math.min(debt, credit);
  return { repaid, toLot: credit - repaid, debtAfter: debt - repaid };
}

/**
 * Points to take back for a refund: the order's points in proportion to the money refunded so far,
 * less what earlier refunds of the same order already took back.
 */
export function refundTakeBack(input: { orderPoints: number; paidFen: number; refundedBeforeFen: number; refundFen: number }): number {
  if (input.paidFen === 0) return 0;
  const after = Math.floor((input.orderPoints * (input.refundedBeforeFen + input.refundFen)) / input.paidFen);
  const before = Math.floor((input.orderPoints * input.refundedBeforeFen) / input.paidFen);
  return after - before;
}

/** Points for the `streak`-th consecutive check-in: the daily points plus that day's bonus. */
export function checkinReward(streak: number, rules: PointsRules['checkin']): { points: number; bonus: number } {
  const bonus = rules.streakBonuses.filter((rule) => rule.day === streak).reduce((sum, rule) => sum + rule.bonus, 0);
  return { points: rules.dailyPoints + bonus, bonus };
}

/** The day before a Shanghai YYYY-MM-DD date. */
export function previousDay(date: string): string {
  return addDays(date, -1);
}

/** When order points become available: `returnWindowDays` after payment. */
export function orderPointsAvailableAt(paidAt: string, rules: Pick<PointsRules, 'returnWindowDays'>): string {
  return new Date(Date.parse(paidAt) + rules.returnWindowDays * DAY_MS).toISOString();
}
