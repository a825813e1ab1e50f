import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAllPages } from '../db/query-all.ts';
import type { Database } from '../db/client.ts';
import { indexKeys, keys, PENDING_ORDER_SK_PREFIX } from '../db/keys.ts';
import { cancellationCodes } from '../db/transactions.ts';
import type { OrderRecord } from './order-record.ts';

function orderItem(order: OrderRecord) {
  return {
    ...keys.order(order.orderId),
    ...indexKeys.byBuyer(order.openid, new Date(order.paidAt).toISOString(), order.orderId),
    ...order,
  };
}

export async function getOrder(db: Database, orderId: string): Promise<OrderRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.order(orderId), ConsistentRead: true }));
  if (!Item) return null;
  const { pk: _pk, sk: _sk, buyerPk: _bpk, buyerSk: _bsk, ...order } = Item;
  // Orders stored before refunds and lots existed.
  return { lotId: null, refundedFen: 0, pointsTakenBack: 0, ...order } as OrderRecord;
}

/** A buyer's most recent orders, newest first (byBuyer; an order received a moment ago may lag). */
export async function listRecentBuyerOrders(db: Database, openid: string, limit: number): Promise<OrderRecord[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'byBuyer',
      KeyConditionExpression: 'buyerPk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.byBuyerPartition(openid) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(({ pk: _pk, sk: _sk, buyerPk: _bpk, buyerSk: _bsk, ...order }) => ({ refundedFen: 0, ...order }) as OrderRecord);
}

/**
 * Keeps an order for a buyer who has not joined yet. The check on the openid link makes this
 * lose against a concurrent join, which then sees the order, so no order is left uncredited.
 */
export async function storePendingOrder(db: Database, order: OrderRecord): Promise<'stored' | 'duplicate' | 'buyer-joined' | 'conflict'> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: db.tableName, Item: { ...keys.pendingOrder(order.openid, order.orderId), orderId: order.orderId } } },
          {
            ConditionCheck: {
              TableName: db.tableName,
              Key: keys.openid(order.openid),
              ConditionExpression: 'attribute_not_exists(pk) OR joined = :false',
              ExpressionAttributeValues: { ':false': false },
            },
          },
        ],
      }),
    );
    return 'stored';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
    if (codes[2] === 'ConditionalCheckFailed') return 'buyer-joined';
    return 'conflict';
  }
}

/** The Put that stores a new order, refused if the id was seen before (inside a points change). */
export function newOrderPut(db: Database, order: OrderRecord) {
  return { Put: { TableName: db.tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The Update that marks a waiting order credited, refused if another run credited it first. */
export function pendingOrderCredit(
  db: Database,
  order: OrderRecord,
  credit: { memberId: string; at: string; points: number; lotId: string | null },
) {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.order(order.orderId),
      UpdateExpression: 'SET credited = :true, memberId = :memberId, creditedAt = :at, points = :points, lotId = :lotId',
      ConditionExpression: 'credited = :false',
      ExpressionAttributeValues: {
        ':true': true,
        ':false': false,
        ':memberId': credit.memberId,
        ':at': credit.at,
        ':points': credit.points,
        ':lotId': credit.lotId,
      },
    },
  };
}

/** The Delete that clears an order's "waiting for the buyer" marker. */
export function pendingMarkerDelete(db: Database, order: OrderRecord) {
  return { Delete: { TableName: db.tableName, Key: keys.pendingOrder(order.openid, order.orderId) } };
}

/** Order ids waiting for this buyer to join (strongly consistent: read right after the join). */
export async function listPendingOrderIds(db: Database, openid: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.pendingOrderPartition(openid), ':prefix': PENDING_ORDER_SK_PREFIX },
    ConsistentRead: true,
  });
  return items.map((item) => item.orderId as string);
}
