import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RetentionSettingsView, RetentionSettings } from '@linli/shared/audit';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { putIfVersion } from '../db/versioned-put.ts';

/** The saved retention periods with their version, or null until an admin first saves them. */
export async function readRetentionSettings(db: Database): Promise<RetentionSettingsView | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.retentionSettings(), ConsistentRead: true }));
  if (!Item) return null;
  return {
    auditLogDays: Item.auditLogDays,
    inactiveMemberYears: Item.inactiveMemberYears,
    unattachedPhotoDays: Item.unattachedPhotoDays,
    version: Item.version,
    updatedAt: Item.updatedAt,
  };
}

/** Replaces the retention periods if still at `expected` (0: never saved); 'conflict' otherwise. */
export async function writeRetentionSettings(
  db: Database,
  settings: RetentionSettings & { version: number; updatedAt: string; updatedBy: string },
  expected: number,
): Promise<'saved' | 'conflict'> {
  return putIfVersion(db, { key: keys.retentionSettings(), item: { ...settings }, expectedVersion: expected });
}
