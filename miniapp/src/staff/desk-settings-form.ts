import { COMPENSATION_POINTS_MAX, UpdateComplaintDeskSettingsRequest, type ComplaintDeskSettingsView } from '@linli/shared/complaints';

/** One category as the 投诉设置 form holds it: hours as typed. */
export interface CategoryRow {
  code: string;
  /** false for a category added in this form (it may still be removed before saving). */
  saved: boolean;
  name: string;
  active: boolean;
  firstResponseHours: string;
  resolutionHours: string;
}

export interface DeskSettingsFormValues {
  categories: CategoryRow[];
  open: string;
  close: string;
  /** Both empty: no lunch break. */
  lunchStart: string;
  lunchEnd: string;
  quietStart: string;
  quietEnd: string;
  templates: Array<{ title: string; text: string }>;
  /** The agents' compensation cap in points, as typed. */
  compensationCap: string;
  version: number;
}

export const MAX_CATEGORIES = 20;
export const MAX_TEMPLATES = 30;

export function settingsToForm(settings: ComplaintDeskSettingsView): DeskSettingsFormValues {
  return {
    categories: settings.categories.map((c) => ({
      code: c.code,
      saved: true,
      name: c.name,
      active: c.active,
      firstResponseHours: String(c.firstResponseHours),
      resolutionHours: String(c.resolutionHours),
    })),
    open: settings.businessHours.open,
    close: settings.businessHours.close,
    lunchStart: settings.businessHours.lunchBreak?.start ?? '',
    lunchEnd: settings.businessHours.lunchBreak?.end ?? '',
    quietStart: settings.quietHours.start,
    quietEnd: settings.quietHours.end,
    templates: settings.replyTemplates.map((t) => ({ ...t })),
    compensationCap: String(settings.agentCompensationCapPoints),
    version: settings.version,
  };
}

/**
 * A new category's code. Sellers name categories in Chinese; the code only has to be unique
 * and stable (it is what complaints and the CSV keep), so it is made up here.
 */
export function newCategoryRow(existing: readonly CategoryRow[]): CategoryRow {
  const taken = new Set(existing.map((c) => c.code));
  let n = existing.length + 1;
  while (taken.has(`custom_${n}`)) n++;
  return { code: `custom_${n}`, saved: false, name: '', active: true, firstResponseHours: '2', resolutionHours: '48' };
}

/** A typed number; blank is no number at all (never 0). */
const typedNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Field paths (as the API reports them) → what the operator reads. */
function messageFor(path: readonly PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  if (path[0] === 'categories' && path.length === 1) return '投诉类型须至少保留一个启用，且不能重复';
  if (last === 'name') return '请填写类型名称（最多10个字）';
  if (last === 'firstResponseHours') return '首次响应时限须为 0.25–240 小时（按 0.25 递增）';
  if (last === 'resolutionHours') return '解决时限须不小于首次响应时限，且不超过 2000 小时（按 0.25 递增）';
  if (path[0] === 'businessHours')
    return last === 'lunchBreak' || last === 'start' || last === 'end'
      ? '午休须在营业时间之内，格式 HH:mm'
      : '营业时间格式为 HH:mm，且须先开门后打烊';
  if (path[0] === 'quietHours') return '免打扰时间格式为 HH:mm，开始与结束不能相同';
  if (path[0] === 'agentCompensationCapPoints') return `客服补偿上限须为 0–${COMPENSATION_POINTS_MAX} 的整数积分`;
  if (path[0] === 'replyTemplates')
    return path.length === 1
      ? '快捷回复的标题不能重复'
      : last === 'title'
        ? '请填写快捷回复标题（最多20个字）'
        : '请填写快捷回复内容（最多1000字）';
  return '填写有误，请检查';
}

/** Where a problem shows: a category row, a template row, or a section of the form. */
export type DeskSettingsErrors = Record<string, string>;

/**
 * The key an error is filed under: `categories.2`, `templates.0`, `businessHours`, `quietHours`,
 * `agentCompensationCapPoints`, `categories`, `templates`.
 */
function errorKey(path: readonly PropertyKey[]): string {
  if (path[0] === 'replyTemplates') return path.length > 1 ? `templates.${String(path[1])}` : 'templates';
  if (path[0] === 'categories') return path.length > 1 ? `categories.${String(path[1])}` : 'categories';
  return String(path[0] ?? 'form');
}

/** The request to save, or the problems to show by the fields; checked by the same schema as the server. */
export function formToRequest(
  values: DeskSettingsFormValues,
): { request: UpdateComplaintDeskSettingsRequest } | { errors: DeskSettingsErrors } {
  const lunch =
    values.lunchStart.trim() || values.lunchEnd.trim() ? { start: values.lunchStart.trim(), end: values.lunchEnd.trim() } : null;
  const candidate = {
    categories: values.categories.map((c) => ({
      code: c.code,
      name: c.name.trim(),
      active: c.active,
      firstResponseHours: typedNumber(c.firstResponseHours),
      resolutionHours: typedNumber(c.resolutionHours),
    })),
    businessHours: { open: values.open.trim(), close: values.close.trim(), lunchBreak: lunch },
    quietHours: { start: values.quietStart.trim(), end: values.quietEnd.trim() },
    replyTemplates: values.templates.map((t) => ({ title: t.title.trim(), text: t.text.trim() })),
    agentCompensationCapPoints: typedNumber(values.compensationCap),
    expectedVersion: values.version,
  };
  const parsed = UpdateComplaintDeskSettingsRequest.safeParse(candidate);
  if (parsed.success) return { request: parsed.data };
  const errors: DeskSettingsErrors = {};
  for (const issue of parsed.error.issues) {
    const key = errorKey(issue.path);
    errors[key] ??= messageFor(issue.path);
  }
  return { errors };
}
