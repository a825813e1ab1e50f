import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PhotoContentType, PhotoPurpose } from '@linli/shared/photos';
import type { Database } from '../db/client.ts';
import { type TransactItem, TransactionRefused, transactWrite } from '../db/transact-write.ts';
import { keys } from '../db/keys.ts';

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
 * when the member already had `dailyLimit` grants that day.
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
