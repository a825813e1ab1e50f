import * as z from 'zod';

/** How many Shanghai days the overview's trend charts cover, today included. */
export const OVERVIEW_TREND_DAYS = 30;

/** A daily series over the overview's `days` (oldest first), one value per day. */
const Trend = z.array(z.number().int()).describe('One value per day of `days`, oldest first');

export const ShopOverview = z
  .object({
    today: z.string().describe('The Asia/Shanghai day, YYYY-MM-DD'),
    days: z.array(z.string()).describe(`The last ${OVERVIEW_TREND_DAYS} Shanghai days, oldest first: the trend series follow them`),
    members: z.object({
      total: z.number().int().nonnegative(),
      newThisWeek: z.number().int().nonnegative().describe('Joined since Monday (Asia/Shanghai)'),
      newThisMonth: z.number().int().nonnegative(),
      totalTrend: Trend.describe('Members at the end of each day'),
      newTrend: Trend.describe('Joined each day'),
    }),
    orders: z.object({
      thisMonth: z.number().int().nonnegative().describe('Orders from members credited this month'),
      salesFenThisMonth: z.number().int().describe('What members paid this month, less what was refunded this month (fen)'),
      ordersTrend: Trend,
      salesFenTrend: Trend.describe('Paid less refunded, per day (fen)'),
    }),
    points: z.object({
      issuedThisMonth: z.number().int().nonnegative(),
      redeemedThisMonth: z.number().int().nonnegative(),
      outstanding: z.number().int().describe("Every member's balance summed: what the shop owes in points"),
      issuedTrend: Trend,
      redeemedTrend: Trend,
      outstandingTrend: Trend.describe('Outstanding points at the end of each day'),
    }),
    coupons: z.object({
      issuedThisMonth: z.number().int().nonnegative(),
      usedThisMonth: z.number().int().nonnegative(),
      issuedTrend: Trend,
      usedTrend: Trend,
    }),
    complaints: z.object({
      open: z.number().int().nonnegative().describe('Complaints not yet closed'),
      atRisk: z.number().int().nonnegative().describe('Open complaints whose SLA deadline has passed or falls within the next 2 hours'),
      filedTrend: Trend.describe('Complaints filed each day'),
    }),
  })
  .meta({ id: 'ShopOverview' });
export type ShopOverview = z.infer<typeof ShopOverview>;
