import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BANDS, LIFECYCLE_STAGES, RFM_CLASSES } from '@linli/shared/insight';
import { BoundedSegmentRule, SegmentCondition, type SegmentField, type SegmentRule } from '@linli/shared/segments';
import {
  addCondition,
  addGroup,
  blankRule,
  describeRule,
  draftFromRule,
  EMPTY_RULE_MESSAGE,
  removeNode,
  ruleFromDraft,
  SEGMENT_FIELDS,
  setOp,
  updateCondition,
  type ConditionPatch,
  type DraftRule,
} from './segment-rule';

/** Keys k1, k2, … in the order asked for. */
function keys() {
  let n = 0;
  return () => `k${++n}`;
}

const NAMES = { tierName: (code: string) => ({ silver: '银卡会员', gold: '金卡会员' })[code] };

/** Builds a draft as the page does: a row for each field, then typed into. */
function draftWith(...rows: Array<ConditionPatch & { field: SegmentField }>): DraftRule {
  const next = keys();
  let draft = blankRule('root');
  for (const { field, ...patch } of rows) {
    const key = next();
    draft = updateCondition(addCondition(draft, 'root', field, key), key, patch);
  }
  return draft;
}

describe('the segment builder’s draft → the rule the API takes', () => {
  it('makes "生命周期 流失风险 or 忠诚, and bought in the last 90 days" the rule the 客户列表 filter would', () => {
    const draft = draftWith(
      { field: 'stage', values: ['at_risk', 'loyal'] },
      { field: 'lastOrderDaysAgo', lastOrder: 'within', days: '90' },
    );
    expect(ruleFromDraft(draft)).toEqual({
      ok: true,
      rule: {
        op: 'and',
        conditions: [
          { field: 'stage', in: ['at_risk', 'loyal'] },
          // Within 90 days with today as one of them: 89 days ago at most.
          { field: 'lastOrderDaysAgo', max: 89 },
        ],
      },
    });
  });

  it('converts the units people type: 元 to fen, % to a share, days since', () => {
    const draft = draftWith(
      { field: 'clvFen', min: '100.5', max: '' },
      { field: 'pAlive', min: '', max: '12.5' },
      { field: 'pointsBalance', min: '0', max: '500' },
      { field: 'lastOrderDaysAgo', lastOrder: 'notWithin', days: '180' },
      { field: 'rfmScore', score: 'm', min: '4', max: '5' },
      { field: 'category', values: [' 水果 ', '水果', '粮油'], withinDays: '30' },
      { field: 'birthdayMonth', values: ['12', '3'] },
      { field: 'marketingConsent', consent: false },
    );
    const check = ruleFromDraft(draft);
    expect(check.ok && check.rule.conditions).toEqual([
      { field: 'clvFen', min: 10_050 },
      { field: 'pAlive', max: 0.125 },
      { field: 'pointsBalance', min: 0, max: 500 },
      { field: 'lastOrderDaysAgo', min: 180 },
      { field: 'rfmScore', score: 'm', min: 4, max: 5 },
      { field: 'category', in: ['水果', '粮油'], withinDays: 30 },
      { field: 'birthdayMonth', in: [3, 12] },
      { field: 'marketingConsent', value: false },
    ]);
  });

  it('says in Chinese what is wrong with each row, all at once, and sends nothing', () => {
    const draft = draftWith(
      { field: 'stage', values: [] },
      { field: 'clvFen', min: '', max: '' },
      { field: 'pAlive', min: '80', max: '20' },
      { field: 'pointsBalance', min: '1.5' },
      { field: 'clvFen', min: '1.234' },
      { field: 'pAlive', max: '101' },
      { field: 'rfmScore', min: '6' },
      { field: 'joined', fromDay: '2026-11-02', toDay: '2026-11-01' },
      { field: 'category', values: ['水果'], withinDays: '0' },
      { field: 'region', values: ['  '] },
      { field: 'lastOrderDaysAgo', lastOrder: 'within', days: '' },
    );
    const check = ruleFromDraft(draft);
    expect(check).toEqual({
      ok: false,
      message: null,
      errors: {
        k1: '请至少选择一项',
        k2: '请填写最低值或最高值',
        k3: '最低值不能高于最高值',
        k4: '请填写不小于 0 的整数',
        k5: '金额请填写数字（元），最多两位小数',
        k6: '概率请填写 0–100 之间的数',
        k7: '评分请填写 1–5 的整数',
        k8: '开始日期不能晚于结束日期',
        k9: '天数请填写 1–3650 的整数',
        k10: '请至少填写一项',
        k11: '天数请填写 1–3650 的整数',
      },
    });
  });

  it('refuses an empty rule, an empty group and more conditions than the API allows', () => {
    expect(ruleFromDraft(blankRule('root'))).toEqual({ ok: false, errors: {}, message: EMPTY_RULE_MESSAGE });

    const withEmptyGroup = addGroup(draftWith({ field: 'marketingConsent' }), 'root', 'g1');
    expect(ruleFromDraft(withEmptyGroup)).toEqual({ ok: false, errors: { g1: '条件组里还没有条件' }, message: null });

    const many = draftWith(...Array.from({ length: 21 }, () => ({ field: 'marketingConsent' as const })));
    expect(ruleFromDraft(many)).toMatchObject({ ok: false, message: '最多 20 个条件，请删去一些' });
  });

  it('nests a group under the other operator: 满足全部 of (A, 满足任一 of B, C)', () => {
    let draft = draftWith({ field: 'riskBand', values: ['high'] });
    draft = addGroup(draft, 'root', 'g1');
    draft = addCondition(draft, 'g1', 'tag', 'g1-a');
    draft = updateCondition(draft, 'g1-a', { values: ['老客'] });
    draft = addCondition(draft, 'g1', 'tier', 'g1-b');
    draft = updateCondition(draft, 'g1-b', { values: ['gold'] });
    const check = ruleFromDraft(draft);
    expect(check.ok && check.rule).toEqual({
      op: 'and',
      conditions: [{ field: 'riskBand', in: ['high'] }],
      groups: [
        {
          op: 'or',
          conditions: [
            { field: 'tag', in: ['老客'] },
            { field: 'tier', in: ['gold'] },
          ],
        },
      ],
    });
    const flipped = setOp(setOp(draft, 'root', 'or'), 'g1', 'and');
    const flippedCheck = ruleFromDraft(flipped);
    expect(flippedCheck.ok && [flippedCheck.rule.op, flippedCheck.rule.groups?.[0]?.op]).toEqual(['or', 'and']);
    // Removing the group takes its rows with it.
    const removed = ruleFromDraft(removeNode(draft, 'g1'));
    expect(removed.ok && removed.rule).toEqual({ op: 'and', conditions: [{ field: 'riskBand', in: ['high'] }] });
  });
});

describe('a saved rule → the draft and back', () => {
  it('offers every field a condition can be on, each with a Chinese label', () => {
    const schemaFields = SegmentCondition.options.map((option) => option.shape.field.value);
    expect(SEGMENT_FIELDS.map((spec) => spec.field).sort()).toEqual([...schemaFields].sort());
    for (const spec of SEGMENT_FIELDS) expect(spec.label).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('gives back exactly the rule it was loaded from, for any rule the API accepts', () => {
    fc.assert(
      fc.property(ruleArbitrary, (rule) => {
        const check = ruleFromDraft(draftFromRule(rule, keys()));
        expect(check).toEqual({ ok: true, rule });
      }),
      { numRuns: 300 },
    );
  });
});

describe('a rule in one Chinese line', () => {
  it('names values, never codes, and brackets groups', () => {
    const rule: SegmentRule = {
      op: 'and',
      conditions: [
        { field: 'stage', in: ['at_risk', 'loyal'] },
        { field: 'lastOrderDaysAgo', max: 89 },
      ],
      groups: [
        {
          op: 'or',
          conditions: [
            { field: 'tier', in: ['gold', 'retired'] },
            { field: 'clvFen', min: 50_000 },
            { field: 'pAlive', max: 0.3 },
            { field: 'category', in: ['水果'], withinDays: 30 },
          ],
        },
      ],
    };
    expect(describeRule(rule, NAMES)).toBe(
      '生命周期：流失风险、忠诚 且 最近购买：90 天内 且 （会员等级：金卡会员、已删除的等级 或 12个月价值 ≥ 500 元 或 仍活跃概率 ≤ 30% 或 近 30 天购买品类：水果）',
    );
    expect(
      describeRule(
        {
          op: 'or',
          conditions: [
            { field: 'lastOrderDaysAgo', min: 180 },
            { field: 'rfmScore', score: 'r', min: 4 },
          ],
        },
        NAMES,
      ),
    ).toBe('180 天内未购买 或 最近购买评分 ≥ 4');
  });
});

// ---- Rules the API accepts, for the round trip -------------------------------------------------

const label = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((value) => value.trim() === value && value.length > 0 && !value.includes('、'));
const labels = fc.uniqueArray(label, { minLength: 1, maxLength: 4 });
const someOf = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length });
const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
function bounds(min: number, max: number, scale = (n: number) => n) {
  return fc
    .tuple(fc.option(fc.integer({ min, max }), { nil: undefined }), fc.option(fc.integer({ min, max }), { nil: undefined }))
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => {
      const [low, high] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
      return { ...(low === undefined ? {} : { min: scale(low) }), ...(high === undefined ? {} : { max: scale(high) }) };
    });
}

const conditionArbitrary: fc.Arbitrary<SegmentCondition> = fc.oneof(
  labels.map((values) => ({ field: 'tier' as const, in: values })),
  someOf(LIFECYCLE_STAGES).map((values) => ({ field: 'stage' as const, in: values })),
  someOf(RFM_CLASSES).map((values) => ({ field: 'rfmClass' as const, in: values })),
  someOf(BANDS).map((values) => ({ field: 'riskBand' as const, in: values })),
  someOf(BANDS).map((values) => ({ field: 'valueBand' as const, in: values })),
  someOf(BANDS).map((values) => ({ field: 'frequencyBand' as const, in: values })),
  fc
    .tuple(fc.constantFrom('r' as const, 'f' as const, 'm' as const), bounds(1, 5))
    .map(([score, range]) => ({ field: 'rfmScore' as const, score, ...range })),
  bounds(0, 1_000_000_000).map((range) => ({ field: 'clvFen' as const, ...range })),
  bounds(0, 10_000, (n) => n / 10_000).map((range) => ({ field: 'pAlive' as const, ...range })),
  bounds(0, 100_000_000).map((range) => ({ field: 'pointsBalance' as const, ...range })),
  labels.map((values) => ({ field: 'tag' as const, in: values })),
  fc
    .tuple(labels, fc.option(fc.integer({ min: 1, max: 3650 }), { nil: undefined }))
    .map(([values, withinDays]) => ({ field: 'category' as const, in: values, ...(withinDays ? { withinDays } : {}) })),
  labels.map((values) => ({ field: 'region' as const, in: values })),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 })
    .map((months) => ({ field: 'birthdayMonth' as const, in: months.sort((a, b) => a - b) })),
  fc
    .tuple(fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }))
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => {
      const [fromDay, toDay] = a && b && a > b ? [b, a] : [a, b];
      return { field: 'joined' as const, ...(fromDay ? { fromDay } : {}), ...(toDay ? { toDay } : {}) };
    }),
  bounds(0, 36_500).map((range) => ({ field: 'lastOrderDaysAgo' as const, ...range })),
  fc.boolean().map((value) => ({ field: 'marketingConsent' as const, value })),
);

const op = fc.constantFrom('and' as const, 'or' as const);
const leaf: fc.Arbitrary<SegmentRule> = fc
  .record({ op, conditions: fc.array(conditionArbitrary, { minLength: 1, maxLength: 3 }) })
  .map((rule) => rule);
const middle: fc.Arbitrary<SegmentRule> = fc
  .record({ op, conditions: fc.array(conditionArbitrary, { minLength: 1, maxLength: 3 }), groups: fc.array(leaf, { maxLength: 2 }) })
  .map(({ groups, ...rule }) => (groups.length > 0 ? { ...rule, groups } : rule));
const ruleArbitrary: fc.Arbitrary<SegmentRule> = fc
  .record({ op, conditions: fc.array(conditionArbitrary, { maxLength: 3 }), groups: fc.array(middle, { maxLength: 2 }) })
  .map(({ groups, ...rule }) => (groups.length > 0 ? { ...rule, groups } : rule))
  .filter((rule) => BoundedSegmentRule.safeParse(rule).success);
