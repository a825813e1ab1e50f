/**
 * A lunar birthday as a member states it, its rules in words and its Chinese name — everything a page
 * needs to let a member choose one, without the lunar calendar library (~215 KB minified) that
 * care-calendar.ts brings: a buyer page in the mini-program's main package can import this module.
 */
import * as z from 'zod';

/** A lunar birthday: month 1–12, day 1–30, whether it is in the leap month (闰月), and optionally the lunar year of birth. */
export const LunarBirthday = z
  .object({
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(30),
    leap: z.boolean(),
    year: z
      .number()
      .int()
      .min(1900)
      .max(2100)
      .optional()
      .describe('The lunar year of birth, if the member gives it: it decides the age (a child under 14 needs a guardian’s consent)'),
  })
  .meta({ id: 'LunarBirthday' });
export type LunarBirthday = z.infer<typeof LunarBirthday>;

/** What the pages tell a member who chooses a lunar birthday (the rules care-calendar.ts keeps). */
export const LUNAR_BIRTHDAY_RULES = [
  '农历生日每年按当年的农历换算成公历日期。',
  '闰月出生的生日：当年有这个闰月时在闰月过，没有时在同名的普通月份过。',
  '三十出生的生日：当月只有二十九天时，在廿九过。',
] as const;

// The same names as the calendar library's (care-calendar.test.ts checks they agree).
// prettier-ignore
export const LUNAR_MONTH_NAMES = ['正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'] as const;
// prettier-ignore
export const LUNAR_DAY_NAMES = [
  '初一', '初二', '初三', '初四', '初五', '初六', '初七', '初八', '初九', '初十',
  '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十',
  '廿一', '廿二', '廿三', '廿四', '廿五', '廿六', '廿七', '廿八', '廿九', '三十',
] as const;

/** A lunar date as people write it: 闰六月初十, 十二月三十. */
export function lunarDateName(date: LunarBirthday): string {
  return `${date.leap ? '闰' : ''}${LUNAR_MONTH_NAMES[date.month - 1]}${LUNAR_DAY_NAMES[date.day - 1]}`;
}
