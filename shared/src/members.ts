import * as z from 'zod';
import { TierProgress, TierView } from './tiers.ts';
import { PhotoKey } from './complaints.ts';
import { LunarBirthday } from './lunar-birthday.ts';
import { GuardianConsent } from './minors.ts';

/** MM-DD, or YYYY-MM-DD when the member also gives the year; 02-29 is allowed. */
export const Birthday = z
  .string()
  .regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use MM-DD or YYYY-MM-DD')
  .refine((value) => isRealBirthday(value), 'No such calendar day');

function isRealBirthday(value: string): boolean {
  const parts = value.split('-').map(Number);
  const [year, month, day] = parts.length === 3 ? parts : [2000, parts[0]!, parts[1]!];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
}

export const MEMBER_STATUSES = ['visitor', 'member'] as const;

export const MemberView = z
  .object({
    memberId: z.string(),
    status: z.enum(MEMBER_STATUSES).describe('visitor: logged in, has not accepted the policy; member: joined'),
    nickname: z.string().nullable(),
    avatarUrl: z
      .string()
      .nullable()
      .optional()
      .describe('A short-lived link to the avatar the member chose (always sent by the API; null: none)'),
    tier: TierView,
    tierProgress: TierProgress.optional().describe(
      "Growth, the next tier and what it unlocks, the current tier's rights (always sent by the API)",
    ),
    points: z.object({
      balance: z.number().int().nonnegative().describe('Available: can be spent now'),
      pending: z.number().int().nonnegative().describe('Earned on orders still inside the return window'),
      expiringSoon: z
        .object({ points: z.number().int().nonnegative(), before: z.iso.datetime().nullable() })
        .describe('Available points that expire within 30 days, and the earliest of those expiries'),
    }),
    birthday: z.string().nullable(),
    lunarBirthday: LunarBirthday.nullable()
      .optional()
      .describe('The lunar birthday the member celebrates instead of `birthday` (always sent by the API; null: Gregorian)'),
    marketingOptOut: z
      .boolean()
      .optional()
      .describe('关闭个性化推荐 (PIPL Art. 24): no marketing chosen by profiling reaches the member (always sent by the API)'),
    redemptionsHeld: z
      .boolean()
      .optional()
      .describe("账户审核中: a supervisor holds the member's redemptions (points mall and coupons refuse them) (always sent by the API)"),
    phoneMasked: z.string().nullable().describe('Only ever masked, e.g. 138****1234'),
    minor: z
      .boolean()
      .optional()
      .describe('A child under 14 by the birth date given, saved with a guardian’s consent (always sent by the API)'),
    joinedAt: z.iso.datetime().nullable(),
    policyVersion: z.string().nullable(),
    memberCode: z
      .string()
      .describe('会员码: 8 letters and digits (shared/src/member-code.ts), shown as a QR code and as text a cashier can type'),
    stats: z.object({
      orderCount: z.number().int().nonnegative(),
      totalSpentFen: z.number().int().nonnegative(),
      firstOrderAt: z.iso.datetime().nullable(),
      lastOrderAt: z.iso.datetime().nullable(),
    }),
  })
  .meta({ id: 'Member' });
export type MemberView = z.infer<typeof MemberView>;

export const ConsentRequest = z
  .object({
    policyVersion: z.string().min(1).max(32),
    accepted: z.literal(true).describe('Joining requires accepting; withdrawal is a separate request'),
  })
  .meta({ id: 'ConsentRequest' });
export type ConsentRequest = z.infer<typeof ConsentRequest>;

/** The longest nickname, in characters (an emoji counts once); WeChat's own nicknames are shorter. */
export const NICKNAME_MAX_CHARS = 20;

/**
 * A nickname as typed or as WeChat's nickname keyboard fills it: trimmed, 1–20 characters, no
 * control characters or line breaks (it is shown on one line of the member card).
 */
export const Nickname = z
  .string()
  .trim()
  .min(1, 'Empty nickname')
  .refine((value) => [...value].length <= NICKNAME_MAX_CHARS, `At most ${NICKNAME_MAX_CHARS} characters`)
  .refine((value) => !/[\p{Cc}\u2028\u2029]/u.test(value), 'No control characters or line breaks');

export const UpdateProfileRequest = z
  .object({
    nickname: Nickname.optional(),
    birthday: Birthday.nullable().optional(),
    avatarKey: PhotoKey.nullable()
      .optional()
      .describe('The key of an avatar upload (POST /v1/me/photo-uploads with purpose "avatar"), once uploaded; null removes the avatar'),
    lunarBirthday: LunarBirthday.nullable()
      .optional()
      .describe('Celebrate this lunar birthday instead of the Gregorian one (which is kept); null goes back to the Gregorian birthday'),
    marketingOptOut: z
      .boolean()
      .optional()
      .describe(
        'true: 关闭个性化推荐 (refuse marketing chosen by automated profiling, PIPL Art. 24); each change is kept in the consent ledger',
      ),
    guardianConsent: GuardianConsent.optional().describe(
      'Required with a birthday (Gregorian with a year, or lunar with a year) showing a child under 14 on the Shanghai date; kept in the consent ledger',
    ),
  })
  .refine((body) => Object.keys(body).some((field) => field !== 'guardianConsent'), 'Nothing to update')
  .meta({ id: 'UpdateProfileRequest' });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const PhoneRequest = z
  .object({ code: z.string().min(1).max(128).describe('The code from <button open-type="getPhoneNumber">') })
  .meta({ id: 'PhoneRequest' });
export type PhoneRequest = z.infer<typeof PhoneRequest>;
