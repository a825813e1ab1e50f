import {
  BANDS,
  FREQUENCY_BAND_NAMES,
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_NAMES,
  RFM_CLASSES,
  RFM_CLASS_NAMES,
  RISK_BAND_NAMES,
  VALUE_BAND_NAMES,
} from '@linli/shared/insight';
import {
  BoundedSegmentRule,
  MAX_SEGMENT_CONDITIONS,
  MAX_SEGMENT_DEPTH,
  type SegmentCondition,
  type SegmentField,
  type SegmentRule,
} from '@linli/shared/segments';
import { formatYuanShort, parseYuanToFen } from '@/format/money';

/*
 * The segment builder's state and its two-way mapping to a SegmentRule. The page edits a draft —
 * what the operator typed, as text, in the units shown (元, %, days) — and this module turns it
 * into the rule the API takes, or says in Chinese what is missing on which row. Pure: the page
 * and the unit tests use the same functions.
 */

/** How a field's condition is edited. */
export type EditorKind =
  | 'choice' // fixed options (stage, RFM class, bands)
  | 'tier' // the shop's tiers
  | 'tag' // the shop's tag catalog
  | 'text' // typed values (region)
  | 'category' // typed categories, bought ever or in the last N days
  | 'month' // birthday months
  | 'score' // R, F or M score between 1 and 5
  | 'range' // a number between a lowest and a highest value
  | 'joined' // a day range
  | 'lastOrder' // within / not within N days, or between
  | 'consent';

/** The headings the field picker groups fields under. */
export const FIELD_SECTIONS = ['客户洞察', '购买行为', '会员资料'] as const;

export interface FieldSpec {
  field: SegmentField;
  label: string;
  kind: EditorKind;
  section: (typeof FIELD_SECTIONS)[number];
  /** The fixed options of a 'choice' field, in display order. */
  options?: ReadonlyArray<{ value: string; label: string }>;
  /** The unit a 'range' is typed in. */
  unit?: string;
}

const options = <T extends string>(codes: readonly T[], names: Record<T, string>) => codes.map((value) => ({ value, label: names[value] }));

/** Every field a condition can be on, in the field picker's order, with its Chinese label. */
export const SEGMENT_FIELDS: readonly FieldSpec[] = [
  { field: 'stage', label: '生命周期', kind: 'choice', section: '客户洞察', options: options(LIFECYCLE_STAGES, LIFECYCLE_STAGE_NAMES) },
  { field: 'rfmClass', label: 'RFM 分类', kind: 'choice', section: '客户洞察', options: options(RFM_CLASSES, RFM_CLASS_NAMES) },
  { field: 'riskBand', label: '流失风险', kind: 'choice', section: '客户洞察', options: options(BANDS, RISK_BAND_NAMES) },
  { field: 'valueBand', label: '价值分层', kind: 'choice', section: '客户洞察', options: options(BANDS, VALUE_BAND_NAMES) },
  { field: 'frequencyBand', label: '购买频次', kind: 'choice', section: '客户洞察', options: options(BANDS, FREQUENCY_BAND_NAMES) },
  { field: 'rfmScore', label: 'RFM 评分', kind: 'score', section: '客户洞察' },
  { field: 'clvFen', label: '12个月价值', kind: 'range', section: '客户洞察', unit: '元' },
  { field: 'pAlive', label: '仍活跃概率', kind: 'range', section: '客户洞察', unit: '%' },
  { field: 'lastOrderDaysAgo', label: '最近购买', kind: 'lastOrder', section: '购买行为' },
  { field: 'category', label: '购买品类', kind: 'category', section: '购买行为' },
  { field: 'region', label: '地区', kind: 'text', section: '购买行为' },
  { field: 'tier', label: '会员等级', kind: 'tier', section: '会员资料' },
  { field: 'tag', label: '标签', kind: 'tag', section: '会员资料' },
  { field: 'pointsBalance', label: '积分余额', kind: 'range', section: '会员资料', unit: '积分' },
  { field: 'birthdayMonth', label: '生日月份', kind: 'month', section: '会员资料' },
  { field: 'joined', label: '加入日期', kind: 'joined', section: '会员资料' },
  { field: 'marketingConsent', label: '营销许可', kind: 'consent', section: '会员资料' },
];

const SPECS = new Map(SEGMENT_FIELDS.map((spec) => [spec.field, spec]));

export function fieldSpec(field: SegmentField): FieldSpec {
  return SPECS.get(field)!;
}

export const RFM_SCORE_NAMES = { r: '最近购买（R）', f: '购买频次（F）', m: '消费金额（M）' } as const;
export type RfmScoreLetter = keyof typeof RFM_SCORE_NAMES;

/** How a 最近购买 condition reads: bought in the last N days, not in the last N days, or between a and b days ago. */
export type LastOrderMode = 'within' | 'notWithin' | 'between';

/**
 * One condition row as typed. Every row has every part; its field's editor uses some of them, so a
 * change of field keeps nothing stale that matters (blankCondition starts a row afresh).
 */
export interface DraftCondition {
  key: string;
  field: SegmentField;
  /** Chosen or typed values (months as '1'…'12'). */
  values: string[];
  /** A range's bounds in the unit shown; for 'between' the days ago. */
  min: string;
  max: string;
  score: RfmScoreLetter;
  /** A category bought in the last N days; '' for ever. */
  withinDays: string;
  fromDay: string;
  toDay: string;
  lastOrder: LastOrderMode;
  /** The N of within / not within N days. */
  days: string;
  /** true: members who did not refuse personalised marketing. */
  consent: boolean;
}

export interface DraftRule {
  key: string;
  op: 'and' | 'or';
  conditions: DraftCondition[];
  groups: DraftRule[];
}

/** A fresh row for `field` (a new row, or the row whose field was just changed). */
export function blankCondition(field: SegmentField, key: string): DraftCondition {
  return {
    key,
    field,
    values: [],
    min: '',
    max: '',
    score: 'r',
    withinDays: '',
    fromDay: '',
    toDay: '',
    lastOrder: 'within',
    days: field === 'lastOrderDaysAgo' ? '90' : '',
    consent: true,
  };
}

export function blankRule(key: string, op: 'and' | 'or' = 'and'): DraftRule {
  return { key, op, conditions: [], groups: [] };
}

// ---- Rule → draft ------------------------------------------------------------------------------

const text = (value: number | undefined, show: (n: number) => string = String) => (value === undefined ? '' : show(value));
const percent = (share: number) => String(Number((share * 100).toFixed(2)));

function draftCondition(condition: SegmentCondition, key: string): DraftCondition {
  const row = blankCondition(condition.field, key);
  switch (condition.field) {
    case 'tier':
    case 'stage':
    case 'rfmClass':
    case 'riskBand':
    case 'valueBand':
    case 'frequencyBand':
    case 'tag':
    case 'region':
      return { ...row, values: [...condition.in] };
    case 'birthdayMonth':
      return { ...row, values: condition.in.map(String) };
    case 'category':
      return { ...row, values: [...condition.in], withinDays: text(condition.withinDays) };
    case 'rfmScore':
      return { ...row, score: condition.score, min: text(condition.min), max: text(condition.max) };
    case 'clvFen':
      return { ...row, min: text(condition.min, formatYuanShort), max: text(condition.max, formatYuanShort) };
    case 'pAlive':
      return { ...row, min: text(condition.min, percent), max: text(condition.max, percent) };
    case 'pointsBalance':
      return { ...row, min: text(condition.min), max: text(condition.max) };
    case 'joined':
      return { ...row, fromDay: condition.fromDay ?? '', toDay: condition.toDay ?? '' };
    case 'lastOrderDaysAgo':
      // The N of "within / not within N days" is 1–3650; any other bounds read as a plain range.
      if (condition.min === undefined && condition.max! < 3650) return { ...row, lastOrder: 'within', days: String(condition.max! + 1) };
      if (condition.max === undefined && condition.min! >= 1 && condition.min! <= 3650)
        return { ...row, lastOrder: 'notWithin', days: String(condition.min) };
      return { ...row, lastOrder: 'between', days: '', min: text(condition.min), max: text(condition.max) };
    case 'marketingConsent':
      return { ...row, consent: condition.value };
  }
}

/** A saved rule as the builder shows it; `newKey` names each row and group. */
export function draftFromRule(rule: SegmentRule, newKey: () => string): DraftRule {
  return {
    key: newKey(),
    op: rule.op,
    conditions: rule.conditions.map((condition) => draftCondition(condition, newKey())),
    groups: (rule.groups ?? []).map((group) => draftFromRule(group, newKey)),
  };
}

// ---- Draft → rule ------------------------------------------------------------------------------

type Parsed<T> = { value: T } | { error: string };

const INTEGER = /^\d{1,9}$/;
const DECIMAL = /^\d{1,9}(?:\.\d{1,2})?$/;

/** A bound as typed, in the row's unit, to the number the API takes (undefined: left empty). */
function parseBound(raw: string, field: SegmentField): Parsed<number | undefined> {
  const typed = raw.trim();
  if (typed === '') return { value: undefined };
  switch (field) {
    case 'clvFen': {
      const fen = parseYuanToFen(typed);
      return fen === null ? { error: '金额请填写数字（元），最多两位小数' } : { value: fen };
    }
    case 'pAlive': {
      if (!DECIMAL.test(typed) || Number(typed) > 100) return { error: '概率请填写 0–100 之间的数' };
      return { value: Number((Number(typed) / 100).toFixed(4)) };
    }
    case 'rfmScore':
      return /^[1-5]$/.test(typed) ? { value: Number(typed) } : { error: '评分请填写 1–5 的整数' };
    case 'lastOrderDaysAgo':
      return INTEGER.test(typed) && Number(typed) <= 36_500 ? { value: Number(typed) } : { error: '天数请填写 0–36500 的整数' };
    default:
      return INTEGER.test(typed) ? { value: Number(typed) } : { error: '请填写不小于 0 的整数' };
  }
}

function parseRange(row: DraftCondition): Parsed<{ min?: number; max?: number }> {
  const min = parseBound(row.min, row.field);
  if ('error' in min) return min;
  const max = parseBound(row.max, row.field);
  if ('error' in max) return max;
  if (min.value === undefined && max.value === undefined) return { error: '请填写最低值或最高值' };
  if (min.value !== undefined && max.value !== undefined && min.value > max.value) return { error: '最低值不能高于最高值' };
  return {
    value: { ...(min.value === undefined ? {} : { min: min.value }), ...(max.value === undefined ? {} : { max: max.value }) },
  };
}

function parseDays(raw: string, low: number, high: number): number | null {
  const typed = raw.trim();
  return INTEGER.test(typed) && Number(typed) >= low && Number(typed) <= high ? Number(typed) : null;
}

const trimmedValues = (row: DraftCondition) => [...new Set(row.values.map((value) => value.trim()).filter(Boolean))];

/** One row as a condition, or what is wrong with it in Chinese. */
export function conditionFromDraft(row: DraftCondition): Parsed<SegmentCondition> {
  const values = trimmedValues(row);
  const spec = fieldSpec(row.field);
  const needValues = () => ({ error: spec.kind === 'text' || spec.kind === 'category' ? '请至少填写一项' : '请至少选择一项' });
  const tooMany =
    values.length > 50 ? { error: '最多 50 项' } : values.some((value) => value.length > 64) ? { error: '每项最多 64 个字' } : null;
  switch (row.field) {
    case 'tier':
    case 'tag':
    case 'region':
      if (values.length === 0) return needValues();
      return tooMany ?? { value: { field: row.field, in: values } };
    case 'stage':
      if (values.length === 0) return needValues();
      return { value: { field: 'stage', in: values as Array<(typeof LIFECYCLE_STAGES)[number]> } };
    case 'rfmClass':
      if (values.length === 0) return needValues();
      return { value: { field: 'rfmClass', in: values as Array<(typeof RFM_CLASSES)[number]> } };
    case 'riskBand':
    case 'valueBand':
    case 'frequencyBand':
      if (values.length === 0) return needValues();
      return { value: { field: row.field, in: values as Array<(typeof BANDS)[number]> } };
    case 'birthdayMonth':
      if (values.length === 0) return needValues();
      return { value: { field: 'birthdayMonth', in: values.map(Number).sort((a, b) => a - b) } };
    case 'category': {
      if (values.length === 0) return needValues();
      if (tooMany) return tooMany;
      if (row.withinDays.trim() === '') return { value: { field: 'category', in: values } };
      const withinDays = parseDays(row.withinDays, 1, 3650);
      return withinDays === null ? { error: '天数请填写 1–3650 的整数' } : { value: { field: 'category', in: values, withinDays } };
    }
    case 'rfmScore': {
      const range = parseRange(row);
      return 'error' in range ? range : { value: { field: 'rfmScore', score: row.score, ...range.value } };
    }
    case 'clvFen':
    case 'pAlive':
    case 'pointsBalance': {
      const range = parseRange(row);
      return 'error' in range ? range : { value: { field: row.field, ...range.value } };
    }
    case 'joined': {
      if (!row.fromDay && !row.toDay) return { error: '请选择开始或结束日期' };
      if (row.fromDay && row.toDay && row.fromDay > row.toDay) return { error: '开始日期不能晚于结束日期' };
      return {
        value: { field: 'joined', ...(row.fromDay ? { fromDay: row.fromDay } : {}), ...(row.toDay ? { toDay: row.toDay } : {}) },
      };
    }
    case 'lastOrderDaysAgo': {
      if (row.lastOrder === 'between') {
        const range = parseRange(row);
        return 'error' in range ? range : { value: { field: 'lastOrderDaysAgo', ...range.value } };
      }
      // Within N days counts today as one of them, as the 客户列表's filter does: N − 1 days ago at most.
      const days = parseDays(row.days, 1, 3650);
      if (days === null) return { error: '天数请填写 1–3650 的整数' };
      return {
        value: row.lastOrder === 'within' ? { field: 'lastOrderDaysAgo', max: days - 1 } : { field: 'lastOrderDaysAgo', min: days },
      };
    }
    case 'marketingConsent':
      return { value: { field: 'marketingConsent', value: row.consent } };
  }
}

export type RuleCheck =
  | { ok: true; rule: SegmentRule }
  | {
      ok: false;
      /** What is wrong with each row or group, by its key. */
      errors: Record<string, string>;
      /** What is wrong with the rule as a whole (empty, too many conditions), if anything. */
      message: string | null;
    };

export const EMPTY_RULE_MESSAGE = '请添加至少一个条件';

/**
 * The draft as the rule the API takes, or every problem at once: each row's, each empty group's,
 * and the whole rule's (no condition; more than the API allows). The API's own schema has the last
 * word, so what passes here is what the server accepts.
 */
export function ruleFromDraft(draft: DraftRule): RuleCheck {
  const errors: Record<string, string> = {};
  const build = (group: DraftRule, depth: number): SegmentRule => {
    const conditions = group.conditions.flatMap((row) => {
      const parsed = conditionFromDraft(row);
      if ('error' in parsed) {
        errors[row.key] = parsed.error;
        return [];
      }
      return [parsed.value];
    });
    const groups = group.groups.map((inner) => build(inner, depth + 1));
    if (depth > 1 && group.conditions.length === 0 && group.groups.length === 0) errors[group.key] = '条件组里还没有条件';
    if (depth > MAX_SEGMENT_DEPTH) errors[group.key] = `条件组最多嵌套 ${MAX_SEGMENT_DEPTH} 层`;
    return { op: group.op, conditions, ...(groups.length > 0 ? { groups } : {}) };
  };
  const rule = build(draft, 1);
  const total = countConditions(draft);
  const message =
    total === 0 ? EMPTY_RULE_MESSAGE : total > MAX_SEGMENT_CONDITIONS ? `最多 ${MAX_SEGMENT_CONDITIONS} 个条件，请删去一些` : null;
  if (message || Object.keys(errors).length > 0) return { ok: false, errors, message };
  const checked = BoundedSegmentRule.safeParse(rule);
  if (!checked.success) return { ok: false, errors, message: '条件有误，请检查后重试' };
  return { ok: true, rule: checked.data };
}

export function countConditions(draft: DraftRule): number {
  return draft.conditions.length + draft.groups.reduce((sum, group) => sum + countConditions(group), 0);
}

// ---- Editing the draft (each returns a new draft) ----------------------------------------------

function mapGroups(draft: DraftRule, change: (group: DraftRule) => DraftRule): DraftRule {
  const changed = change(draft);
  return { ...changed, groups: changed.groups.map((group) => mapGroups(group, change)) };
}

/** Adds a row for `field` at the end of the group `groupKey`. */
export function addCondition(draft: DraftRule, groupKey: string, field: SegmentField, key: string): DraftRule {
  return mapGroups(draft, (group) =>
    group.key === groupKey ? { ...group, conditions: [...group.conditions, blankCondition(field, key)] } : group,
  );
}

/** Adds an empty group under the group `parentKey`; its operator is the other one (a group of the same operator adds nothing). */
export function addGroup(draft: DraftRule, parentKey: string, key: string): DraftRule {
  return mapGroups(draft, (group) =>
    group.key === parentKey ? { ...group, groups: [...group.groups, blankRule(key, group.op === 'and' ? 'or' : 'and')] } : group,
  );
}

export function setOp(draft: DraftRule, groupKey: string, op: 'and' | 'or'): DraftRule {
  return mapGroups(draft, (group) => (group.key === groupKey ? { ...group, op } : group));
}

/** What a row's editor may change: everything but which row it is and which field it is on. */
export type ConditionPatch = Partial<Omit<DraftCondition, 'key' | 'field'>>;

/** Changes one row. */
export function updateCondition(draft: DraftRule, rowKey: string, patch: ConditionPatch): DraftRule {
  return mapGroups(draft, (group) => ({
    ...group,
    conditions: group.conditions.map((row) => (row.key === rowKey ? { ...row, ...patch } : row)),
  }));
}

/** Removes the row or group `key` (with everything in it). */
export function removeNode(draft: DraftRule, key: string): DraftRule {
  return mapGroups(draft, (group) => ({
    ...group,
    conditions: group.conditions.filter((row) => row.key !== key),
    groups: group.groups.filter((inner) => inner.key !== key),
  }));
}

/** Adds a value to a row's list if it is not there, or takes it out if it is. */
export function toggleValue(values: readonly string[], value: string): string[] {
  return values.includes(value) ? values.filter((existing) => existing !== value) : [...values, value];
}

// ---- Describing a rule in Chinese --------------------------------------------------------------

export interface RuleNames {
  /** A tier's name by its code (a code no tier has any more is shown as 已删除的等级). */
  tierName(code: string): string | undefined;
}

const joinValues = (values: readonly string[]) => values.join('、');
const bound = (condition: { min?: number | undefined; max?: number | undefined }, show: (n: number) => string) => {
  if (condition.min !== undefined && condition.max !== undefined) return `${show(condition.min)}–${show(condition.max)}`;
  if (condition.min !== undefined) return `≥ ${show(condition.min)}`;
  return `≤ ${show(condition.max!)}`;
};

/** One condition in a few Chinese words: "生命周期：流失风险、忠诚", "最近购买：90 天内". */
export function describeCondition(condition: SegmentCondition, names: RuleNames): string {
  const label = fieldSpec(condition.field).label;
  const named = (values: readonly string[]) => {
    const spec = fieldSpec(condition.field);
    return joinValues(values.map((value) => spec.options?.find((option) => option.value === value)?.label ?? value));
  };
  switch (condition.field) {
    case 'stage':
    case 'rfmClass':
    case 'riskBand':
    case 'valueBand':
    case 'frequencyBand':
      return `${label}：${named(condition.in)}`;
    case 'tier':
      return `${label}：${joinValues(condition.in.map((code) => names.tierName(code) ?? '已删除的等级'))}`;
    case 'tag':
    case 'region':
      return `${label}：${joinValues(condition.in)}`;
    case 'category':
      return `${condition.withinDays ? `近 ${condition.withinDays} 天` : ''}${label}：${joinValues(condition.in)}`;
    case 'birthdayMonth':
      return `${label}：${joinValues(condition.in.map((month) => `${month}月`))}`;
    case 'rfmScore':
      return `${RFM_SCORE_NAMES[condition.score].replace(/（.）$/, '')}评分 ${bound(condition, String)}`;
    case 'clvFen':
      return `${label} ${bound(condition, (fen) => `${formatYuanShort(fen)} 元`)}`;
    case 'pAlive':
      return `${label} ${bound(condition, (share) => `${percent(share)}%`)}`;
    case 'pointsBalance':
      return `${label} ${bound(condition, String)}`;
    case 'joined':
      if (condition.fromDay && condition.toDay) return `${label}：${condition.fromDay} 至 ${condition.toDay}`;
      return condition.fromDay ? `${label}：${condition.fromDay} 起` : `${label}：${condition.toDay} 前`;
    case 'lastOrderDaysAgo':
      if (condition.min === undefined) return `${label}：${condition.max! + 1} 天内`;
      if (condition.max === undefined) return `${condition.min} 天内未购买`;
      return `${label}：${condition.min}–${condition.max} 天前`;
    case 'marketingConsent':
      return condition.value ? '接受个性化营销' : '拒绝个性化营销';
  }
}

/** The whole rule in one line: conditions joined by 且 / 或, groups in brackets. */
export function describeRule(rule: SegmentRule, names: RuleNames): string {
  const parts = [
    ...rule.conditions.map((condition) => describeCondition(condition, names)),
    ...(rule.groups ?? []).map((group) => `（${describeRule(group, names)}）`),
  ];
  return parts.join(rule.op === 'and' ? ' 且 ' : ' 或 ');
}
