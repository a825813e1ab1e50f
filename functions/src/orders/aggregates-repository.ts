import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { tableIndex } from '../db/table.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { aggregateOrders, emptyOrderAggregates, type OrderAggregates } from './order-aggregates.ts';

function fromItem(item: Record<string, unknown>): OrderAggregates {
  return {
    memberId: item.memberId as string,
    days: (item.days as OrderAggregates['days'] | undefined) ?? {},
    categories: (item.categories as OrderAggregates['categories'] | undefined) ?? {},
    baskets: (item.baskets as OrderAggregates['baskets'] | undefined) ?? {},
    region: (item.region as OrderAggregates['region'] | undefined) ?? null,
  };
}

/** The member's kept order aggregates; null for a member whose orders came before they were kept. */
export async function getOrderAggregates(db: Database, memberId: string): Promise<OrderAggregates | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.orderAggregates(memberId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

/**
 * The kept aggregates of many members (eventually consistent: the nightly job's read, a page of
 * members at a time), by member id; 8 BatchGets in flight.
 */
export async function getOrderAggregatesOfMembers(db: Database, memberIds: readonly string[]): Promise<Map<string, OrderAggregates>> {
  const items = await batchGetItems(db, memberIds.map(keys.orderAggregates), { parallel: 8 });
  return new Map(items.map((item) => [item.memberId as string, fromItem(item)]));
}

/**
 * The aggregates rebuilt from the orders credited to the member (byBuyer: a buyer's orders), for a
 * member whose orders came before the aggregates were kept.
 */
export async function aggregateCreditedOrders(db: Database, member: { memberId: string; openid: string }): Promise<OrderAggregates> {
  const items = await queryAllPages(db, {
    IndexName: tableIndex('byBuyer').name,
    KeyConditionExpression: 'buyerPk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.byBuyerPartition(member.openid) },
    ProjectionExpression: 'orderId, paidFen, refundedFen, paidAt, credited, memberId, #items, #region',
    ExpressionAttributeNames: { '#items': 'items', '#region': 'region' },
  });
  return aggregateOrders(
    member.memberId,
    items
      .filter((item) => item.credited === true && item.memberId === member.memberId)
      .map((item) => ({
        orderId: item.orderId as string,
        region: item.region as string | undefined,
        paidAt: item.paidAt as string,
        paidFen: item.paidFen as number,
        refundedFen: (item.refundedFen as number | undefined) ?? 0,
        items: item.items as Array<{ category: string; sku: string }>,
      })),
  );
}

/**
 * Writes the member's aggregates inside the order's or refund's points change: that transaction's
 * condition on the member's version is what keeps two changes from folding the same old copy.
 */
export function orderAggregatesPut(db: Database, aggregates: OrderAggregates): TransactItem {
  return { Put: { TableName: db.tableName, Item: { ...keys.orderAggregates(aggregates.memberId), ...aggregates } } };
}

/** Keeps aggregates rebuilt outside a points change (the nightly job), unless an order wrote them meanwhile. */
export async function keepRebuiltOrderAggregates(db: Database, aggregates: OrderAggregates): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.orderAggregates(aggregates.memberId), ...aggregates },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** The member's aggregates as an order or refund folds into them: kept ones, else rebuilt from the orders credited so far. */
export async function currentOrderAggregates(
  db: Database,
  member: { memberId: string; openid: string; orderCount: number },
): Promise<OrderAggregates> {
  const kept = await getOrderAggregates(db, member.memberId);
  if (kept) return kept;
  return member.orderCount > 0 ? aggregateCreditedOrders(db, member) : emptyOrderAggregates(member.memberId);
}
