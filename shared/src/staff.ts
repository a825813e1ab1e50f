import * as z from 'zod';
import { TierView } from './tiers.ts';

export const StaffMemberSummary = z
  .object({
    memberId: z.string(),
    nickname: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    tier: TierView,
    pointsBalance: z.number().int().nonnegative(),
    orderCount: z.number().int().nonnegative(),
    totalSpentFen: z.number().int().nonnegative(),
    lastOrderAt: z.iso.datetime().nullable(),
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffMemberSummary' });
export type StaffMemberSummary = z.infer<typeof StaffMemberSummary>;

export const StaffMemberListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

export const StaffMemberPage = z
  .object({ items: z.array(StaffMemberSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffMemberPage' });
export type StaffMemberPage = z.infer<typeof StaffMemberPage>;
