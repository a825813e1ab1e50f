import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAllPages } from '../db/query-all.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import type { Database } from '../db/client.ts';
import { tableIndex } from '../db/table.ts';
import { type TransactItem, firstFailedCondition, transactWrite } from '../db/transact-write.ts';
import { indexKeys, keys, PENDING_ORDER_SK_PREFIX } from '../db/keys.ts';
import type { RefundWebhookBody } from '@linli/shared/orders';
import { shanghaiDay } from '@linli/shared/time';
import type { OrderRecord } from './order-record.ts';

function orderItem(order: OrderRecord) {
  return {
    ...keys.order(order.orderId),
    // An imported order known only by phone joins its buyer's orders when a member verifies the phone.
    ...(order.openid === null ? {} : indexKeys.byBuyer(order.openid, new Date(order.paidAt).toISOString(), order.orderId)),
    ...(order.memberId === null ? {} : indexKeys.byOrderDay(shanghaiDay(new Date(order.paidAt)).date, order.memberId, order.orderId)),
    ...order,
  };
}

/** The orders credited to members that were paid on a Shanghai day (post-purchase follow-ups), through byCareDay. */
export async function findCreditedOrdersPaidOn(
  db: Database,
  day: string,
): Promise<Array<Pick<OrderRecord, 'orderId' | 'paidFen' | 'refundedFen'> & { memberId: string }>> {
  const index = tableIndex('byCareDay');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: `${index.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': indexKeys.byOrderDayPartition(day) },
  });
  return items.map((item) => ({
    orderId: item.orderId as string,
    memberId: item.memberId as string,
    paidFen: item.paidFen as number,
    refundedFen: (item.refundedFen as number | undefined) ?? 0,
  }));
}

export async function getOrder(db: Database, orderId: string): Promise<OrderRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.order(orderId), ConsistentRead: true }));
  if (!Item) return null;
  const { pk: _pk, sk: _sk, buyerPk: _bpk, buyerSk: _bsk, ...order } = Item;
  // Orders stored before refunds and lots existed.
  return { lotId: null, refundedFen: 0, pointsTakenBack: 0, ...order } as OrderRecord;
}

/** The stored orders among `orderIds`, by id (consistent reads, 100 a request: an import's duplicates, found at once). */
export async function getOrdersById(db: Database, orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
  const items = await batchGetItems(
    db,
    [...new Set(orderIds)].map((orderId) => keys.order(orderId)),
    { consistent: true },
  );
  return new Map(items.map((item) => [item.orderId as string, orderFromIndexItem(item)]));
}

/**
 * One page of a buyer's orders, newest first (byBuyer: one query a page, whatever the number of
 * orders). The cursor names only a position (`<paidAt>#<orderId>`) in the caller's own partition,
 * so it can never reach another buyer's orders; 'bad-cursor' when it is not one this API issued.
 */
export async function listBuyerOrdersPage(
  db: Database,
  openid: string,
  page: { limit: number; cursor?: string },
): Promise<{ orders: OrderRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  const buyerPk = indexKeys.byBuyerPartition(openid);
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor) {
    const buyerSk = decodeCursor(page.cursor, '');
    const orderId = buyerSk?.slice(buyerSk.indexOf('#') + 1);
    if (!buyerSk || !BUYER_SK_PATTERN.test(buyerSk) || !orderId) return 'bad-cursor';
    startKey = { ...keys.order(orderId), buyerPk, buyerSk };
  }
  // One more than asked tells whether an older page exists without an empty last page.
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: tableIndex('byBuyer').name,
      KeyConditionExpression: 'buyerPk = :pk',
      ExpressionAttributeValues: { ':pk': buyerPk },
      ScanIndexForward: false,
      Limit: page.limit + 1,
      ExclusiveStartKey: startKey,
    }),
  );
  const found = Items ?? [];
  const shown = found.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    orders: shown.map(orderFromIndexItem),
    nextCursor: found.length > page.limit && last ? encodeCursor(last.buyerSk as string) : null,
  };
}

// `<ISO instant>#<order id>`: order ids are letters, digits, _ and - (OrderWebhookBody).
const BUYER_SK_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z#[A-Za-z0-9_-]{1,64}$/;

function orderFromIndexItem({ pk: _pk, sk: _sk, buyerPk: _bpk, buyerSk: _bsk, ...order }: Record<string, unknown>): OrderRecord {
  // Orders stored before refunds and lots existed.
  return { lotId: null, refundedFen: 0, pointsTakenBack: 0, ...order } as OrderRecord;
}

/**
 * Keeps an order for a buyer who has not joined yet (or, imported by phone, for a member to verify
 * the phone), with any writes that belong to it. The check on the buyer's link (the openid's, or the
 * phone's) makes this lose against a concurrent join or phone verification, which then sees the
 * order, so no order is left uncredited.
 */
export async function storePendingOrder(
  db: Database,
  order: OrderRecord,
  alongside: readonly TransactItem[] = [],
): Promise<'stored' | 'duplicate' | 'buyer-joined' | 'conflict'> {
  const outcome = await transactWrite(db, [
    { Put: { TableName: db.tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: db.tableName, Item: { ...pendingMarkerKey(order), orderId: order.orderId } } },
    order.openid === null
      ? {
          ConditionCheck: { TableName: db.tableName, Key: keys.phone(phoneHashOf(order)), ConditionExpression: 'attribute_not_exists(pk)' },
        }
      : {
          ConditionCheck: {
            TableName: db.tableName,
            Key: keys.openid(order.openid),
            ConditionExpression: 'attribute_not_exists(pk) OR joined = :false',
            ExpressionAttributeValues: { ':false': false },
          },
        },
    ...alongside,
  ]);
  if (outcome.committed) return 'stored';
  const codes = outcome.reasons;
  if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
  if (codes[2] === 'ConditionalCheckFailed') return 'buyer-joined';
  return 'conflict';
}

/** Where an order waits: under its buyer's openid, or under the phone an imported order named. */
function pendingMarkerKey(order: OrderRecord) {
  return order.openid === null ? keys.pendingPhoneOrder(phoneHashOf(order), order.orderId) : keys.pendingOrder(order.openid, order.orderId);
}

function phoneHashOf(order: OrderRecord): string {
  if (!order.buyerPhoneHash) throw new Error(`Order ${order.orderId} has neither an openid nor a phone`);
  return order.buyerPhoneHash;
}

/** The Put that stores a new order, refused if the id was seen before (inside a points change). */
export function newOrderPut(db: Database, order: OrderRecord) {
  return { Put: { TableName: db.tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * The Update that marks a waiting order credited, refused if another run credited it first. An
 * order waiting under a phone takes its member's openid, which puts it among their orders (byBuyer).
 */
export function pendingOrderCredit(
  db: Database,
  order: OrderRecord,
  credit: { memberId: string; openid: string; at: string; points: number; lotId: string | null },
) {
  const buyer = {
    ...(order.openid === null
      ? { openid: credit.openid, ...indexKeys.byBuyer(credit.openid, new Date(order.paidAt).toISOString(), order.orderId) }
      : {}),
    ...indexKeys.byOrderDay(shanghaiDay(new Date(order.paidAt)).date, credit.memberId, order.orderId),
  };
  // Refunds while it waited are left out of its points: later refunds take back in proportion to the rest.
  const extra = { ...buyer, ...(order.refundedFen > 0 ? { refundedAtCreditFen: order.refundedFen } : {}) };
  const extraNames = Object.keys(extra);
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.order(order.orderId),
      UpdateExpression: `SET credited = :true, memberId = :memberId, creditedAt = :at, points = :points, lotId = :lotId${extraNames.map((name) => `, ${name} = :${name}`).join('')}`,
      ConditionExpression: 'credited = :false',
      ExpressionAttributeValues: {
        ':true': true,
        ':false': false,
        ':memberId': credit.memberId,
        ':at': credit.at,
        ':points': credit.points,
        ':lotId': credit.lotId,
        ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [`:${name}`, value])),
      },
    },
  };
}

/** The Delete that clears an order's "waiting for the buyer" marker. */
export function pendingMarkerDelete(db: Database, order: OrderRecord) {
  return { Delete: { TableName: db.tableName, Key: pendingMarkerKey(order) } };
}

/** Order ids waiting for this buyer to join (strongly consistent: read right after the join). */
export function listPendingOrderIds(db: Database, openid: string): Promise<string[]> {
  return listWaitingOrderIds(db, keys.pendingOrderPartition(openid));
}

/** Imported order ids waiting for a member to verify this phone (strongly consistent: read right after the link is written). */
export function listOrderIdsWaitingForPhone(db: Database, phoneHash: string): Promise<string[]> {
  return listWaitingOrderIds(db, keys.pendingPhoneOrderPartition(phoneHash));
}

async function listWaitingOrderIds(db: Database, partition: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': PENDING_ORDER_SK_PREFIX },
    ConsistentRead: true,
  });
  return items.map((item) => item.orderId as string);
}

/**
 * The record of the refund an imported order came with (its refundedFen already counts it), under an
 * id no webhook refund can have (webhook ids are letters, digits, _ and -), the same on every import.
 */
export function importedRefundPut(db: Database, order: Pick<OrderRecord, 'orderId' | 'refundedFen' | 'receivedAt'>): TransactItem {
  const refundId = `import:${order.orderId}`;
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.refund(order.orderId, refundId),
        refundId,
        orderId: order.orderId,
        refundFen: order.refundedFen,
        source: 'import',
        receivedAt: order.receivedAt,
      },
    },
  };
}

/** Whether this refund id was recorded for the order already (a webhook retry). */
export async function refundRecorded(db: Database, orderId: string, refundId: string): Promise<boolean> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.refund(orderId, refundId), ConsistentRead: true }),
  );
  return Boolean(Item);
}

/** The refund record, written once per refund id (a second write fails its condition). */
export function refundRecordPut(db: Database, body: RefundWebhookBody, receivedAt: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.refund(body.orderId, body.refundId), ...body, receivedAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The order's refunded money and points taken back, guarded against a concurrent refund of the
 * same order and against the order being credited meanwhile.
 */
export function orderRefundUpdate(
  db: Database,
  input: { orderId: string; expectedRefundedFen: number; refundedFen: number; pointsTakenBack: number; credited: boolean },
): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.order(input.orderId),
      UpdateExpression: 'SET refundedFen = :refunded, pointsTakenBack = :taken',
      // Orders stored before refunds existed have no refundedFen: that means nothing refunded.
      ConditionExpression: `${input.expectedRefundedFen === 0 ? '(attribute_not_exists(refundedFen) OR refundedFen = :expected)' : 'refundedFen = :expected'} AND credited = :credited`,
      ExpressionAttributeValues: {
        ':refunded': input.refundedFen,
        ':taken': input.pointsTakenBack,
        ':expected': input.expectedRefundedFen,
        ':credited': input.credited,
      },
    },
  };
}

/** A refund of an order not credited yet: the record and the order's update, without points. */
export async function saveRefundOfUncreditedOrder(
  db: Database,
  items: { refund: TransactItem; order: TransactItem },
): Promise<'written' | 'duplicate' | 'conflict'> {
  const outcome = await transactWrite(db, [items.refund, items.order]);
  if (outcome.committed) return 'written';
  return firstFailedCondition(outcome, 0, 1) === 0 ? 'duplicate' : 'conflict';
}
