import { addDays, shanghaiDay } from '@linli/shared/time';
import type { RiskFlagFacts } from '@linli/shared/risk';

/**
 * The risk watch's rules (风险控制): what makes a flag, as pure functions of facts the order path and the
 * daily job read. Every threshold is here, with why it is set where it is (the README repeats them).
 *
 * A flag asks a supervisor to look; it never blocks anything. The thresholds are therefore set to catch
 * patterns that are rare for honest buyers and staff (a few flags a week in an ordinary shop), not every
 * oddity: a queue nobody can work through teaches people to ignore it.
 */
export const RISK_THRESHOLDS = {
  outsizedOrder: {
    /** Fewer purchase days than this and a member has no "usual" yet: a new buyer's first big order is normal. */
    minPriorDays: 3,
    /** Far above the member's typical order: more than 5× the median of their purchase days' orders… */
    overMemberMedian: 5,
    /** …and more than twice the largest they ever placed (one big festive order a year is not an anomaly). */
    overMemberMax: 2,
    /** The shop's norm: its 99th-percentile order of the last 30 days (so 1 order in 100 is above it)… */
    shopPercentile: 0.99,
    /** …counted only once the shop had this many orders in the window (a percentile of a few orders means nothing)… */
    shopMinOrders: 200,
    /** …and an order must be more than twice it: above the percentile alone would flag 1 % of all orders. */
    overShopHigh: 2,
    /** Orders below ¥200 are never flagged: a ¥150 order from a ¥20-a-time buyer is a gift basket, not fraud. */
    minPaidFen: 20_000,
  },
  refundsAfterRedemption: {
    /** The window the pattern is counted in (a month of buy → earn → redeem → refund cycles). */
    windowDays: 30,
    /**
     * Refunded orders whose points were redeemed before the refund. One or two happen to honest buyers
     * (a gift redeemed, then a damaged parcel returned); three in a month is the points-farming loop.
     */
    minRefundedOrders: 3,
  },
  sharedPhone: {
    /** Members verifying one phone: two is a couple sharing a phone; three or more is usually farmed accounts. */
    minMembers: 3,
  },
  welcomeBurst: {
    /** A "new member" redemption: the member's first redemption within this many days of joining. */
    newMemberDays: 7,
    /** The usual level: the median count of the 28 days before (four whole weeks, so weekdays weigh equally). */
    baselineDays: 28,
    /** A day needs at least this many new-member redemptions to be a burst (a small shop's busy day is not). */
    minRedemptions: 10,
    /** …and more than 3× the usual level (a shop running a joining campaign every day has a high usual level). */
    overBaseline: 3,
  },
  staffOutlier: {
    /** The window staff credits (points adjustments and complaint compensations) are summed over. */
    windowDays: 30,
    /** Below this many points a month nobody is flagged (e.g. 4 compensations at the 500 cap). */
    minPoints: 2_000,
    /** Far more than the peers: more than 3× the median of the other staff who credited points. */
    overPeerMedian: 3,
    /** At least two others to compare with: with one, "far more than the peer" is one person's habit against another's. */
    minPeers: 2,
  },
} as const;

const DAY_MS = 24 * 3600 * 1000;

/** The Shanghai month (YYYY-MM) of an instant: the period of a flag that a window of evidence raised. */
export function monthOf(at: string): string {
  return shanghaiDay(new Date(at)).date.slice(0, 7);
}

/** The median of numbers (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-quantile (0..1) of numbers by the nearest-rank method; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Outsized orders (the order path)
// ---------------------------------------------------------------------------------------------

/** The shop's order sizes as the daily job last measured them; the order path reads it. */
export interface ShopOrderNorm {
  /** The 99th-percentile order of the window; null when the shop had too few orders to say. */
  highFen: number | null;
  orders: number;
  measuredAt: string;
}

/** The shop's norm from the orders of the last 30 days (paid fen each). */
export function shopOrderNorm(paidFen: readonly number[], measuredAt: string): ShopOrderNorm {
  const rules = RISK_THRESHOLDS.outsizedOrder;
  return {
    highFen: paidFen.length >= rules.shopMinOrders ? percentile(paidFen, rules.shopPercentile) : null,
    orders: paidFen.length,
    measuredAt,
  };
}

/**
 * Whether an order is far outside the member's own history or the shop's norm. `historyDays` are the
 * member's purchase days before it, as [orders, fen kept] (orders/order-aggregates.ts): a day's typical
 * order is its fen over its orders. Null: nothing to flag.
 */
export function outsizedOrderFacts(input: {
  paidFen: number;
  paidAt: string;
  historyDays: ReadonlyArray<readonly [number, number]>;
  norm: ShopOrderNorm | null;
}): Extract<RiskFlagFacts, { kind: 'outsized-order' }> | null {
  const rules = RISK_THRESHOLDS.outsizedOrder;
  if (input.paidFen < rules.minPaidFen) return null;
  const typical = input.historyDays.filter(([orders]) => orders > 0).map(([orders, fen]) => Math.round(fen / orders));
  const enoughHistory = typical.length >= rules.minPriorDays;
  const memberMedianFen = enoughHistory ? Math.round(median(typical)) : null;
  const memberMaxFen = enoughHistory ? Math.max(...typical) : null;
  const overMemberHistory =
    memberMedianFen !== null &&
    memberMaxFen !== null &&
    input.paidFen > rules.overMemberMedian * memberMedianFen &&
    input.paidFen > rules.overMemberMax * memberMaxFen;
  const shopHighFen = input.norm?.highFen ?? null;
  const overShopNorm = shopHighFen !== null && input.paidFen > rules.overShopHigh * shopHighFen;
  if (!overMemberHistory && !overShopNorm) return null;
  return {
    kind: 'outsized-order',
    paidFen: input.paidFen,
    paidAt: input.paidAt,
    priorDays: typical.length,
    memberMedianFen,
    memberMaxFen,
    shopHighFen,
    overMemberHistory,
    overShopNorm,
  };
}

// ---------------------------------------------------------------------------------------------
// The daily job's rules
// ---------------------------------------------------------------------------------------------

/** A ledger entry as the rules read it. */
export interface LedgerFact {
  type: string;
  delta: number;
  refId: string | null;
  createdAt: string;
  actorId?: string | null;
  note?: string | null;
}

/** A pattern found over a window of evidence: its facts, and the instant of its newest evidence (the flag's period is that month). */
export interface Finding<F> {
  facts: F;
  newestAt: string;
}

/**
 * Buy → earn → redeem → refund: refunds in the window of orders whose points were redeemed before the
 * refund (a redemption after the order was credited, or in the window when the credit is older than the
 * entries read). `entries` are one member's, oldest first or not; `debt` what they owe now.
 */
export function refundsAfterRedemption(
  entries: readonly LedgerFact[],
  now: Date,
  pointsOwed: number,
): Finding<Extract<RiskFlagFacts, { kind: 'refunds-after-redemption' }>> | null {
  const rules = RISK_THRESHOLDS.refundsAfterRedemption;
  const from = new Date(now.getTime() - rules.windowDays * DAY_MS).toISOString();
  const sorted = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const creditedAt = new Map(
    sorted.filter((entry) => entry.type === 'order' && entry.refId).map((entry) => [entry.refId!, entry.createdAt]),
  );
  const redemptions = sorted.filter((entry) => entry.type === 'redemption');
  const refunded = new Map<string, string>();
  for (const refund of sorted) {
    if (refund.type !== 'refund' || !refund.refId || refund.createdAt < from) continue;
    const since = creditedAt.get(refund.refId) ?? from;
    const redeemedBetween = redemptions.some((entry) => entry.createdAt > since && entry.createdAt < refund.createdAt);
    if (redeemedBetween) refunded.set(refund.refId, refund.createdAt);
  }
  if (refunded.size < rules.minRefundedOrders) return null;
  const pointsRedeemed = redemptions.filter((entry) => entry.createdAt >= from).reduce((sum, entry) => sum - entry.delta, 0);
  return {
    facts: { kind: 'refunds-after-redemption', windowDays: rules.windowDays, refundedOrders: refunded.size, pointsRedeemed, pointsOwed },
    newestAt: [...refunded.values()].sort().at(-1)!,
  };
}

/** A member holding a verified phone, by the phone's lookup hash (never the number). */
export interface PhoneHolder {
  memberId: string;
  joinedAt: string;
  phoneMasked: string | null;
}

/** Phones that many members verified: each group, its members (first joined first) and its facts. */
export function sharedPhones(
  holdersByPhone: ReadonlyMap<string, readonly PhoneHolder[]>,
): Array<Finding<Extract<RiskFlagFacts, { kind: 'shared-phone' }>> & { phoneHash: string; memberIds: string[] }> {
  const findings = [];
  for (const [phoneHash, holders] of holdersByPhone) {
    if (holders.length < RISK_THRESHOLDS.sharedPhone.minMembers) continue;
    const sorted = [...holders].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
    findings.push({
      phoneHash,
      memberIds: sorted.map((holder) => holder.memberId),
      facts: { kind: 'shared-phone' as const, phoneMasked: sorted[0]!.phoneMasked, members: sorted.length },
      newestAt: sorted.at(-1)!.joinedAt,
    });
  }
  return findings;
}

/** A new member's first redemption (within newMemberDays of joining) and the Shanghai day it fell on. */
export interface NewMemberRedemption {
  memberId: string;
  day: string;
}

/** The first redemption of a member who joined at `joinedAt`, if it came within newMemberDays of joining. */
export function newMemberRedemption(memberId: string, joinedAt: string, entries: readonly LedgerFact[]): NewMemberRedemption | null {
  const until = new Date(new Date(joinedAt).getTime() + RISK_THRESHOLDS.welcomeBurst.newMemberDays * DAY_MS).toISOString();
  const first = entries
    .filter((entry) => entry.type === 'redemption' && entry.createdAt >= joinedAt)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  if (!first || first.createdAt > until) return null;
  return { memberId, day: shanghaiDay(new Date(first.createdAt)).date };
}

/**
 * Days among `days` (Shanghai dates) with far more new-member redemptions than the 28 days before each:
 * at least minRedemptions and more than overBaseline × the median day before (days without any count 0).
 */
export function welcomeBursts(
  redemptions: readonly NewMemberRedemption[],
  days: readonly string[],
): Array<{ day: string; memberIds: string[]; facts: Extract<RiskFlagFacts, { kind: 'welcome-burst' }> }> {
  const rules = RISK_THRESHOLDS.welcomeBurst;
  const byDay = new Map<string, string[]>();
  for (const redemption of redemptions) byDay.set(redemption.day, [...(byDay.get(redemption.day) ?? []), redemption.memberId]);
  const bursts = [];
  for (const day of days) {
    const memberIds = byDay.get(day) ?? [];
    const before = Array.from({ length: rules.baselineDays }, (_, i) => byDay.get(addDays(day, -(i + 1)))?.length ?? 0);
    const usualPerDay = median(before);
    if (memberIds.length < rules.minRedemptions || memberIds.length <= rules.overBaseline * usualPerDay) continue;
    bursts.push({
      day,
      memberIds,
      facts: { kind: 'welcome-burst' as const, day, redemptions: memberIds.length, usualPerDay, newMemberDays: rules.newMemberDays },
    });
  }
  return bursts;
}

/** Points a staff member credited to a member: an adjustment, or a complaint's compensation. */
export interface StaffCredit {
  actorId: string;
  points: number;
  at: string;
}

/**
 * Staff whose credits in the window are far above their peers': over minPoints and more than
 * overPeerMedian × the median of the other staff who credited anything, with at least minPeers of them.
 */
export function staffOutliers(
  credits: readonly StaffCredit[],
  now: Date,
): Array<{ actorId: string; newestAt: string; pointsCredited: number; credits: number; peers: number; peerMedianPoints: number }> {
  const rules = RISK_THRESHOLDS.staffOutlier;
  const from = new Date(now.getTime() - rules.windowDays * DAY_MS).toISOString();
  const byActor = new Map<string, { points: number; credits: number; newestAt: string }>();
  for (const credit of credits) {
    if (credit.points <= 0 || credit.at < from) continue;
    const sum = byActor.get(credit.actorId) ?? { points: 0, credits: 0, newestAt: credit.at };
    byActor.set(credit.actorId, {
      points: sum.points + credit.points,
      credits: sum.credits + 1,
      newestAt: credit.at > sum.newestAt ? credit.at : sum.newestAt,
    });
  }
  const outliers = [];
  for (const [actorId, sum] of byActor) {
    const peers = [...byActor].filter(([other]) => other !== actorId).map(([, other]) => other.points);
    if (peers.length < rules.minPeers || sum.points < rules.minPoints) continue;
    const peerMedianPoints = median(peers);
    if (sum.points <= rules.overPeerMedian * peerMedianPoints) continue;
    outliers.push({
      actorId,
      newestAt: sum.newestAt,
      pointsCredited: sum.points,
      credits: sum.credits,
      peers: peers.length,
      peerMedianPoints,
    });
  }
  return outliers;
}
