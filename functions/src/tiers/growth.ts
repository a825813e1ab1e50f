import { GROWTH_WINDOW_MONTHS } from '@linli/shared/tiers';
import { shanghaiDay, shanghaiDayStart } from '@linli/shared/time';

/** What growth needs of an order. */
export interface GrowthOrder {
  orderId: string;
  paidFen: number;
  refundedFen: number;
  paidAt: string;
}

/**
 * The first instant that counts toward growth at `now`: 00:00 Asia/Shanghai on the same calendar
 * date `months` back (the month's last day when that date does not exist, e.g. 29 February).
 * Whole Shanghai days, so a member's growth changes at midnight, not at the hour of an old order.
 */
export function growthWindowStart(now: Date, months = GROWTH_WINDOW_MONTHS): string {
  const today = shanghaiDay(now);
  const monthIndex = today.year * 12 + (today.month - 1) - months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(today.day, lastDay)).padStart(2, '0')}`;
  return shanghaiDayStart(date).toISOString();
}

/**
 * Growth value (成长值): whole yuan paid minus refunded on orders paid inside the window, plus
 * the member's bonus; never below zero. Fractions of a yuan are summed before rounding down.
 */
export function growthFromOrders(orders: readonly GrowthOrder[], input: { now: Date; bonus: number }): number {
  const start = growthWindowStart(input.now);
  let keptFen = 0;
  for (const order of orders) {
    if (new Date(order.paidAt).toISOString() < start) continue;
    keptFen += Math.max(0, order.paidFen - order.refundedFen);
  }
  return Math.max(0, Math.floor(keptFen / 100) + input.bonus);
}
