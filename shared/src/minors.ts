/**
 * Children under 14 (PIPL Arts. 28 and 31): their personal information is sensitive, and it may be
 * handled only with the consent of a parent or other guardian. The same rule decides on both sides:
 * the mini-program asks for the guardian's confirmation before it saves such a birthday, the API
 * refuses one saved without it.
 */
import * as z from 'zod';
import { isLeapYear } from './time.ts';

export const GUARDIAN_CONSENT_AGE = 14;

export const GUARDIAN_RELATIONS = ['parent', 'guardian'] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];
export const GUARDIAN_RELATION_ZH: Record<GuardianRelation, string> = { parent: '父母', guardian: '其他监护人' };

/** The separate confirmation a birthday showing a child under 14 is saved with; kept in the consent ledger. */
export const GuardianConsent = z
  .object({
    confirmed: z.literal(true).describe('The parent or guardian read the privacy policy and agrees'),
    guardianRelation: z.enum(GUARDIAN_RELATIONS).describe('parent: 父母; guardian: 其他监护人'),
  })
  .meta({ id: 'GuardianConsent' });
export type GuardianConsent = z.infer<typeof GuardianConsent>;

/** What the birthday step tells a family when the date shows a child under 14. */
export const GUARDIAN_CONSENT_EXPLANATION =
  '根据《个人信息保护法》，处理不满十四周岁未成年人的个人信息，需要取得其父母或其他监护人的同意。' +
  '请由监护人阅读隐私政策并确认同意后再保存。我们会将孩子的信息作为敏感个人信息保护，不会向其推送个性化营销内容。';

/**
 * The day someone born on `birthDate` (YYYY-MM-DD) turns 14. Someone born on 29 February turns 14 on
 * 1 March of a common year: they are not 14 yet on the 28th.
 */
export function fourteenthBirthday(birthDate: string): string {
  const year = Number(birthDate.slice(0, 4)) + GUARDIAN_CONSENT_AGE;
  const monthDay = birthDate.slice(5);
  return monthDay === '02-29' && !isLeapYear(year) ? `${year}-03-01` : `${year}-${monthDay}`;
}

/** Whether someone born on `birthDate` (YYYY-MM-DD) is under 14 on the Shanghai day `today` (YYYY-MM-DD). */
export function isUnderGuardianAge(birthDate: string, today: string): boolean {
  return today < fourteenthBirthday(birthDate);
}
