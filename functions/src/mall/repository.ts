import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CouponTerms, Reward } from '@linli/shared/mall';
import type { Database } from '../db/client.ts';
import { keys, MEMBER_COUPON_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
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
  'active',
  'version',
];

function rewardFromItem(item: Record<string, unknown>): Reward {
  const reward: Record<string, unknown> = {};
  for (const field of REWARD_FIELDS) reward[field] = item[field] ?? null;
  return reward as unknown as Reward;
}

export async function listRewards(db: Database): Promise<Reward[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.rewardPartition() },
    ConsistentRead: true,
  });
  return items.map(rewardFromItem);
}

export async function getReward(db: Database, rewardId: string): Promise<Reward | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.reward(rewardId), ConsistentRead: true }));
  return Item ? rewardFromItem(Item) : null;
}

export async function createReward(db: Database, reward: Reward): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.reward(reward.rewardId), ...reward },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Replaces a reward if nobody changed it since `expectedVersion`; false on a stale version. */
export async function replaceReward(db: Database, reward: Reward, expectedVersion: number): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.reward(reward.rewardId), ...reward },
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
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
}

/**
 * The coupon itself (found by code when scanned) and the member's reference to it (for 我的券),
 * counted as issued in the shop overview's figures by the same transaction.
 */
export function couponPuts(db: Database, coupon: StoredCoupon): TransactItem[] {
  return [
    { Put: { TableName: db.tableName, Item: { ...keys.coupon(coupon.code), ...coupon }, ConditionExpression: 'attribute_not_exists(pk)' } },
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
  if (!Item) return null;
  const { pk: _pk, sk: _sk, ...coupon } = Item;
  return coupon as StoredCoupon;
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
