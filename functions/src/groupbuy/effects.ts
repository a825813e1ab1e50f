import type { Deps } from '../deps.ts';
import type { AnnounceNotice } from '../care/service-notice.ts';
import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { couponPuts } from '../mall/repository.ts';
import { newCouponOfTerms } from '../mall/redeem.ts';
import { getMember } from '../members/repository.ts';
import { receiveOrder } from '../orders/receive-order.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';
import { queueFulfilment } from './fulfilment.ts';
import { getGroup, groupUpdate } from './groups-repository.ts';
import { getGroupOrders, orderUpdate } from './orders-repository.ts';
import type { GroupOrderRecord, GroupRecord } from './records.ts';
import { pipelineOrderId } from './refunds.ts';

type EffectsDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger' | 'sqs'>;

/**
 * What a group's success brings (the timer job's 'effects' work), each step once however often it runs:
 * 1. every succeeded member's order enters Linli's order pipeline like a webhook order (points, growth,
 *    aggregates, insight), as gb-<orderNo> (receiveOrder is idempotent by order id; the order keeps when);
 * 2. the leader's reward — points through the ledger or a coupon — given once per group, recorded on the
 *    group in the same transaction;
 * 3. the orders handed over for fulfilment (fulfilment.ts: a delivery each, due at once, written once);
 * then the group's timer is removed. A step that fails leaves the timer for the next run.
 */
export async function runGroupSuccessEffects(
  deps: EffectsDeps,
  groupId: string,
  announce?: AnnounceNotice,
): Promise<'done' | 'not-succeeded'> {
  const group = await getGroup(deps.db, groupId);
  if (!group || group.status !== 'succeeded') return 'not-succeeded';
  const orders = [...(await getGroupOrders(deps.db, Object.keys(group.members), true)).values()].filter(
    (order) => order.status === 'succeeded',
  );
  for (const order of orders) if (order.pipelineAt === null) await enterPipeline(deps, order, announce);
  if (group.leaderReward === null) await giveLeaderReward(deps, group);
  await queueFulfilment(deps, group, orders);
  await withOptimisticRetry(async () => {
    const current = await getGroup(deps.db, groupId);
    if (!current) return 'done';
    const written = await transactWrite(deps.db, [
      groupUpdate(deps.db, groupId, { asRead: current, effectsDoneAt: deps.clock().toISOString(), timer: null }),
    ]);
    return written.committed ? 'done' : RETRY;
  });
  return 'done';
}

async function enterPipeline(deps: EffectsDeps, order: GroupOrderRecord, announce: AnnounceNotice | undefined): Promise<void> {
  await receiveOrder(
    deps,
    {
      orderId: pipelineOrderId(order.orderNo),
      openid: order.openid,
      paidFen: order.paidFen ?? order.amountFen,
      items: [{ sku: order.sku, name: order.productName, category: order.category, qty: order.qty, unitPriceFen: order.unitPriceFen }],
      paidAt: order.paidAt ?? order.succeededAt ?? deps.clock().toISOString(),
    },
    undefined,
    announce,
  );
  // Another run may have marked it meanwhile: either way it is in.
  await transactWrite(deps.db, [orderUpdate(deps.db, order.orderNo, { from: order.status, pipelineAt: deps.clock().toISOString() })]);
}

/**
 * The leader's reward of a successful group, once: points credited through the ledger (type groupbuy,
 * idempotency key groupbuy-leader:<groupId>) or a coupon of the campaign's terms, in one transaction
 * with the group's record of it (written only if none is there). A leader who is no longer a member
 * (or a campaign without a reward) records 'none'.
 */
async function giveLeaderReward(deps: EffectsDeps, group: GroupRecord): Promise<void> {
  const reward = group.terms.leaderReward;
  const leader = group.leaderOrderNo ? group.members[group.leaderOrderNo] : undefined;
  const record = (given: string) => groupUpdate(deps.db, group.groupId, { leaderReward: given });
  await withOptimisticRetry(async () => {
    const member = leader ? await getMember(deps.db, leader.memberId) : null;
    const now = deps.clock();
    if (!member || member.status !== 'member' || reward.kind === 'none') {
      const written = await transactWrite(deps.db, [record('none')]);
      return written.committed || written.reasons[0] === 'ConditionalCheckFailed' ? 'done' : RETRY;
    }
    if (reward.kind === 'coupon') {
      const coupon = newCouponOfTerms({
        memberId: member.memberId,
        name: `团长奖励 · ${group.terms.campaignName}`,
        terms: reward.coupon,
        source: `groupbuy:${group.campaignId}`,
        now,
      });
      const written = await transactWrite(deps.db, [record(`coupon:${coupon.code}`), ...couponPuts(deps.db, coupon)]);
      // Given already (the record's condition), or a code collision / a write in flight: read again.
      if (written.committed || written.reasons[0] === 'ConditionalCheckFailed') return 'done';
      return RETRY;
    }
    const lots = await listOpenLots(deps.db, member.memberId);
    const entryId = newId('pe', now);
    const planned = planCredit({
      member,
      lots,
      credit: { amount: reward.points, availableAt: now.toISOString(), expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'groupbuy',
      refId: group.groupId,
      idempotencyKey: `groupbuy-leader:${group.groupId}`,
      note: `团长奖励 · ${group.terms.campaignName}`,
      now,
      ids: { entryId, lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [record(`points:${entryId}`)],
    });
    if (committed === 'committed') return 'done';
    if (committed === 'conflict') return RETRY;
    // The group's record refused: the reward was given before.
    return 'done';
  });
}
