import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CouponTerms, GoodsStatus, MaskedDeliveryAddress, Reward } from '@linli/shared/mall';
import type { Database } from '../db/client.ts';
import { indexKeys, keys, MEMBER_COUPON_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { type TransactItem, TransactionRefused, transactWrite } from '../db/transact-write.ts';
import { figureUpdates } from '../figures/repository.ts';
import { shanghaiDay } from '@linli/shared/time';

const REWARD_FIELDS: ReadonlyArray<keyof Reward> = [
  'rewardId',
  'kind',
  'name',
  'description',
  'pointsPrice',
  'stock',
  'perMemberLimit',
  'tierCodes',
  'availableFrom',
  'availableUntil',
  'coupon',
  'goods',
  'pictureKey',
  'active',
  'version',
];

/** A reward as stored: its picture by key only (views add a display link). */
export type StoredReward = Omit<Reward, 'pictureUrl'>;

function rewardFromItem(item: Record<string, unknown>): StoredReward {
  const reward: Record<string, unknown> = {};
  for (const field of REWARD_FIELDS) reward[field] = item[field] ?? null;
  // Goods stored before pickup places existed have none.
  if (reward.goods) reward.goods = { pickupPlace: '', ...(reward.goods as object) };
  return reward as unknown as StoredReward;
}

export async function listRewards(db: Database): Promise<StoredReward[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.rewardPartition() },
    ConsistentRead: true,
  });
  return items.map(rewardFromItem);
}

export async function getReward(db: Database, rewardId: string): Promise<StoredReward | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.reward(rewardId), ConsistentRead: true }));
  return Item ? rewardFromItem(Item) : null;
}

/**
 * Writes a new reward, with the write attaching its picture when there is one (both or neither).
 * 'photo-refused' when the picture was attached elsewhere meanwhile.
 */
export async function createReward(
  db: Database,
  reward: StoredReward,
  pictureAttach: TransactItem | null,
): Promise<'done' | 'photo-refused'> {
  const put: TransactItem = {
    Put: { TableName: db.tableName, Item: { ...keys.reward(reward.rewardId), ...reward }, ConditionExpression: 'attribute_not_exists(pk)' },
  };
  if (!pictureAttach) {
    await db.doc.send(new PutCommand(put.Put!));
    return 'done';
  }
  const outcome = await transactWrite(db, [put, pictureAttach]);
  if (outcome.committed) return 'done';
  if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'photo-refused';
  throw new TransactionRefused(outcome.reasons);
}

/**
 * Replaces a reward if nobody changed it since `expectedVersion` (and attaches its new picture in
 * the same transaction); 'stale' on a stale version.
 */
export async function replaceReward(
  db: Database,
  reward: StoredReward,
  expectedVersion: number,
  pictureAttach: TransactItem | null,
): Promise<'done' | 'stale' | 'photo-refused'> {
  const put: TransactItem = {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.reward(reward.rewardId), ...reward },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  };
  const outcome = await transactWrite(db, pictureAttach ? [put, pictureAttach] : [put]);
  if (outcome.committed) return 'done';
  if (outcome.reasons[0] === 'ConditionalCheckFailed' || outcome.reasons.includes('TransactionConflict')) return 'stale';
  if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'photo-refused';
  throw new TransactionRefused(outcome.reasons);
}

/** The Update that takes one from stock, refused when none is left or the reward was withdrawn. */
export function rewardStockTake(db: Database, rewardId: string): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.reward(rewardId),
      UpdateExpression: 'SET stock = stock - :one',
      ConditionExpression: 'stock >= :one AND active = :true',
      ExpressionAttributeValues: { ':one': 1, ':true': true },
    },
  };
}

/** The Update that counts one more redemption of a reward by a member, refused at the limit. */
export function memberRedemptionCount(db: Database, memberId: string, rewardId: string, limit: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.rewardCount(memberId, rewardId),
      UpdateExpression: 'ADD redeemed :one',
      ConditionExpression: 'attribute_not_exists(redeemed) OR redeemed < :limit',
      ExpressionAttributeValues: { ':one': 1, ':limit': limit },
    },
  };
}

export async function redemptionCounts(db: Database, memberId: string): Promise<Map<string, number>> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.rewardCount(memberId, '').pk, ':prefix': 'REWARDCOUNT#' },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [(item.sk as string).slice('REWARDCOUNT#'.length), (item.redeemed as number) ?? 0]));
}

export interface StoredRedemption {
  redemptionId: string;
  requestId: string;
  memberId: string;
  rewardId: string;
  points: number;
  redeemedAt: string;
  couponCode: string;
}

export function redemptionPut(db: Database, redemption: StoredRedemption): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.redemption(redemption.memberId, redemption.requestId), ...redemption },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getRedemption(db: Database, memberId: string, requestId: string): Promise<StoredRedemption | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.redemption(memberId, requestId), ConsistentRead: true }),
  );
  return Item ? (Item as unknown as StoredRedemption) : null;
}

export interface StoredCoupon {
  code: string;
  memberId: string;
  rewardId: string;
  kind: 'coupon' | 'goods';
  name: string;
  terms: CouponTerms | null;
  fulfilment: 'pickup' | 'delivery' | null;
  issuedAt: string;
  validUntil: string;
  usedAt: string | null;
  usedBy: string | null;
  /** Goods redemptions only (absent on coupons, and on goods redeemed before 兑换订单 existed). */
  goods?: StoredGoods;
}

/** A goods redemption's way to the buyer, kept on its coupon. */
export interface StoredGoods {
  redemptionNo: string;
  status: GoodsStatus;
  points: number;
  pickupPlace: string | null;
  /** The delivery address, phone masked; the phone itself only encrypted (members/phone-crypto.ts). */
  address: MaskedDeliveryAddress | null;
  addressPhoneEncrypted: string | null;
  buyerNickname: string | null;
  buyerPhoneMasked: string | null;
  carrier: string | null;
  trackingNo: string | null;
  shippedAt: string | null;
  handedOverAt: string | null;
  /** The staff member who shipped it or handed it over. */
  handledBy: { memberId: string; name: string } | null;
}

/**
 * The coupon itself (found by code when scanned) and the member's reference to it (for 我的券),
 * counted as issued in the shop overview's figures by the same transaction.
 */
export function couponPuts(db: Database, coupon: StoredCoupon): TransactItem[] {
  const listed = coupon.goods ? indexKeys.byGoodsRedemption(coupon.goods.status, coupon.issuedAt, coupon.code) : {};
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.coupon(coupon.code), ...coupon, ...listed },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: { ...keys.memberCoupon(coupon.memberId, coupon.issuedAt, coupon.code), code: coupon.code } } },
    ...figureUpdates(db, {
      ownerId: coupon.memberId,
      day: shanghaiDay(new Date(coupon.issuedAt)).date,
      deltas: { day: { couponsIssued: 1 } },
    }),
  ];
}

export async function getCoupon(db: Database, code: string): Promise<StoredCoupon | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.coupon(code), ConsistentRead: true }));
  return Item ? couponFromItem(Item) : null;
}

function couponFromItem(item: Record<string, unknown>): StoredCoupon {
  const { pk: _pk, sk: _sk, goodsPk: _a, goodsStatusPk: _b, goodsSk: _c, ...coupon } = item;
  return coupon as unknown as StoredCoupon;
}

/** A member's coupons, newest first. */
export async function listMemberCoupons(db: Database, memberId: string): Promise<StoredCoupon[]> {
  const refs = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.memberCouponPartition(memberId), ':prefix': MEMBER_COUPON_SK_PREFIX },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  const coupons = await Promise.all((refs.Items ?? []).map((ref) => getCoupon(db, ref.code as string)));
  return coupons.filter((coupon): coupon is StoredCoupon => coupon !== null);
}

/** Every coupon of a member, newest first (the member's data export): their references, then the coupons, 100 a read. */
export async function listAllMemberCoupons(db: Database, memberId: string): Promise<StoredCoupon[]> {
  const refs = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.memberCouponPartition(memberId), ':prefix': MEMBER_COUPON_SK_PREFIX },
    ScanIndexForward: false,
  });
  const codes = refs.map((ref) => ref.code as string);
  const byCode = new Map(
    (
      await batchGetItems(
        db,
        codes.map((code) => keys.coupon(code)),
      )
    ).map((item) => [item.code as string, couponFromItem(item)]),
  );
  return codes.flatMap((code) => {
    const coupon = byCode.get(code);
    return coupon ? [coupon] : [];
  });
}

/**
 * Marks a coupon used, only if it is unused and still valid at `at`: two scans at once use it once.
 * The use is counted in the shop overview's figures by the same transaction ('conflict': another
 * transaction held the figures item; try again).
 */
export async function useCoupon(
  db: Database,
  input: { code: string; at: string; staffId: string },
): Promise<'used' | 'refused' | 'conflict'> {
  const outcome = await transactWrite(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.coupon(input.code),
        UpdateExpression: 'SET usedAt = :at, usedBy = :staff',
        ConditionExpression: 'attribute_exists(pk) AND attribute_type(usedAt, :nullType) AND validUntil >= :at',
        ExpressionAttributeValues: { ':at': input.at, ':staff': input.staffId, ':nullType': 'NULL' },
      },
    },
    ...figureUpdates(db, { ownerId: input.code, day: shanghaiDay(new Date(input.at)).date, deltas: { day: { couponsUsed: 1 } } }),
  ]);
  if (outcome.committed) return 'used';
  return outcome.reasons[0] === 'ConditionalCheckFailed' ? 'refused' : 'conflict';
}
