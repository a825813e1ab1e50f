import { expectedPurchases, fitBgNbd, pAlive, type BgNbdFit } from './bgnbd.ts';
import { ruleExpectedPurchases, ruleGapDays, ruleParameters, rulePAlive, type RuleParameters } from './churn-rules.ts';
import { expectedSpend, fitGammaGamma, spendRows, type GammaGammaFit } from './gamma-gamma.ts';
import {
  CLV_MONTHS,
  DAYS_PER_MONTH,
  lifetimeValue,
  MONTHLY_DISCOUNT_RATE,
  riskBand,
  RISK_THRESHOLDS,
  type LifetimeValueOptions,
  type RiskBand,
  type RiskThresholds,
} from './lifetime-value.ts';
import { DAYS_PER_WEEK, frequencyRows, type CustomerSummary } from './purchase-history.ts';

/**
 * A shop's churn and lifetime-value models, fitted on its customers' summaries, and each member's
 * outlook from them (README, *Customer insight*). The nightly job and `npm run analyze -- bgnbd`
 * both fit through fitShopModels.
 */
export const MIN_REPEAT_BUYERS = 200;
export const FORECAST_DAYS = 90;
/** Fen per yuan: the Gamma-Gamma model is fitted in yuan, so its v reads like a price. */
const FEN_PER_YUAN = 100;

/** Why the rules stand in for a model. */
export type FallbackReason = 'too-few-repeat-buyers' | 'did-not-converge' | 'infinite-mean-spend';

export interface ShopModels {
  /** The last day whose purchases the fit read. */
  analysisDay: string;
  customers: number;
  repeatBuyers: number;
  minRepeatBuyers: number;
  /** Always there: the rules give one-time buyers their P(alive), and stand in when a model does not. */
  rules: RuleParameters;
  purchases: { method: 'bgnbd'; fit: BgNbdFit } | { method: 'rules'; reason: FallbackReason; attempt: BgNbdFit | null };
  spend: { method: 'gamma-gamma'; fit: GammaGammaFit } | { method: 'rules'; reason: FallbackReason; attempt: GammaGammaFit | null };
}

export interface ShopModelOptions {
  /** Fit the models only with at least this many repeat buyers (200). */
  minRepeatBuyers?: number;
  /** The rules' chance of leaving after each purchase (10 %). */
  leavingChance?: number;
}

/** The Gamma-Gamma model reads each repeat buyer's mean spend per repeat occasion, in yuan. */
const spendInYuan = (summary: Pick<CustomerSummary, 'x' | 'meanRepeatSpendFen'>) => ({
  x: summary.x,
  meanSpend: summary.meanRepeatSpendFen === null ? null : summary.meanRepeatSpendFen / FEN_PER_YUAN,
});

/**
 * Fits the BG/NBD and Gamma-Gamma models on the summaries of a shop's customers at `analysisDay`,
 * or, with fewer than `minRepeatBuyers` repeat buyers or a fit that does not converge, says that
 * the rules stand in and why.
 */
export function fitShopModels(summaries: readonly CustomerSummary[], analysisDay: string, options: ShopModelOptions = {}): ShopModels {
  const minRepeatBuyers = options.minRepeatBuyers ?? MIN_REPEAT_BUYERS;
  const repeatBuyers = summaries.filter((summary) => summary.x > 0).length;
  const base = {
    analysisDay,
    customers: summaries.length,
    repeatBuyers,
    minRepeatBuyers,
    rules: ruleParameters(summaries, options.leavingChance),
  };
  if (repeatBuyers < minRepeatBuyers) {
    return {
      ...base,
      purchases: { method: 'rules', reason: 'too-few-repeat-buyers', attempt: null },
      spend: { method: 'rules', reason: 'too-few-repeat-buyers', attempt: null },
    };
  }
  const bgnbd = fitBgNbd(frequencyRows(summaries));
  const gammaGamma = fitGammaGamma(spendRows(summaries.map(spendInYuan)));
  return {
    ...base,
    purchases: bgnbd.converged ? { method: 'bgnbd', fit: bgnbd } : { method: 'rules', reason: 'did-not-converge', attempt: bgnbd },
    spend: !gammaGamma.converged
      ? { method: 'rules', reason: 'did-not-converge', attempt: gammaGamma }
      : gammaGamma.parameters.q <= 1
        ? { method: 'rules', reason: 'infinite-mean-spend', attempt: gammaGamma }
        : { method: 'gamma-gamma', fit: gammaGamma },
  };
}

export interface OutlookOptions {
  /** The horizon of the expected purchases, in days (90). */
  forecastDays?: number;
  /**
   * Further horizons, in days, whose expected purchases each outlook also gives (moreExpectedPurchases):
   * what an outlook asked for that forecastDays would say, from the same pass over the members.
   */
  moreForecastDays?: readonly number[];
  lifetimeValue?: LifetimeValueOptions;
  riskThresholds?: RiskThresholds;
}

/** A member's scores and the facts their one-line reasons quote (outlook-reasons.ts). */
export interface MemberOutlook {
  customerId: string;
  /** Purchase occasions so far (x + 1). */
  occasions: number;
  daysSinceLastPurchase: number;
  daysSinceFirstPurchase: number;
  /** The gap the rules read: the member's own mean gap in days, or the shop's for a one-time buyer. */
  gapDays: number;
  gapIsShops: boolean;
  /** The member's own mean fen per repeat occasion (null without one). */
  meanRepeatSpendFen: number | null;
  pAlive: number;
  pAliveMethod: 'bgnbd' | 'rules';
  /** Expected purchase occasions in the next `forecastDays` days. */
  expectedPurchases: number;
  forecastDays: number;
  /** Expected purchase occasions over each of the options' moreForecastDays, in their order (empty without them). */
  moreExpectedPurchases: number[];
  purchasesMethod: 'bgnbd' | 'rules';
  /** Expected fen per order (per purchase occasion), rounded to the fen. */
  expectedSpendFen: number;
  spendMethod: 'gamma-gamma' | 'rules';
  /** The discounted value of the next months, in fen (lifetime-value.ts), rounded to the fen. */
  lifetimeValueFen: number;
  lifetimeValueMonths: number;
  /** Expected purchase occasions over those months. */
  lifetimePurchases: number;
  monthlyDiscountRate: number;
  riskBand: RiskBand;
}

/** Remembers a function's values: members who share (x, t_x, T) share each expectation. */
function remembered(compute: (days: number) => number): (days: number) => number {
  const values = new Map<number, number>();
  return (days) => {
    let value = values.get(days);
    if (value === undefined) values.set(days, (value = compute(days)));
    return value;
  };
}

/** A member's P(alive) and expected purchases, and which method gave them. */
export interface PurchaseOutlook {
  pAlive: number;
  pAliveMethod: 'bgnbd' | 'rules';
  /** Expected purchase occasions in the next `days` days. */
  cumulative: (days: number) => number;
  method: 'bgnbd' | 'rules';
}

/**
 * P(alive) and expected purchases of a member from the shop's models: the BG/NBD's when it is
 * fitted (P(alive) from the rules for a one-time buyer), the rules' otherwise. A member for whom
 * the model's expectations over `horizonsDays` are not finite numbers (the hypergeometric
 * function at an extreme) gets the rules' instead, rather than a NaN on the dashboard.
 */
export function purchaseOutlook(
  models: ShopModels,
  summary: Pick<CustomerSummary, 'x' | 'txDays' | 'TDays' | 'tx' | 'T'>,
  horizonsDays: readonly number[],
): PurchaseOutlook {
  return chosenOutlook(purchaseCandidates(models, summary), horizonsDays);
}

/** A member's two outlooks: the rules' always, the model's when the BG/NBD is fitted. Each remembers its values. */
function purchaseCandidates(
  models: ShopModels,
  summary: Pick<CustomerSummary, 'x' | 'txDays' | 'TDays' | 'tx' | 'T'>,
): { rules: PurchaseOutlook; model: PurchaseOutlook | null } {
  const gapDays = ruleGapDays(models.rules, summary);
  const rulesPAlive = rulePAlive(models.rules, gapDays, summary.TDays - summary.txDays);
  const rules: PurchaseOutlook = {
    pAlive: rulesPAlive,
    pAliveMethod: 'rules',
    cumulative: remembered((days) => ruleExpectedPurchases(models.rules, gapDays, rulesPAlive, days)),
    method: 'rules',
  };
  if (models.purchases.method !== 'bgnbd') return { rules, model: null };
  const parameters = models.purchases.fit.parameters;
  const history = { x: summary.x, tx: summary.tx, T: summary.T };
  const model: PurchaseOutlook = {
    pAlive: summary.x > 0 ? pAlive(parameters, history) : rulesPAlive,
    pAliveMethod: summary.x > 0 ? 'bgnbd' : 'rules',
    cumulative: remembered((days) => expectedPurchases(parameters, history, days / DAYS_PER_WEEK)),
    method: 'bgnbd',
  };
  return { rules, model };
}

/** The model's outlook when its P(alive) and its expectations over `horizonsDays` are finite numbers, else the rules'. */
function chosenOutlook(
  candidates: { rules: PurchaseOutlook; model: PurchaseOutlook | null },
  horizonsDays: readonly number[],
): PurchaseOutlook {
  const { model, rules } = candidates;
  if (!model) return rules;
  const finite = Number.isFinite(model.pAlive) && horizonsDays.every((days) => Number.isFinite(model.cumulative(days)));
  return finite ? model : rules;
}

/**
 * Each member's outlook from the shop's models. Expected purchases depend only on (x, t_x, T):
 * members who share them share one computation.
 */
export function memberOutlooks(models: ShopModels, summaries: readonly CustomerSummary[], options: OutlookOptions = {}): MemberOutlook[] {
  const forecastDays = options.forecastDays ?? FORECAST_DAYS;
  const months = options.lifetimeValue?.months ?? CLV_MONTHS;
  const monthlyDiscountRate = options.lifetimeValue?.monthlyDiscountRate ?? MONTHLY_DISCOUNT_RATE;
  const thresholds = options.riskThresholds ?? RISK_THRESHOLDS;
  const lifetimeHorizons = Array.from({ length: months }, (_, index) => (index + 1) * DAYS_PER_MONTH);
  const moreForecastDays = options.moreForecastDays ?? [];
  const purchaseCache = new Map<string, { purchases: PurchaseOutlook; more: number[] }>();
  return summaries.map((summary) => {
    const key = `${summary.x}:${summary.txDays}:${summary.TDays}`;
    let cached = purchaseCache.get(key);
    if (!cached) {
      const candidates = purchaseCandidates(models, summary);
      cached = {
        purchases: chosenOutlook(candidates, [forecastDays, ...lifetimeHorizons]),
        // Each further horizon judged as its own forecast would be: the model's where it is finite there
        // and over the lifetime months. The model's values are remembered, so a horizon costs one more evaluation.
        more: moreForecastDays.map((days) => chosenOutlook(candidates, [days, ...lifetimeHorizons]).cumulative(days)),
      };
      purchaseCache.set(key, cached);
    }
    const { purchases } = cached;
    const modelSpend = models.spend.method === 'gamma-gamma' ? expectedSpend(models.spend.fit.parameters, spendInYuan(summary)) : null;
    const spendFen = modelSpend === null ? summary.meanSpendFen : modelSpend * FEN_PER_YUAN;
    return {
      customerId: summary.customerId,
      occasions: summary.x + 1,
      daysSinceLastPurchase: summary.TDays - summary.txDays,
      daysSinceFirstPurchase: summary.TDays,
      gapDays: ruleGapDays(models.rules, summary),
      gapIsShops: summary.x === 0,
      meanRepeatSpendFen: summary.meanRepeatSpendFen,
      pAlive: purchases.pAlive,
      pAliveMethod: purchases.pAliveMethod,
      expectedPurchases: purchases.cumulative(forecastDays),
      forecastDays,
      moreExpectedPurchases: cached.more,
      purchasesMethod: purchases.method,
      expectedSpendFen: Math.round(spendFen),
      spendMethod: modelSpend === null ? 'rules' : 'gamma-gamma',
      lifetimeValueFen: Math.round(lifetimeValue(purchases.cumulative, spendFen, { months, monthlyDiscountRate })),
      lifetimeValueMonths: months,
      lifetimePurchases: purchases.cumulative(months * DAYS_PER_MONTH),
      monthlyDiscountRate,
      riskBand: riskBand(purchases.pAlive, thresholds),
    };
  });
}
