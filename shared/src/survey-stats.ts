import * as z from 'zod';
import { FOLLOW_UP_OUTCOMES, FOLLOW_UP_REASONS, NPS_CLASSES, QUESTION_KINDS, RESPONSE_SOURCES, type ResponseSource } from './surveys.ts';

/**
 * Survey figures (满意度看板): NPS and CSAT with their 95 % margins of error, and whether a change
 * between two periods is more than sampling noise; then the schemas of the dashboard, the answer
 * list and the CSV export. Pure, so the mini-program draws the same numbers the API computes.
 *
 * Both scores are the mean of one value per response, which is what makes one formula serve both:
 *   NPS:  +1 a promoter (9–10), 0 a passive (7–8), −1 a detractor (0–6). Mean p − d, variance of one
 *         answer p + d − (p − d)²  (p, d the shares of promoters and detractors).
 *   CSAT: 1 satisfied (4–5), 0 otherwise. Mean s, variance s (1 − s) (the binomial's).
 * The margin is 1.96 · sqrt(variance / n) (the normal approximation), shown in points for NPS
 * (−100…100) and in percentage points for CSAT (0…100). Two periods compare by a two-sample z on
 * the difference of the means with standard error sqrt(var₁/n₁ + var₂/n₂): |z| ≥ 1.96 is labelled
 * significant at 95 %. Below MIN_RESPONSES answers the approximation is poor: the figure is shown
 * but marked too few, and a comparison with such a period is labelled 样本不足, never significant.
 */

/** The two-sided 95 % normal quantile. */
export const Z_95 = 1.96;
/** Fewer answers than this: the margin is unreliable and comparisons are not labelled. */
export const MIN_RESPONSES = 30;

export type SurveyMetric = 'nps' | 'csat';
export const SURVEY_METRIC_NAMES: Record<SurveyMetric, string> = { nps: 'NPS 净推荐值', csat: 'CSAT 满意度' };

/** A score over some answers: the mean of the per-answer values above, and their variance. */
export interface ScoreSample {
  n: number;
  /** Mean of the per-answer values: NPS −1…1, CSAT 0…1; null when n is 0. */
  mean: number | null;
  /** Variance of one answer's value (0 when n is 0). */
  variance: number;
}

/** NPS of the given class counts: mean p − d, variance p + d − (p − d)². */
export function npsSample(counts: { promoters: number; passives: number; detractors: number }): ScoreSample {
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { n, mean: null, variance: 0 };
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  return { n, mean: p - d, variance: Math.max(0, p + d - (p - d) ** 2) };
}

/** CSAT (share satisfied) of `satisfied` out of `n`: mean s, variance s (1 − s). */
export function csatSample(counts: { satisfied: number; n: number }): ScoreSample {
  if (counts.n === 0) return { n: 0, mean: null, variance: 0 };
  const s = counts.satisfied / counts.n;
  return { n: counts.n, mean: s, variance: s * (1 - s) };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** A score as people read it: value and margin in points (×100), rounded to 0.1. */
export interface ScoreFigure {
  n: number;
  /** NPS −100…100, CSAT 0…100; null with no answers. */
  value: number | null;
  /** The 95 % margin of error (±, same unit); null with no answers. */
  margin: number | null;
  tooFew: boolean;
}

export function scoreFigure(sample: ScoreSample): ScoreFigure {
  if (sample.mean === null || sample.n === 0) return { n: sample.n, value: null, margin: null, tooFew: true };
  return {
    n: sample.n,
    value: round1(sample.mean * 100),
    margin: round1(Z_95 * Math.sqrt(sample.variance / sample.n) * 100),
    tooFew: sample.n < MIN_RESPONSES,
  };
}

export const CHANGE_VERDICTS = ['up', 'down', 'no-change', 'too-few'] as const;
export type ChangeVerdict = (typeof CHANGE_VERDICTS)[number];
export const CHANGE_VERDICT_NAMES: Record<ChangeVerdict, string> = {
  up: '显著上升',
  down: '显著下降',
  'no-change': '无显著变化',
  'too-few': '样本不足',
};

export interface ScoreChange {
  /** current − previous, in points (rounded to 0.1); null when either has no answers. */
  difference: number | null;
  /** The 95 % margin of the difference (±, points). */
  margin: number | null;
  z: number | null;
  significant: boolean;
  verdict: ChangeVerdict;
}

/**
 * Whether `current` differs from `previous` beyond sampling noise: a two-sample z on the difference
 * of means with standard error sqrt(var₁/n₁ + var₂/n₂). Two periods with no spread at all (every
 * answer alike in both) differ significantly exactly when their means differ.
 */
export function compareScores(current: ScoreSample, previous: ScoreSample): ScoreChange {
  if (current.mean === null || previous.mean === null)
    return { difference: null, margin: null, z: null, significant: false, verdict: 'too-few' };
  const difference = current.mean - previous.mean;
  const standardError = Math.sqrt(current.variance / current.n + previous.variance / previous.n);
  const z = standardError === 0 ? (difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY) : difference / standardError;
  const tooFew = current.n < MIN_RESPONSES || previous.n < MIN_RESPONSES;
  const significant = !tooFew && Math.abs(z) >= Z_95;
  return {
    difference: round1(difference * 100),
    margin: round1(Z_95 * standardError * 100),
    z: Number.isFinite(z) ? Math.round(z * 100) / 100 : null,
    significant,
    verdict: tooFew ? 'too-few' : !significant ? 'no-change' : difference > 0 ? 'up' : 'down',
  };
}

// ---------------------------------------------------------------------------------------------
// What the dashboard shows

export const BREAKDOWN_DIMENSIONS = ['tier', 'rfmClass', 'stage', 'category', 'region'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
export const BREAKDOWN_DIMENSION_NAMES: Record<BreakdownDimension, string> = {
  tier: '会员等级',
  rfmClass: 'RFM 分类',
  stage: '生命周期',
  category: '品类',
  region: '地区',
};
/** The name of a breakdown row whose value was not known when the member answered. */
export const UNKNOWN_SEGMENT_NAME = '未知';
/** The name of the row that folds the values beyond a breakdown's first MAX_BREAKDOWN_ROWS. */
export const OTHER_SEGMENT_NAME = '其他';
/** A breakdown shows at most this many values (by answers, most first); the rest fold into 其他. */
export const MAX_BREAKDOWN_ROWS = 200;

export const RESPONSE_SOURCE_NAMES: Record<ResponseSource, string> = {
  card: '首页卡片',
  link: '链接或小程序码',
  invitation: '关怀邀请',
  complaint: '投诉评价',
};

const Figure = z.object({
  n: z.number().int().describe('Answers counted'),
  value: z.number().nullable().describe('NPS −100…100 or CSAT 0…100 (percent satisfied); null with no answers'),
  margin: z.number().nullable().describe('95 % margin of error, ± in the same unit'),
  tooFew: z.boolean().describe(`Fewer than ${MIN_RESPONSES} answers: read the figure with care`),
});

const Day = z.iso.date();
const MAX_RANGE_DAYS = 366;
const spanOk = (from: string, to: string) => Date.parse(to) - Date.parse(from) <= (MAX_RANGE_DAYS - 1) * 24 * 3600_000;

export const SurveyInsightQuery = z
  .object({
    from: Day.optional().describe('First Asia/Shanghai day; default: 89 days before `to`'),
    to: Day.optional().describe('Last Asia/Shanghai day, inclusive; default: today'),
    questionId: z
      .string()
      .regex(/^q[0-9a-z]{1,15}$/)
      .optional()
      .describe('The rated question the headline, trend and breakdowns are about; default: the first NPS or CSAT question'),
    compareFrom: Day.optional().describe('The period to compare with; default: the equal period just before'),
    compareTo: Day.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => !q.from || !q.to || spanOk(q.from, q.to), { message: `At most ${MAX_RANGE_DAYS} days at a time`, path: ['to'] })
  .refine((q) => (q.compareFrom === undefined) === (q.compareTo === undefined), {
    message: 'Give compareFrom and compareTo together',
    path: ['compareTo'],
  })
  .refine((q) => !q.compareFrom || !q.compareTo || (q.compareFrom <= q.compareTo && spanOk(q.compareFrom, q.compareTo)), {
    message: `compareFrom must not be after compareTo, at most ${MAX_RANGE_DAYS} days`,
    path: ['compareTo'],
  });
export type SurveyInsightQuery = z.infer<typeof SurveyInsightQuery>;
export { MAX_RANGE_DAYS as MAX_INSIGHT_RANGE_DAYS };

const TrendPoint = Figure.extend({
  period: z.string().describe('A week by its Monday (YYYY-MM-DD), a month as YYYY-MM'),
  label: z.string(),
});

export const SurveyInsight = z
  .object({
    surveyId: z.string(),
    surveyName: z.string(),
    from: z.string(),
    to: z.string(),
    responses: z.number().int().describe('Completed responses in the period'),
    ratedQuestions: z
      .array(z.object({ questionId: z.string(), title: z.string(), kind: z.enum(QUESTION_KINDS) }))
      .describe('The rated questions of the current version, to choose from'),
    question: z
      .object({
        questionId: z.string(),
        title: z.string(),
        kind: z.enum(QUESTION_KINDS),
        metric: z.enum(['nps', 'csat']).describe('nps for an NPS question; csat (share of 4–5) for CSAT and stars'),
      })
      .nullable()
      .describe('null: the survey has no rated question'),
    headline: Figure.nullable(),
    average: z.number().nullable().describe('The mean score (0–10 or 1–5), rounded to 0.01'),
    classes: z
      .object({
        promoters: z.number().int(),
        passives: z.number().int(),
        detractors: z.number().int(),
      })
      .nullable()
      .describe('NPS only'),
    distribution: z
      .array(z.object({ score: z.number().int(), count: z.number().int() }))
      .describe('Every score of the scale, lowest first'),
    trend: z.object({
      weeks: z.array(TrendPoint).describe('Whole weeks (Monday–Sunday) overlapping the period'),
      months: z.array(TrendPoint).describe('Whole calendar months overlapping the period'),
    }),
    breakdowns: z.array(
      z.object({
        dimension: z.enum(BREAKDOWN_DIMENSIONS),
        name: z.string(),
        rows: z.array(Figure.extend({ key: z.string().describe("The segment's code ('-': unknown, '其他': folded)"), label: z.string() })),
      }),
    ),
    breakdownsKept: z.boolean().describe('false: the chosen question is past the rated questions breakdowns are counted for'),
    choices: z.array(
      z.object({
        questionId: z.string(),
        title: z.string(),
        kind: z.enum(QUESTION_KINDS),
        answered: z.number().int(),
        options: z.array(z.object({ optionId: z.string(), label: z.string(), count: z.number().int(), share: z.number() })),
      }),
    ),
    textAnswers: z.array(z.object({ questionId: z.string(), title: z.string(), count: z.number().int() })),
    sources: z.array(z.object({ source: z.enum(RESPONSE_SOURCES), label: z.string(), count: z.number().int() })),
    versions: z.array(z.object({ version: z.number().int(), count: z.number().int() })),
    followUps: z.object({
      opened: z.array(z.object({ reason: z.enum(FOLLOW_UP_REASONS), label: z.string(), count: z.number().int() })),
      outcomes: z
        .array(z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), label: z.string(), count: z.number().int() }))
        .describe('Counted on the day the outcome was recorded'),
    }),
    comparison: z
      .object({
        from: z.string(),
        to: z.string(),
        previous: Figure,
        difference: z.number().nullable().describe('This period minus that one, points'),
        margin: z.number().nullable().describe('95 % margin of the difference'),
        z: z.number().nullable(),
        significant: z.boolean(),
        verdict: z.enum(CHANGE_VERDICTS),
        label: z.string(),
      })
      .nullable()
      .describe('null: no rated question'),
  })
  .meta({ id: 'SurveyInsight' });
export type SurveyInsight = z.infer<typeof SurveyInsight>;

// ---------------------------------------------------------------------------------------------
// The answer list and its export

/** Responses one list request reads at most (matching or not), so a narrow filter over a long period still answers quickly. */
export const RESPONSES_SCAN_LIMIT = 1000;
/** Rows one CSV request writes at most; a larger export continues from the cursor it returns. */
export const CSV_ROW_LIMIT = 5000;

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const SurveyResponsesQuery = z
  .object({
    from: Day.optional().describe('First Asia/Shanghai day; default: 89 days before `to`'),
    to: Day.optional().describe('Last Asia/Shanghai day; default: today'),
    questionId: z
      .string()
      .regex(/^q[0-9a-z]{1,15}$/)
      .optional()
      .describe('The rated question npsClass, min and max are about; default: the first NPS or CSAT question'),
    npsClass: z.enum(NPS_CLASSES).optional(),
    min: z.coerce.number().int().min(0).max(10).optional(),
    max: z.coerce.number().int().min(0).max(10).optional(),
    hasText: booleanFlag.optional().describe('true: only responses with a text answer; false: only those without'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, { message: 'min must not exceed max', path: ['max'] });
export type SurveyResponsesQuery = z.infer<typeof SurveyResponsesQuery>;

export const SurveyResponsesCsvQuery = z
  .object({ from: Day.optional(), to: Day.optional(), cursor: z.string().max(200).optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type SurveyResponsesCsvQuery = z.infer<typeof SurveyResponsesCsvQuery>;

export const SurveyResponseView = z.object({
  responseId: z.string(),
  memberId: z.string(),
  nickname: z.string().nullable(),
  completedAt: z.string(),
  version: z.number().int(),
  source: z.enum(RESPONSE_SOURCES),
  sourceLabel: z.string(),
  score: z.number().int().nullable().describe("The chosen rated question's score"),
  npsClass: z.enum(NPS_CLASSES).nullable(),
  followUp: z.boolean(),
  followUpReason: z.enum(FOLLOW_UP_REASONS).nullable().describe('Why the response opened a follow-up (回访); null when it did not'),
  answers: z
    .array(z.object({ questionId: z.string(), title: z.string(), kind: z.enum(QUESTION_KINDS), text: z.string() }))
    .describe('Each answered question as the version answered showed it: scores, option labels, text'),
});
export type SurveyResponseView = z.infer<typeof SurveyResponseView>;

export const SurveyResponsePage = z
  .object({
    items: z.array(SurveyResponseView),
    nextCursor: z
      .string()
      .nullable()
      .describe(`More to read (a page stops after ${RESPONSES_SCAN_LIMIT} responses read, matching or not): pass it back`),
  })
  .meta({ id: 'SurveyResponsePage' });
export type SurveyResponsePage = z.infer<typeof SurveyResponsePage>;
