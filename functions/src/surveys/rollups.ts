import { isChoice, isRated, npsClass, type FollowUpOutcome, type SurveyQuestion } from '@linli/shared/surveys';
import type { BreakdownDimension } from '@linli/shared/survey-stats';
import { addDays, addMonths, mondayOf } from '@linli/shared/time';
import type { Database } from '../db/client.ts';
import { keys, memberShard } from '../db/keys.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { SurveyResponseRecord } from './response-record.ts';

// The survey dashboard is assembled from rollups, never from the responses themselves.
//
// Each completed response adds 1 to a set of counters (see responseCounters) in three items of its
// survey's SURVEYSTATS partition: its Shanghai day's, its week's (Monday–Sunday) and its calendar
// month's, each in the member's shard (one of SURVEY_STATS_SHARDS), so that concurrent completions
// rarely meet on one item. The adds are unconditional ADDs in the completion's own transaction: the
// transaction commits once per response (the response slot and request marker make it so), so the
// counters count each response exactly once. A period is then read as its shards' few items: a
// year's trend by month reads 12 × SURVEY_STATS_SHARDS items, by week 53 × SURVEY_STATS_SHARDS,
// however many responses they count.
//
// Counters are top-level number attributes (ADD creates them); their names:
//   n                          responses
//   v#<version> / s#<source>   responses by the version answered / where they came from
//   h#<q>#<score>              a rated question's score histogram
//   b#<q>#<dim>#<id>#<class>   a rated question by breakdown: dim t(ier) r(fm class) g (stage) c(ategory)
//                              a (region); id the value's short hash (names in nm#<dim>#<id>); class
//                              p/m/d (NPS promoter, passive, detractor) or s/o (CSAT, stars: 4–5 or not)
//   o#<q>#<optionId>           a choice question's option chosen;  a#<q>  the choice or text question answered
//   f#<reason> / fo#<outcome>  follow-ups (回访) opened, and outcomes recorded (counted on the day recorded)
//
// Bounds (an item must stay far below DynamoDB's 400 KB, and one update's expression below 4 KB):
// - Breakdowns are counted for the first BREAKDOWN_QUESTIONS rated questions of a response only.
// - A breakdown value is stored once per item as its name and referred to by a 7-character hash, so
//   one more category or region costs an item ≈ 200 bytes of name plus ≈ 60 bytes per breakdown
//   question: ~1,000 distinct categories in one month's shard before an item nears 300 KB. Values are
//   trimmed to 64 characters; the dashboard shows a breakdown's first MAX_BREAKDOWN_ROWS values
//   by answers and folds the rest into 其他. Regions are provinces (orders name one), tiers, RFM
//   classes and stages are short fixed lists.
// - One update adds at most MAX_ADDS_PER_UPDATE counters; a response with more (a long survey of
//   many multiple-choice questions) continues in a second item of the same shard (sk …#x1).

/** Rollup items per period: spreads concurrent completions of one survey (by member). */
export const SURVEY_STATS_SHARDS = 4;
/** A response's rated questions, in order, whose breakdowns are counted. */
export const BREAKDOWN_QUESTIONS = 3;
/** Counters one update adds at most (with short placeholders ≈ 10 characters each, well under 4 KB). */
export const MAX_ADDS_PER_UPDATE = 250;
/** Longest breakdown value kept (characters). */
const MAX_VALUE_LENGTH = 64;

export const DIMENSION_CODES: Record<BreakdownDimension, string> = { tier: 't', rfmClass: 'r', stage: 'g', category: 'c', region: 'a' };
/** The breakdown id of a value not known when the member answered. */
export const UNKNOWN_VALUE_ID = '-';

/** A breakdown value's id in counter names: FNV-1a of the value, base 36 (ids never contain '#'). */
export function valueId(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `k${(hash >>> 0).toString(36)}`;
}

/** What one response adds: counter name → amount, and breakdown value names to set (name attribute → value). */
export interface RollupCounters {
  adds: Record<string, number>;
  names: Record<string, string>;
}

const scoreClass = (kind: 'nps' | 'csat' | 'stars', score: number) =>
  kind === 'nps' ? { promoter: 'p', passive: 'm', detractor: 'd' }[npsClass(score)] : score >= 4 ? 's' : 'o';

/** The counters a completed response adds (a pure function of the record and the version's questions). */
export function responseCounters(response: SurveyResponseRecord, questions: readonly SurveyQuestion[]): RollupCounters {
  const adds: Record<string, number> = { n: 1, [`v#${response.version}`]: 1, [`s#${response.source}`]: 1 };
  const names: Record<string, string> = {};
  const segments = Object.entries(DIMENSION_CODES).map(([dimension, code]) => {
    const raw = response.segments[dimension as BreakdownDimension]?.trim().slice(0, MAX_VALUE_LENGTH) ?? '';
    if (raw === '') return { code, id: UNKNOWN_VALUE_ID };
    const id = valueId(raw);
    names[`nm#${code}#${id}`] = raw;
    return { code, id };
  });
  let ratedSeen = 0;
  for (const question of questions) {
    const answer = response.answers[question.questionId];
    if (answer === undefined) continue;
    const q = question.questionId;
    if (isRated(question.kind)) {
      if (typeof answer !== 'number') continue;
      adds[`h#${q}#${answer}`] = 1;
      if (ratedSeen++ < BREAKDOWN_QUESTIONS) {
        const cls = scoreClass(question.kind as 'nps' | 'csat' | 'stars', answer);
        for (const { code, id } of segments) adds[`b#${q}#${code}#${id}#${cls}`] = 1;
      }
    } else if (isChoice(question.kind)) {
      if (!Array.isArray(answer) || answer.length === 0) continue;
      adds[`a#${q}`] = 1;
      for (const optionId of new Set(answer)) adds[`o#${q}#${optionId}`] = 1;
    } else if (typeof answer === 'string' && answer.trim() !== '') {
      adds[`a#${q}`] = 1;
    }
  }
  if (response.followUp) adds[`f#${response.followUp.reason}`] = 1;
  // Names only matter beside counters that use them.
  const used = new Set(
    Object.keys(adds).flatMap((name) => (name.startsWith('b#') ? [`nm#${name.split('#')[2]}#${name.split('#')[3]}`] : [])),
  );
  for (const name of Object.keys(names)) if (!used.has(name)) delete names[name];
  return { adds, names };
}

/** The three periods a Shanghai day is counted in: `DAY#<day>`, `WEEK#<Monday>`, `MONTH#<YYYY-MM>`. */
export function periodsOf(day: string): [string, string, string] {
  return [`DAY#${day}`, `WEEK#${mondayOf(day)}`, `MONTH#${day.slice(0, 7)}`];
}

const statsShard = (shardKey: string) => memberShard(shardKey) % SURVEY_STATS_SHARDS;

/** Unconditional updates adding `counters` to each period's item in `shard`, split in parts of MAX_ADDS_PER_UPDATE. */
function rollupUpdates(db: Database, surveyId: string, day: string, shard: number, counters: RollupCounters): TransactItem[] {
  const adds = Object.entries(counters.adds);
  const names = Object.entries(counters.names);
  const parts: Array<Array<[string, number]>> = [];
  for (let i = 0; i < adds.length; i += MAX_ADDS_PER_UPDATE) parts.push(adds.slice(i, i + MAX_ADDS_PER_UPDATE));
  return periodsOf(day).flatMap((period) =>
    parts.map((part, index) => {
      const attributeNames: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const actions = part.map(([name, amount], i) => {
        attributeNames[`#a${i}`] = name;
        values[`:a${i}`] = amount;
        return `#a${i} :a${i}`;
      });
      // The names of the values the counters refer to ride with the first part (set again by each response: same value).
      const sets =
        index === 0
          ? names.map(([name, value], i) => {
              attributeNames[`#m${i}`] = name;
              values[`:m${i}`] = value;
              return `#m${i} = :m${i}`;
            })
          : [];
      return {
        Update: {
          TableName: db.tableName,
          Key: keys.surveyStats(surveyId, period, shard, index),
          UpdateExpression: `ADD ${actions.join(', ')}${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
          ExpressionAttributeNames: attributeNames,
          ExpressionAttributeValues: values,
        },
      } satisfies TransactItem;
    }),
  );
}

/**
 * The rollup updates of a completed response, for its completion transaction: three items (day,
 * week, month) in the member's shard, more only for a survey with over MAX_ADDS_PER_UPDATE counters
 * in one response. Counts every rated question's scores, breakdowns (the first BREAKDOWN_QUESTIONS),
 * choices, text answered, the version, the source, and the follow-up opened if any.
 */
export function responseRollupItems(db: Database, response: SurveyResponseRecord, questions: readonly SurveyQuestion[]): TransactItem[] {
  return rollupUpdates(db, response.surveyId, response.day, statsShard(response.memberId), responseCounters(response, questions));
}

/**
 * The rollup updates counting a follow-up's outcome on the Shanghai day it was recorded (for the
 * transaction recording it). `shardKey` spreads them like responses (e.g. the member's id).
 */
export function followUpOutcomeRollupItems(
  db: Database,
  surveyId: string,
  day: string,
  outcome: FollowUpOutcome,
  shardKey: string = surveyId,
): TransactItem[] {
  return rollupUpdates(db, surveyId, day, statsShard(shardKey), { adds: { [`fo#${outcome}`]: 1 }, names: {} });
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A range of rollup periods of one kind, first and last inclusive (days and Mondays as YYYY-MM-DD, months YYYY-MM). */
export interface PeriodRange {
  kind: 'DAY' | 'WEEK' | 'MONTH';
  first: string;
  last: string;
}

const monthEnd = (month: string) => addDays(`${addMonths(month, 1)}-01`, -1);

/** Days [from, to] as whole weeks where they fit and single days at the edges (at most three ranges). */
function weeksAndDays(from: string, to: string): PeriodRange[] {
  if (from > to) return [];
  const firstMonday = from === mondayOf(from) ? from : addDays(mondayOf(from), 7);
  const lastMonday = addDays(mondayOf(addDays(to, 1)), -7);
  if (firstMonday > lastMonday) return [{ kind: 'DAY', first: from, last: to }];
  return [
    ...(from < firstMonday ? [{ kind: 'DAY' as const, first: from, last: addDays(firstMonday, -1) }] : []),
    { kind: 'WEEK', first: firstMonday, last: lastMonday },
    ...(addDays(lastMonday, 6) < to ? [{ kind: 'DAY' as const, first: addDays(lastMonday, 7), last: to }] : []),
  ];
}

/**
 * The fewest rollup ranges that together count Shanghai days [from, to] exactly once: whole
 * calendar months inside it, whole weeks inside what is left at either end, single days at the
 * edges (at most seven ranges; a year reads ≈ 12 months and a few weeks and days).
 */
export function coverDays(from: string, to: string): PeriodRange[] {
  const firstMonth = from.endsWith('-01') ? from.slice(0, 7) : addMonths(from.slice(0, 7), 1);
  const lastMonth = monthEnd(to.slice(0, 7)) === to ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  if (firstMonth > lastMonth) return weeksAndDays(from, to);
  return [
    ...weeksAndDays(from, addDays(`${firstMonth}-01`, -1)),
    { kind: 'MONTH', first: firstMonth, last: lastMonth },
    ...weeksAndDays(addDays(monthEnd(lastMonth), 1), to),
  ];
}

/** Rollup items summed: counters added up, value names merged (an item's attributes as stored). */
export interface SummedStats {
  counters: Record<string, number>;
  names: Record<string, string>;
}

export function sumStats(items: ReadonlyArray<Record<string, unknown>>): SummedStats {
  const counters: Record<string, number> = {};
  const names: Record<string, string> = {};
  for (const item of items)
    for (const [name, value] of Object.entries(item)) {
      if (name === 'pk' || name === 'sk') continue;
      if (typeof value === 'number') counters[name] = (counters[name] ?? 0) + value;
      else if (name.startsWith('nm#') && typeof value === 'string') names[name] = value;
    }
  return { counters, names };
}
