import { addDays, shanghaiDay } from '@linli/shared/time';

/**
 * A member's order history folded by Asia/Shanghai day: what customer insight scores (RFM, the
 * purchase models, lifecycle, categories bought and when) are computed from, kept up to date by
 * every order credited to the member and every refund of one, in the same transaction.
 *
 * An order *counts* when it is not fully refunded (the RFM definition in the README): a day's
 * `orders` are its counting orders and `netFen` the money kept of all its orders (paid − refunded;
 * a fully refunded order adds 0). A day with no counting order is dropped, so the days are the
 * member's purchase occasions (the models' unit: orders of one Shanghai day are one occasion).
 */
export interface OrderAggregates {
  memberId: string;
  /** Per paid day (YYYY-MM-DD): [counting orders, fen kept]. */
  days: Record<string, [number, number]>;
  /** Per category, per paid day: counting orders that had an item of the category. */
  categories: Record<string, Record<string, number>>;
  /**
   * The counting orders of the last BASKET_DAYS days before the newest one, by order id: [paid day, the
   * SKUs bought]. What "frequently bought together" reads; older ones are dropped as new orders come.
   */
  baskets: Record<string, [string, string[]]>;
  /** The region (province) the newest order that named one was sent to. */
  region: { day: string; name: string } | null;
}

/** How far back the baskets reach behind the member's newest order. */
export const BASKET_DAYS = 365;

/** The parts of an order the aggregates read. */
export interface AggregatedOrder {
  orderId: string;
  paidAt: string;
  paidFen: number;
  refundedFen: number;
  items: ReadonlyArray<{ category: string; sku: string }>;
  region?: string | undefined;
}

export function emptyOrderAggregates(memberId: string): OrderAggregates {
  return { memberId, days: {}, categories: {}, baskets: {}, region: null };
}

const fullyRefunded = (order: { paidFen: number; refundedFen: number }) => order.refundedFen > 0 && order.refundedFen >= order.paidFen;

/** The aggregates with one more order credited to the member (refunds already on it included). */
export function withOrderAggregated(aggregates: OrderAggregates, order: AggregatedOrder): OrderAggregates {
  if (fullyRefunded(order)) return aggregates;
  const day = shanghaiDay(new Date(order.paidAt)).date;
  const changed = changeDay(aggregates, day, { orders: 1, netFen: order.paidFen - order.refundedFen }, categoriesOf(order));
  const region = order.region && (!aggregates.region || aggregates.region.day <= day) ? { day, name: order.region } : aggregates.region;
  return { ...changed, region, baskets: recentBaskets({ ...aggregates.baskets, [order.orderId]: [day, skusOf(order)] }) };
}

/**
 * The aggregates after `refundFen` more of a credited order is refunded (`order` as it was before
 * the refund): the money leaves the order's paid day, and an order refunded in full stops counting.
 */
export function withRefundAggregated(aggregates: OrderAggregates, order: AggregatedOrder, refundFen: number): OrderAggregates {
  if (fullyRefunded(order)) return aggregates;
  const day = shanghaiDay(new Date(order.paidAt)).date;
  const nowFull = order.refundedFen + refundFen >= order.paidFen;
  // A fully refunded order keeps nothing: its whole remainder leaves the day, not only this refund.
  const kept = order.paidFen - order.refundedFen;
  const changed = changeDay(
    aggregates,
    day,
    { orders: nowFull ? -1 : 0, netFen: nowFull ? -kept : -refundFen },
    nowFull ? categoriesOf(order).map((category) => ({ category, orders: -1 })) : [],
  );
  if (!nowFull) return changed;
  const { [order.orderId]: _refunded, ...baskets } = changed.baskets;
  return { ...changed, baskets };
}

/** The aggregates of a member's orders as stored (for members whose orders came before the aggregates were kept). */
export function aggregateOrders(memberId: string, orders: readonly AggregatedOrder[]): OrderAggregates {
  return orders.reduce(withOrderAggregated, emptyOrderAggregates(memberId));
}

function categoriesOf(order: AggregatedOrder): string[] {
  return [...new Set(order.items.map((item) => item.category))];
}

function skusOf(order: AggregatedOrder): string[] {
  return [...new Set(order.items.map((item) => item.sku))].sort();
}

function recentBaskets(baskets: OrderAggregates['baskets']): OrderAggregates['baskets'] {
  const newest = Object.values(baskets).reduce((latest, [day]) => (day > latest ? day : latest), '');
  const oldest = newest ? addDays(newest, -BASKET_DAYS) : '';
  return Object.fromEntries(Object.entries(baskets).filter(([, [day]]) => day > oldest));
}

function changeDay(
  aggregates: OrderAggregates,
  day: string,
  change: { orders: number; netFen: number },
  categoryChanges: ReadonlyArray<string | { category: string; orders: number }>,
): OrderAggregates {
  const days = { ...aggregates.days };
  const [orders, netFen] = days[day] ?? [0, 0];
  const next: [number, number] = [orders + change.orders, netFen + change.netFen];
  if (next[0] > 0) days[day] = next;
  else delete days[day];
  const categories = { ...aggregates.categories };
  for (const entry of categoryChanges) {
    const { category, orders: delta } = typeof entry === 'string' ? { category: entry, orders: 1 } : entry;
    const byDay = { ...(categories[category] ?? {}) };
    const count = (byDay[day] ?? 0) + delta;
    if (count > 0) byDay[day] = count;
    else delete byDay[day];
    if (Object.keys(byDay).length > 0) categories[category] = byDay;
    else delete categories[category];
  }
  return { ...aggregates, days, categories };
}
