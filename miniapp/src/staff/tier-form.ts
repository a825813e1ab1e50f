import {
  TIER_CONFIG_MESSAGES,
  validateTierConfig,
  type StoredTierConfig,
  type TierConfigUpdate,
  type TierDefinition,
} from '@linli/shared/tiers';

/** One tier as the 等级设置 form holds it: numbers as typed, switches as booleans. */
export interface TierFormRow {
  /** Stable across edits, for React lists (not sent). */
  key: string;
  /** false for a tier added in this form (its internal code was made for it, see newTierRow). */
  saved: boolean;
  code: string;
  name: string;
  minGrowth: string;
  pointsMultiplier: string;
  freeShipping: boolean;
  priorityService: boolean;
  birthdayGiftPoints: string;
  exclusiveRewards: boolean;
}

export interface TierFormValues {
  tiers: TierFormRow[];
  downgradeGraceDays: string;
  /** The version the form was loaded from, sent back so a stale save is refused. */
  version: number;
}

export type TierField = Exclude<keyof TierFormRow, 'key' | 'saved'>;
export const TIER_FIELDS: readonly TierField[] = [
  'name',
  'code',
  'minGrowth',
  'pointsMultiplier',
  'freeShipping',
  'priorityService',
  'birthdayGiftPoints',
  'exclusiveRewards',
];

/** Where an error shows: one tier's field, the grace days, or the form as a whole. */
export type TierErrorTarget = { kind: 'tier'; index: number; field: TierField } | { kind: 'downgradeGraceDays' } | { kind: 'form' };

export interface TierFormErrors {
  /** Per tier (by index), per field. */
  tiers: Record<number, Partial<Record<TierField, string>>>;
  downgradeGraceDays?: string;
  /** Problems of the whole ladder (too few tiers…) or of a path the form has no place for. */
  form: string[];
}

export const MAX_TIERS = 10;
export const MIN_TIERS = 2;

let keySeq = 0;
function newKey(): string {
  keySeq += 1;
  return `tier-${keySeq}`;
}

export function emptyTierErrors(): TierFormErrors {
  return { tiers: {}, form: [] };
}

export function hasTierErrors(errors: TierFormErrors): boolean {
  return (
    errors.form.length > 0 ||
    errors.downgradeGraceDays !== undefined ||
    Object.values(errors.tiers).some((row) => Object.keys(row).length > 0)
  );
}

/** The form for the configuration in force. */
export function configToForm(config: Pick<StoredTierConfig, 'tiers' | 'downgradeGraceDays' | 'version'>): TierFormValues {
  return {
    tiers: config.tiers.map((tier) => tierToRow(tier)),
    downgradeGraceDays: String(config.downgradeGraceDays),
    version: config.version,
  };
}

function tierToRow(tier: TierDefinition): TierFormRow {
  return {
    key: newKey(),
    saved: true,
    code: tier.code,
    name: tier.name,
    minGrowth: String(tier.minGrowth),
    pointsMultiplier: String(tier.rights.pointsMultiplier),
    freeShipping: tier.rights.freeShipping,
    priorityService: tier.rights.priorityService,
    birthdayGiftPoints: String(tier.rights.birthdayGiftPoints),
    exclusiveRewards: tier.rights.exclusiveRewards,
  };
}

/**
 * A new tier above the others: the name and threshold left for the operator, rights like the tier
 * below. Its code is internal (members and operators see names): the first `tier-N` not `taken`.
 */
export function newTierRow(below?: TierFormRow, taken: readonly string[] = []): TierFormRow {
  let n = 1;
  while (taken.includes(`tier-${n}`)) n += 1;
  return {
    key: newKey(),
    saved: false,
    code: `tier-${n}`,
    name: '',
    minGrowth: '',
    pointsMultiplier: below?.pointsMultiplier ?? '1',
    freeShipping: below?.freeShipping ?? false,
    priorityService: below?.priorityService ?? false,
    birthdayGiftPoints: below?.birthdayGiftPoints ?? '0',
    exclusiveRewards: below?.exclusiveRewards ?? false,
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** "1.2" → 1.2; 1 to 10 with at most 2 decimals, else null. */
export function parseMultiplier(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= 10 ? n : null;
}

const CODE = /^[a-z][a-z0-9-]{0,31}$/;

/** The Chinese text for an issue the form itself finds in one field. */
const FIELD_TEXT: Record<TierField | 'downgradeGraceDays', string> = {
  name: '请填写等级名称（最多 20 个字）',
  code: '代码用小写字母、数字和 -，以字母开头，最多 32 位',
  minGrowth: '门槛填 0 到 100000000 的整数',
  pointsMultiplier: '积分倍数填 1 到 10，最多两位小数，如 1.2',
  freeShipping: '请检查包邮设置',
  priorityService: '请检查优先客服设置',
  birthdayGiftPoints: '生日礼积分填 0 到 100000 的整数',
  exclusiveRewards: '请检查专属礼品设置',
  downgradeGraceDays: '保级天数填 1 到 365 的整数',
};

/** The server's stable ladder messages (TIER_CONFIG_MESSAGES), in Chinese. */
const LADDER_TEXT: Record<string, string> = {
  [TIER_CONFIG_MESSAGES.tierCount]: `等级数量需在 ${MIN_TIERS} 到 ${MAX_TIERS} 个之间`,
  [TIER_CONFIG_MESSAGES.baseTier]: '第一个等级是基础等级，门槛必须为 0',
  [TIER_CONFIG_MESSAGES.notIncreasing]: '门槛须高于上一个等级，不能重叠',
  [TIER_CONFIG_MESSAGES.duplicateCode]: '与其他等级的代码重复',
  [TIER_CONFIG_MESSAGES.duplicateName]: '与其他等级的名称重复',
};

/**
 * Where an issue path of a 400 answer (or of the shared ladder check) belongs on the form:
 * `tiers.2.minGrowth` and `tiers.2.rights.pointsMultiplier` are fields of the third tier,
 * `downgradeGraceDays` has its own field; anything else (`tiers`, `tiers.2`, `version`,
 * `(body)`, an unknown field) is about the form as a whole.
 */
export function issuePathTarget(path: string): TierErrorTarget {
  if (path === 'downgradeGraceDays') return { kind: 'downgradeGraceDays' };
  const match = /^tiers\.(\d+)\.(?:rights\.)?([A-Za-z]+)$/.exec(path);
  if (match) {
    const field = match[2] as TierField;
    if ((TIER_FIELDS as readonly string[]).includes(field)) return { kind: 'tier', index: Number(match[1]), field };
  }
  return { kind: 'form' };
}

/** The Chinese text for one issue: a known ladder rule, else what the field expects. */
export function issueText(issue: { path: string; message: string }, target: TierErrorTarget = issuePathTarget(issue.path)): string {
  const known = LADDER_TEXT[issue.message];
  if (known) return known;
  if (target.kind === 'tier') return FIELD_TEXT[target.field];
  if (target.kind === 'downgradeGraceDays') return FIELD_TEXT.downgradeGraceDays;
  return '等级设置有误，请检查后重试';
}

/** Issues (from the server's 400 or the form's own check) placed next to their fields; the first per field wins. */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>, tierCount?: number): TierFormErrors {
  const errors = emptyTierErrors();
  for (const issue of issues) {
    let target = issuePathTarget(issue.path);
    // A tier the form no longer shows (the list changed meanwhile): the form as a whole.
    if (target.kind === 'tier' && tierCount !== undefined && target.index >= tierCount) target = { kind: 'form' };
    const text = issueText(issue, target);
    if (target.kind === 'tier') {
      const row = (errors.tiers[target.index] ??= {});
      row[target.field] ??= text;
    } else if (target.kind === 'downgradeGraceDays') {
      errors.downgradeGraceDays ??= text;
    } else if (!errors.form.includes(text)) {
      errors.form.push(text);
    }
  }
  return errors;
}

/**
 * Checks the form and builds the PUT body (TierConfigUpdate), or the errors field by field:
 * first each field's format, then the ladder rules the server applies (validateTierConfig).
 */
export function formToTierUpdate(values: TierFormValues): { ok: true; update: TierConfigUpdate } | { ok: false; errors: TierFormErrors } {
  const issues: Array<{ path: string; message: string }> = [];
  const tiers: TierDefinition[] = values.tiers.map((row, index) => {
    const at = (field: TierField) => `tiers.${index}.${field}`;
    const name = row.name.trim();
    if (!name || name.length > 20) issues.push({ path: at('name'), message: 'format' });
    const code = row.code.trim();
    if (!CODE.test(code)) issues.push({ path: at('code'), message: 'format' });
    const minGrowth = wholeNumber(row.minGrowth, 0, 100_000_000);
    if (minGrowth === null) issues.push({ path: at('minGrowth'), message: 'format' });
    const pointsMultiplier = parseMultiplier(row.pointsMultiplier);
    if (pointsMultiplier === null) issues.push({ path: at('pointsMultiplier'), message: 'format' });
    const birthdayGiftPoints = wholeNumber(row.birthdayGiftPoints, 0, 100_000);
    if (birthdayGiftPoints === null) issues.push({ path: at('birthdayGiftPoints'), message: 'format' });
    return {
      code,
      name,
      minGrowth: minGrowth ?? Number.NaN,
      rights: {
        pointsMultiplier: pointsMultiplier ?? Number.NaN,
        freeShipping: row.freeShipping,
        priorityService: row.priorityService,
        birthdayGiftPoints: birthdayGiftPoints ?? Number.NaN,
        exclusiveRewards: row.exclusiveRewards,
      },
    };
  });
  const downgradeGraceDays = wholeNumber(values.downgradeGraceDays, 1, 365);
  if (downgradeGraceDays === null) issues.push({ path: 'downgradeGraceDays', message: 'format' });

  // The ladder rules, only between tiers whose own fields are usable (a NaN threshold would
  // otherwise also flag the tier above it).
  const broken = new Set(issues.map((issue) => issue.path));
  for (const issue of validateTierConfig({ tiers })) {
    if (broken.has(issue.path)) continue;
    const index = /^tiers\.(\d+)\.minGrowth$/.exec(issue.path)?.[1];
    if (index !== undefined && issue.message === TIER_CONFIG_MESSAGES.notIncreasing && broken.has(`tiers.${Number(index) - 1}.minGrowth`))
      continue;
    issues.push(issue);
  }

  if (issues.length > 0) return { ok: false, errors: issuesToErrors(issues, values.tiers.length) };
  return { ok: true, update: { tiers, downgradeGraceDays: downgradeGraceDays!, version: values.version } };
}

/** The errors after one tier's field is edited: that complaint no longer applies. */
export function withoutFieldError(errors: TierFormErrors, index: number, field: TierField): TierFormErrors {
  const row = errors.tiers[index];
  if (!row || !(field in row)) return errors;
  const { [field]: _gone, ...rest } = row;
  return { ...errors, tiers: { ...errors.tiers, [index]: rest } };
}
