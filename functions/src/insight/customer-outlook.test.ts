import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdnowSamplePath } from '../../../test/support/cdnow-sample.ts';
import { simulatePurchases } from '../../../dev/simulated-purchases.ts';
import { expectedPurchases, pAlive } from './bgnbd.ts';
import { analyzeCustomers, fitOnPurchases } from './customer-analysis.ts';
import { fitShopModels, memberOutlooks, type ShopModels } from './customer-outlook.ts';
import { ruleExpectedPurchases, rulePAlive } from './churn-rules.ts';
import { expectedSpend } from './gamma-gamma.ts';
import { DAYS_PER_MONTH, lifetimeValue } from './lifetime-value.ts';
import { methodNotice } from './outlook-reasons.ts';
import { readCdnowPurchases } from './purchase-csv.ts';
import { customerOccasions, summarizeCustomers } from './purchase-history.ts';

const ANALYSIS_DAY = '2026-12-31';
const GENERATING = { bgnbd: { r: 1.2, alpha: 8, a: 0.9, b: 4 }, spend: { p: 5, q: 4, v: 60 } };
const simulated = simulatePurchases({
  customers: 10_000,
  acquisitionDays: 365,
  firstDay: '2025-01-01',
  lastDay: ANALYSIS_DAY,
  ...GENERATING,
  seed: 2,
});

describe('fitting a shop’s models', () => {
  it('gives back the parameters the purchases were drawn from (within 10 %)', () => {
    const { report } = fitOnPurchases(simulated, ANALYSIS_DAY);
    for (const [name, value] of Object.entries(GENERATING.bgnbd)) {
      expect(report.bgnbd![name as keyof typeof GENERATING.bgnbd] / value, name).toBeGreaterThan(0.9);
      expect(report.bgnbd![name as keyof typeof GENERATING.bgnbd] / value, name).toBeLessThan(1.1);
    }
    // v is in yuan: the simulated spends are in yuan.
    for (const [name, value] of Object.entries(GENERATING.spend)) {
      expect(report.gammaGamma![name as keyof typeof GENERATING.spend] / value, name).toBeGreaterThan(0.9);
      expect(report.gammaGamma![name as keyof typeof GENERATING.spend] / value, name).toBeLessThan(1.1);
    }
  });

  it('falls back to the rules below 200 repeat buyers, and says so on the dashboard', () => {
    const summaries = summarizeCustomers(customerOccasions(simulated), ANALYSIS_DAY);
    const oneTime = summaries.filter((summary) => summary.x === 0);
    const repeaters = summaries.filter((summary) => summary.x > 0);
    const thin = fitShopModels([...oneTime, ...repeaters.slice(0, 199)], ANALYSIS_DAY);
    expect(thin.purchases).toEqual({ method: 'rules', reason: 'too-few-repeat-buyers', attempt: null });
    expect(thin.spend).toEqual({ method: 'rules', reason: 'too-few-repeat-buyers', attempt: null });
    expect(methodNotice(thin)).toBe(
      '复购会员不足 200 位（目前 199 位），模型还无法可靠拟合，暂按经验规则估算：以会员自己的购买间隔判断是否仍活跃，每单金额取其以往平均',
    );
    const enough = fitShopModels([...oneTime, ...repeaters.slice(0, 200)], ANALYSIS_DAY);
    expect(enough.purchases.method).toBe('bgnbd');
    expect(enough.spend.method).toBe('gamma-gamma');
    expect(methodNotice(enough)).toMatch(/^按 \d+ 位会员的购买记录（其中复购会员 200 位）拟合的模型估算/);
  });

  it('falls back when a fit does not converge, keeping the attempt', () => {
    const summaries = summarizeCustomers(customerOccasions(simulated), ANALYSIS_DAY);
    // Every repeat buyer with the same history: the likelihood has no interior maximum in α and r.
    const degenerate = summaries.map((summary) => ({ ...summary, x: 1, txDays: 7, TDays: 14, tx: 1, T: 2, meanRepeatSpendFen: 1000 }));
    const models = fitShopModels(degenerate, ANALYSIS_DAY);
    expect(models.purchases.method).toBe('rules');
    if (models.purchases.method === 'rules') {
      expect(models.purchases.reason).toBe('did-not-converge');
      expect(models.purchases.attempt?.converged).toBe(false);
    }
    expect(methodNotice(models)).toMatch(/^本次模型未能可靠拟合，暂按经验规则估算/);
  });
});

describe('members’ outlooks', () => {
  const summaries = summarizeCustomers(customerOccasions(simulated), ANALYSIS_DAY);
  const models = fitShopModels(summaries, ANALYSIS_DAY);
  const outlooks = memberOutlooks(models, summaries);
  if (models.purchases.method !== 'bgnbd' || models.spend.method !== 'gamma-gamma') throw new Error('the simulated shop should fit');
  const bgnbd = models.purchases.fit.parameters;
  const gammaGamma = models.spend.fit.parameters;

  it('from the models: P(alive), purchases in the next 90 days, spend per order and the discounted 12 months', () => {
    const summary = summaries.find((candidate) => candidate.x >= 3)!;
    const outlook = outlooks.find((candidate) => candidate.customerId === summary.customerId)!;
    const history = { x: summary.x, tx: summary.tx, T: summary.T };
    const spendFen = expectedSpend(gammaGamma, { x: summary.x, meanSpend: summary.meanRepeatSpendFen! / 100 })! * 100;
    expect(outlook).toMatchObject({
      occasions: summary.x + 1,
      pAliveMethod: 'bgnbd',
      purchasesMethod: 'bgnbd',
      spendMethod: 'gamma-gamma',
      expectedSpendFen: Math.round(spendFen),
      lifetimeValueMonths: 12,
      monthlyDiscountRate: 0.01,
    });
    expect(outlook.pAlive).toBe(pAlive(bgnbd, history));
    expect(outlook.expectedPurchases).toBe(expectedPurchases(bgnbd, history, 90 / 7));
    const cumulative = (days: number) => expectedPurchases(bgnbd, history, days / 7);
    expect(outlook.lifetimeValueFen).toBe(Math.round(lifetimeValue(cumulative, spendFen, { monthlyDiscountRate: 0.01 })));
    expect(outlook.lifetimePurchases).toBeCloseTo(cumulative(12 * DAYS_PER_MONTH), 12);
  });

  it('gives a one-time buyer the rules’ P(alive): the model would call them certainly alive however long ago they came', () => {
    const oneTime = summaries.find((candidate) => candidate.x === 0 && candidate.TDays > 200)!;
    const outlook = outlooks.find((candidate) => candidate.customerId === oneTime.customerId)!;
    expect(outlook.pAliveMethod).toBe('rules');
    expect(outlook.gapIsShops).toBe(true);
    expect(outlook.pAlive).toBe(rulePAlive(models.rules, models.rules.shopGapDays, oneTime.TDays));
    expect(outlook.pAlive).toBeLessThan(0.3);
    expect(outlook.riskBand).toBe('高');
    // Their purchases and spend still come from the models.
    expect(outlook.expectedPurchases).toBe(expectedPurchases(bgnbd, { x: 0, tx: 0, T: oneTime.T }, 90 / 7));
    expect(outlook.expectedSpendFen).toBe(Math.round(((gammaGamma.p * gammaGamma.v) / (gammaGamma.q - 1)) * 100));
  });

  it('from the rules, when they stand in: own gap, own spend', () => {
    const rulesModels: ShopModels = fitShopModels(summaries, ANALYSIS_DAY, { minRepeatBuyers: 1_000_000 });
    const summary = summaries.find((candidate) => candidate.x >= 2)!;
    const [outlook] = memberOutlooks(rulesModels, [summary], { forecastDays: 30, lifetimeValue: { monthlyDiscountRate: 0 } });
    const gapDays = summary.txDays / summary.x;
    const alive = rulePAlive(rulesModels.rules, gapDays, summary.TDays - summary.txDays);
    expect(outlook).toMatchObject({
      gapDays,
      pAlive: alive,
      pAliveMethod: 'rules',
      purchasesMethod: 'rules',
      spendMethod: 'rules',
      forecastDays: 30,
      expectedSpendFen: Math.round(summary.meanSpendFen),
    });
    expect(outlook!.expectedPurchases).toBe(ruleExpectedPurchases(rulesModels.rules, gapDays, alive, 30));
    const twelveMonths = ruleExpectedPurchases(rulesModels.rules, gapDays, alive, 12 * DAYS_PER_MONTH);
    expect(outlook!.lifetimeValueFen).toBe(Math.round(twelveMonths * summary.meanSpendFen));
  });
});

describe('a model expectation that is not a number', () => {
  it('gives the member the rules’ numbers instead of a NaN or Infinity', () => {
    const summaries = summarizeCustomers(customerOccasions(simulated), ANALYSIS_DAY);
    const fitted = fitShopModels(summaries, ANALYSIS_DAY);
    if (fitted.purchases.method !== 'bgnbd') throw new Error('the simulated shop should fit');
    // a = 1 exactly: equation 10 divides by a − 1.
    const poleParameters = { ...fitted.purchases.fit.parameters, a: 1 };
    const atPole: ShopModels = {
      ...fitted,
      purchases: { ...fitted.purchases, fit: { ...fitted.purchases.fit, parameters: poleParameters } },
    };
    const summary = summaries.find((candidate) => candidate.x >= 2)!;
    expect(Number.isFinite(expectedPurchases(poleParameters, summary, 13))).toBe(false);
    const [outlook] = memberOutlooks(atPole, [summary]);
    expect(outlook!.purchasesMethod).toBe('rules');
    expect(Number.isFinite(outlook!.expectedPurchases)).toBe(true);
    expect(Number.isFinite(outlook!.lifetimeValueFen)).toBe(true);
  });
});

describe('the risk bands on the CDNOW sample', () => {
  it('order the members by how many bought again in the next 39 weeks (高 fewest)', () => {
    const purchases = readCdnowPurchases(readFileSync(cdnowSamplePath(), 'utf8'));
    const { outlooks } = analyzeCustomers(purchases, '1997-09-30');
    const cameBack = new Set(purchases.filter((purchase) => purchase.day > '1997-09-30').map((purchase) => purchase.customerId));
    const share = (band: string) => {
      const members = outlooks.filter((outlook) => outlook.riskBand === band);
      return members.filter((outlook) => cameBack.has(outlook.customerId)).length / members.length;
    };
    // Measured: 75 % of 低, 47 % of 中, 16 % of 高.
    expect(share('低')).toBeGreaterThan(share('中') + 0.1);
    expect(share('中')).toBeGreaterThan(share('高') + 0.1);
  });
});
