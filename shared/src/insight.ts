import * as z from 'zod';
import { TagName } from './tag-name.ts';

/**
 * Customer insight's vocabulary, shared by the API and the mini-program: lifecycle stages, the
 * eight RFM classes, value and frequency bands, churn-risk bands, and the scores kept per member
 * by the nightly job (functions/src/insight/). Codes are English; people see the Chinese names.
 */
export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'loyal', 'at_risk', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const LIFECYCLE_STAGE_NAMES: Record<LifecycleStage, string> = {
  prospect: '潜在客户',
  new: '新客',
  active: '活跃',
  loyal: '忠诚',
  at_risk: '流失风险',
  lost: '已流失',
};

/** The eight classes, by whether each of R, F, M is 高: the README's table. */
export const RFM_CLASSES = [
  'important_value',
  'important_retain',
  'important_develop',
  'important_winback',
  'general_value',
  'general_retain',
  'general_develop',
  'general_winback',
] as const;
export type RfmClass = (typeof RFM_CLASSES)[number];
export const RFM_CLASS_NAMES: Record<RfmClass, string> = {
  important_value: '重要价值',
  important_retain: '重要保持',
  important_develop: '重要发展',
  important_winback: '重要挽留',
  general_value: '一般价值',
  general_retain: '一般保持',
  general_develop: '一般发展',
  general_winback: '一般挽留',
};

export const BANDS = ['high', 'medium', 'low'] as const;
export type Band = (typeof BANDS)[number];
export const VALUE_BAND_NAMES: Record<Band, string> = { high: '高价值', medium: '中价值', low: '低价值' };
export const FREQUENCY_BAND_NAMES: Record<Band, string> = { high: '高频', medium: '中频', low: '低频' };
export const RISK_BAND_NAMES: Record<Band, string> = { high: '高风险', medium: '中风险', low: '低风险' };

/** How churn and value were estimated: the fitted BG/NBD and Gamma-Gamma models, or the documented rules when the history is too thin. */
export const SCORE_METHODS = ['model', 'rules'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export const MemberRfm = z.object({
  recencyDays: z.number().int().nonnegative(),
  frequency: z.number().int().positive(),
  monetaryFen: z.number().int(),
  r: z.number().int().min(1).max(5),
  f: z.number().int().min(1).max(5),
  m: z.number().int().min(1).max(5),
  class: z.enum(RFM_CLASSES),
  valueBand: z.enum(BANDS).describe('From the M score: 4–5 高, 3 中, 1–2 低'),
  frequencyBand: z.enum(BANDS).describe('From the F score: 4–5 高频, 3 中频, 1–2 低频'),
});
export type MemberRfm = z.infer<typeof MemberRfm>;

export const MemberScores = z
  .object({
    analysisDay: z.string().describe('The Asia/Shanghai day the scores are as of'),
    stage: z.enum(LIFECYCLE_STAGES),
    stageSince: z.string().describe('The analysis day the member entered the stage'),
    rfm: MemberRfm.nullable().describe('null: no counting order in the RFM window'),
    purchases: z.object({
      occasions: z.number().int().nonnegative().describe('Shanghai days with a counting order, ever'),
      firstDay: z.string().nullable(),
      lastDay: z.string().nullable(),
    }),
    churn: z
      .object({
        pAlive: z.number().min(0).max(1).describe('Probability the member is still a customer'),
        riskBand: z.enum(BANDS),
        method: z.enum(SCORE_METHODS),
      })
      .nullable()
      .describe('null for members with no purchase'),
    value: z
      .object({
        expectedPurchases90d: z.number().nonnegative(),
        expectedSpendPerOrderFen: z.number().int().nonnegative(),
        clv12mFen: z.number().int().nonnegative(),
        method: z.enum(SCORE_METHODS),
      })
      .nullable(),
    reasons: z
      .object({ stage: z.string(), rfm: z.string().nullable(), churn: z.string().nullable(), value: z.string().nullable() })
      .describe('One line of plain Chinese for each score'),
  })
  .meta({ id: 'MemberScores' });
export type MemberScores = z.infer<typeof MemberScores>;

/**
 * A rule tag the nightly job keeps on every member it holds for (read-only to staff): members whose
 * first purchase was in the last N days, or who bought a category in the last N days.
 */
export const TagRule = z.discriminatedUnion('kind', [
  z.object({ tag: TagName, kind: z.literal('first-order-within'), days: z.number().int().min(1).max(3650) }),
  z.object({
    tag: TagName,
    kind: z.literal('category-within'),
    category: z.string().trim().min(1).max(64),
    days: z.number().int().min(1).max(3650),
  }),
]);
export type TagRule = z.infer<typeof TagRule>;
export const MAX_TAG_RULES = 20;

/** What an operator may tune (admins), kept in CONFIG#insight; the README documents each default. */
export const InsightSettings = z
  .object({
    rfmWindowDays: z.number().int().min(30).max(1095),
    rfmThresholds: z
      .object({ r: z.number().min(1).max(5), f: z.number().min(1).max(5), m: z.number().min(1).max(5) })
      .nullable()
      .describe('A score above each is 高; null: the mean score of the scored members'),
    newDays: z.number().int().min(1).max(365).describe('A member whose first purchase is this recent is 新客'),
    loyalOccasions: z.number().int().min(2).max(100).describe('Purchase days in the RFM window that make an active member 忠诚'),
    atRiskDays: z
      .number()
      .int()
      .min(7)
      .max(1095)
      .describe('Rules (no model, or a one-time buyer): days without purchase that make 流失风险'),
    lostDays: z.number().int().min(14).max(1825).describe('Rules: days without purchase that make 已流失'),
    atRiskPAlive: z.number().gt(0).lt(1).describe('Model: P(alive) below this is 流失风险'),
    lostPAlive: z.number().gt(0).lt(1).describe('Model: P(alive) below this is 已流失'),
    monthlyDiscountRate: z.number().min(0).max(0.2).describe('CLV discounts each month by this rate'),
    minRepeatBuyersToFit: z.number().int().min(20).max(100_000).describe('Fewer repeat buyers than this: the rules, not the model'),
    monthlySalesTargetFen: z.number().int().nonnegative().nullable().describe('销售目标 for the forecast (fen); null: none set'),
    tagRules: z.array(TagRule).max(MAX_TAG_RULES).describe('The rule tags the nightly job keeps'),
  })
  .refine((settings) => new Set(settings.tagRules.map((rule) => rule.tag)).size === settings.tagRules.length, {
    message: 'Each rule needs a tag of its own',
    path: ['tagRules'],
  })
  .refine((settings) => settings.lostDays > settings.atRiskDays, { message: 'lostDays must exceed atRiskDays', path: ['lostDays'] })
  .refine((settings) => settings.lostPAlive < settings.atRiskPAlive, {
    message: 'lostPAlive must be below atRiskPAlive',
    path: ['lostPAlive'],
  })
  .meta({ id: 'InsightSettings' });
export type InsightSettings = z.infer<typeof InsightSettings>;

export const DEFAULT_INSIGHT_SETTINGS: InsightSettings = {
  rfmWindowDays: 365,
  rfmThresholds: null,
  newDays: 30,
  loyalOccasions: 4,
  atRiskDays: 90,
  lostDays: 180,
  atRiskPAlive: 0.5,
  lostPAlive: 0.15,
  monthlyDiscountRate: 0.01,
  minRepeatBuyersToFit: 200,
  monthlySalesTargetFen: null,
  tagRules: [{ tag: '新客', kind: 'first-order-within', days: 30 }],
};

const Share = z.number().min(0).max(1);
const byStage = z.object(
  Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, z.number().int().nonnegative()])) as Record<LifecycleStage, z.ZodNumber>,
);

/** The shop-level figures of one nightly run (functions/src/insight/shop-figures.ts computes them). */
export const InsightFigures = z
  .object({
    analysisDay: z.string(),
    members: z.number().int().nonnegative(),
    customers: z.number().int().nonnegative().describe('Members with at least one purchase'),
    model: z.object({
      method: z.enum(SCORE_METHODS),
      notice: z.string().describe('Which method produced the scores, in Chinese: shown on the dashboard'),
      customers: z.number().int().nonnegative(),
      repeatBuyers: z.number().int().nonnegative(),
      minRepeatBuyers: z.number().int().nonnegative(),
      bgnbd: z
        .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), logLikelihood: z.number(), gradientNorm: z.number() })
        .nullable(),
      gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number(), logLikelihood: z.number(), gradientNorm: z.number() }).nullable(),
    }),
    quality: z.object({
      notice: z.string(),
      calibrationEnd: z.string(),
      forecast: z.number(),
      actual: z.number(),
      weeks: z.array(z.object({ weekEnd: z.string(), forecast: z.number(), actual: z.number() })),
    }),
    stages: byStage,
    rfmClasses: z.object(
      Object.fromEntries(
        RFM_CLASSES.map((code) => [code, z.object({ members: z.number().int(), revenueFen: z.number().int() })]),
      ) as Record<RfmClass, z.ZodObject<{ members: z.ZodNumber; revenueFen: z.ZodNumber }>>,
    ),
    risk: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
    pAliveHistogram: z.array(z.number().int()).describe('Members by P(alive) in tenths, [0, 0.1) first'),
    clv: z.object({
      totalFen: z.number(),
      topDecileShare: Share,
      buckets: z.array(z.object({ fromFen: z.number().int(), toFen: z.number().int().nullable(), members: z.number().int() })),
    }),
    cohorts: z.array(z.object({ month: z.string(), size: z.number().int(), retention: z.array(Share) })),
    repurchase: z.object({ customers: z.number().int(), repeaters: z.number().int(), rate: Share }),
    topCategories: z.array(z.object({ category: z.string(), members: z.number().int(), orders: z.number().int() })),
    pairs: z.array(
      z.object({ skuA: z.string(), skuB: z.string(), orders: z.number().int(), support: Share, confidence: Share, lift: z.number() }),
    ),
    forecast: z.object({
      days: z.number().int(),
      orders: z.number(),
      revenueFen: z.number().int(),
      months: z.array(
        z.object({ month: z.string(), fromDay: z.string(), toDay: z.string(), orders: z.number(), revenueFen: z.number().int() }),
      ),
    }),
  })
  .meta({ id: 'InsightFigures' });
export type InsightFigures = z.infer<typeof InsightFigures>;

/** What the 客户洞察 dashboards show: the last run's figures, with names, the month's target and the movement since last month. */
export const InsightDashboard = z
  .object({
    figures: InsightFigures.nullable().describe('null before the first nightly run'),
    ranAt: z.iso.datetime().nullable(),
    stagesMonthAgo: byStage.nullable().describe('Members by stage at the run nearest 30 days earlier (null: none kept)'),
    salesByMonth: z
      .array(z.object({ month: z.string(), salesFen: z.number().int() }))
      .describe('Paid less refunded per calendar month (Asia/Shanghai), the last 6 months, this month so far last'),
    pairNames: z.record(z.string(), z.string()).describe('SKU → product name for the pairs (never show a SKU)'),
    target: z.object({
      month: z.string(),
      targetFen: z.number().int().nullable(),
      salesSoFarFen: z.number().int().describe('Paid less refunded this month so far (the overview’s figure)'),
      forecastRestFen: z.number().int().describe('Expected from existing members for the rest of the month'),
    }),
  })
  .meta({ id: 'InsightDashboard' });
export type InsightDashboard = z.infer<typeof InsightDashboard>;

/** A member's scores and stage history, for the profile page (客户画像). */
export const MemberInsightView = z
  .object({
    scores: MemberScores.nullable().describe('null before the first nightly run that saw the member'),
    stageHistory: z.array(z.object({ day: z.string(), from: z.enum(LIFECYCLE_STAGES).nullable(), to: z.enum(LIFECYCLE_STAGES) })),
  })
  .meta({ id: 'MemberInsightView' });
export type MemberInsightView = z.infer<typeof MemberInsightView>;
