import type { Database } from '../db/client.ts';
import { tableIndex } from '../db/table.ts';
import { ALL_MEMBER_SHARDS, indexKeys, keys, LOT_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { PointsLot } from './rules.ts';

const LOT_FIELDS: ReadonlyArray<keyof PointsLot> = [
  'lotId',
  'memberId',
  'source',
  'refId',
  'amount',
  'remaining',
  'earnedAt',
  'availableAt',
  'expiresAt',
];

function lotFromItem(item: Record<string, unknown>): PointsLot {
  const lot: Record<string, unknown> = {};
  for (const field of LOT_FIELDS) lot[field] = item[field] ?? null;
  return lot as unknown as PointsLot;
}

function expiryIndexKeys(lot: PointsLot) {
  return indexKeys.byExpiry(lot.expiresAt, lot.memberId, lot.lotId);
}

/** A member's lots that still hold points (strongly consistent: read right before a change). */
export async function listOpenLots(db: Database, memberId: string): Promise<PointsLot[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: 'remaining > :zero',
    ExpressionAttributeValues: { ':pk': keys.lotPartition(memberId), ':prefix': LOT_SK_PREFIX, ':zero': 0 },
    ConsistentRead: true,
  });
  return items.map(lotFromItem);
}

/** The Put that opens a new lot (inside the caller's transaction). */
export function lotPut(db: Database, lot: PointsLot) {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.lot(lot.memberId, lot.earnedAt, lot.lotId), ...lot, ...(lot.remaining > 0 ? expiryIndexKeys(lot) : {}) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The Update that takes `take` points from a lot, only if it still holds what we read (so two
 * concurrent changes can't both spend the same points). An emptied lot leaves the expiry index.
 */
export function lotDraw(db: Database, lot: PointsLot, take: number) {
  const remaining = lot.remaining - take;
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.lot(lot.memberId, lot.earnedAt, lot.lotId),
      UpdateExpression: remaining > 0 ? 'SET remaining = :remaining' : 'SET remaining = :remaining REMOVE expiryPk, expirySk',
      ConditionExpression: 'remaining = :expected',
      ExpressionAttributeValues: { ':remaining': remaining, ':expected': lot.remaining },
    },
  };
}

/** The Update that adds points to an open lot, only if it still holds what we read. */
export function lotTopUp(db: Database, lot: PointsLot, add: number) {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.lot(lot.memberId, lot.earnedAt, lot.lotId),
      UpdateExpression: 'SET amount = amount + :add, remaining = remaining + :add',
      ConditionExpression: 'remaining = :expected',
      ExpressionAttributeValues: { ':add': add, ':expected': lot.remaining },
    },
  };
}

/**
 * Open lots that have expired at `now`, across all members (the expiry job): each shard of byExpiry up
 * to `now`, and the partitions of `legacyDays` where lots opened before the shards wait. Index reads
 * (eventually consistent): the draws that expire them are guarded by the remaining points read here.
 */
export async function findExpiredLots(db: Database, now: Date, legacyDays: readonly string[]): Promise<PointsLot[]> {
  const upTo = indexKeys.byExpiryUpTo(now.toISOString());
  const partitions = [...ALL_MEMBER_SHARDS.map(indexKeys.byExpiryShard), ...legacyDays.map(indexKeys.byExpiryLegacyPartition)];
  const found = await Promise.all(
    partitions.map((partition) =>
      queryAllPages(db, {
        IndexName: tableIndex('byExpiry').name,
        KeyConditionExpression: 'expiryPk = :pk AND expirySk <= :upTo',
        ExpressionAttributeValues: { ':pk': partition, ':upTo': upTo },
      }),
    ),
  );
  return found.flat().map(lotFromItem);
}

/** The Put that writes a lot as it is, unconditionally (seeding a benchmark through BatchWrite). */
export function lotSeedPut(lot: PointsLot) {
  return {
    PutRequest: {
      Item: { ...keys.lot(lot.memberId, lot.earnedAt, lot.lotId), ...lot, ...(lot.remaining > 0 ? expiryIndexKeys(lot) : {}) },
    },
  };
}

/** Every lot of a member, open or not (checks and the property test). */
export async function listAllLots(db: Database, memberId: string): Promise<PointsLot[]> {
  const result = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.lotPartition(memberId), ':prefix': LOT_SK_PREFIX },
    ConsistentRead: true,
  });
  return result.map(lotFromItem);
}
