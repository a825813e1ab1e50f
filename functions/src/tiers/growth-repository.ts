import type { Database } from '../db/client.ts';
import { tableIndex } from '../db/table.ts';
import { indexKeys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { growthFromOrders, growthWindowStart, type GrowthOrder } from './growth.ts';

/**
 * Orders credited to this buyer and paid at or after `since`, through byBuyer (a buyer's orders
 * by paidAt). Orders still waiting for the buyer to join count once they are credited.
 * byBuyer is a GSI, so an order committed a moment ago may be missing: the order being credited
 * is always added by the caller, and the daily review catches an upgrade a lagging index hid.
 */
export async function listCreditedOrdersSince(db: Database, openid: string, since: string): Promise<GrowthOrder[]> {
  const items = await queryAllPages(db, {
    IndexName: tableIndex('byBuyer').name,
    KeyConditionExpression: 'buyerPk = :pk AND buyerSk >= :since',
    ExpressionAttributeValues: { ':pk': indexKeys.byBuyerPartition(openid), ':since': since },
    ProjectionExpression: 'orderId, paidFen, refundedFen, paidAt, credited',
  });
  return items
    .filter((item) => item.credited === true)
    .map((item) => ({
      orderId: item.orderId as string,
      paidFen: item.paidFen as number,
      refundedFen: (item.refundedFen as number | undefined) ?? 0,
      paidAt: item.paidAt as string,
    }));
}

/** The orders inside the member's growth window at `now` (credited ones only). */
export function listGrowthOrders(db: Database, member: Pick<MemberRecord, 'openid'>, now: Date): Promise<GrowthOrder[]> {
  return listCreditedOrdersSince(db, member.openid, growthWindowStart(now));
}

/** The member's growth value at `now`. */
export async function memberGrowth(db: Database, member: Pick<MemberRecord, 'openid' | 'growthBonus'>, now: Date): Promise<number> {
  return growthFromOrders(await listGrowthOrders(db, member, now), { now, bonus: member.growthBonus });
}
