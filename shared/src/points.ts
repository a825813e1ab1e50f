import * as z from 'zod';

export const POINTS_ENTRY_TYPES = [
  'order',
  'checkin',
  'survey',
  'birthday',
  'redemption',
  'refund',
  'expiry',
  'adjustment',
  'care',
  'groupbuy',
] as const;
export type PointsEntryType = (typeof POINTS_ENTRY_TYPES)[number];

export const POINTS_ENTRY_TYPE_ZH: Record<PointsEntryType, string> = {
  order: '购物得积分',
  checkin: '每日签到',
  survey: '问卷奖励',
  birthday: '生日礼',
  redemption: '积分兑换',
  refund: '退款扣回',
  expiry: '积分过期',
  adjustment: '人工调整',
  care: '关怀礼',
  groupbuy: '团长奖励',
};

export const PointsEntry = z
  .object({
    entryId: z.string(),
    type: z.enum(POINTS_ENTRY_TYPES),
    delta: z.number().int().describe('Positive for credits, negative for debits'),
    balanceAfter: z.number().int().nonnegative(),
    refId: z.string().nullable().describe('The order id, redemption id… this entry is about'),
    note: z.string().nullable(),
    lots: z
      .array(z.object({ lotId: z.string(), delta: z.number().int() }))
      .describe('The lots this entry created or drew from (oldest first for debits)'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PointsEntry' });
export type PointsEntry = z.infer<typeof PointsEntry>;

export const PointsPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});

export const PointsPage = z
  .object({
    items: z.array(PointsEntry),
    nextCursor: z.string().nullable().describe('Pass back as ?cursor= for the next (older) page; null at the end'),
  })
  .meta({ id: 'PointsPage' });
export type PointsPage = z.infer<typeof PointsPage>;

/**
 * Default earning rule: whole yuan paid × points per yuan × the tier's multiplier, rounded down;
 * fractions of a yuan earn nothing.
 */
export function pointsForPaidFen(paidFen: number, pointsPerYuan = 1, multiplier = 1): number {
  if (!Number.isInteger(paidFen) || paidFen < 0) throw new RangeError('paidFen must be a non-negative integer');
  // Multipliers like 1.2 are tenths: work in integers so 100 × 1.2 is 120, not 119.99999.
  return Math.floor((Math.floor(paidFen / 100) * pointsPerYuan * Math.round(multiplier * 100)) / 100);
}

/** A check-in reward rule: on the Nth consecutive day, this many extra points. */
export const StreakBonus = z.object({ day: z.number().int().min(2).max(366), bonus: z.number().int().positive().max(100_000) });

export const CheckinResult = z
  .object({
    date: z.string().describe('The Asia/Shanghai day checked in, YYYY-MM-DD'),
    alreadyCheckedIn: z.boolean().describe('true when today was already checked in: nothing was credited again'),
    points: z.number().int().nonnegative().describe('Daily points plus any streak bonus credited by this check-in'),
    bonus: z.number().int().nonnegative(),
    streak: z.number().int().positive().describe('Consecutive days including today'),
  })
  .meta({ id: 'CheckinResult' });
export type CheckinResult = z.infer<typeof CheckinResult>;

export const CheckinMonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM')
    .optional()
    .describe('Defaults to the current Asia/Shanghai month'),
});

export const CheckinCalendar = z
  .object({
    today: z.string(),
    month: z.string(),
    checkedInToday: z.boolean(),
    streak: z.number().int().nonnegative().describe('Consecutive days up to today (or yesterday when today is not yet checked in)'),
    days: z.array(z.string()).describe('Days of the month checked in, YYYY-MM-DD'),
    rules: z.object({ dailyPoints: z.number().int().nonnegative(), streakBonuses: z.array(StreakBonus) }),
  })
  .meta({ id: 'CheckinCalendar' });
export type CheckinCalendar = z.infer<typeof CheckinCalendar>;

export const PointsAdjustmentRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; a retried adjustment is applied once'),
    delta: z
      .number()
      .int()
      .min(-1_000_000, 'At most 1,000,000 points at once')
      .max(1_000_000, 'At most 1,000,000 points at once')
      .refine((n) => n !== 0, 'Must not be zero'),
    reason: z.string().trim().min(2).max(200),
  })
  .meta({ id: 'PointsAdjustmentRequest' });
export type PointsAdjustmentRequest = z.infer<typeof PointsAdjustmentRequest>;
