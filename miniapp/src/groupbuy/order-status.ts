import type { GroupRefund, GroupView, MyGroupOrder } from '@linli/shared/groupbuy';
import { formatFen } from '@/format/money';
import { groupDeadlineText, payWithinText } from './countdown';

/*
 * Where a buyer's 拼团 stands, in words: the order's state on 我的拼团, the refund's progress, and
 * the group's status on its page. Pure: the current time is passed in.
 */

/** How a state is coloured: waiting on the buyer, running, done, or over without a sale. */
export type StatusTone = 'pending' | 'running' | 'done' | 'closed';

export interface OrderStatusView {
  label: string;
  tone: StatusTone;
  /** A second line: the time left to pay or to form, or what became of the place. */
  note: string | null;
}

type RefundProgress = Pick<GroupRefund, 'fen' | 'status'>;

/** The refund's progress with its amount: 退款处理中 / 已退款 / 退款异常，请联系商家. */
export function refundText(refund: RefundProgress): string {
  switch (refund.status) {
    case 'requested':
    case 'processing':
      return `退款处理中 ${formatFen(refund.fen)}`;
    case 'succeeded':
      return `已退款 ${formatFen(refund.fen)}`;
    case 'abnormal':
      return `退款异常，请联系商家（${formatFen(refund.fen)}）`;
    case 'closed':
      return `退款已关闭，请联系商家（${formatFen(refund.fen)}）`;
  }
}

/** A row of 我的拼团: every order state in Chinese, with its countdown or outcome. */
export function orderStatusView(
  order: Pick<MyGroupOrder, 'status' | 'groupStatus' | 'groupDeadline' | 'reservedUntil'>,
  nowMs: number,
): OrderStatusView {
  switch (order.status) {
    case 'reserved':
      return { label: '待支付', tone: 'pending', note: order.reservedUntil ? payWithinText(order.reservedUntil, nowMs) : null };
    case 'paid':
      return {
        label: '拼团中',
        tone: 'running',
        note: order.groupStatus === 'forming' ? groupDeadlineText(order.groupDeadline, nowMs) : null,
      };
    case 'succeeded':
      return { label: '已成团', tone: 'done', note: null };
    case 'released':
      // Released covers both a reservation left unpaid past its time and one the buyer withdrew:
      // the order does not say which, so the note is true of both.
      return { label: '已取消', tone: 'closed', note: '未支付，名额已释放' };
    case 'left':
      return { label: '已退出', tone: 'closed', note: null };
    case 'failed':
      return { label: '未成团', tone: 'closed', note: null };
  }
}

/** The group's status on its page; a failed group tells the viewer how far their own refund is. */
export function groupStatusText(group: Pick<GroupView, 'status'>, viewerRefund: RefundProgress | null): string {
  if (group.status === 'forming') return '拼团中';
  if (group.status === 'succeeded') return '拼团成功';
  if (!viewerRefund) return '拼团失败';
  switch (viewerRefund.status) {
    case 'succeeded':
      return '拼团失败，已退款';
    case 'requested':
    case 'processing':
      return '拼团失败，退款处理中';
    default:
      return '拼团失败，退款异常，请联系商家';
  }
}

/** What the leave dialog asks: a paid place is refunded, an unpaid one just released. */
export function leaveConfirmText(paid: boolean): string {
  return paid ? '退出后名额将让给其他人，已付款项将原路退回。确定退出拼团吗？' : '退出后名额将让给其他人。确定退出拼团吗？';
}
