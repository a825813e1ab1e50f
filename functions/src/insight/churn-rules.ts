import type { CustomerSummary } from './purchase-history.ts';

/**
 * The rules that stand in for the fitted models while a shop's history is too thin to fit them
 * (README, *Customer insight*). They are the BG/NBD story with nothing estimated across customers:
 * an active member buys, on average, once every g days (their own typical gap), and after each
 * purchase leaves for good with a fixed chance (10 %). Then:
 *
 * - P(alive) = 1 / (1 + c/(1−c) · e^(d/g)), d = days since the last purchase, c = the chance of
 *   leaving: how likely the silence of d days is for someone still buying every g days, against
 *   having left after the last purchase;
 * - expected purchases in the next t days = P(alive) · (1 − e^(−c·t/g)) / c (an active member buys
 *   at 1/g a day and leaves at c/g a day; about P(alive) · t/g for short t);
 * - spend per order = the member's own mean spend per purchase occasion.
 *
 * g is the member's mean gap between occasions (t_x / x days); a member who has bought only once
 * gets the shop's typical gap, the median of the repeat buyers' own gaps (30 days while nobody has
 * bought twice). One-time buyers also get the P(alive) rule when the models are fitted: the BG/NBD
 * lets nobody leave before their first repeat purchase, so it calls every one-time buyer certainly
 * alive, however long ago they came.
 */
export const RULE_LEAVING_CHANCE = 0.1;
export const DEFAULT_SHOP_GAP_DAYS = 30;

export interface RuleParameters {
  /** The chance of leaving for good after each purchase. */
  leavingChance: number;
  /** The shop's typical gap between purchases in days: the median of the repeat buyers' own mean gaps. */
  shopGapDays: number;
}

/** The shop's rule parameters from its customers' summaries. */
export function ruleParameters(
  summaries: readonly Pick<CustomerSummary, 'x' | 'txDays'>[],
  leavingChance = RULE_LEAVING_CHANCE,
): RuleParameters {
  const gaps = summaries
    .filter((summary) => summary.x > 0)
    .map((summary) => summary.txDays / summary.x)
    .sort((a, b) => a - b);
  const middle = gaps.length >> 1;
  const median =
    gaps.length === 0 ? DEFAULT_SHOP_GAP_DAYS : gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  return { leavingChance, shopGapDays: median };
}

/** The gap the rules use for a member: their own mean gap in days, or the shop's for a one-time buyer. */
export function ruleGapDays(rules: RuleParameters, summary: Pick<CustomerSummary, 'x' | 'txDays'>): number {
  return summary.x > 0 ? summary.txDays / summary.x : rules.shopGapDays;
}

/** The rules' P(alive) after `daysSinceLast` days without a purchase, for a member buying every `gapDays` days. */
export function rulePAlive(rules: RuleParameters, gapDays: number, daysSinceLast: number): number {
  const c = rules.leavingChance;
  return 1 / (1 + (c / (1 - c)) * Math.exp(daysSinceLast / gapDays));
}

/** The rules' expected purchases in the next `days` days. */
export function ruleExpectedPurchases(rules: RuleParameters, gapDays: number, pAlive: number, days: number): number {
  if (days <= 0) return 0;
  const c = rules.leavingChance;
  return (pAlive * -Math.expm1((-c * days) / gapDays)) / c;
}
