import { CHANGE_VERDICT_NAMES, MIN_RESPONSES, type SurveyInsight, type SurveyResponsesQuery } from '@linli/shared/survey-stats';
import { FOLLOW_UP_REASON_NAMES, NPS_CLASS_NAMES, type FollowUpReason, type NpsClass } from '@linli/shared/surveys';
import { addDays } from '@linli/shared/time';
import { formatValue, type InsightChartSpec } from './charts/chart-spec';

/*
 * 满意度看板 as people read it: the API's figures (SurveyInsight) turned into the words, tables
 * and chart specs the page shows. Pure, so the wording is tested without a page.
 */

// ---------------------------------------------------------------------------------------------
// The period

export const SURVEY_PERIODS = ['last30', 'last90', 'lastYear', 'custom'] as const;
export type SurveyPeriod = (typeof SURVEY_PERIODS)[number];
export const SURVEY_PERIOD_NAMES: Record<SurveyPeriod, string> = {
  last30: '近30天',
  last90: '近90天',
  lastYear: '近一年',
  custom: '自定义',
};

/** Asia/Shanghai days, both inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/** The days a preset means on Shanghai day `today`; a year is 365 days (the API takes at most 366). */
export function surveyPeriodRange(period: Exclude<SurveyPeriod, 'custom'>, today: string): DayRange {
  const days = period === 'last30' ? 30 : period === 'last90' ? 90 : 365;
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The longest custom period the API takes (MAX_INSIGHT_RANGE_DAYS), as the pickers keep it. */
const MAX_DAYS = 366;

/**
 * A custom period after one of its ends was picked: the other end follows when the two would be
 * the wrong way round or more than a year apart, so the query is always one the API takes.
 */
export function pickedRange(range: DayRange, end: 'from' | 'to', day: string): DayRange {
  if (end === 'from') {
    const to = range.to < day ? day : range.to > addDays(day, MAX_DAYS - 1) ? addDays(day, MAX_DAYS - 1) : range.to;
    return { from: day, to };
  }
  const from = range.from > day ? day : range.from < addDays(day, -(MAX_DAYS - 1)) ? addDays(day, -(MAX_DAYS - 1)) : range.from;
  return { from, to: day };
}

// ---------------------------------------------------------------------------------------------
// Scores

type Metric = 'nps' | 'csat';
type Figure = { n: number; value: number | null; margin: number | null; tooFew: boolean };

const oneDecimal = (value: number) => String(Number(value.toFixed(1)));
const signed = (value: number) => (value > 0 ? `+${oneDecimal(value)}` : oneDecimal(value));

/** A score alone: NPS −100…100 as a number, CSAT as a percent; — with no answers. */
export function scoreValueText(value: number | null, metric: Metric): string {
  if (value === null) return '—';
  return metric === 'csat' ? `${oneDecimal(value)}%` : oneDecimal(value);
}

/** The 95 % margin: 「±7.7」 (points for NPS, percentage points for CSAT); empty with no answers. */
export function marginText(margin: number | null): string {
  return margin === null ? '' : `±${oneDecimal(margin)}`;
}

/** A score with its margin, as a table cell reads it: 「42.5 ±7.7」, 「—」 with no answers. */
export function figureText(figure: Figure, metric: Metric): string {
  if (figure.value === null) return '—';
  return `${scoreValueText(figure.value, metric)} ${marginText(figure.margin)}`;
}

export interface Headline {
  /** NPS 净推荐值 / CSAT 满意度 and the question it is about. */
  metricName: string;
  value: string;
  margin: string;
  /** 「基于 412 份回答」. */
  basis: string;
  /** Set when there are too few answers to read the figure as more than a hint. */
  warning: string | null;
  /** The mean score on the question's own scale: 「平均 8.2 分」. */
  average: string | null;
}

export function headlineOf(insight: SurveyInsight): Headline | null {
  const { question, headline } = insight;
  if (!question || !headline) return null;
  const metricName = question.metric === 'nps' ? 'NPS 净推荐值' : 'CSAT 满意度';
  return {
    metricName,
    value: scoreValueText(headline.value, question.metric),
    margin: marginText(headline.margin),
    basis: `基于 ${headline.n} 份回答`,
    warning:
      headline.n === 0 ? '这段时间还没有回答' : headline.tooFew ? `样本不足：少于 ${MIN_RESPONSES} 份回答，误差较大，仅供参考` : null,
    average: insight.average === null ? null : `平均 ${Number(insight.average.toFixed(2))} 分`,
  };
}

/**
 * The change from the period before, in words: 「显著上升 +8.2（±6.1）」 beside the period compared
 * with and its score; 「样本不足」 when either period has too few answers to tell.
 */
export function comparisonOf(insight: SurveyInsight): { verdict: string; detail: string; tone: 'up' | 'down' | 'flat' } | null {
  const { comparison, question } = insight;
  if (!comparison || !question) return null;
  const previous = `上一时段 ${dayText(comparison.from)}–${dayText(comparison.to)}：${figureText(comparison.previous, question.metric)}（${comparison.previous.n} 份）`;
  const verdict = CHANGE_VERDICT_NAMES[comparison.verdict];
  if (comparison.difference === null) return { verdict, detail: previous, tone: 'flat' };
  const unit = question.metric === 'csat' ? ' 个百分点' : ' 分';
  const change = `变化 ${signed(comparison.difference)}${unit}（${marginText(comparison.margin)}）`;
  return {
    verdict,
    detail: `${change}；${previous}`,
    tone: comparison.verdict === 'up' ? 'up' : comparison.verdict === 'down' ? 'down' : 'flat',
  };
}

/** 2026-05-01 → 2026年5月1日. */
function dayText(day: string): string {
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

// ---------------------------------------------------------------------------------------------
// Charts

/** How many answers gave each score of the scale. */
export function distributionSpec(insight: SurveyInsight): InsightChartSpec {
  return {
    kind: 'column',
    format: 'count',
    labels: insight.distribution.map((bar) => `${bar.score}分`),
    series: [{ name: '回答数', values: insight.distribution.map((bar) => bar.count) }],
  };
}

export interface ClassShare {
  key: NpsClass;
  label: string;
  count: number;
  share: string;
}

/** Promoters, passives and detractors with their shares of the answers (NPS only). */
export function classSharesOf(insight: SurveyInsight): ClassShare[] {
  const classes = insight.classes;
  if (!classes) return [];
  const n = classes.promoters + classes.passives + classes.detractors;
  const row = (key: NpsClass, count: number): ClassShare => ({
    key,
    label: `${NPS_CLASS_NAMES[key]}（${key === 'promoter' ? '9–10' : key === 'passive' ? '7–8' : '0–6'} 分）`,
    count,
    share: n === 0 ? '—' : formatValue((count / n) * 100, 'percent'),
  });
  return [row('promoter', classes.promoters), row('passive', classes.passives), row('detractor', classes.detractors)];
}

/**
 * The trend by week or by month as a line, with the 95 % band as two dashed lines (F2 draws
 * lines, and a band read as its two edges keeps the chart legible on a phone). A period without
 * answers leaves a gap.
 */
export function trendSpec(insight: SurveyInsight, by: 'weeks' | 'months'): InsightChartSpec {
  const points = insight.trend[by];
  const metric = insight.question?.metric ?? 'nps';
  const edge = (sign: 1 | -1) =>
    points.map((point) => {
      if (point.value === null || point.margin === null) return null;
      const value = point.value + sign * point.margin;
      // The band stops where the scale does: NPS −100…100, CSAT 0…100.
      return Math.max(metric === 'nps' ? -100 : 0, Math.min(100, Number(value.toFixed(1))));
    });
  return {
    kind: 'line',
    format: metric === 'csat' ? 'percent' : 'count',
    labels: points.map((point) => point.label),
    series: [
      { name: metric === 'nps' ? 'NPS' : 'CSAT', values: points.map((point) => point.value) },
      { name: '95% 上限', values: edge(1), dashed: true },
      { name: '95% 下限', values: edge(-1), dashed: true },
    ],
  };
}

/** Whether a trend has any period with answers (else the chart says 暂无数据). */
export const trendHasAnswers = (insight: SurveyInsight, by: 'weeks' | 'months') => insight.trend[by].some((point) => point.n > 0);

// ---------------------------------------------------------------------------------------------
// Tables

export interface BreakdownTable {
  key: string;
  name: string;
  rows: Array<{ key: string; label: string; n: string; score: string; tooFew: boolean }>;
}

/** Each breakdown as a table: the segment, its answers and its score ± margin (其他 folds the long tail). */
export function breakdownTables(insight: SurveyInsight): BreakdownTable[] {
  const metric = insight.question?.metric ?? 'nps';
  return insight.breakdowns.map((breakdown) => ({
    key: breakdown.dimension,
    name: breakdown.name,
    rows: breakdown.rows.map((row) => ({
      key: row.key,
      label: row.label,
      n: String(row.n),
      score: figureText(row, metric),
      tooFew: row.tooFew,
    })),
  }));
}

/** A choice question's options with counts and shares of those who answered it. */
export function choiceRows(choice: SurveyInsight['choices'][number]): Array<{ key: string; label: string; count: string; share: string }> {
  return choice.options.map((option) => ({
    key: option.optionId,
    label: option.label,
    count: String(option.count),
    share: formatValue(option.share * 100, 'percent'),
  }));
}

// ---------------------------------------------------------------------------------------------
// The answer list

export const RESPONSE_FILTERS = ['all', 'promoter', 'passive', 'detractor', 'satisfied', 'neutral', 'unsatisfied'] as const;
export type ResponseFilter = (typeof RESPONSE_FILTERS)[number];

const FILTER_NAMES: Record<ResponseFilter, string> = {
  all: '全部',
  promoter: '推荐者',
  passive: '中立者',
  detractor: '贬损者',
  satisfied: '满意（4–5 分）',
  neutral: '一般（3 分）',
  unsatisfied: '不满意（1–2 分）',
};

/** The score filters a question offers: NPS by class, CSAT and stars by score range. */
export function responseFiltersFor(metric: Metric | null): Array<{ key: ResponseFilter; label: string }> {
  const keys: ResponseFilter[] =
    metric === 'nps'
      ? ['all', 'promoter', 'passive', 'detractor']
      : metric === 'csat'
        ? ['all', 'satisfied', 'neutral', 'unsatisfied']
        : ['all'];
  return keys.map((key) => ({ key, label: FILTER_NAMES[key] }));
}

/** The query of one page of answers: the period, the question, the score filter and 有文字回答. */
export function responsesQuery(
  options: { range: DayRange; questionId: string | null; filter: ResponseFilter; withText: boolean },
  cursor?: string,
): Partial<Record<keyof SurveyResponsesQuery, string>> {
  const scores: Partial<Record<'npsClass' | 'min' | 'max', string>> =
    options.filter === 'promoter' || options.filter === 'passive' || options.filter === 'detractor'
      ? { npsClass: options.filter }
      : options.filter === 'satisfied'
        ? { min: '4', max: '5' }
        : options.filter === 'neutral'
          ? { min: '3', max: '3' }
          : options.filter === 'unsatisfied'
            ? { min: '1', max: '2' }
            : {};
  return {
    from: options.range.from,
    to: options.range.to,
    ...(options.questionId ? { questionId: options.questionId } : {}),
    ...scores,
    ...(options.withText ? { hasText: 'true' } : {}),
    limit: '20',
    ...(cursor ? { cursor } : {}),
  };
}

/** Why an answer opened a 回访 task, in words. */
export function followUpText(reason: FollowUpReason | null, opened: boolean): string | null {
  if (reason) return `已转回访：${FOLLOW_UP_REASON_NAMES[reason]}`;
  return opened ? '已转回访' : null;
}

/** Rows one CSV request writes (CSV_ROW_LIMIT); more in the period: the file has the first ones only. */
export function exportNotice(responses: number, rowLimit: number): string | null {
  return responses > rowLimit ? `已导出前 ${rowLimit} 条（这段时间共 ${responses} 条），缩短时间段可分批导出其余回答。` : null;
}
