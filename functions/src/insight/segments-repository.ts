import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Segment } from '@linli/shared/segments';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';

/** The most segments a shop keeps: the list is one small partition read whole. */
export const MAX_SAVED_SEGMENTS = 200;

function fromItem({ pk: _pk, sk: _sk, ...item }: Record<string, unknown>): Segment {
  return item as unknown as Segment;
}

export async function getSegment(db: Database, segmentId: string): Promise<Segment | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.segment(segmentId), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

/** Every saved segment, by name. */
export async function listSegments(db: Database): Promise<Segment[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.segmentPartition() },
    ConsistentRead: true,
  });
  return items.map(fromItem).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** Saves a new segment (version 1) or an edit of the version read; 'conflict' when someone saved it meanwhile. */
export async function saveSegment(db: Database, segment: Segment): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.segment(segment.segmentId), ...segment },
        ...(segment.version === 1
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': segment.version - 1 } }),
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    throw error;
  }
}

export async function deleteSegment(db: Database, segmentId: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.segment(segmentId) }));
}
