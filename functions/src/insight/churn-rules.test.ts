import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOP_GAP_DAYS, ruleExpectedPurchases, ruleGapDays, ruleParameters, rulePAlive } from './churn-rules.ts';

describe('the rules that stand in for the models', () => {
  const rules = ruleParameters([
    { x: 0, txDays: 0 },
    { x: 1, txDays: 10 },
    { x: 2, txDays: 60 },
    { x: 4, txDays: 200 },
  ]);

  it('take the shop’s typical gap as the median of the repeat buyers’ own mean gaps (30 days before anyone repeats)', () => {
    expect(rules.shopGapDays).toBe(30); // gaps 10, 30, 50
    expect(
      ruleParameters([
        { x: 1, txDays: 10 },
        { x: 1, txDays: 20 },
      ]).shopGapDays,
    ).toBe(15);
    expect(ruleParameters([{ x: 0, txDays: 0 }]).shopGapDays).toBe(DEFAULT_SHOP_GAP_DAYS);
    expect(rules.leavingChance).toBe(0.1);
  });

  it('give a member their own mean gap, and a one-time buyer the shop’s', () => {
    expect(ruleGapDays(rules, { x: 4, txDays: 200 })).toBe(50);
    expect(ruleGapDays(rules, { x: 0, txDays: 0 })).toBe(30);
  });

  it('compute P(alive) = 1 / (1 + c/(1−c) · e^(d/g)): 90 % right after a purchase, falling with the silence', () => {
    expect(rulePAlive(rules, 30, 0)).toBeCloseTo(0.9, 12);
    // The example: 120 days without a purchase, buying every 30 days before.
    expect(rulePAlive(rules, 30, 120)).toBeCloseTo(1 / (1 + Math.exp(4) / 9), 12);
    expect(rulePAlive(rules, 30, 120)).toBeLessThan(rulePAlive(rules, 30, 60));
    expect(rulePAlive(rules, 60, 120)).toBeGreaterThan(rulePAlive(rules, 30, 120));
  });

  it('expect P(alive) · (1 − e^(−c·t/g)) / c purchases in the next t days: about P(alive) · t/g for a short t', () => {
    expect(ruleExpectedPurchases(rules, 30, 0.8, 3)).toBeCloseTo((0.8 * 3) / 30, 3);
    expect(ruleExpectedPurchases(rules, 30, 0.8, 90)).toBeCloseTo((0.8 * (1 - Math.exp((-0.1 * 90) / 30))) / 0.1, 12);
    expect(ruleExpectedPurchases(rules, 30, 0.8, 0)).toBe(0);
  });
});
