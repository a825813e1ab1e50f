import * as z from 'zod';

/** The path parameters of the 拼团 routes (buyer, staff and notification routes share them). */
export const CampaignParams = z.object({ campaignId: z.string().min(1).max(64) });
export const GroupParams = z.object({ groupId: z.string().min(1).max(64) });
export const OrderParams = z.object({ orderNo: z.string().min(1).max(64) });
