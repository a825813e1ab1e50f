import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { CHECKIN_SK_PREFIX, keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';

/** One Shanghai day's check-in: the streak it made and what it earned. */
export interface CheckinRecord {
  date: string;
  streak: number;
  points: number;
  bonus: number;
}

export async function getCheckin(db: Database, memberId: string, date: string): Promise<CheckinRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.checkin(memberId, date), ConsistentRead: true }));
  return Item
    ? { date: Item.date as string, streak: Item.streak as number, points: Item.points as number, bonus: Item.bonus as number }
    : null;
}

/** The days of a month (YYYY-MM) the member checked in, in order. */
export async function listCheckinDays(db: Database, memberId: string, month: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.checkinPartition(memberId), ':prefix': `${CHECKIN_SK_PREFIX}${month}` },
    ProjectionExpression: '#date',
    ExpressionAttributeNames: { '#date': 'date' },
    ConsistentRead: true,
  });
  return items.map((item) => item.date as string).sort();
}

/** The day's check-in record, written once: a second tap the same day fails its condition. */
export function checkinPut(db: Database, memberId: string, record: CheckinRecord, at: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.checkin(memberId, record.date), ...record, at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
