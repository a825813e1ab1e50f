import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';
import type { ItemKey } from './keys.ts';
import { queryAllPages } from './query-all.ts';

/*
 * Day marks: one small item per Shanghai day under a partition of their own (AUDITDAYS, ACTIVEDAYS,
 * PHOTOUPLOADDAYS), so a daily job finds the days past a period with one query instead of a scan.
 * A mark is written before the day's items and outside their transactions (every write of a day
 * would otherwise contend for this one item); it is removed only once the day has nothing left, so an
 * interrupted job walks the day again.
 */

/** Marks the day `mark` names (idempotent). */
export async function markDay(db: Database, mark: ItemKey, day: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: mark,
      UpdateExpression: 'SET #day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':day': day },
    }),
  );
}

/** The days marked under `partition` before `beforeDay`, oldest first. */
export async function markedDaysBefore(db: Database, partition: string, beforeDay: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk < :before',
    ExpressionAttributeValues: { ':pk': partition, ':before': beforeDay },
    ConsistentRead: true,
  });
  return items.map((item) => item.sk as string);
}
