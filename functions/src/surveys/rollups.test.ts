import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from '@linli/shared/surveys';
import type { Database } from '../db/client.ts';
import { keys, memberShard } from '../db/keys.ts';
import type { SurveyResponseRecord } from './response-record.ts';
import {
  coverDays,
  followUpOutcomeRollupItems,
  MAX_ADDS_PER_UPDATE,
  responseCounters,
  responseRollupItems,
  SURVEY_STATS_SHARDS,
  sumStats,
  valueId,
} from './rollups.ts';

const db = { tableName: 'linli-test' } as Database;

const questions: SurveyQuestion[] = [
  { questionId: 'q1', kind: 'nps', title: '推荐给朋友的可能性', required: true },
  {
    questionId: 'q2',
    kind: 'single',
    title: '主要原因',
    required: true,
    options: [
      { optionId: 'o1', label: '品质' },
      { optionId: 'o2', label: '价格' },
    ],
  },
  { questionId: 'q3', kind: 'csat', title: '对物流满意吗', required: false },
  { questionId: 'q4', kind: 'long-text', title: '还想说的', required: false },
];

function response(overrides: Partial<SurveyResponseRecord> = {}): SurveyResponseRecord {
  return {
    responseId: 'r1',
    surveyId: 'sv_nps',
    version: 2,
    memberId: 'm-alice',
    answers: { q1: 3, q2: ['o2'], q3: 4, q4: '太慢了' },
    source: 'invitation',
    orderId: 'o-1',
    complaintId: null,
    completedAt: '2026-05-06T02:00:00.000Z',
    day: '2026-05-06',
    segments: { tier: 'gold', rfmClass: 'important_value', stage: 'active', region: '浙江省', category: '水果' },
    followUp: { reason: 'nps-detractor', questionId: 'q1', score: 3 },
    rewardPoints: 0,
    ...overrides,
  };
}

describe("a response's counters", () => {
  it('count the response, its version and source, each rated score overall and by segment, choices, text answered and the follow-up', () => {
    const { adds, names } = responseCounters(response(), questions);
    const [t, r, g, c, a] = ['gold', 'important_value', 'active', '水果', '浙江省'].map(valueId);
    expect(adds).toEqual({
      n: 1,
      'v#2': 1,
      's#invitation': 1,
      'h#q1#3': 1,
      [`b#q1#t#${t}#d`]: 1,
      [`b#q1#r#${r}#d`]: 1,
      [`b#q1#g#${g}#d`]: 1,
      [`b#q1#c#${c}#d`]: 1,
      [`b#q1#a#${a}#d`]: 1,
      'a#q2': 1,
      'o#q2#o2': 1,
      'h#q3#4': 1,
      [`b#q3#t#${t}#s`]: 1,
      [`b#q3#r#${r}#s`]: 1,
      [`b#q3#g#${g}#s`]: 1,
      [`b#q3#c#${c}#s`]: 1,
      [`b#q3#a#${a}#s`]: 1,
      'a#q4': 1,
      'f#nps-detractor': 1,
    });
    expect(names).toEqual({
      [`nm#t#${t}`]: 'gold',
      [`nm#r#${r}`]: 'important_value',
      [`nm#g#${g}`]: 'active',
      [`nm#c#${c}`]: '水果',
      [`nm#a#${a}`]: '浙江省',
    });
  });

  it("put a segment unknown at answering under '-', classify promoters, passives and unsatisfied, and skip what was not answered", () => {
    const { adds, names } = responseCounters(
      response({
        answers: { q1: 9, q3: 3, q4: '  ' },
        segments: { tier: null, rfmClass: null, stage: 'new', region: null, category: null },
        followUp: null,
      }),
      questions,
    );
    expect(adds['h#q1#9']).toBe(1);
    expect(adds['b#q1#t#-#p']).toBe(1);
    expect(adds['b#q1#c#-#p']).toBe(1);
    expect(adds['b#q3#a#-#o']).toBe(1);
    expect(Object.keys(adds).some((name) => name.startsWith('a#') || name.startsWith('o#') || name.startsWith('f#'))).toBe(false);
    expect(Object.values(names)).toEqual(['new']);
    expect(responseCounters(response({ answers: { q1: 7 } }), questions).adds[`b#q1#t#${valueId('gold')}#m`]).toBe(1);
  });

  it('count breakdowns for the first three rated questions only, and keep long values to 64 characters', () => {
    const rated: SurveyQuestion[] = ['qa', 'qb', 'qc', 'qd'].map((questionId) => ({
      questionId,
      kind: 'stars',
      title: questionId,
      required: true,
    }));
    const long = '很'.repeat(80);
    const { adds, names } = responseCounters(
      response({ answers: { qa: 5, qb: 5, qc: 5, qd: 5 }, segments: { ...response().segments, category: long } }),
      rated,
    );
    expect(adds['h#qd#5']).toBe(1);
    expect(Object.keys(adds).filter((name) => name.startsWith('b#qd#'))).toEqual([]);
    expect(Object.keys(adds).filter((name) => name.startsWith('b#qc#'))).toHaveLength(5);
    expect(names[`nm#c#${valueId('很'.repeat(64))}`]).toBe('很'.repeat(64));
  });
});

describe("a response's rollup items", () => {
  it("add to its day's, week's and month's item in the member's shard, unconditionally", () => {
    const items = responseRollupItems(db, response(), questions);
    const shard = memberShard('m-alice') % SURVEY_STATS_SHARDS;
    expect(items.map((item) => item.Update!.Key)).toEqual([
      keys.surveyStats('sv_nps', 'DAY#2026-05-06', shard),
      keys.surveyStats('sv_nps', 'WEEK#2026-05-04', shard),
      keys.surveyStats('sv_nps', 'MONTH#2026-05', shard),
    ]);
    for (const item of items) {
      expect(item.Update!.ConditionExpression).toBeUndefined();
      expect(item.Update!.UpdateExpression).toMatch(/^ADD #a0 :a0, .* SET #m0 = :m0/);
      expect(item.Update!.UpdateExpression!.length).toBeLessThan(4096);
    }
  });

  it('continue in a second part of the same shard when one response has more counters than one update takes', () => {
    const many: SurveyQuestion[] = Array.from({ length: 30 }, (_, i) => ({
      questionId: `q${i}`,
      kind: 'multiple' as const,
      title: `${i}`,
      required: true,
      options: Array.from({ length: 20 }, (_, j) => ({ optionId: `o${j}`, label: `${j}` })),
    }));
    const answers = Object.fromEntries(many.map((question) => [question.questionId, question.options!.map((option) => option.optionId)]));
    const items = responseRollupItems(db, response({ answers }), many);
    const counted = 3 + 30 * 21 + 1; // n, version, source; per question answered + 20 options; the follow-up
    expect(items).toHaveLength(3 * Math.ceil(counted / MAX_ADDS_PER_UPDATE));
    expect(items.map((item) => item.Update!.Key!.sk)).toContain(
      `${keys.surveyStats('sv_nps', 'DAY#2026-05-06', 0).sk.slice(0, -2)}#${memberShard('m-alice') % SURVEY_STATS_SHARDS}#x2`,
    );
    for (const item of items) expect(item.Update!.UpdateExpression!.length).toBeLessThan(4096);
    const added = items
      .filter((item) => item.Update!.Key!.sk.startsWith('DAY#'))
      .flatMap((item) => Object.values(item.Update!.ExpressionAttributeNames!));
    expect(added.filter((name) => name.startsWith('o#'))).toHaveLength(600);
  });

  it("count a follow-up's outcome on the day it was recorded", () => {
    const items = followUpOutcomeRollupItems(db, 'sv_nps', '2026-06-01', 'resolved', 'm-alice');
    expect(items.map((item) => item.Update!.Key!.sk.split('#').slice(0, 2).join('#'))).toEqual([
      'DAY#2026-06-01',
      'WEEK#2026-06-01',
      'MONTH#2026-06',
    ]);
    expect(Object.values(items[0]!.Update!.ExpressionAttributeNames!)).toEqual(['fo#resolved']);
  });
});

describe('reading a period', () => {
  it('covers days exactly once with whole months, then whole weeks, then single days', () => {
    // March's last days hold no whole week; April and May are whole; June 1 is a Monday.
    expect(coverDays('2026-03-27', '2026-06-10')).toEqual([
      { kind: 'DAY', first: '2026-03-27', last: '2026-03-31' },
      { kind: 'MONTH', first: '2026-04', last: '2026-05' },
      { kind: 'WEEK', first: '2026-06-01', last: '2026-06-01' },
      { kind: 'DAY', first: '2026-06-08', last: '2026-06-10' },
    ]);
    expect(coverDays('2026-05-06', '2026-05-06')).toEqual([{ kind: 'DAY', first: '2026-05-06', last: '2026-05-06' }]);
    expect(coverDays('2026-01-01', '2026-12-31')).toEqual([{ kind: 'MONTH', first: '2026-01', last: '2026-12' }]);
  });

  it('counts every day of any period exactly once', () => {
    const days = (ranges: ReturnType<typeof coverDays>) =>
      ranges.flatMap((range) => {
        const out: string[] = [];
        const step = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        if (range.kind === 'DAY') for (let d = range.first; d <= range.last; d = step(d, 1)) out.push(d);
        if (range.kind === 'WEEK')
          for (let m = range.first; m <= range.last; m = step(m, 7)) for (let i = 0; i < 7; i++) out.push(step(m, i));
        if (range.kind === 'MONTH') for (let d = `${range.first}-01`; d.slice(0, 7) <= range.last; d = step(d, 1)) out.push(d);
        return out;
      });
    for (const [from, to] of [
      ['2026-02-15', '2026-03-20'],
      ['2025-12-29', '2026-02-28'],
      ['2026-01-31', '2026-02-01'],
      ['2024-02-20', '2025-02-19'],
    ] as const) {
      const covered = days(coverDays(from, to)).sort();
      expect(new Set(covered).size).toBe(covered.length);
      expect(covered[0]).toBe(from);
      expect(covered.at(-1)).toBe(to);
      expect(covered.length).toBe((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
    }
  });

  it('sums items counter by counter and keeps the value names', () => {
    expect(
      sumStats([
        { pk: 'SURVEYSTATS#sv_nps', sk: 'DAY#2026-05-06#0', n: 2, 'h#q1#9': 2, 'nm#c#k1': '水果' },
        { pk: 'SURVEYSTATS#sv_nps', sk: 'DAY#2026-05-06#1', n: 1, 'h#q1#3': 1 },
      ]),
    ).toEqual({ counters: { n: 3, 'h#q1#9': 2, 'h#q1#3': 1 }, names: { 'nm#c#k1': '水果' } });
  });
});
