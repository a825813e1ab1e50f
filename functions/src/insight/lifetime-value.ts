/**
 * Lifetime value and churn risk from a member's expected purchases (README, *Customer insight*).
 *
 * CLV over the next M months (12 by default) at a monthly discount rate δ (1 % by default):
 *   CLV = Σ_{m=1..M} (E[purchases in (0, m months]] − E[purchases in (0, m−1 months]]) · spend / (1+δ)^m,
 * each month's expected purchases valued at the expected spend per order and discounted from the
 * month's end. A month is 365.25 / 12 days. The risk band reads P(alive): 高 below 30 %, 中 below
 * 70 %, 低 from 70 %.
 */
export const DAYS_PER_MONTH = 365.25 / 12;
export const CLV_MONTHS = 12;
export const MONTHLY_DISCOUNT_RATE = 0.01;

export interface LifetimeValueOptions {
  months?: number;
  monthlyDiscountRate?: number;
}

/**
 * The discounted value of the next months' purchases: `cumulativePurchases(days)` is the expected
 * purchases in the next `days` days, `spend` the expected spend per order (any unit; the result is
 * in the same unit).
 */
export function lifetimeValue(cumulativePurchases: (days: number) => number, spend: number, options: LifetimeValueOptions = {}): number {
  const months = options.months ?? CLV_MONTHS;
  const rate = options.monthlyDiscountRate ?? MONTHLY_DISCOUNT_RATE;
  if (!(rate > -1)) throw new RangeError(`the monthly discount rate must be above −100 %, got ${rate}`);
  let value = 0;
  let before = 0;
  for (let month = 1; month <= months; month++) {
    const upToMonthEnd = cumulativePurchases(month * DAYS_PER_MONTH);
    value += ((upToMonthEnd - before) * spend) / (1 + rate) ** month;
    before = upToMonthEnd;
  }
  return value;
}

export const RISK_BANDS = ['低', '中', '高'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** P(alive) below `high` is 高 risk, below `medium` 中, else 低. */
export interface RiskThresholds {
  high: number;
  medium: number;
}
export const RISK_THRESHOLDS: RiskThresholds = { high: 0.3, medium: 0.7 };

/** The churn risk band of a member with this P(alive). */
export function riskBand(pAlive: number, thresholds: RiskThresholds = RISK_THRESHOLDS): RiskBand {
  if (pAlive < thresholds.high) return '高';
  if (pAlive < thresholds.medium) return '中';
  return '低';
}
