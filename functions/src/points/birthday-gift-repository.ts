import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import type { TransactItem } from '../db/transact-write.ts';

/** What a year's birthday gift gave (kept with the credit: its existence is the once-a-year guard). */
export interface BirthdayGiftReceipt {
  year: number;
  points: number;
  at: string;
}

export async function getBirthdayGiftReceipt(db: Database, memberId: string, year: number): Promise<BirthdayGiftReceipt | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.birthdayGift(memberId, year), ConsistentRead: true }),
  );
  return Item ? { year: Item.year as number, points: Item.points as number, at: Item.at as string } : null;
}

/** The year's receipt, written once: a second credit for the same year fails its condition. */
export function birthdayGiftReceiptPut(db: Database, memberId: string, receipt: BirthdayGiftReceipt): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.birthdayGift(memberId, receipt.year), ...receipt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
