import { CarePolicy } from '@linli/shared/care-rules';
import type { CareSettings, StoredSellerOccasion } from '@/api/care';

/*
 * 发送设置 as a form: the caps and quiet hours over every care rule, the shop's name as messages
 * say it ({店铺名}), and the seller's own dates
 * (店庆, 会员日 …) that holiday rules may be set on. Checked before sending with the server's
 * policy schema; the dates with the same rules as care-calendar's SellerOccasion (a real calendar
 * day; 02-29 allowed every year, kept on 02-28 in common years), restated here because that module
 * brings the lunar calendar library with it.
 */

/** The most dates a seller may add (one page of the editor; the holiday picker lists them all). */
export const MAX_SELLER_OCCASIONS = 30;
export const OCCASION_NAME_MAX_CHARS = 20;

export type OccasionRepeat = 'yearly' | 'once';

export interface OccasionRow {
  /** The occasion's id, kept for saved ones: holiday rules name it as seller:<id>. */
  id: string;
  name: string;
  repeat: OccasionRepeat;
  /** MM-DD, for every year. */
  monthDay: string;
  /** YYYY-MM-DD, for once. */
  date: string;
}

export interface CareSettingsFormValues {
  /** What {店铺名} says in messages. */
  shopName: string;
  dailyCap: string;
  weeklyCap: string;
  quietStart: string;
  quietEnd: string;
  occasions: OccasionRow[];
  version: number;
}

/** The longest shop name (the {店铺名} variable's bound in subscribe-fields). */
export const SHOP_NAME_MAX_CHARS = 20;

/** Problems by field: `shopName`, `dailyCap`, `weeklyCap`, `quietHours`, `occasions.2.name`, `occasions.2.date`, `occasions`, `form`. */
export type CareSettingsErrors = Record<string, string>;

/**
 * A new occasion's id: 16 random base-36 characters (within seller:<id>'s [A-Za-z0-9_-]{1,64}).
 * Only uniqueness among one seller's dates matters, so Math.random (WeChat has no crypto) does.
 */
export function newOccasionId(random: () => number = Math.random): string {
  return Array.from({ length: 16 }, () => Math.floor(random() * 36).toString(36)).join('');
}

export function newOccasionRow(id: string = newOccasionId()): OccasionRow {
  return { id, name: '', repeat: 'yearly', monthDay: '', date: '' };
}

export function settingsToForm(settings: CareSettings): CareSettingsFormValues {
  return {
    shopName: settings.shopName,
    dailyCap: String(settings.policy.dailyCap),
    weeklyCap: String(settings.policy.weeklyCap),
    quietStart: settings.policy.quietHours.start,
    quietEnd: settings.policy.quietHours.end,
    occasions: settings.sellerOccasions.map((occasion) =>
      'monthDay' in occasion
        ? { id: occasion.id, name: occasion.name, repeat: 'yearly', monthDay: occasion.monthDay, date: '' }
        : { id: occasion.id, name: occasion.name, repeat: 'once', monthDay: '', date: occasion.date },
    ),
    version: settings.version,
  };
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Whether YYYY-MM-DD is a day of the calendar (2027-02-29 is not). */
function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

/** MM-DD of every year: checked in a leap year, so 02-29 is allowed. */
export function isMonthDay(monthDay: string): boolean {
  return /^\d{2}-\d{2}$/.test(monthDay) && isRealDate(`2024-${monthDay}`);
}

/** "02-14" → "每年 2月14日"; "2027-05-01" → "2027年5月1日". */
export function occasionWhenText(row: Pick<OccasionRow, 'repeat' | 'monthDay' | 'date'>): string {
  if (row.repeat === 'yearly') {
    if (!isMonthDay(row.monthDay)) return '每年';
    const [month, day] = row.monthDay.split('-').map(Number);
    return `每年 ${month}月${day}日`;
  }
  if (!isRealDate(row.date)) return '一次';
  const [year, month, day] = row.date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * Checks the form and builds the settings to PUT, or the problems by field: a shop name, caps of 1–10 a day
 * and 1–30 a week (the week at least the day), quiet hours that start and end apart, each date
 * named and real, no two dates of the same name.
 */
export function formToSettings(
  values: CareSettingsFormValues,
): { ok: true; settings: CareSettings } | { ok: false; errors: CareSettingsErrors } {
  const errors: CareSettingsErrors = {};
  const shopName = values.shopName.trim();
  if (shopName === '' || [...shopName].length > SHOP_NAME_MAX_CHARS) errors.shopName = `店铺名称填 1 到 ${SHOP_NAME_MAX_CHARS} 个字`;
  const dailyCap = wholeNumber(values.dailyCap);
  const weeklyCap = wholeNumber(values.weeklyCap);
  if (dailyCap === null || dailyCap < 1 || dailyCap > 10) errors.dailyCap = '每天最多条数填 1 到 10 的整数';
  if (weeklyCap === null || weeklyCap < 1 || weeklyCap > 30) errors.weeklyCap = '每周最多条数填 1 到 30 的整数';
  else if (dailyCap !== null && weeklyCap < dailyCap) errors.weeklyCap = '每周最多条数不能少于每天最多条数';
  const policy = {
    dailyCap: dailyCap ?? Number.NaN,
    weeklyCap: weeklyCap ?? Number.NaN,
    quietHours: { start: values.quietStart, end: values.quietEnd },
  };
  const parsed = CarePolicy.safeParse(policy);
  if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'quietHours')) {
    errors.quietHours = values.quietStart === values.quietEnd ? '免打扰的开始和结束时间不能相同' : '请选择免打扰的开始和结束时间';
  }

  if (values.occasions.length > MAX_SELLER_OCCASIONS) errors.occasions = `自定义日期最多 ${MAX_SELLER_OCCASIONS} 个`;
  const names = new Set<string>();
  const occasions: StoredSellerOccasion[] = values.occasions.map((row, index) => {
    const name = row.name.trim();
    if (name === '' || [...name].length > OCCASION_NAME_MAX_CHARS)
      errors[`occasions.${index}.name`] = `名称填 1 到 ${OCCASION_NAME_MAX_CHARS} 个字`;
    else if (names.has(name)) errors[`occasions.${index}.name`] = `已有名为「${name}」的日期`;
    names.add(name);
    if (row.repeat === 'yearly') {
      if (!isMonthDay(row.monthDay)) errors[`occasions.${index}.date`] = '请选择每年的月和日';
      return { id: row.id, name, monthDay: row.monthDay };
    }
    if (!isRealDate(row.date)) errors[`occasions.${index}.date`] = '请选择日期';
    return { id: row.id, name, date: row.date };
  });
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, settings: { policy: parsed.data, shopName, sellerOccasions: occasions, version: values.version } };
}

/** The server's 400 issues (paths like `policy.weeklyCap`, `sellerOccasions.1.date`) by field; the first per field wins. */
export function issuesToErrors(issues: ReadonlyArray<{ path: string }>): CareSettingsErrors {
  const errors: CareSettingsErrors = {};
  for (const { path } of issues) {
    const [head, second, third] = path.split('.');
    let place: [string, string];
    if (head === 'shopName') place = ['shopName', `店铺名称填 1 到 ${SHOP_NAME_MAX_CHARS} 个字`];
    else if (head === 'policy' && second === 'dailyCap') place = ['dailyCap', '每天最多条数填 1 到 10 的整数'];
    else if (head === 'policy' && second === 'weeklyCap') place = ['weeklyCap', '每周最多条数填 1 到 30 的整数，且不少于每天最多条数'];
    else if (head === 'policy' && second === 'quietHours') place = ['quietHours', '免打扰的开始和结束时间不能相同'];
    else if (head === 'sellerOccasions' && second !== undefined && third === 'name')
      place = [`occasions.${second}.name`, `名称填 1 到 ${OCCASION_NAME_MAX_CHARS} 个字`];
    else if (head === 'sellerOccasions' && second !== undefined && third !== undefined) place = [`occasions.${second}.date`, '请选择日期'];
    else place = ['form', '发送设置有误，请检查后重试'];
    errors[place[0]] ??= place[1];
  }
  return errors;
}
