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
};

export const PointsEntry = z
  .object({
    entryId: z.string(),
    type: z.enum(POINTS_ENTRY_TYPES),
    delta: z.number().int().describe('Positive for credits, negative for debits'),
    balanceAfter: z.number().int().nonnegative(),
    refId: z.string().nullable().describe('The order id, redemption id… this entry is about'),
    note: z.string().nullable(),
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

/** Default earning rule: whole yuan paid × points per yuan; fractions of a yuan earn nothing. */
export function pointsForPaidFen(paidFen: number, pointsPerYuan = 1): number {
  if (!Number.isInteger(paidFen) || paidFen < 0) throw new RangeError('paidFen must be a non-negative integer');
  return Math.floor(paidFen / 100) * pointsPerYuan;
}
