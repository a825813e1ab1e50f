import {
  DEFAULT_BOUGHT_WITHIN_DAYS,
  isRealDate,
  isTipMonthDay,
  MAX_BOUGHT_WITHIN_DAYS,
  MAX_SEASONAL_TIPS,
  MAX_TIP_CATEGORIES,
  TIP_NAME_MAX_CHARS,
  type SeasonalCalendar,
  type SeasonalTipInput,
} from '@linli/shared/seasonal-tips';
import { newOccasionId, type OccasionRepeat } from './care-settings-form';

/*
 * 时令日历 as a form: each tip's name, when it falls (every year on a month and day, or once on a
 * date), the categories whose buyers get it and how recent a purchase counts. Checked with the
 * same bounds the server applies (shared seasonal-tips), the problems filed by row in Chinese.
 */

export { MAX_SEASONAL_TIPS, MAX_TIP_CATEGORIES, TIP_NAME_MAX_CHARS };

export interface TipRow {
  /** The tip's id, kept for saved ones: 时令推荐 rules name it. */
  id: string;
  name: string;
  repeat: OccasionRepeat;
  /** MM-DD, for every year. */
  monthDay: string;
  /** YYYY-MM-DD, for once. */
  date: string;
  categories: string[];
  /** As typed: a buyer bought one of the categories within this many days. */
  boughtWithinDays: string;
  /** The next day it falls on, as the server last said (null: new, or a one-off date past). */
  nextDate: string | null;
}

export interface SeasonalFormValues {
  tips: TipRow[];
  version: number;
}

/** Problems by place: `tips.2.name`, `tips.2.date`, `tips.2.categories`, `tips.2.boughtWithinDays`, `tips`, `form`. */
export type SeasonalErrors = Record<string, string>;

export function newTipRow(id: string = newOccasionId()): TipRow {
  return {
    id,
    name: '',
    repeat: 'yearly',
    monthDay: '',
    date: '',
    categories: [],
    boughtWithinDays: String(DEFAULT_BOUGHT_WITHIN_DAYS),
    nextDate: null,
  };
}

export function calendarToForm(calendar: SeasonalCalendar): SeasonalFormValues {
  return {
    tips: calendar.tips.map((tip) => ({
      id: tip.id,
      name: tip.name,
      repeat: tip.monthDay !== undefined ? 'yearly' : 'once',
      monthDay: tip.monthDay ?? '',
      date: tip.date ?? '',
      categories: [...tip.categories],
      boughtWithinDays: String(tip.boughtWithinDays),
      nextDate: tip.nextDate,
    })),
    version: calendar.version,
  };
}

/** A category to add to a row: trimmed; null when empty, too long, already there, or the row is full. */
export function categoryToAdd(row: Pick<TipRow, 'categories'>, typed: string): string | null {
  const category = typed.trim();
  if (category === '' || category.length > 64 || row.categories.includes(category)) return null;
  return row.categories.length < MAX_TIP_CATEGORIES ? category : null;
}

const DAYS_TEXT = `购买时间填 1 到 ${MAX_BOUGHT_WITHIN_DAYS} 的整数（天）`;
const NAME_TEXT = `名称填 1 到 ${TIP_NAME_MAX_CHARS} 个字`;
const CATEGORIES_TEXT = `选择 1 到 ${MAX_TIP_CATEGORIES} 个品类`;

/** Checks the form and builds the tips to PUT, or the problems by place. */
export function formToTips(values: SeasonalFormValues): { ok: true; tips: SeasonalTipInput[] } | { ok: false; errors: SeasonalErrors } {
  const errors: SeasonalErrors = {};
  if (values.tips.length > MAX_SEASONAL_TIPS) errors.tips = `时令推荐最多 ${MAX_SEASONAL_TIPS} 条`;
  const names = new Set<string>();
  const tips = values.tips.map((row, index): SeasonalTipInput => {
    const name = row.name.trim();
    if (name === '' || [...name].length > TIP_NAME_MAX_CHARS) errors[`tips.${index}.name`] = NAME_TEXT;
    else if (names.has(name)) errors[`tips.${index}.name`] = `已有名为「${name}」的时令推荐`;
    names.add(name);
    if (row.categories.length < 1 || row.categories.length > MAX_TIP_CATEGORIES) errors[`tips.${index}.categories`] = CATEGORIES_TEXT;
    const days = /^\d{1,4}$/.test(row.boughtWithinDays.trim()) ? Number(row.boughtWithinDays.trim()) : Number.NaN;
    if (!(days >= 1 && days <= MAX_BOUGHT_WITHIN_DAYS)) errors[`tips.${index}.boughtWithinDays`] = DAYS_TEXT;
    const base = { id: row.id, name, categories: row.categories, boughtWithinDays: days };
    if (row.repeat === 'yearly') {
      if (!isTipMonthDay(row.monthDay)) errors[`tips.${index}.date`] = '请选择每年的月和日';
      return { ...base, monthDay: row.monthDay };
    }
    if (!isRealDate(row.date)) errors[`tips.${index}.date`] = '请选择日期';
    return { ...base, date: row.date };
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, tips };
}

/**
 * The server's 400 issues by place; the first per place wins. Its Chinese messages (two tips of one
 * name, a tip a rule still uses removed) are shown as sent; the schema's English ones become the form's text.
 */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>): SeasonalErrors {
  const errors: SeasonalErrors = {};
  const chinese = (message: string) => /[\u4e00-\u9fff]/.test(message);
  for (const { path, message } of issues) {
    const [head, index, field] = path.split('.');
    let place: [string, string];
    if (head !== 'tips') place = ['form', '时令日历有误，请检查后重试'];
    else if (index === undefined || !/^\d+$/.test(index)) place = ['tips', chinese(message) ? message : '时令日历有误，请检查后重试'];
    else if (field === 'name') place = [`tips.${index}.name`, chinese(message) ? message : NAME_TEXT];
    else if (field === 'categories') place = [`tips.${index}.categories`, CATEGORIES_TEXT];
    else if (field === 'boughtWithinDays') place = [`tips.${index}.boughtWithinDays`, DAYS_TEXT];
    else if (field === 'monthDay' || field === 'date') place = [`tips.${index}.date`, '请选择日期'];
    else place = ['form', '时令日历有误，请检查后重试'];
    errors[place[0]] ??= place[1];
  }
  return errors;
}
