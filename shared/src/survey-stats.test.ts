import { describe, expect, it } from 'vitest';
import {
  compareScores,
  csatSample,
  MIN_RESPONSES,
  npsSample,
  scoreFigure,
  SurveyInsightQuery,
  SurveyResponsesQuery,
} from './survey-stats.ts';

describe('NPS with its 95 % margin of error', () => {
  it("matches the issue's example: 400 answers, 50 % promoters, 20 % detractors → 30 ± 7.7", () => {
    const sample = npsSample({ promoters: 200, passives: 120, detractors: 80 });
    expect(sample.variance).toBeCloseTo(0.5 + 0.2 - 0.3 ** 2, 12);
    expect(scoreFigure(sample)).toEqual({ n: 400, value: 30, margin: 7.7, tooFew: false });
  });

  it('has no value and no margin with no answers', () => {
    expect(npsSample({ promoters: 0, passives: 0, detractors: 0 })).toEqual({ n: 0, mean: null, variance: 0 });
    expect(scoreFigure(npsSample({ promoters: 0, passives: 0, detractors: 0 }))).toEqual({ n: 0, value: null, margin: null, tooFew: true });
  });

  it('is 100 with no spread when every answer is a promoter', () => {
    expect(scoreFigure(npsSample({ promoters: 50, passives: 0, detractors: 0 }))).toEqual({ n: 50, value: 100, margin: 0, tooFew: false });
    expect(scoreFigure(npsSample({ promoters: 0, passives: 0, detractors: 40 }))).toEqual({ n: 40, value: -100, margin: 0, tooFew: false });
  });

  it(`marks fewer than ${MIN_RESPONSES} answers as too few, still giving the figure`, () => {
    const figure = scoreFigure(npsSample({ promoters: 10, passives: 5, detractors: 5 }));
    expect(figure).toMatchObject({ n: 20, value: 25, tooFew: true });
    // p + d − (p − d)² = 0.75 − 0.0625; 1.96 · sqrt(0.6875 / 20) = 0.3634
    expect(figure.margin).toBe(36.3);
    expect(scoreFigure(npsSample({ promoters: 15, passives: 10, detractors: 5 })).tooFew).toBe(false);
  });
});

describe('CSAT (share of 4–5) with its binomial margin', () => {
  it('is the share satisfied ± 1.96 · sqrt(s (1 − s) / n)', () => {
    // 1.96 · sqrt(0.8 · 0.2 / 100) = 0.0784
    expect(scoreFigure(csatSample({ satisfied: 80, n: 100 }))).toEqual({ n: 100, value: 80, margin: 7.8, tooFew: false });
  });

  it('has no value with no answers and no spread when all are satisfied', () => {
    expect(scoreFigure(csatSample({ satisfied: 0, n: 0 }))).toEqual({ n: 0, value: null, margin: null, tooFew: true });
    expect(scoreFigure(csatSample({ satisfied: 35, n: 35 }))).toEqual({ n: 35, value: 100, margin: 0, tooFew: false });
  });
});

describe('a change between two periods', () => {
  it('is significant when the difference passes 1.96 standard errors of var₁/n₁ + var₂/n₂', () => {
    // 30 vs 10: variances 0.61 and 0.69, standard error sqrt(1.3 / 400) = 0.0570, z = 3.51.
    const change = compareScores(
      npsSample({ promoters: 200, passives: 120, detractors: 80 }),
      npsSample({ promoters: 160, passives: 120, detractors: 120 }),
    );
    expect(change).toEqual({ difference: 20, margin: 11.2, z: 3.51, significant: true, verdict: 'up' });
    expect(
      compareScores(
        npsSample({ promoters: 160, passives: 120, detractors: 120 }),
        npsSample({ promoters: 200, passives: 120, detractors: 80 }),
      ),
    ).toMatchObject({ difference: -20, significant: true, verdict: 'down' });
  });

  it('is not significant when the difference is within the noise', () => {
    // 30 vs 28 on 400 answers each: z ≈ 0.6.
    const change = compareScores(
      npsSample({ promoters: 200, passives: 120, detractors: 80 }),
      npsSample({ promoters: 192, passives: 128, detractors: 80 }),
    );
    expect(change).toMatchObject({ difference: 2, significant: false, verdict: 'no-change' });
    expect(Math.abs(change.z!)).toBeLessThan(1.96);
  });

  it('compares CSAT proportions the same way', () => {
    // 0.9 vs 0.8 on 200 each: se = sqrt(0.09/200 + 0.16/200) = 0.0354, z = 2.83.
    expect(compareScores(csatSample({ satisfied: 180, n: 200 }), csatSample({ satisfied: 160, n: 200 }))).toEqual({
      difference: 10,
      margin: 6.9,
      z: 2.83,
      significant: true,
      verdict: 'up',
    });
  });

  it('is never labelled significant when either period has too few answers or none', () => {
    expect(
      compareScores(npsSample({ promoters: 20, passives: 0, detractors: 0 }), npsSample({ promoters: 0, passives: 0, detractors: 20 })),
    ).toMatchObject({ difference: 200, significant: false, verdict: 'too-few' });
    expect(
      compareScores(npsSample({ promoters: 200, passives: 0, detractors: 0 }), npsSample({ promoters: 0, passives: 0, detractors: 0 })),
    ).toEqual({
      difference: null,
      margin: null,
      z: null,
      significant: false,
      verdict: 'too-few',
    });
  });

  it('with no spread in either period, differs exactly when the scores differ', () => {
    const allPromoters = npsSample({ promoters: 50, passives: 0, detractors: 0 });
    expect(compareScores(allPromoters, allPromoters)).toMatchObject({ difference: 0, z: 0, significant: false, verdict: 'no-change' });
    expect(compareScores(allPromoters, npsSample({ promoters: 0, passives: 50, detractors: 0 }))).toMatchObject({
      difference: 100,
      margin: 0,
      z: null,
      significant: true,
      verdict: 'up',
    });
  });
});

describe('the queries', () => {
  it('refuse a period longer than a year, reversed, or a half-given comparison', () => {
    expect(SurveyInsightQuery.safeParse({ from: '2026-01-01', to: '2027-01-01' }).success).toBe(true); // 366 days
    expect(SurveyInsightQuery.safeParse({ from: '2026-01-01', to: '2027-01-02' }).success).toBe(false);
    expect(SurveyInsightQuery.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(SurveyInsightQuery.safeParse({ compareFrom: '2026-01-01' }).success).toBe(false);
  });

  it('read the list filters from a query string', () => {
    expect(SurveyResponsesQuery.parse({ min: '0', max: '6', hasText: 'true' })).toMatchObject({ min: 0, max: 6, hasText: true, limit: 20 });
    expect(SurveyResponsesQuery.safeParse({ min: '7', max: '6' }).success).toBe(false);
    expect(SurveyResponsesQuery.safeParse({ hasText: 'yes' }).success).toBe(false);
  });
});
