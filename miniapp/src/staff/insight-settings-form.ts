import { InsightSettings, MAX_TAG_RULES, type TagRule } from '@linli/shared/insight';
import { tagNameProblem } from '@linli/shared/tag-name';
import { formatYuanShort, parseYuanToFen } from '@/format/money';

/*
 * 洞察设置 as a form: every number as the seller types it (the target in 元, probabilities and the
 * discount rate in %), checked by the same schema the server applies (InsightSettings), and the
 * problems — the form's own or the server's 400 issues — filed by field in Chinese.
 */

export type TagRuleKind = TagRule['kind'];

/** One rule tag as the form holds it. */
export interface TagRuleRow {
  /** Stable across edits, for React lists (not sent). */
  key: string;
  kind: TagRuleKind;
  tag: string;
  days: string;
  /** Only for 'category-within'; kept while the kind is switched back and forth. */
  category: string;
}

export interface InsightSettingsFormValues {
  /** 销售目标 in 元; empty: none set. */
  target: string;
  rfmWindowDays: string;
  /** true: 高 is above the mean score (rfmThresholds null); false: the three thresholds below. */
  thresholdsByMean: boolean;
  thresholdR: string;
  thresholdF: string;
  thresholdM: string;
  newDays: string;
  loyalOccasions: string;
  atRiskDays: string;
  lostDays: string;
  /** P(alive) thresholds, in %. */
  atRiskPercent: string;
  lostPercent: string;
  /** Monthly discount rate, in %. */
  discountPercent: string;
  minRepeatBuyersToFit: string;
  tagRules: TagRuleRow[];
  /** The version the form was loaded from, sent back so a stale save is refused. */
  version: number;
}

/** The fields a problem can stand beside; tag rules file theirs as `tagRules.<i>.<field>`. */
export type SettingsField = Exclude<keyof InsightSettingsFormValues, 'tagRules' | 'version' | 'thresholdsByMean'>;

/** Problems by where they show: a field (`lostDays`), a rule's field (`tagRules.2.tag`), `tagRules`, or `form`. */
export type InsightSettingsErrors = Record<string, string>;

export { MAX_TAG_RULES };

let keySeq = 0;
function newKey(): string {
  keySeq += 1;
  return `rule-${keySeq}`;
}

/** A share (0..1) as a percentage to type: 0.15 → "15", 0.005 → "0.5", 0.125 → "12.5". */
export function percentText(share: number): string {
  return String(Number((share * 100).toFixed(2)));
}

/**
 * A percentage typed with at most two decimals, as a share (0..1) without floating-point drift:
 * "15" → 0.15, "0.5" → 0.005, "12.25" → 0.1225. Null for anything else or above 100.
 */
export function parsePercent(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  // Whole hundredths of a percent, divided once: the share is the double nearest the typed decimal.
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 10_000 ? null : hundredths / 10_000;
}

/** 销售目标 as typed in 元 → fen; empty is "none set" (null), anything unreadable undefined. */
export function parseTarget(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseYuanToFen(text) ?? undefined;
}

export function newTagRuleRow(kind: TagRuleKind = 'category-within'): TagRuleRow {
  return { key: newKey(), kind, tag: '', days: '30', category: '' };
}

/** The form for the settings in force. */
export function settingsToForm(settings: InsightSettings, version: number): InsightSettingsFormValues {
  const thresholds = settings.rfmThresholds;
  return {
    target: settings.monthlySalesTargetFen === null ? '' : formatYuanShort(settings.monthlySalesTargetFen),
    rfmWindowDays: String(settings.rfmWindowDays),
    thresholdsByMean: thresholds === null,
    // Custom thresholds start at 3 (the middle score) when the mean was in force.
    thresholdR: String(thresholds?.r ?? 3),
    thresholdF: String(thresholds?.f ?? 3),
    thresholdM: String(thresholds?.m ?? 3),
    newDays: String(settings.newDays),
    loyalOccasions: String(settings.loyalOccasions),
    atRiskDays: String(settings.atRiskDays),
    lostDays: String(settings.lostDays),
    atRiskPercent: percentText(settings.atRiskPAlive),
    lostPercent: percentText(settings.lostPAlive),
    discountPercent: percentText(settings.monthlyDiscountRate),
    minRepeatBuyersToFit: String(settings.minRepeatBuyersToFit),
    tagRules: settings.tagRules.map((rule) => ({
      key: newKey(),
      kind: rule.kind,
      tag: rule.tag,
      days: String(rule.days),
      category: rule.kind === 'category-within' ? rule.category : '',
    })),
    version,
  };
}

// ---- Problems in Chinese ---------------------------------------------------------------------

/** What each field takes (the schema's ranges), shown when what was typed is not that. */
const FIELD_TEXT: Record<string, string> = {
  target: '销售目标填金额（元），最多两位小数；不设目标请留空',
  rfmWindowDays: '统计窗口填 30 到 1095 的整数（天）',
  thresholdR: '阈值填 1 到 5 之间的数，最多两位小数',
  thresholdF: '阈值填 1 到 5 之间的数，最多两位小数',
  thresholdM: '阈值填 1 到 5 之间的数，最多两位小数',
  newDays: '新客天数填 1 到 365 的整数',
  loyalOccasions: '忠诚购买天数填 2 到 100 的整数',
  atRiskDays: '流失风险天数填 7 到 1095 的整数',
  lostDays: '已流失天数填 14 到 1825 的整数',
  atRiskPercent: '填 0 到 100 之间的百分比（不含 0 和 100），最多两位小数',
  lostPercent: '填 0 到 100 之间的百分比（不含 0 和 100），最多两位小数',
  discountPercent: '月折现率填 0 到 20 之间的百分比，最多两位小数',
  minRepeatBuyersToFit: '填 20 到 100000 的整数',
  days: '天数填 1 到 3650 的整数',
  category: '请填写品类（最多 64 个字）',
};

/** The shared schema's cross-field rules (InsightSettings' refinements), by their stable message. */
const RULE_TEXT: Record<string, string> = {
  'lostDays must exceed atRiskDays': '已流失天数须大于流失风险天数',
  'lostPAlive must be below atRiskPAlive': '已流失的概率须低于流失风险的概率',
  'Each rule needs a tag of its own': '每条规则的标签不能重复',
};

/** The schema's field names → the form's. */
const FORM_FIELD: Record<string, SettingsField> = {
  monthlySalesTargetFen: 'target',
  rfmWindowDays: 'rfmWindowDays',
  newDays: 'newDays',
  loyalOccasions: 'loyalOccasions',
  atRiskDays: 'atRiskDays',
  lostDays: 'lostDays',
  atRiskPAlive: 'atRiskPercent',
  lostPAlive: 'lostPercent',
  monthlyDiscountRate: 'discountPercent',
  minRepeatBuyersToFit: 'minRepeatBuyersToFit',
};
const THRESHOLD_FIELD: Record<string, SettingsField> = { r: 'thresholdR', f: 'thresholdF', m: 'thresholdM' };

/**
 * Where an issue belongs and what it says, for a path of the settings (the server's paths carry a
 * leading `settings.`): `lostDays`, `rfmThresholds.r`, `tagRules.2.tag`, `tagRules`; anything
 * else (`version`, `(body)`, a field the form does not have) is the form's as a whole.
 */
function placeIssue(path: readonly string[], message: string, values: InsightSettingsFormValues): [string, string] {
  const known = RULE_TEXT[message];
  const [head, index, field] = path;
  if (head === 'tagRules') {
    if (index === undefined) return ['tagRules', known ?? `规则标签最多 ${MAX_TAG_RULES} 条`];
    const row = values.tagRules[Number(index)];
    if (!row) return ['tagRules', known ?? '规则标签有误，请检查'];
    if (field === 'tag') return [`tagRules.${index}.tag`, known ?? tagNameProblem(row.tag) ?? '请换一个标签名'];
    if (field === 'category' || field === 'days') return [`tagRules.${index}.${field}`, FIELD_TEXT[field]!];
    return [`tagRules.${index}.tag`, known ?? '规则标签有误，请检查'];
  }
  if (head === 'rfmThresholds' && index !== undefined && THRESHOLD_FIELD[index]) {
    const formField = THRESHOLD_FIELD[index];
    return [formField, FIELD_TEXT[formField]!];
  }
  const formField = head === undefined ? undefined : FORM_FIELD[head];
  if (formField) return [formField, known ?? FIELD_TEXT[formField]!];
  return ['form', '洞察设置有误，请检查后重试'];
}

/** The server's 400 issues (paths like `settings.lostDays`) by field; the first per field wins. */
export function issuesToErrors(
  issues: ReadonlyArray<{ path: string; message: string }>,
  values: InsightSettingsFormValues,
): InsightSettingsErrors {
  const errors: InsightSettingsErrors = {};
  for (const issue of issues) {
    const parts = issue.path.split('.');
    const [key, text] = placeIssue(parts[0] === 'settings' ? parts.slice(1) : parts, issue.message, values);
    errors[key] ??= text;
  }
  return errors;
}

// ---- Form → PUT body -------------------------------------------------------------------------

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

function threshold(text: string): number | null {
  const trimmed = text.trim();
  return /^\d(?:\.\d{1,2})?$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * Checks the form and builds the settings to PUT, or the problems field by field: first what
 * cannot be read as a number of its kind, then the ranges and cross-field rules of the shared
 * schema (the same check the server makes).
 */
export function formToSettings(
  values: InsightSettingsFormValues,
): { ok: true; settings: InsightSettings; version: number } | { ok: false; errors: InsightSettingsErrors } {
  const errors: InsightSettingsErrors = {};
  const read = (field: SettingsField, value: number | null): number => {
    if (value !== null) return value;
    errors[field] ??= FIELD_TEXT[field]!;
    // Unreadable, it still goes to the schema (as NaN) so that the other fields are checked too.
    return Number.NaN;
  };
  const target = parseTarget(values.target);
  const candidate = {
    rfmWindowDays: read('rfmWindowDays', wholeNumber(values.rfmWindowDays)),
    rfmThresholds: values.thresholdsByMean
      ? null
      : {
          r: read('thresholdR', threshold(values.thresholdR)),
          f: read('thresholdF', threshold(values.thresholdF)),
          m: read('thresholdM', threshold(values.thresholdM)),
        },
    newDays: read('newDays', wholeNumber(values.newDays)),
    loyalOccasions: read('loyalOccasions', wholeNumber(values.loyalOccasions)),
    atRiskDays: read('atRiskDays', wholeNumber(values.atRiskDays)),
    lostDays: read('lostDays', wholeNumber(values.lostDays)),
    atRiskPAlive: read('atRiskPercent', parsePercent(values.atRiskPercent)),
    lostPAlive: read('lostPercent', parsePercent(values.lostPercent)),
    monthlyDiscountRate: read('discountPercent', parsePercent(values.discountPercent)),
    minRepeatBuyersToFit: read('minRepeatBuyersToFit', wholeNumber(values.minRepeatBuyersToFit)),
    monthlySalesTargetFen: target === undefined ? read('target', null) : target,
    tagRules: values.tagRules.map((row, index) => {
      const days = wholeNumber(row.days);
      if (days === null) errors[`tagRules.${index}.days`] ??= FIELD_TEXT.days!;
      const base = { tag: row.tag, days: days ?? Number.NaN };
      return row.kind === 'first-order-within' ? { ...base, kind: row.kind } : { ...base, kind: row.kind, category: row.category.trim() };
    }),
  };
  const parsed = InsightSettings.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, settings: parsed.data, version: values.version };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, text] = placeIssue(issue.path.map(String), issue.message, values);
      errors[key] ??= text;
    }
  }
  return { ok: false, errors };
}

/** The errors once one field has been edited: its complaint no longer applies. */
export function withoutError(errors: InsightSettingsErrors, key: string): InsightSettingsErrors {
  if (!(key in errors)) return errors;
  const { [key]: _gone, ...rest } = errors;
  return rest;
}
