import type { GroupMemberRecord, GroupOrderRecord, GroupRecord } from './records.ts';

/* The rules of a group's life, pure (the clock is passed in). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A new group's deadline: `groupHours` after it opened. */
export function groupDeadline(openedAt: Date, groupHours: number): string {
  return new Date(openedAt.getTime() + groupHours * HOUR).toISOString();
}

/** Until when a new reservation holds its place unpaid: `reservationMinutes` on, never past the group's deadline. */
export function reservationEnd(now: Date, reservationMinutes: number, deadline: string): string {
  const end = new Date(now.getTime() + reservationMinutes * MINUTE).toISOString();
  return end < deadline ? end : deadline;
}

/** A group takes joins while forming, before its deadline, with a free place. */
export function joinRefusal(group: Pick<GroupRecord, 'status' | 'deadline' | 'slotsTaken' | 'terms'>, now: Date): 'closed' | 'full' | null {
  if (group.status !== 'forming' || group.deadline <= now.toISOString()) return 'closed';
  if (group.slotsTaken >= group.terms.groupSize) return 'full';
  return null;
}

/**
 * Who leads once `leaving` is gone: the leader stays unless it is them; otherwise the member who
 * joined earliest of those remaining (order numbers are time-ordered and break a tie); null when nobody remains.
 */
export function nextLeader(group: Pick<GroupRecord, 'leaderOrderNo' | 'members'>, leaving: string): string | null {
  if (group.leaderOrderNo !== leaving) return group.leaderOrderNo;
  const remaining = Object.values(group.members).filter((member) => member.orderNo !== leaving);
  remaining.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.orderNo.localeCompare(b.orderNo));
  return remaining[0]?.orderNo ?? null;
}

/** The group's members, earliest first. */
export function membersInOrder(group: Pick<GroupRecord, 'members'>): GroupMemberRecord[] {
  return Object.values(group.members).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.orderNo.localeCompare(b.orderNo));
}

/**
 * What a confirmed payment (WeChat Pay says SUCCESS) means for a place:
 * - 'pay': the place is reserved in a forming group and was paid by its deadline, with the amount and payer
 *   it was ordered with; `completes` when it is the last payment of a full group before the deadline (the group
 *   succeeds in the same write). A payment confirmed after the deadline never completes the group: the
 *   deadline's own decision counts it.
 * - 'already': the payment is already recorded (a replayed notification): nothing changes.
 * - 'refund': the place was released, left or failed, the group is closed or past its deadline, or the
 *   payment does not match the order: the money goes back (reason paid-after-release).
 */
export type PaymentDecision =
  | { kind: 'pay'; completes: boolean }
  | { kind: 'already' }
  | { kind: 'refund'; why: 'not-reserved' | 'group-closed' | 'late' | 'amount' | 'payer' };

export function decidePayment(input: {
  order: Pick<GroupOrderRecord, 'status' | 'amountFen' | 'openid' | 'transactionId' | 'refund'>;
  group: Pick<GroupRecord, 'status' | 'deadline' | 'slotsTaken' | 'paidCount' | 'terms'>;
  payment: {
    transactionId: string | null;
    amountFen: number;
    payerTotalFen: number | null;
    payerOpenid: string | null;
    successTime: string | null;
  };
  now: Date;
}): PaymentDecision {
  const { order, group, payment, now } = input;
  if (order.transactionId !== null && order.transactionId === payment.transactionId) return { kind: 'already' };
  if (order.status !== 'reserved') return { kind: 'refund', why: 'not-reserved' };
  if (payment.amountFen !== order.amountFen || (payment.payerTotalFen !== null && payment.payerTotalFen > order.amountFen))
    return { kind: 'refund', why: 'amount' };
  if (payment.payerOpenid !== null && payment.payerOpenid !== order.openid) return { kind: 'refund', why: 'payer' };
  if (group.status !== 'forming') return { kind: 'refund', why: 'group-closed' };
  const paidAt = payment.successTime ? new Date(payment.successTime) : now;
  const at = Number.isNaN(paidAt.getTime()) ? now : paidAt;
  if (at.toISOString() > group.deadline) return { kind: 'refund', why: 'late' };
  const beforeDeadline = now.toISOString() < group.deadline;
  const completes = beforeDeadline && group.slotsTaken === group.terms.groupSize && group.paidCount + 1 === group.terms.groupSize;
  return { kind: 'pay', completes };
}

/** At the deadline, once no place is left unpaid: the group succeeds when at least its minimum paid, else fails. */
export function deadlineOutcome(group: Pick<GroupRecord, 'paidCount' | 'terms'>): 'succeed' | 'fail' {
  return group.paidCount >= group.terms.minGroupSize && group.paidCount > 0 ? 'succeed' : 'fail';
}

/** The merchant's refund number of an order's n-th refund: stable, so a retried refund is the same refund. */
export function outRefundNo(orderNo: string, n: number): string {
  return `${orderNo}R${n}`;
}

/** Minutes to wait before asking WeChat Pay about a refund again, after `attempts` requests: 1, 2, 5, 10, 30, then hourly. */
export const REFUND_BACKOFF_MINUTES = [1, 2, 5, 10, 30, 60] as const;

export function refundRetryAt(now: Date, attempts: number): string {
  const minutes = REFUND_BACKOFF_MINUTES[Math.min(Math.max(attempts, 1), REFUND_BACKOFF_MINUTES.length) - 1]!;
  return new Date(now.getTime() + minutes * MINUTE).toISOString();
}

/** When to look again at work WeChat Pay could not answer (closing an expired reservation, a deadline's queries). */
export function unreachableRetryAt(now: Date): string {
  return new Date(now.getTime() + MINUTE).toISOString();
}
