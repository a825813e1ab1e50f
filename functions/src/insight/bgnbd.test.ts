import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdnowSamplePath } from '../../../test/support/cdnow-sample.ts';
import { bgnbdLogLikelihood, expectedPurchases, expectedRepeatPurchasesOfNewCustomer, fitBgNbd, pAlive } from './bgnbd.ts';
import { fitOnPurchases } from './customer-analysis.ts';
import { GRADIENT_TOLERANCE } from './maximum-likelihood.ts';
import { readCdnowPurchases } from './purchase-csv.ts';
import { customerOccasions, frequencyRows, summarizeCustomers } from './purchase-history.ts';

/** Fader, Hardie & Lee (2005), fitted on the CDNOW sample's 39-week calibration period. */
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const cdnow = readCdnowPurchases(readFileSync(cdnowSamplePath(), 'utf8'));

/** ₂F₁(a, b; c; z) by its power series: an independent check of the library's, for |z| well below 1. */
function hypergeometricSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 10_000 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
  }
  return sum;
}

describe('the BG/NBD model on the CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  // Through the code `npm run analyze -- bgnbd` and the nightly job fit with.
  const { models, report } = fitOnPurchases(cdnow, '1997-09-30');

  it('counts the 2,357 customers of the sample, 946 of them with a repeat purchase in the 39 weeks', () => {
    expect(report.customers).toBe(2357);
    expect(report.repeaters).toBe(946);
  });

  it('reproduces the published r, α, a, b and log-likelihood within 1 %', () => {
    expect(report.bgnbd).not.toBeNull();
    for (const [name, value] of Object.entries(PUBLISHED)) {
      expect(report.bgnbd![name as keyof typeof PUBLISHED], name).toBeGreaterThan(value * 0.99);
      expect(report.bgnbd![name as keyof typeof PUBLISHED], name).toBeLessThan(value * 1.01);
    }
    expect(report.bgnbd!.logLikelihood).toBeCloseTo(-9582.4, 0);
  });

  it('stops where the gradient vanishes, not only where the optimizer gives up', () => {
    expect(models.purchases.method).toBe('bgnbd');
    if (models.purchases.method !== 'bgnbd') return;
    expect(models.purchases.fit.converged).toBe(true);
    expect(models.purchases.fit.gradientNorm).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it('measures x, t_x and T in weeks from the first occasion: the paper’s first customer has T = 38.86', () => {
    const summaries = summarizeCustomers(customerOccasions(cdnow), '1997-09-30');
    expect(summaries.find((summary) => summary.customerId === '00004')).toMatchObject({ x: 2, txDays: 213, TDays: 272 });
    expect(summaries.find((summary) => summary.customerId === '00004')!.T).toBeCloseTo(38.86, 2);
  });
});

describe('the paper’s worked example: x = 2, t_x = 30.43, T = 38.86', () => {
  const history = { x: 2, tx: 30.43, T: 38.86 };
  const { r, alpha, a, b } = PUBLISHED;

  it('expects 1.226 purchases in the next 39 weeks (equation 10, as published)', () => {
    expect(expectedPurchases(PUBLISHED, history, 39)).toBeCloseTo(1.226, 3);
  });

  it('agrees with equation 10 computed here with a power-series ₂F₁', () => {
    const { x, tx, T } = history;
    const t = 39;
    const alive = 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
    const series = hypergeometricSeries(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
    const expected = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * series) * alive;
    expect(expectedPurchases(PUBLISHED, history, t)).toBeCloseTo(expected, 10);
  });

  it('gives P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) ≈ 0.727', () => {
    const { x, tx, T } = history;
    expect(pAlive(PUBLISHED, history)).toBeCloseTo(1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)), 12);
    expect(pAlive(PUBLISHED, history)).toBeCloseTo(0.727, 3);
  });

  it('calls a customer with no repeat purchase alive (the model lets nobody leave before one)', () => {
    expect(pAlive(PUBLISHED, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  });

  it('expects a new customer’s repeat purchases in (0, t] by equation 9, growing with t', () => {
    const t = 39;
    const series = hypergeometricSeries(r, b, a + b - 1, t / (alpha + t));
    const expected = ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * series);
    expect(expectedRepeatPurchasesOfNewCustomer(PUBLISHED, t)).toBeCloseTo(expected, 8);
    expect(expectedRepeatPurchasesOfNewCustomer(PUBLISHED, 78)).toBeGreaterThan(expected);
    expect(expectedRepeatPurchasesOfNewCustomer(PUBLISHED, 0)).toBe(0);
  });

  it('stays finite for a customer who bought a thousand times', () => {
    const heavy = { x: 1000, tx: 150, T: 150 };
    expect(pAlive(PUBLISHED, heavy)).toBeGreaterThan(0.99);
    // About the customer's own rate, 1000 / 150 a week, over 90 days.
    expect(expectedPurchases(PUBLISHED, heavy, 90 / 7)).toBeGreaterThan(75);
    expect(expectedPurchases(PUBLISHED, heavy, 90 / 7)).toBeLessThan(90);
    expect(pAlive(PUBLISHED, { x: 1000, tx: 140, T: 150 })).toBeLessThan(1e-12);
  });
});

describe('weighted rows', () => {
  it('give the same likelihood and fit as one row per customer', () => {
    const summaries = summarizeCustomers(customerOccasions(cdnow), '1997-09-30');
    const grouped = frequencyRows(summaries);
    const ungrouped = summaries.map((summary) => ({ x: summary.x, tx: summary.tx, T: summary.T, weight: 1 }));
    expect(grouped.length).toBeLessThan(ungrouped.length / 2);
    expect(grouped.reduce((sum, row) => sum + row.weight, 0)).toBe(ungrouped.length);
    expect(bgnbdLogLikelihood(PUBLISHED, grouped)).toBeCloseTo(bgnbdLogLikelihood(PUBLISHED, ungrouped), 6);
    const fromGrouped = fitBgNbd(grouped).parameters;
    const fromUngrouped = fitBgNbd(ungrouped).parameters;
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(fromGrouped[name]).toBeCloseTo(fromUngrouped[name], 5);
  });
});
