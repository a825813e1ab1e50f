import { LIFECYCLE_STAGE_NAMES, RFM_CLASS_NAMES, type LifecycleStage, type RfmClass } from '@linli/shared/insight';
import {
  BREAKDOWN_DIMENSION_NAMES,
  BREAKDOWN_DIMENSIONS,
  CHANGE_VERDICT_NAMES,
  compareScores,
  csatSample,
  MAX_BREAKDOWN_ROWS,
  npsSample,
  OTHER_SEGMENT_NAME,
  RESPONSE_SOURCE_NAMES,
  scoreFigure,
  UNKNOWN_SEGMENT_NAME,
  type BreakdownDimension,
  type ScoreSample,
  type SurveyInsight,
  type SurveyInsightQuery,
} from '@linli/shared/survey-stats';
import {
  FOLLOW_UP_OUTCOME_NAMES,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_REASON_NAMES,
  FOLLOW_UP_REASONS,
  isChoice,
  isRated,
  RESPONSE_SOURCES,
  SCORE_RANGE,
  type SurveyQuestion,
} from '@linli/shared/surveys';
import { addDays, addMonths, daysBetween, mondayOf, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getTierConfigCached } from '../tiers/config-repository.ts';
import { getSurveyHeadForFigures, listSurveyStats, type SurveyHeadForFigures } from './insight-repository.ts';
import { BREAKDOWN_QUESTIONS, coverDays, DIMENSION_CODES, sumStats, UNKNOWN_VALUE_ID, type SummedStats } from './rollups.ts';

type InsightDeps = Pick<Deps, 'db' | 'clock'>;

/** The default period: the 90 Shanghai days ending today. */
export const DEFAULT_PERIOD_DAYS = 90;

/** The survey, or SURVEY_NOT_FOUND. */
export async function surveyForFigures(deps: Pick<Deps, 'db'>, surveyId: string): Promise<SurveyHeadForFigures> {
  const survey = await getSurveyHeadForFigures(deps.db, surveyId);
  if (!survey) throw new DomainError('SURVEY_NOT_FOUND', 'No such survey');
  return survey;
}

/** [from, to] as asked, `to` defaulting to today and `from` to DEFAULT_PERIOD_DAYS − 1 days before it. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const to = query.to ?? (query.from && query.from > shanghaiDay(now).date ? query.from : shanghaiDay(now).date);
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  return { from, to };
}

/** The rated question asked about: the one named, else the first NPS or CSAT question, else the first rated. */
export function chosenQuestion(questions: readonly SurveyQuestion[], questionId: string | undefined): SurveyQuestion | null {
  const rated = questions.filter((question) => isRated(question.kind));
  if (questionId !== undefined) {
    const named = rated.find((question) => question.questionId === questionId);
    if (!named)
      throw new DomainError('VALIDATION_FAILED', 'questionId must name a rated question of the survey', [
        { path: 'questionId', message: 'Not a rated question of this survey' },
      ]);
    return named;
  }
  return rated.find((question) => question.kind === 'nps' || question.kind === 'csat') ?? rated[0] ?? null;
}

const metricOf = (question: SurveyQuestion): 'nps' | 'csat' => (question.kind === 'nps' ? 'nps' : 'csat');

const histogramNames = (question: SurveyQuestion) => {
  const range = SCORE_RANGE[question.kind as 'nps' | 'csat' | 'stars'];
  return Array.from({ length: range.max - range.min + 1 }, (_, i) => `h#${question.questionId}#${range.min + i}`);
};

/** The question's score sample from a histogram's counters. */
function sampleOf(question: SurveyQuestion, counters: Record<string, number>): ScoreSample {
  const range = SCORE_RANGE[question.kind as 'nps' | 'csat' | 'stars'];
  const count = (score: number) => counters[`h#${question.questionId}#${score}`] ?? 0;
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let satisfied = 0;
  let n = 0;
  for (let score = range.min; score <= range.max; score++) {
    const c = count(score);
    n += c;
    if (score >= 9) promoters += c;
    else if (score >= 7) passives += c;
    else detractors += c;
    if (score >= 4) satisfied += c;
  }
  return metricOf(question) === 'nps' ? npsSample({ promoters, passives, detractors }) : csatSample({ satisfied, n });
}

/** A breakdown row's sample from its class counters (p/m/d or s/o). */
function classSample(metric: 'nps' | 'csat', classes: Record<string, number>): ScoreSample {
  return metric === 'nps'
    ? npsSample({ promoters: classes.p ?? 0, passives: classes.m ?? 0, detractors: classes.d ?? 0 })
    : csatSample({ satisfied: classes.s ?? 0, n: (classes.s ?? 0) + (classes.o ?? 0) });
}

/** A week's label (its Monday, M月D日起) and a month's (YYYY年M月). */
const weekLabel = (monday: string) => `${Number(monday.slice(5, 7))}月${Number(monday.slice(8, 10))}日起`;
const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

function breakdownLabel(dimension: BreakdownDimension, id: string, names: Record<string, string>, tierNames: Map<string, string>): string {
  if (id === UNKNOWN_VALUE_ID) return UNKNOWN_SEGMENT_NAME;
  const value = names[`nm#${DIMENSION_CODES[dimension]}#${id}`];
  if (value === undefined) return UNKNOWN_SEGMENT_NAME;
  switch (dimension) {
    case 'tier':
      // A tier the ladder no longer has: its code is not for people.
      return tierNames.get(value) ?? '已停用的等级';
    case 'rfmClass':
      return RFM_CLASS_NAMES[value as RfmClass] ?? UNKNOWN_SEGMENT_NAME;
    case 'stage':
      return LIFECYCLE_STAGE_NAMES[value as LifecycleStage] ?? UNKNOWN_SEGMENT_NAME;
    default:
      return value;
  }
}

function breakdowns(question: SurveyQuestion, stats: SummedStats, tierNames: Map<string, string>): SurveyInsight['breakdowns'] {
  const metric = metricOf(question);
  return BREAKDOWN_DIMENSIONS.map((dimension) => {
    const prefix = `b#${question.questionId}#${DIMENSION_CODES[dimension]}#`;
    const byValue = new Map<string, Record<string, number>>();
    for (const [name, count] of Object.entries(stats.counters)) {
      if (!name.startsWith(prefix)) continue;
      const [id, cls] = name.slice(prefix.length).split('#') as [string, string];
      const classes = byValue.get(id) ?? {};
      classes[cls] = (classes[cls] ?? 0) + count;
      byValue.set(id, classes);
    }
    // Most answers first; among equals, named values by name and the unknown last.
    const rows = [...byValue.entries()]
      .map(([id, classes]) => ({
        id,
        classes,
        label: breakdownLabel(dimension, id, stats.names, tierNames),
        sample: classSample(metric, classes),
      }))
      .filter((row) => row.sample.n > 0)
      .sort(
        (a, b) =>
          b.sample.n - a.sample.n ||
          Number(a.id === UNKNOWN_VALUE_ID) - Number(b.id === UNKNOWN_VALUE_ID) ||
          (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
      );
    const kept = rows.slice(0, MAX_BREAKDOWN_ROWS);
    const folded = rows.slice(MAX_BREAKDOWN_ROWS);
    const shown = kept.map((row) => ({ key: row.id, label: row.label, ...scoreFigure(row.sample) }));
    if (folded.length > 0) {
      const classes: Record<string, number> = {};
      for (const row of folded) for (const [cls, count] of Object.entries(row.classes)) classes[cls] = (classes[cls] ?? 0) + count;
      shown.push({ key: OTHER_SEGMENT_NAME, label: OTHER_SEGMENT_NAME, ...scoreFigure(classSample(metric, classes)) });
    }
    return { dimension, name: BREAKDOWN_DIMENSION_NAMES[dimension], rows: shown };
  });
}

/** Periods (Mondays, or months) from the one holding `from` to the one holding `to`. */
function periodsBetween(kind: 'WEEK' | 'MONTH', from: string, to: string): string[] {
  const periods: string[] = [];
  if (kind === 'WEEK') for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) periods.push(monday);
  else for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addMonths(month, 1)) periods.push(month);
  return periods;
}

async function trend(
  deps: InsightDeps,
  surveyId: string,
  question: SurveyQuestion,
  kind: 'WEEK' | 'MONTH',
  from: string,
  to: string,
): Promise<SurveyInsight['trend']['weeks']> {
  const periods = periodsBetween(kind, from, to);
  const items = await listSurveyStats(deps.db, surveyId, [{ kind, first: periods[0]!, last: periods.at(-1)! }], histogramNames(question));
  const byPeriod = new Map<string, Array<Record<string, unknown>>>();
  for (const item of items) {
    const period = (item.sk as string).split('#')[1]!;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), item]);
  }
  return periods.map((period) => ({
    period,
    label: kind === 'WEEK' ? weekLabel(period) : monthLabel(period),
    ...scoreFigure(sampleOf(question, sumStats(byPeriod.get(period) ?? []).counters)),
  }));
}

/**
 * The survey dashboard over Shanghai days [from, to]: the chosen rated question's headline with its
 * margin, distribution, weekly and monthly trend, breakdowns; choices, text answered, sources,
 * versions, follow-ups; and the comparison with the previous equal period (or the one asked).
 * Reads only rollup items — of the period (≤ 7 ranges), its weeks and months (one question's
 * histogram each), and the comparison period (the histogram) — so its work grows with the days
 * asked, never with the responses.
 */
export async function surveyInsight(deps: InsightDeps, surveyId: string, query: SurveyInsightQuery): Promise<SurveyInsight> {
  const survey = await surveyForFigures(deps, surveyId);
  const questions = survey.definition.questions;
  const question = chosenQuestion(questions, query.questionId);
  const { from, to } = periodOf(query, deps.clock());
  if (daysBetween(from, to) > 365)
    throw new DomainError('VALIDATION_FAILED', 'At most 366 days at a time', [{ path: 'from', message: 'At most 366 days before to' }]);
  const length = daysBetween(from, to) + 1;
  const compare =
    query.compareFrom && query.compareTo
      ? { from: query.compareFrom, to: query.compareTo }
      : { from: addDays(from, -length), to: addDays(from, -1) };

  const [items, tierConfig, weeks, months, previousItems] = await Promise.all([
    listSurveyStats(deps.db, surveyId, coverDays(from, to)),
    getTierConfigCached(deps.db),
    question ? trend(deps, surveyId, question, 'WEEK', from, to) : Promise.resolve([]),
    question ? trend(deps, surveyId, question, 'MONTH', from, to) : Promise.resolve([]),
    question ? listSurveyStats(deps.db, surveyId, coverDays(compare.from, compare.to), histogramNames(question)) : Promise.resolve([]),
  ]);
  const stats = sumStats(items);
  const { counters } = stats;
  const tierNames = new Map(tierConfig.tiers.map((tier) => [tier.code, tier.name]));

  let headline: SurveyInsight['headline'] = null;
  let comparison: SurveyInsight['comparison'] = null;
  let distribution: SurveyInsight['distribution'] = [];
  let average: number | null = null;
  let classes: SurveyInsight['classes'] = null;
  if (question) {
    const sample = sampleOf(question, counters);
    headline = scoreFigure(sample);
    const range = SCORE_RANGE[question.kind as 'nps' | 'csat' | 'stars'];
    distribution = Array.from({ length: range.max - range.min + 1 }, (_, i) => ({
      score: range.min + i,
      count: counters[`h#${question.questionId}#${range.min + i}`] ?? 0,
    }));
    const answered = distribution.reduce((sum, bar) => sum + bar.count, 0);
    average =
      answered === 0 ? null : Math.round((distribution.reduce((sum, bar) => sum + bar.score * bar.count, 0) / answered) * 100) / 100;
    if (question.kind === 'nps') {
      const count = (test: (score: number) => boolean) =>
        distribution.filter((bar) => test(bar.score)).reduce((sum, bar) => sum + bar.count, 0);
      classes = { promoters: count((s) => s >= 9), passives: count((s) => s === 7 || s === 8), detractors: count((s) => s <= 6) };
    }
    const previous = sampleOf(question, sumStats(previousItems).counters);
    const change = compareScores(sample, previous);
    comparison = { ...compare, previous: scoreFigure(previous), ...change, label: CHANGE_VERDICT_NAMES[change.verdict] };
  }
  const ratedOrder = questions.filter((q) => isRated(q.kind)).map((q) => q.questionId);
  const breakdownsKept = question !== null && ratedOrder.indexOf(question.questionId) < BREAKDOWN_QUESTIONS;

  return {
    surveyId,
    surveyName: survey.definition.name,
    from,
    to,
    responses: counters.n ?? 0,
    ratedQuestions: questions.filter((q) => isRated(q.kind)).map((q) => ({ questionId: q.questionId, title: q.title, kind: q.kind })),
    question: question ? { questionId: question.questionId, title: question.title, kind: question.kind, metric: metricOf(question) } : null,
    headline,
    average,
    classes,
    distribution,
    trend: { weeks, months },
    breakdowns: question ? breakdowns(question, stats, tierNames) : [],
    breakdownsKept,
    choices: questions
      .filter((q) => isChoice(q.kind))
      .map((q) => {
        const answered = counters[`a#${q.questionId}`] ?? 0;
        return {
          questionId: q.questionId,
          title: q.title,
          kind: q.kind,
          answered,
          options: (q.options ?? []).map((option) => {
            const count = counters[`o#${q.questionId}#${option.optionId}`] ?? 0;
            return {
              optionId: option.optionId,
              label: option.label,
              count,
              share: answered === 0 ? 0 : Math.round((count / answered) * 1000) / 1000,
            };
          }),
        };
      }),
    textAnswers: questions
      .filter((q) => q.kind === 'short-text' || q.kind === 'long-text')
      .map((q) => ({ questionId: q.questionId, title: q.title, count: counters[`a#${q.questionId}`] ?? 0 })),
    sources: RESPONSE_SOURCES.map((source) => ({ source, label: RESPONSE_SOURCE_NAMES[source], count: counters[`s#${source}`] ?? 0 })),
    versions: Object.entries(counters)
      .filter(([name]) => name.startsWith('v#'))
      .map(([name, count]) => ({ version: Number(name.slice(2)), count }))
      .sort((a, b) => a.version - b.version),
    followUps: {
      opened: FOLLOW_UP_REASONS.map((reason) => ({ reason, label: FOLLOW_UP_REASON_NAMES[reason], count: counters[`f#${reason}`] ?? 0 })),
      outcomes: FOLLOW_UP_OUTCOMES.map((outcome) => ({
        outcome,
        label: FOLLOW_UP_OUTCOME_NAMES[outcome],
        count: counters[`fo#${outcome}`] ?? 0,
      })),
    },
    comparison,
  };
}
