import type { GroupJoinResult } from '@linli/shared/groupbuy';
import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getStock } from './campaigns-repository.ts';
import { ownOrderView, requireOwnOrder } from './my-orders.ts';
import type { PayDeps } from './payment.ts';
import { newRefundOf, placeRemovalItems } from './place-endings.ts';
import { releaseReservation } from './release.ts';

const cannotLeave = (why: string) => new DomainError('GROUP_ORDER_CANNOT_LEAVE', why);

/**
 * The buyer leaves their group before it succeeds: an unpaid place is released (its WeChat Pay order
 * closed first); a paid one is left and refunded (reason left), in one write with the place, units,
 * holding and seat returned and, if the leader leaves, the earliest remaining member leading. After
 * success leaving is GROUP_ORDER_CANNOT_LEAVE (an after-sales refund is staff's); so is leaving once
 * the deadline passed (the deadline decides then) or a place already ended.
 */
export async function leaveGroup(deps: PayDeps, memberId: string, orderNo: string): Promise<GroupJoinResult> {
  const { order, group } = await requireOwnOrder(deps, memberId, orderNo);
  const check = (current: typeof order, currentGroup: typeof group) => {
    if (current.status === 'succeeded') throw cannotLeave('The group succeeded: ask the shop for an after-sales refund');
    if (current.status !== 'reserved' && current.status !== 'paid') throw cannotLeave(`The place is already ${current.status}`);
    if (currentGroup.status !== 'forming' || currentGroup.deadline <= deps.clock().toISOString())
      throw cannotLeave('The group’s deadline has come: its outcome is being decided');
  };
  check(order, group);
  if (order.status === 'reserved') {
    const released = await releaseReservation(deps, orderNo);
    if (released === 'unreachable') throw new DomainError('WECHAT_PAY_UNAVAILABLE', 'WeChat Pay cannot be reached to close the payment');
    // 'paid': WeChat Pay had taken the money meanwhile; leaving now refunds it.
    if (released !== 'paid') return answer(deps, memberId, orderNo);
  }
  await withOptimisticRetry(async () => {
    const current = await requireOwnOrder(deps, memberId, orderNo);
    if (current.order.status === 'released') return 'done';
    check(current.order, current.group);
    if (current.order.status !== 'paid') return 'done';
    const stock = await getStock(deps.db, current.order.campaignId);
    if (!stock) throw new Error(`Campaign ${current.order.campaignId} has no STOCK item`);
    const at = deps.clock().toISOString();
    const written = await transactWrite(
      deps.db,
      placeRemovalItems(deps, {
        order: current.order,
        group: current.group,
        stock,
        to: 'left',
        refund: newRefundOf(current.order, 'left', at),
        beforeDeadline: at,
        now: at,
      }),
    );
    return written.committed ? 'done' : RETRY;
  });
  return answer(deps, memberId, orderNo);
}

async function answer(deps: PayDeps, memberId: string, orderNo: string): Promise<GroupJoinResult> {
  const { order, group } = await requireOwnOrder(deps, memberId, orderNo);
  return { order: await ownOrderView(deps, order, group), payment: null };
}
