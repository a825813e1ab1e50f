import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdnowSamplePath } from '../../../test/support/cdnow-sample.ts';
import { expectedPurchases } from './bgnbd.ts';
import { ruleExpectedPurchases, rulePAlive } from './churn-rules.ts';
import { modelQuality } from './model-quality.ts';
import { qualityNotice } from './outlook-reasons.ts';
import { readCdnowPurchases } from './purchase-csv.ts';
import { customerOccasions, summarizeCustomers, type Purchase } from './purchase-history.ts';

const purchase = (customerId: string, day: string, amountFen = 1000): Purchase => ({ customerId, day, amountFen });

describe('the model check: the last 13 weeks forecast from the history before them', () => {
  // Analysis day 2026-04-01: the check fits on the history up to 2025-12-31.
  const quality = modelQuality(
    customerOccasions([
      purchase('a', '2025-12-01'),
      purchase('a', '2025-12-15'),
      purchase('a', '2026-01-05'),
      purchase('a', '2026-01-05'), // the same day: one occasion
      purchase('a', '2026-02-20'),
      purchase('a', '2026-04-02'), // after the analysis day
      purchase('b', '2026-01-10'), // a newcomer's first occasion is not a repeat purchase
      purchase('b', '2026-01-20'),
      purchase('c', '2026-04-05'), // not a customer yet
    ]),
    '2026-04-01',
  );

  it('cuts 13 weeks before the analysis day and counts the repeat occasions of each week, cumulatively', () => {
    expect(quality.calibrationEnd).toBe('2025-12-31');
    expect(quality.weeks.map((week) => week.weekEnd)).toEqual([
      '2026-01-07',
      '2026-01-14',
      '2026-01-21',
      '2026-01-28',
      '2026-02-04',
      '2026-02-11',
      '2026-02-18',
      '2026-02-25',
      '2026-03-04',
      '2026-03-11',
      '2026-03-18',
      '2026-03-25',
      '2026-04-01',
    ]);
    expect(quality.weeks.map((week) => week.actual)).toEqual([1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
    expect(quality.actual).toBe(3);
  });

  it('forecasts the known customers from their history and the newcomers from their first day (here by the rules: one repeat buyer)', () => {
    expect(quality.models.purchases).toMatchObject({ method: 'rules', reason: 'too-few-repeat-buyers' });
    const rules = quality.models.rules;
    expect(rules.shopGapDays).toBe(14);
    const known = (days: number) => ruleExpectedPurchases(rules, 14, rulePAlive(rules, 14, 16), days);
    const newcomer = (days: number) => (days > 0 ? ruleExpectedPurchases(rules, 14, rulePAlive(rules, 14, 0), days) : 0);
    // b came on 2026-01-10: 4 days before the end of week 2, 81 before the analysis day.
    expect(quality.weeks[0]!.forecast).toBeCloseTo(known(7), 12);
    expect(quality.weeks[1]!.forecast).toBeCloseTo(known(14) + newcomer(4), 12);
    expect(quality.forecast).toBeCloseTo(known(91) + newcomer(81), 12);
  });

  it('reads for the seller as the forecast beside what happened', () => {
    expect(qualityNotice(quality)).toBe(
      `检验：按 2025-12-31 及之前的记录，经验规则预测此后 13 周复购 ${Math.round(quality.forecast)} 次，实际 3 次，相差 ${Math.round((Math.abs(Math.round(quality.forecast) - 3) / 3) * 100)}%`,
    );
  });
});

describe('the model check on the CDNOW sample', () => {
  it('sums the customers’ expected purchases in the 13 weeks after 1997-09-30 and counts the 726 that happened', () => {
    const purchases = readCdnowPurchases(readFileSync(cdnowSamplePath(), 'utf8'));
    const occasions = customerOccasions(purchases);
    const quality = modelQuality(occasions, '1997-12-30');
    expect(quality.calibrationEnd).toBe('1997-09-30');
    if (quality.models.purchases.method !== 'bgnbd') throw new Error('CDNOW should fit');
    const fit = quality.models.purchases.fit.parameters;
    // The whole cohort came in the first quarter of 1997: no newcomers after the cut.
    const forecast = summarizeCustomers(occasions, '1997-09-30').reduce((sum, summary) => sum + expectedPurchases(fit, summary, 13), 0);
    expect(quality.forecast).toBeCloseTo(forecast, 6);
    const actual = new Set(purchases.filter((p) => p.day > '1997-09-30' && p.day <= '1997-12-30').map((p) => `${p.customerId} ${p.day}`));
    expect(quality.actual).toBe(actual.size);
    expect(quality.actual).toBe(726);
  });
});
