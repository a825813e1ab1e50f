import { describe, expect, it } from 'vitest';
import {
  deadlineOutcome,
  decidePayment,
  groupDeadline,
  joinRefusal,
  nextLeader,
  outRefundNo,
  refundRetryAt,
  reservationEnd,
} from './group-rules.ts';
import type { GroupMemberRecord } from './records.ts';

const now = new Date('2026-11-23T02:00:00.000Z');
const terms = { groupSize: 3, minGroupSize: 3 } as never;
const member = (orderNo: string, joinedAt: string): GroupMemberRecord => ({
  orderNo,
  memberId: `m-${orderNo}`,
  nickname: null,
  avatarKey: null,
  qty: 1,
  joinedAt,
  paid: false,
});

describe('deadlines and reservations', () => {
  it('a group runs groupHours from when it opened', () => {
    expect(groupDeadline(now, 24)).toBe('2026-11-24T02:00:00.000Z');
  });
  it('a reservation holds its place reservationMinutes, never past the group’s deadline', () => {
    expect(reservationEnd(now, 15, '2026-11-24T02:00:00.000Z')).toBe('2026-11-23T02:15:00.000Z');
    expect(reservationEnd(now, 15, '2026-11-23T02:05:00.000Z')).toBe('2026-11-23T02:05:00.000Z');
  });
});

describe('joinRefusal', () => {
  const group = { status: 'forming' as const, deadline: '2026-11-23T03:00:00.000Z', slotsTaken: 2, terms };
  it('takes a join while forming, before the deadline, with a free place', () => {
    expect(joinRefusal(group, now)).toBeNull();
  });
  it('refuses a full group', () => {
    expect(joinRefusal({ ...group, slotsTaken: 3 }, now)).toBe('full');
  });
  it('refuses a group at or past its deadline, or no longer forming', () => {
    expect(joinRefusal({ ...group, deadline: now.toISOString() }, now)).toBe('closed');
    expect(joinRefusal({ ...group, status: 'succeeded' }, now)).toBe('closed');
  });
});

describe('nextLeader', () => {
  const members = {
    A: member('A', '2026-11-23T01:00:00.000Z'),
    C: member('C', '2026-11-23T01:30:00.000Z'),
    B: member('B', '2026-11-23T01:10:00.000Z'),
  };
  it('keeps the leader when someone else leaves', () => {
    expect(nextLeader({ leaderOrderNo: 'A', members }, 'C')).toBe('A');
  });
  it('passes the lead to the earliest remaining member when the leader leaves', () => {
    expect(nextLeader({ leaderOrderNo: 'A', members }, 'A')).toBe('B');
  });
  it('leaves nobody leading when the last member goes', () => {
    expect(nextLeader({ leaderOrderNo: 'A', members: { A: members.A } }, 'A')).toBeNull();
  });
});

describe('decidePayment', () => {
  const order = { status: 'reserved' as const, amountFen: 3990, openid: 'o-a', transactionId: null, refund: null };
  const group = { status: 'forming' as const, deadline: '2026-11-23T03:00:00.000Z', slotsTaken: 3, paidCount: 1, terms };
  const payment = { transactionId: 'tx1', amountFen: 3990, payerTotalFen: 3990, payerOpenid: 'o-a', successTime: now.toISOString() };

  it('records a payment of a reserved place; it completes the group only as the last payment of a full group', () => {
    expect(decidePayment({ order, group, payment, now })).toEqual({ kind: 'pay', completes: false });
    expect(decidePayment({ order, group: { ...group, paidCount: 2 }, payment, now })).toEqual({ kind: 'pay', completes: true });
    expect(decidePayment({ order, group: { ...group, paidCount: 2, slotsTaken: 2 }, payment, now })).toEqual({
      kind: 'pay',
      completes: false,
    });
  });
  it('a replay of the recorded payment changes nothing', () => {
    expect(decidePayment({ order: { ...order, status: 'paid', transactionId: 'tx1' }, group, payment, now })).toEqual({ kind: 'already' });
  });
  it('refunds a payment for a place released, left or failed', () => {
    for (const status of ['released', 'left', 'failed'] as const)
      expect(decidePayment({ order: { ...order, status }, group, payment, now })).toEqual({ kind: 'refund', why: 'not-reserved' });
  });
  it('refunds a payment made after the deadline; one made before it counts, but never completes the group once past', () => {
    const after = new Date('2026-11-23T03:00:30.000Z');
    expect(decidePayment({ order, group, payment: { ...payment, successTime: after.toISOString() }, now: after })).toEqual({
      kind: 'refund',
      why: 'late',
    });
    expect(decidePayment({ order, group: { ...group, paidCount: 2 }, payment, now: after })).toEqual({ kind: 'pay', completes: false });
  });
  it('refunds a payment of another amount or by another payer', () => {
    expect(decidePayment({ order, group, payment: { ...payment, amountFen: 1 }, now })).toEqual({ kind: 'refund', why: 'amount' });
    expect(decidePayment({ order, group, payment: { ...payment, payerOpenid: 'o-b' }, now })).toEqual({ kind: 'refund', why: 'payer' });
  });
  it('refunds a payment into a group that already failed', () => {
    expect(decidePayment({ order, group: { ...group, status: 'failed' }, payment, now })).toEqual({ kind: 'refund', why: 'group-closed' });
  });
});

describe('deadlineOutcome', () => {
  it('succeeds when at least the minimum paid, else fails', () => {
    expect(deadlineOutcome({ paidCount: 2, terms: { minGroupSize: 2 } as never })).toBe('succeed');
    expect(deadlineOutcome({ paidCount: 1, terms: { minGroupSize: 2 } as never })).toBe('fail');
  });
});

describe('refunds', () => {
  it('numbers an order’s refunds stably', () => {
    expect(outRefundNo('GO_01ABC', 1)).toBe('GO_01ABCR1');
  });
  it('backs off 1, 2, 5, 10, 30 minutes, then hourly', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 9].map((n) => (Date.parse(refundRetryAt(now, n)) - now.getTime()) / 60_000);
    expect(minutes).toEqual([1, 2, 5, 10, 30, 60, 60]);
  });
});
