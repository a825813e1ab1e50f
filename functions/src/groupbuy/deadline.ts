import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getStock, stockUpdate } from './campaigns-repository.ts';
import { deadlineOutcome, unreachableRetryAt } from './group-rules.ts';
import { groupSuccessItems } from './group-success.ts';
import { formingGroupDelete, getGroup, groupUpdate } from './groups-repository.ts';
import { getGroupOrders } from './orders-repository.ts';
import type { PayDeps } from './payment.ts';
import { failedPlaceItems } from './place-endings.ts';
import type { GroupRecord } from './records.ts';
import { releaseReservation } from './release.ts';

/** What a deadline's work came to this time. */
export type DeadlineOutcome = 'not-due' | 'succeeded' | 'failed' | 'settled' | 'gone' | 'retry-later';

/**
 * A group's deadline: every place still unpaid is settled first (WeChat Pay asked where a payment was
 * started: a payment it took by the deadline counts, the rest are closed and released); then the group
 * succeeds if at least its minimum paid, else fails. A failed group's paid members are each refunded
 * (reason group-failed), their units and holdings returned, one write each; the group keeps its timer
 * until every one is done, so a run cut short carries on. Safe to run again at any point: a group past
 * its deadline never succeeds otherwise (payments no longer complete it), and a decided group stays decided.
 */
export async function settleDeadline(deps: PayDeps, groupId: string): Promise<DeadlineOutcome> {
  const first = await getGroup(deps.db, groupId);
  if (!first) return 'gone';
  const now = deps.clock();
  if (first.status === 'forming' && first.deadline > now.toISOString()) return 'not-due';
  if (first.status === 'forming') {
    for (const member of Object.values(first.members).filter((place) => !place.paid)) {
      const released = await releaseReservation(deps, member.orderNo);
      if (released === 'unreachable') {
        await rescheduleDeadline(deps, groupId, unreachableRetryAt(deps.clock()));
        return 'retry-later';
      }
    }
    const decided = await decide(deps, groupId);
    if (decided !== 'failed') return decided;
  }
  return settleFailedMembers(deps, groupId);
}

/** Succeeds or fails a forming group past its deadline whose places are all paid (or gone). */
async function decide(deps: PayDeps, groupId: string): Promise<'succeeded' | 'failed' | 'settled' | 'gone'> {
  return withOptimisticRetry(async () => {
    const group = await getGroup(deps.db, groupId);
    if (!group) return 'gone' as const;
    if (group.status === 'succeeded') return 'settled' as const;
    if (group.status === 'failed') return 'failed' as const;
    // A place reserved meanwhile cannot be (joins need the deadline ahead); one left unpaid is settled first.
    if (group.slotsTaken !== group.paidCount) return RETRY;
    const at = deps.clock().toISOString();
    if (deadlineOutcome(group) === 'succeed') {
      const written = await transactWrite(deps.db, groupSuccessItems(deps, { group, now: at }));
      return written.committed ? ('succeeded' as const) : RETRY;
    }
    const written = await transactWrite(deps.db, [
      // The timer stays on the failed group until every paid member is refunded.
      groupUpdate(deps.db, group.groupId, { asRead: group, fail: { at }, timer: { dueAt: at, kind: 'deadline' } }),
      stockUpdate(deps.db, group.campaignId, { groups: { forming: -1, failed: 1 } }),
      formingGroupDelete(deps.db, group),
    ]);
    return written.committed ? ('failed' as const) : RETRY;
  });
}

/** Refunds each paid member of a failed group still paid, then takes the group's timer away. */
async function settleFailedMembers(deps: PayDeps, groupId: string): Promise<DeadlineOutcome> {
  const group = await getGroup(deps.db, groupId);
  if (!group) return 'gone';
  if (group.status !== 'failed') return 'settled';
  const orders = await getGroupOrders(deps.db, Object.keys(group.members), true);
  for (const order of orders.values()) {
    if (order.status !== 'paid') continue;
    await withOptimisticRetry(async () => {
      const [current, stock] = await Promise.all([getGroupOrders(deps.db, [order.orderNo], true), getStock(deps.db, order.campaignId)]);
      const fresh = current.get(order.orderNo);
      if (!fresh || fresh.status !== 'paid') return 'done';
      if (!stock) throw new Error(`Campaign ${order.campaignId} has no STOCK item`);
      const written = await transactWrite(deps.db, failedPlaceItems(deps, { order: fresh, stock, now: deps.clock().toISOString() }));
      return written.committed ? 'done' : RETRY;
    });
  }
  await clearTimer(deps, group);
  return 'failed';
}

async function clearTimer(deps: PayDeps, group: GroupRecord) {
  await withOptimisticRetry(async () => {
    const current = await getGroup(deps.db, group.groupId);
    if (!current) return 'done';
    const written = await transactWrite(deps.db, [groupUpdate(deps.db, group.groupId, { asRead: current, timer: null })]);
    return written.committed ? 'done' : RETRY;
  });
}

async function rescheduleDeadline(deps: PayDeps, groupId: string, dueAt: string) {
  await withOptimisticRetry(async () => {
    const current = await getGroup(deps.db, groupId);
    if (!current || current.status !== 'forming') return 'done';
    const written = await transactWrite(deps.db, [groupUpdate(deps.db, groupId, { asRead: current, timer: { dueAt, kind: 'deadline' } })]);
    return written.committed ? 'done' : RETRY;
  });
}
