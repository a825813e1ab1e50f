import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { stockUpdate } from './campaigns-repository.ts';
import { placeTouch, stageAdds } from './funnel-counters.ts';
import { formingGroupDelete, groupUpdate } from './groups-repository.ts';
import { orderUpdate, type OrderChange } from './orders-repository.ts';
import type { GroupOrderRecord, GroupRecord } from './records.ts';
import { statsAdd } from './stats-repository.ts';

/**
 * The one write in which a group succeeds: the group (held to its status and counts as read) is
 * marked succeeded with its effects due now (orders into the pipeline, the leader's reward), leaves
 * its campaign's forming list and is counted; every paid member's order succeeds with it. When the
 * success comes with the last payment, that order is recorded paid and succeeded in the same write
 * and its units sold. The campaign's figures count the success in the same write. Nothing is half-written, and a group can succeed only once: a second attempt
 * finds the group no longer forming.
 */
export function groupSuccessItems(
  deps: Pick<Deps, 'db'>,
  input: {
    group: GroupRecord;
    now: string;
    /** The payment that completes the group, if that is what succeeds it. */
    paying?: { order: GroupOrderRecord; payment: NonNullable<OrderChange['payment']> };
  },
): TransactItem[] {
  const { group, now, paying } = input;
  const paidOrderNos = Object.values(group.members)
    .filter((member) => member.paid)
    .map((member) => member.orderNo);
  // The campaign's figures: the paying place paid; every paid place succeeded, with what it paid (GMV).
  const counters = paying ? stageAdds('paid', placeTouch(group, paying.order.orderNo)) : {};
  for (const orderNo of [...paidOrderNos, ...(paying ? [paying.order.orderNo] : [])]) {
    const touch = placeTouch(group, orderNo);
    stageAdds('succeeded', touch, 1, counters);
    stageAdds('gmv', touch, (group.members[orderNo]?.qty ?? 0) * group.terms.groupPriceFen, counters);
  }
  return [
    groupUpdate(deps.db, group.groupId, {
      asRead: group,
      ...(paying ? { paid: { orderNo: paying.order.orderNo } } : {}),
      succeed: { at: now },
      timer: { dueAt: now, kind: 'effects' },
    }),
    stockUpdate(deps.db, group.campaignId, { ...(paying ? { sell: paying.order.qty } : {}), groups: { forming: -1, succeeded: 1 } }),
    formingGroupDelete(deps.db, group),
    ...(paying
      ? [
          orderUpdate(deps.db, paying.order.orderNo, {
            from: 'reserved',
            status: 'succeeded',
            payment: paying.payment,
            succeededAt: now,
            timer: null,
          }),
        ]
      : []),
    ...paidOrderNos.map((orderNo) => orderUpdate(deps.db, orderNo, { from: 'paid', status: 'succeeded', succeededAt: now })),
    ...(paidOrderNos.length > 0 || paying ? [statsAdd(deps.db, group.campaignId, group.groupId, counters)!] : []),
  ];
}
