import type { MyOrderStatus, MyOrderSummary } from '@linli/shared/orders';
import { formatFen } from './money';
import { formatShanghaiDate, formatShanghaiMonthDay } from './time';

/** The words for an order's state after refunds; nothing to say for an order not refunded. */
export const ORDER_STATUS_ZH: Record<MyOrderStatus, string> = { paid: '已支付', partially_refunded: '部分退款', refunded: '已退款' };

/** An order as a person knows it: "烟台红富士 5kg×1 等3件" (first line, and how many lines more). */
export function orderItemsText(order: { items: ReadonlyArray<{ name: string; qty: number }> }): string {
  const [first, ...others] = order.items;
  if (!first) return '订单';
  return `${first.name}×${first.qty}${others.length > 0 ? ` 等${others.length + 1}件` : ''}`;
}

/** "2026-11-23 · ¥220.00": the day it was paid (Asia/Shanghai) and the amount. */
export function orderMetaText(order: Pick<MyOrderSummary, 'paidAt' | 'paidFen'>): string {
  return `${formatShanghaiDate(order.paidAt)} · ${formatFen(order.paidFen)}`;
}

/** What an order did to the buyer's points, in one line. */
export function orderPointsText(points: MyOrderSummary['points']): string {
  if (points.state === 'awaiting_join') return '加入会员后积分到账';
  if (points.earned === 0) return '本单无积分';
  const when = points.state === 'pending' && points.availableAt ? `，${formatShanghaiMonthDay(points.availableAt)} 起可用` : '';
  const earned = `+${points.earned} 积分${points.state === 'pending' ? `（待生效${when}）` : ''}`;
  return points.takenBack > 0 ? `${earned} · 退款扣回 ${points.takenBack} 积分` : earned;
}
