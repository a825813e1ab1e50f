import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdnowSamplePath } from '../../../test/support/cdnow-sample.ts';
import { fitOnPurchases } from './customer-analysis.ts';
import { expectedSpend, fitGammaGamma, gammaGammaLogLikelihood, spendRows } from './gamma-gamma.ts';
import { GRADIENT_TOLERANCE } from './maximum-likelihood.ts';
import { readCdnowPurchases } from './purchase-csv.ts';

/** The Gamma-Gamma fit on the CDNOW sample's 946 repeat buyers of the 39-week calibration period (the `lifetimes` documentation). */
const PUBLISHED = { p: 6.25, q: 3.74, v: 15.44 };

describe('the Gamma-Gamma spend model on the CDNOW sample', () => {
  const { models, report } = fitOnPurchases(readCdnowPurchases(readFileSync(cdnowSamplePath(), 'utf8')), '1997-09-30');

  it('reproduces the published p, q and v within 1 %, each repeat buyer by their mean spend per repeat occasion', () => {
    expect(report.gammaGamma).not.toBeNull();
    for (const [name, value] of Object.entries(PUBLISHED)) {
      expect(report.gammaGamma![name as keyof typeof PUBLISHED], name).toBeGreaterThan(value * 0.99);
      expect(report.gammaGamma![name as keyof typeof PUBLISHED], name).toBeLessThan(value * 1.01);
    }
  });

  it('converges: the gradient vanishes at the fit', () => {
    expect(models.spend.method).toBe('gamma-gamma');
    if (models.spend.method === 'gamma-gamma') expect(models.spend.fit.gradientNorm).toBeLessThan(GRADIENT_TOLERANCE);
  });
});

describe('expected spend per occasion', () => {
  const parameters = { p: 6.25, q: 3.74, v: 15.44 };
  const populationMean = (parameters.p * parameters.v) / (parameters.q - 1);

  it('is the population’s mean p·v/(q−1) for a customer without a repeat occasion', () => {
    expect(expectedSpend(parameters, { x: 0, meanSpend: null })).toBeCloseTo(populationMean, 10);
  });

  it('moves from the population’s mean towards the customer’s own mean as their repeat occasions grow', () => {
    const own = 100;
    const spends = [1, 5, 50].map((x) => expectedSpend(parameters, { x, meanSpend: own })!);
    expect(spends[0]).toBeCloseTo((parameters.p * parameters.v + parameters.p * own) / (parameters.p + parameters.q - 1), 10);
    expect(spends[0]).toBeGreaterThan(populationMean);
    expect(spends[1]).toBeGreaterThan(spends[0]!);
    expect(spends[2]).toBeGreaterThan(spends[1]!);
    expect(spends[2]).toBeLessThan(own);
  });

  it('has no answer when q ≤ 1 leaves the population’s mean infinite', () => {
    expect(expectedSpend({ p: 2, q: 0.9, v: 10 }, { x: 0, meanSpend: null })).toBeNull();
  });
});

describe('spend rows', () => {
  it('leave out customers without a repeat occasion or with a zero mean, and count identical rows once', () => {
    const rows = spendRows([
      { x: 0, meanSpend: null },
      { x: 2, meanSpend: 0 },
      { x: 2, meanSpend: 12.5 },
      { x: 2, meanSpend: 12.5 },
      { x: 3, meanSpend: 12.5 },
    ]);
    expect(rows).toEqual([
      { x: 2, meanSpend: 12.5, weight: 2 },
      { x: 3, meanSpend: 12.5, weight: 1 },
    ]);
  });

  it('weighted, give the same likelihood and fit as one row per customer', () => {
    const customers = Array.from({ length: 300 }, (_, index) => ({ x: 1 + (index % 4), meanSpend: 10 + ((index * 7) % 23) }));
    const grouped = spendRows(customers);
    const ungrouped = customers.map((customer) => ({ ...customer, weight: 1 }));
    expect(grouped.length).toBeLessThan(customers.length);
    expect(gammaGammaLogLikelihood(PUBLISHED, grouped)).toBeCloseTo(gammaGammaLogLikelihood(PUBLISHED, ungrouped), 8);
    const fromGrouped = fitGammaGamma(grouped);
    const fromUngrouped = fitGammaGamma(ungrouped);
    expect(fromGrouped.converged).toBe(true);
    for (const name of ['p', 'q', 'v'] as const) expect(fromGrouped.parameters[name]).toBeCloseTo(fromUngrouped.parameters[name], 4);
  });
});
