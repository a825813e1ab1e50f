import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { PhotoContentType, PhotoPurpose } from '@linli/shared/photos';
import type { Database } from '../db/client.ts';
import { type TransactItem, TransactionRefused, transactWrite } from '../db/transact-write.ts';
import { markDay, markedDaysBefore } from '../db/day-marks.ts';
import { keys } from '../db/keys.ts';
import { batchWriteAll } from '../db/batch-write.ts';
import { queryAllPages } from '../db/query-all.ts';

/** An upload grant: the object key the API chose, who may attach it, and what it is attached to. */
export interface PhotoGrantRecord {
  objectKey: string;
  memberId: string;
  contentType: PhotoContentType;
  /** What the upload was granted for (grants stored before purposes existed were for complaints). */
  purpose: PhotoPurpose;
  maxBytes: number;
  grantedAt: string;
  /** The upload policy's expiry. */
  uploadBy: string;
  /** The complaint the photo belongs to once attached (its own or one of its replies), or `avatar:<memberId>`. */
  attachedTo: string | null;
  attachedAt: string | null;
}

/**
 * Records a grant and counts it against the member's day, both or neither; 'limit-reached'
 * when the member already had `dailyLimit` grants that day. The grant is also listed under its day
 * (PHOTOUPLOADS#<day>), where the retention job finds it once the day is past the unattached-photo
 * period: the grant itself goes by TTL a day on, the object in storage would stay.
 */
export async function recordPhotoGrant(
  db: Database,
  input: { grant: PhotoGrantRecord; shanghaiDate: string; dailyLimit: number; grantExpiresAtEpoch: number; countExpiresAtEpoch: number },
): Promise<'recorded' | 'limit-reached' | 'conflict'> {
  const { grant } = input;
  const outcome = await transactWrite(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.photoGrantCount(grant.memberId, input.shanghaiDate),
        UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one, expiresAtEpoch = :ttl',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': input.dailyLimit, ':ttl': input.countExpiresAtEpoch },
      },
    },
    {
      Put: {
        TableName: db.tableName,
        // attachedTo stays absent (not null) until attached: the attach condition tests for its absence.
        Item: {
          ...keys.photo(grant.objectKey),
          objectKey: grant.objectKey,
          memberId: grant.memberId,
          contentType: grant.contentType,
          purpose: grant.purpose,
          maxBytes: grant.maxBytes,
          grantedAt: grant.grantedAt,
          uploadBy: grant.uploadBy,
          // A grant never attached is removed by TTL; attaching removes the TTL.
          expiresAtEpoch: input.grantExpiresAtEpoch,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: { ...keys.photoUpload(input.shanghaiDate, grant.objectKey), objectKey: grant.objectKey } } },
  ]);
  if (outcome.committed) return 'recorded';
  const codes = outcome.reasons;
  if (codes[0] === 'ConditionalCheckFailed') return 'limit-reached';
  // Several photos picked at once are granted side by side, all counting on one item: DynamoDB
  // cancels overlapping transactions on it (TransactionConflict); the caller tries again.
  if (codes.includes('TransactionConflict')) return 'conflict';
  throw new TransactionRefused(codes);
}

export async function getPhotoGrant(db: Database, objectKey: string): Promise<PhotoGrantRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.photo(objectKey), ConsistentRead: true }));
  if (!Item) return null;
  return {
    objectKey: Item.objectKey as string,
    memberId: Item.memberId as string,
    contentType: Item.contentType as PhotoContentType,
    purpose: (Item.purpose as PhotoPurpose | undefined) ?? 'complaint',
    maxBytes: Item.maxBytes as number,
    grantedAt: Item.grantedAt as string,
    uploadBy: Item.uploadBy as string,
    attachedTo: (Item.attachedTo as string | undefined) ?? null,
    attachedAt: (Item.attachedAt as string | undefined) ?? null,
  };
}

/**
 * The write that attaches a photo to a complaint, for the caller's transaction: it fails the
 * whole transaction unless the grant is this member's and not attached yet.
 */
export function attachPhotoItem(
  db: Database,
  input: { objectKey: string; memberId: string; complaintId: string; at: string },
): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.photo(input.objectKey),
      UpdateExpression: 'SET attachedTo = :complaintId, attachedAt = :at REMOVE expiresAtEpoch',
      ConditionExpression: 'memberId = :memberId AND attribute_not_exists(attachedTo)',
      ExpressionAttributeValues: { ':complaintId': input.complaintId, ':at': input.at, ':memberId': input.memberId },
    },
  };
}

/**
 * Notes that `day` lists uploads (idempotent), so the retention job finds the days to read without a
 * scan. Written before the day's grants and outside their transactions (every grant of a day would
 * otherwise contend for this one item): a day marked with nothing under it costs the job one query.
 */
export async function markPhotoUploadDay(db: Database, day: string): Promise<void> {
  await markDay(db, keys.photoUploadDay(day), day);
}

/** The days before `beforeDay` that still list uploads, oldest first. */
export function photoUploadDaysBefore(db: Database, beforeDay: string): Promise<string[]> {
  return markedDaysBefore(db, keys.photoUploadDaysPartition(), beforeDay);
}

/** The object keys of the uploads granted on `day` that the retention job has not yet dealt with. */
export async function listPhotoUploadsOfDay(db: Database, day: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.photoUploadsPartition(day) },
    ConsistentRead: true,
  });
  return items.map((item) => item.sk as string);
}

/**
 * Deletes an upload's grant unless it is attached: 'removed' (also when the grant was gone already,
 * dropped by its TTL), or 'attached'. Once the grant is gone nothing can attach the object (attaching
 * is conditional on the grant), so a photo attached a moment before is kept and one after is refused.
 */
export async function removeGrantUnlessAttached(db: Database, objectKey: string): Promise<'removed' | 'attached'> {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.tableName,
        Key: keys.photo(objectKey),
        ConditionExpression: 'attribute_not_exists(attachedTo)',
      }),
    );
    return 'removed';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'attached';
    throw error;
  }
}

/** Takes an upload off its day's list; whether it was still there (a rerun finds it gone and counts nothing). */
export async function deletePhotoUpload(db: Database, day: string, objectKey: string): Promise<boolean> {
  const { Attributes } = await db.doc.send(
    new DeleteCommand({ TableName: db.tableName, Key: keys.photoUpload(day, objectKey), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes !== undefined;
}

/** Removes a day's mark once its uploads are dealt with. */
export async function deletePhotoUploadDay(db: Database, day: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.photoUploadDay(day) }));
}

/**
 * Takes every upload under `prefix` (a member's own object prefix) off the days' lists: account deletion
 * leaves no object key naming the member. Reads only the days still listed (those within the
 * unattached-photo period, and any the job has not reached).
 */
export async function deletePhotoUploadsUnder(db: Database, prefix: string): Promise<void> {
  const days = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.photoUploadDaysPartition() },
    ConsistentRead: true,
  });
  for (const day of days.map((item) => item.sk as string)) {
    const items = await queryAllPages(db, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.photoUploadsPartition(day), ':prefix': prefix },
      ConsistentRead: true,
    });
    await batchWriteAll(
      db,
      items.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
    );
  }
}
