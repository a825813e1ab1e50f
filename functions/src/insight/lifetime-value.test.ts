import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, lifetimeValue, riskBand } from './lifetime-value.ts';

describe('12-month lifetime value', () => {
  // A member expected to buy once every month, at ¥50 an order.
  const monthly = (days: number) => days / DAYS_PER_MONTH;

  it('with no discount, is the expected purchases over the 12 months times the spend per order', () => {
    expect(lifetimeValue(monthly, 5000, { monthlyDiscountRate: 0 })).toBeCloseTo(12 * 5000, 8);
    const decaying = (days: number) => 3 * (1 - Math.exp(-days / 200));
    expect(lifetimeValue(decaying, 5000, { monthlyDiscountRate: 0 })).toBeCloseTo(decaying(365.25) * 5000, 8);
  });

  it('discounts each month’s purchases from the month’s end: Σ spend / (1 + δ)^m', () => {
    const expected = Array.from({ length: 12 }, (_, index) => 5000 / 1.01 ** (index + 1)).reduce((sum, value) => sum + value, 0);
    expect(lifetimeValue(monthly, 5000, { monthlyDiscountRate: 0.01 })).toBeCloseTo(expected, 8);
    expect(lifetimeValue(monthly, 5000)).toBeCloseTo(expected, 8);
  });

  it('is lower at a higher discount rate, and covers as many months as asked', () => {
    const at = (rate: number) => lifetimeValue(monthly, 5000, { monthlyDiscountRate: rate });
    expect(at(0.02)).toBeLessThan(at(0.01));
    expect(at(0.01)).toBeLessThan(at(0));
    expect(lifetimeValue(monthly, 5000, { months: 6, monthlyDiscountRate: 0 })).toBeCloseTo(6 * 5000, 8);
  });

  it('refuses a discount rate of −100 % or less', () => {
    expect(() => lifetimeValue(monthly, 5000, { monthlyDiscountRate: -1 })).toThrow(RangeError);
  });
});

describe('churn risk bands', () => {
  it('reads P(alive): 高 below 30 %, 中 below 70 %, 低 from 70 %, or at the thresholds given', () => {
    expect([0, 0.29, 0.3, 0.69, 0.7, 1].map((p) => riskBand(p))).toEqual(['高', '高', '中', '中', '低', '低']);
    expect(riskBand(0.45, { high: 0.5, medium: 0.9 })).toBe('高');
  });
});
