import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAllPages } from '../db/query-all.ts';
import type { Database } from '../db/client.ts';
import { indexKeys, keys, PENDING_ORDER_SK_PREFIX } from '../db/keys.ts';
import { cancellationCodes } from '../db/transactions.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { memberReplaceIfUnchanged } from '../members/repository.ts';
import { ledgerEntryPut, type LedgerEntry } from '../points/ledger.ts';
import type { OrderRecord } from './order-record.ts';

function orderItem(order: OrderRecord) {
  return { ...keys.order(order.orderId), ...indexKeys.byBuyer(order.openid, new Date(order.paidAt).toISOString(), order.orderId), ...order };
}

export async function getOrder(db: Database, orderId: string): Promise<OrderRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.order(orderId), ConsistentRead: true }));
  if (!Item) return null;
  const { pk: _pk, sk: _sk, buyerPk: _bpk, buyerSk: _bsk, ...order } = Item;
  return order as OrderRecord;
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

/** Stores a new order already credited to a joined member, with its ledger entry, atomically. */
export async function storeCreditedOrder(
  db: Database,
  input: { order: OrderRecord; memberNext: MemberRecord; expectedVersion: number; entry: LedgerEntry },
): Promise<'stored' | 'duplicate' | 'conflict'> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: db.tableName, Item: orderItem(input.order), ConditionExpression: 'attribute_not_exists(pk)' } },
          memberReplaceIfUnchanged(db, input.memberNext, input.expectedVersion),
          ledgerEntryPut(db, input.entry),
        ],
      }),
    );
    return 'stored';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    return codes[0] === 'ConditionalCheckFailed' ? 'duplicate' : 'conflict';
  }
}

/** Credits an order that waited for its buyer to join; 'already-credited' if another run did it. */
export async function creditPendingOrder(
  db: Database,
  input: { order: OrderRecord; memberNext: MemberRecord; expectedVersion: number; entry: LedgerEntry; creditedAt: string },
): Promise<'credited' | 'already-credited' | 'conflict'> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.tableName,
              Key: keys.order(input.order.orderId),
              UpdateExpression: 'SET credited = :true, memberId = :memberId, creditedAt = :at, points = :points',
              ConditionExpression: 'credited = :false',
              ExpressionAttributeValues: {
                ':true': true,
                ':false': false,
                ':memberId': input.memberNext.memberId,
                ':at': input.creditedAt,
                ':points': input.entry.delta,
              },
            },
          },
          { Delete: { TableName: db.tableName, Key: keys.pendingOrder(input.order.openid, input.order.orderId) } },
          memberReplaceIfUnchanged(db, input.memberNext, input.expectedVersion),
          ledgerEntryPut(db, input.entry),
        ],
      }),
    );
    return 'credited';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    return codes[0] === 'ConditionalCheckFailed' ? 'already-credited' : 'conflict';
  }
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
