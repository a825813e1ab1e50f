import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_AGENT_COMPENSATION_CAP_POINTS, type ComplaintDeskSettings } from '@linli/shared/complaints';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { putIfVersion } from '../db/versioned-put.ts';

/** The desk settings as saved, with who saved them and when. */
export interface StoredDeskSettings extends ComplaintDeskSettings {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The saved desk settings, or null until they are first saved. */
export async function readDeskSettings(db: Database): Promise<StoredDeskSettings | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.complaintDeskSettings(), ConsistentRead: true }));
  if (!Item) return null;
  return {
    categories: Item.categories,
    businessHours: Item.businessHours,
    quietHours: Item.quietHours,
    replyTemplates: Item.replyTemplates,
    // Settings saved before the cap existed carry the default.
    agentCompensationCapPoints: Item.agentCompensationCapPoints ?? DEFAULT_AGENT_COMPENSATION_CAP_POINTS,
    version: Item.version,
    updatedAt: Item.updatedAt,
    updatedBy: Item.updatedBy,
  } as StoredDeskSettings;
}

/** Replaces the desk settings if still at `expected` (0: never saved); 'conflict' otherwise. */
export async function writeDeskSettings(db: Database, settings: StoredDeskSettings, expected: number): Promise<'saved' | 'conflict'> {
  return putIfVersion(db, { key: keys.complaintDeskSettings(), item: { ...settings }, expectedVersion: expected });
}
