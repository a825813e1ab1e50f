import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SeasonalTip } from '@linli/shared/seasonal-tips';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { putIfVersion } from '../db/versioned-put.ts';

/** The seasonal calendar as stored: its own config item, so editing tips never races an edit of 发送设置. */
export interface StoredSeasonalCalendar {
  tips: SeasonalTip[];
  /** 0 before the first save. */
  version: number;
  updatedAt: string | null;
}

export async function getSeasonalCalendar(db: Database): Promise<StoredSeasonalCalendar> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.seasonalCalendar(), ConsistentRead: true }));
  if (!Item) return { tips: [], version: 0, updatedAt: null };
  return { tips: Item.tips as SeasonalTip[], version: Item.version as number, updatedAt: Item.updatedAt as string };
}

/** Saves the calendar read at `calendar.version - 1`; 'conflict' when someone saved it meanwhile. */
export async function saveSeasonalCalendar(db: Database, calendar: StoredSeasonalCalendar): Promise<'saved' | 'conflict'> {
  return putIfVersion(db, {
    key: keys.seasonalCalendar(),
    item: { tips: calendar.tips, version: calendar.version, updatedAt: calendar.updatedAt },
    expectedVersion: calendar.version - 1,
  });
}
