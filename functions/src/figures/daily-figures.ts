import type { PointsEntryType } from '@linli/shared/points';

// The shop overview (店铺概览) reads figures kept per Shanghai day instead of scanning members,
// orders, ledgers or coupons. Every fact adds to them in its own DynamoDB transaction, the one
// whose condition makes the fact happen once (a member's version, an order id, a coupon still
// unused), so a retried webhook or request never counts twice (see figures/repository.ts).
//
// Two kinds of figures:
//   day figures   what happened on a day (joins, orders, points issued…): one item per day and shard;
//   running totals  what stands now (members, outstanding points): one small set of shard items; a
//                 day's total is read back from today's total minus the days after it.

/** What happened on a Shanghai day. */
export const DAY_FIGURES = [
  'joined',
  'orders',
  'salesFen',
  'refundFen',
  'pointsIssued',
  'pointsRedeemed',
  'pointsExpired',
  'pointsDeducted',
  'couponsIssued',
  'couponsUsed',
] as const;
export type DayFigure = (typeof DAY_FIGURES)[number];

/** What stands now, summed over every fact ever counted. */
export const RUNNING_TOTALS = ['members', 'points'] as const;
export type RunningTotal = (typeof RUNNING_TOTALS)[number];

/** One fact's contribution: day figures of its Shanghai day and running totals (zeros may be left out). */
export interface FigureDeltas {
  day: Partial<Record<DayFigure, number>>;
  totals?: Partial<Record<RunningTotal, number>>;
}

/**
 * Day items per Shanghai day: writers of one day on different shards never meet on one item. The
 * running totals are touched by every points movement of every day, so they are spread wider. A
 * shard is picked by the fact's owner (a member, a coupon), and a total's shard by the same hash:
 * two facts that meet on a total also meet on their day item, so the totals add no conflicts.
 */
export const DAY_SHARDS = 4;
export const TOTAL_SHARDS = 16;

/** FNV-1a of an id: stable across deploys. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The day shard and the total shard of a fact owned by `ownerId`. */
export function figureShards(ownerId: string): { day: number; total: number } {
  const hash = hashOf(ownerId);
  return { day: hash % DAY_SHARDS, total: hash % TOTAL_SHARDS };
}

const DEBIT_FIGURE: Partial<Record<PointsEntryType, DayFigure>> = { redemption: 'pointsRedeemed', expiry: 'pointsExpired' };

/**
 * A ledger entry's figures: credits are points issued; debits are redeemed, expired or otherwise
 * deducted (refunds, staff taking points back); the outstanding points (the shop's liability) move by
 * the entry's delta, so they stay the sum of every balance.
 */
export function pointsEntryFigures(entry: { type: PointsEntryType; delta: number }): FigureDeltas | null {
  if (entry.delta === 0) return null;
  const figure = entry.delta > 0 ? 'pointsIssued' : (DEBIT_FIGURE[entry.type] ?? 'pointsDeducted');
  return { day: { [figure]: Math.abs(entry.delta) }, totals: { points: entry.delta } };
}

/** Two contributions to the same items, added. */
export function addFigureDeltas(a: FigureDeltas, b: FigureDeltas): FigureDeltas {
  const day: Partial<Record<DayFigure, number>> = { ...a.day };
  for (const [name, amount] of Object.entries(b.day) as [DayFigure, number][]) day[name] = (day[name] ?? 0) + amount;
  const totals: Partial<Record<RunningTotal, number>> = { ...a.totals };
  for (const [name, amount] of Object.entries(b.totals ?? {}) as [RunningTotal, number][]) totals[name] = (totals[name] ?? 0) + amount;
  return { day, totals };
}

/** A day's or the totals' figures as read: every figure present, zero where nothing was counted. */
export type DayFigures = Record<DayFigure, number>;
export type Totals = Record<RunningTotal, number>;

export function emptyDayFigures(): DayFigures {
  return Object.fromEntries(DAY_FIGURES.map((name) => [name, 0])) as DayFigures;
}

export function emptyTotals(): Totals {
  return Object.fromEntries(RUNNING_TOTALS.map((name) => [name, 0])) as Totals;
}
