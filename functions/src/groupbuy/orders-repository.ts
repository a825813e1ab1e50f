import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupOrderStatus } from '@linli/shared/groupbuy';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { queryPrefixPageNewestFirst } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { UpdateBuilder } from '../db/update-builder.ts';
import type { GroupOrderRecord, StoredGroupRefund } from './records.ts';

// ---------------------------------------------------------------------------------------------
// Orders (one buyer's place)

function orderFromItem({ pk: _pk, sk: _sk, careDuePk: _dp, careDueSk: _ds, ...item }: Record<string, unknown>): GroupOrderRecord {
  return item as unknown as GroupOrderRecord;
}

export async function getGroupOrder(db: Database, orderNo: string): Promise<GroupOrderRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.groupOrder(orderNo), ConsistentRead: true }));
  return Item ? orderFromItem(Item) : null;
}

/** These orders by number; `consistent` where the caller decides on them. */
export async function getGroupOrders(
  db: Database,
  orderNos: readonly string[],
  consistent = false,
): Promise<Map<string, GroupOrderRecord>> {
  const items = await batchGetItems(db, [...new Set(orderNos)].map(keys.groupOrder), { consistent, parallel: 2 });
  return new Map(items.map((item) => [item.orderNo as string, orderFromItem(item)]));
}

/** A new reserved order, its reservation timer set. */
export function newOrderPut(db: Database, order: GroupOrderRecord): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupOrder(order.orderNo), ...order, ...indexKeys.byGroupBuyDue(order.reservedUntil, 'reservation', order.orderNo) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Every way an order item changes, for one transaction; `from` holds it to the status read. */
export interface OrderChange {
  from: GroupOrderStatus;
  status?: GroupOrderStatus;
  payment?: { paidAt: string; transactionId: string; paidFen: number };
  /** A WeChat Pay order is about to be asked for (from now on it must be closed before the place is released). */
  payAttemptedAt?: string;
  /** Held to whether a WeChat Pay order had been asked for when read (null: not yet). */
  payAttemptedAsRead?: string | null;
  succeededAt?: string;
  endedAt?: string;
  /** A new refund (the order must have none). */
  newRefund?: StoredGroupRefund;
  /** Progress of the refund read (held to its status as read). */
  refund?: { next: StoredGroupRefund; readStatus: StoredGroupRefund['status'] };
  pipelineAt?: string;
  timer?: { dueAt: string; kind: 'reservation' | 'refund' } | null;
}

export function orderUpdate(db: Database, orderNo: string, change: OrderChange): TransactItem {
  const u = new UpdateBuilder();
  u.when(`${u.path(['status'])} = ${u.value(change.from)}`);
  if (change.status && change.status !== change.from) u.set(['status'], change.status);
  if (change.payment) {
    u.set(['paidAt'], change.payment.paidAt).set(['transactionId'], change.payment.transactionId).set(['paidFen'], change.payment.paidFen);
    u.when(`${u.path(['transactionId'])} = ${u.value(null)}`);
  }
  if (change.payAttemptedAt) u.set(['payAttemptedAt'], change.payAttemptedAt);
  if (change.payAttemptedAsRead !== undefined) u.when(`${u.path(['payAttemptedAt'])} = ${u.value(change.payAttemptedAsRead)}`);
  if (change.succeededAt) u.set(['succeededAt'], change.succeededAt);
  if (change.endedAt) u.set(['endedAt'], change.endedAt);
  if (change.newRefund) {
    u.set(['refund'], change.newRefund).add(['refundCount'], 1);
    u.when(`${u.path(['refund'])} = ${u.value(null)}`);
  }
  if (change.refund) {
    u.set(['refund'], change.refund.next);
    u.when(
      `${u.path(['refund', 'outRefundNo'])} = ${u.value(change.refund.next.outRefundNo)} AND ${u.path(['refund', 'status'])} = ${u.value(change.refund.readStatus)}`,
    );
  }
  if (change.pipelineAt) {
    u.set(['pipelineAt'], change.pipelineAt);
    u.when(`${u.path(['pipelineAt'])} = ${u.value(null)}`);
  }
  if (change.timer === null) u.remove(['careDuePk']).remove(['careDueSk']);
  else if (change.timer) {
    const timer = indexKeys.byGroupBuyDue(change.timer.dueAt, change.timer.kind, orderNo);
    u.set(['careDuePk'], timer.careDuePk).set(['careDueSk'], timer.careDueSk);
  }
  return u.toTransactItem(db, keys.groupOrder(orderNo));
}

// ---------------------------------------------------------------------------------------------
// Requests (an open's or join's idempotency) and the lists of orders

export async function getRequestOrderNo(db: Database, memberId: string, requestId: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.groupRequest(memberId, requestId), ConsistentRead: true }),
  );
  return (Item?.orderNo as string | undefined) ?? null;
}

/** The request made this order (written once: a retry finds it and answers the same order). */
export function requestPut(db: Database, input: { memberId: string; requestId: string; orderNo: string; at: string }): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupRequest(input.memberId, input.requestId), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The order in the member's 我的拼团 and in its campaign's list for staff. */
export function orderRefPuts(
  db: Database,
  order: Pick<GroupOrderRecord, 'memberId' | 'campaignId' | 'createdAt' | 'orderNo'>,
): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.memberGroupOrderRef(order.memberId, order.createdAt, order.orderNo), orderNo: order.orderNo },
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...keys.campaignOrderRef(order.campaignId, order.createdAt, order.orderNo),
          orderNo: order.orderNo,
          memberId: order.memberId,
        },
      },
    },
  ];
}

/** A page of the member's order numbers, newest first; 'bad-cursor' for a cursor that is not theirs to give. */
export async function memberOrderNoPage(
  db: Database,
  memberId: string,
  input: { limit: number; cursor?: string },
): Promise<{ orderNos: string[]; nextCursor: string | null } | 'bad-cursor'> {
  const page = await queryPrefixPageNewestFirst(db, {
    pk: keys.memberGroupOrderRef(memberId, '', '').pk,
    prefix: keys.memberGroupOrderRefPrefix(),
    limit: input.limit,
    cursor: input.cursor,
  });
  if (page === 'bad-cursor') return page;
  return { orderNos: page.items.map((item) => item.orderNo as string), nextCursor: page.nextCursor };
}

/** A page of a campaign's order numbers, newest first. */
export async function campaignOrderNoPage(
  db: Database,
  campaignId: string,
  input: { limit: number; cursor?: string },
): Promise<{ orderNos: string[]; nextCursor: string | null } | 'bad-cursor'> {
  const page = await queryPrefixPageNewestFirst(db, {
    pk: keys.campaignOrderRef(campaignId, '', '').pk,
    prefix: keys.campaignOrderRefPrefix(),
    limit: input.limit,
    cursor: input.cursor,
  });
  if (page === 'bad-cursor') return page;
  return { orderNos: page.items.map((item) => item.orderNo as string), nextCursor: page.nextCursor };
}
