import {
  fitShopModels,
  memberOutlooks,
  type MemberOutlook,
  type OutlookOptions,
  type ShopModelOptions,
  type ShopModels,
} from './customer-outlook.ts';
import { modelQuality, type ModelQuality } from './model-quality.ts';
import { customerOccasions, summarizeCustomers, type Purchase } from './purchase-history.ts';

/** What the nightly job keeps of a shop's customer models: how they were fitted, each member's outlook, the model check. */
export interface CustomerAnalysis {
  models: ShopModels;
  outlooks: MemberOutlook[];
  quality: ModelQuality;
}

/**
 * The nightly job's one call (pure: the job reads the orders and writes the results): fits the
 * models on the purchases up to and including `analysisDay` (later ones are ignored), scores every
 * customer known by then, and checks the models against the last 13 weeks.
 */
export function analyzeCustomers(
  purchases: readonly Purchase[],
  analysisDay: string,
  options: ShopModelOptions & OutlookOptions & { holdoutWeeks?: number } = {},
): CustomerAnalysis {
  const occasions = customerOccasions(purchases);
  const summaries = summarizeCustomers(occasions, analysisDay);
  const models = fitShopModels(summaries, analysisDay, options);
  return {
    models,
    outlooks: memberOutlooks(models, summaries, options),
    quality: modelQuality(occasions, analysisDay, options),
  };
}

/** What `npm run analyze -- bgnbd` prints: the fitted parameters, or null where the rules stand in. */
export interface ModelFitReport {
  customers: number;
  repeaters: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number } | null;
  gammaGamma: { p: number; q: number; v: number; logLikelihood: number } | null;
}

/** Fits the shop's models on the purchases up to and including `calibrationEnd`, as the nightly job does. */
export function fitOnPurchases(
  purchases: readonly Purchase[],
  calibrationEnd: string,
  options: ShopModelOptions = {},
): { models: ShopModels; report: ModelFitReport } {
  const models = fitShopModels(summarizeCustomers(customerOccasions(purchases), calibrationEnd), calibrationEnd, options);
  return {
    models,
    report: {
      customers: models.customers,
      repeaters: models.repeatBuyers,
      bgnbd:
        models.purchases.method === 'bgnbd'
          ? { ...models.purchases.fit.parameters, logLikelihood: models.purchases.fit.logLikelihood }
          : null,
      gammaGamma:
        models.spend.method === 'gamma-gamma' ? { ...models.spend.fit.parameters, logLikelihood: models.spend.fit.logLikelihood } : null,
    },
  };
}
