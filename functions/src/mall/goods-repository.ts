import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GoodsStatus } from '@linli/shared/mall';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { tableIndex } from '../db/table.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { getCoupon, type StoredCoupon } from './repository.ts';

// A goods redemption lives on its coupon item (COUPON#<code>): 我的券 and the till read it there,
// and the 兑换订单 indexes (byGoodsRedemption, byGoodsStatus) carry goods coupons only.

/** The write that claims a redemption number for a coupon; it fails the transaction if the number is taken. */
export function redemptionNumberPut(db: Database, redemptionNo: string, code: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.redemptionNumber(redemptionNo), code },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The writes that let a goods redemption be found by each search term (phone last four, nickname). */
export function goodsSearchPuts(db: Database, terms: readonly string[], coupon: Pick<StoredCoupon, 'code' | 'issuedAt'>): TransactItem[] {
  return [...new Set(terms)].map((term) => ({
    Put: { TableName: db.tableName, Item: { ...keys.goodsSearch(term, coupon.issuedAt, coupon.code), code: coupon.code } },
  }));
}

/** The coupon code of a redemption number, or null. */
export async function couponCodeOfNumber(db: Database, redemptionNo: string): Promise<string | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.redemptionNumber(redemptionNo) }));
  return (Item?.code as string | undefined) ?? null;
}

type Page = { items: StoredCoupon[]; nextCursor: string | null } | 'bad-cursor';

/** One page of goods redemptions, newest first, all or of one status, from the index (reads the page only). */
export async function listGoodsRedemptionsPage(
  db: Database,
  input: { status?: GoodsStatus; limit: number; cursor?: string },
): Promise<Page> {
  const index = tableIndex(input.status ? 'byGoodsStatus' : 'byGoodsRedemption');
  const pk = input.status ? indexKeys.byGoodsStatusPartition(input.status) : indexKeys.byGoodsRedemptionPartition();
  let startKey: Record<string, unknown> | undefined;
  if (input.cursor) {
    const goodsSk = decodeCursor(input.cursor, '');
    if (!goodsSk || !goodsSk.includes('#')) return 'bad-cursor';
    startKey = { ...keys.coupon(indexKeys.couponCodeOfGoodsSortKey(goodsSk)), [index.partitionKey]: pk, [index.sortKey]: goodsSk };
  }
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey },
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: input.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const last = result.LastEvaluatedKey;
  return { items: (result.Items ?? []).map(couponFromItem), nextCursor: last ? encodeCursor(last[index.sortKey] as string) : null };
}

/** One page of the goods redemptions filed under a search term, newest first (one read per redemption on the page). */
export async function searchGoodsRedemptionsPage(db: Database, input: { term: string; limit: number; cursor?: string }): Promise<Page> {
  let startKey: Record<string, unknown> | undefined;
  const pk = keys.goodsSearchPartition(input.term);
  if (input.cursor) {
    const sk = decodeCursor(input.cursor, '');
    if (!sk || !sk.includes('#')) return 'bad-cursor';
    startKey = { pk, sk };
  }
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: input.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const coupons = await Promise.all((result.Items ?? []).map((item) => getCoupon(db, item.code as string)));
  const last = result.LastEvaluatedKey;
  return {
    items: coupons.filter((coupon): coupon is StoredCoupon => coupon !== null),
    nextCursor: last ? encodeCursor(last.sk as string) : null,
  };
}

/** Every goods redemption of a filter (the CSV export, one row each). */
export async function listAllGoodsRedemptions(db: Database, status?: GoodsStatus): Promise<StoredCoupon[]> {
  const index = tableIndex(status ? 'byGoodsStatus' : 'byGoodsRedemption');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': index.partitionKey },
    ExpressionAttributeValues: { ':pk': status ? indexKeys.byGoodsStatusPartition(status) : indexKeys.byGoodsRedemptionPartition() },
    ScanIndexForward: false,
  });
  return items.map(couponFromItem);
}

/** Every goods redemption under a search term (the CSV export of a search). */
export async function listAllGoodsBySearchTerm(db: Database, term: string): Promise<StoredCoupon[]> {
  const refs = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.goodsSearchPartition(term) },
    ScanIndexForward: false,
  });
  const coupons = await Promise.all(refs.map((ref) => getCoupon(db, ref.code as string)));
  return coupons.filter((coupon): coupon is StoredCoupon => coupon !== null);
}

function couponFromItem(item: Record<string, unknown>): StoredCoupon {
  const { pk: _pk, sk: _sk, goodsPk: _a, goodsStatusPk: _b, goodsSk: _c, ...coupon } = item;
  return coupon as unknown as StoredCoupon;
}

/**
 * Moves a pending goods redemption on: shipped (delivery only) or picked up (pickup only), with
 * who and when; the coupon counts as used. 'refused' when it is not a pending goods redemption of
 * that fulfilment (the caller reads it to say why).
 */
export async function advanceGoodsRedemption(
  db: Database,
  input: {
    code: string;
    fulfilment: 'pickup' | 'delivery';
    to: Exclude<GoodsStatus, 'pending'>;
    at: string;
    by: { memberId: string; name: string };
    shipment?: { carrier: string; trackingNo: string };
  },
): Promise<'done' | 'refused'> {
  const shipment = input.shipment
    ? {
        sets: ', goods.carrier = :carrier, goods.trackingNo = :trackingNo, goods.shippedAt = :at',
        values: { ':carrier': input.shipment.carrier, ':trackingNo': input.shipment.trackingNo },
      }
    : { sets: ', goods.handedOverAt = :at', values: {} };
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.coupon(input.code),
        UpdateExpression: `SET goods.#status = :to, goods.handledBy = :by, goodsStatusPk = :statusPk, usedAt = :at, usedBy = :byId${shipment.sets}`,
        ConditionExpression: 'attribute_exists(goods) AND fulfilment = :fulfilment AND goods.#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': input.to,
          ':by': input.by,
          ':byId': input.by.memberId,
          ':statusPk': indexKeys.byGoodsStatusPartition(input.to),
          ':at': input.at,
          ':fulfilment': input.fulfilment,
          ':pending': 'pending',
          ...shipment.values,
        },
      }),
    );
    return 'done';
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'refused';
    throw error;
  }
}
