import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TIER_CONFIG, type StoredTierConfig, type TierConfig, type TierDefinition } from '@linli/shared/tiers';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { putIfVersion } from '../db/versioned-put.ts';

/** The tier ladder in force: the saved one, or the built-in defaults (version 0) until one is saved. */
export async function getTierConfig(db: Database): Promise<StoredTierConfig> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.tierConfig(), ConsistentRead: true }));
  if (!Item) return { ...DEFAULT_TIER_CONFIG, version: 0, updatedAt: null };
  return {
    tiers: Item.tiers as TierDefinition[],
    downgradeGraceDays: Item.downgradeGraceDays as number,
    version: Item.version as number,
    updatedAt: Item.updatedAt as string,
  };
}

/**
 * Replaces the ladder if nobody saved it since `expectedVersion` was read (0: still the
 * defaults); 'conflict' otherwise. Who saved it is kept on the item.
 */
export async function replaceTierConfig(
  db: Database,
  input: { config: TierConfig; expectedVersion: number; at: string; by: string },
): Promise<StoredTierConfig | 'conflict'> {
  const stored: StoredTierConfig = {
    tiers: input.config.tiers,
    downgradeGraceDays: input.config.downgradeGraceDays,
    version: input.expectedVersion + 1,
    updatedAt: input.at,
  };
  const saved = await putIfVersion(db, {
    key: keys.tierConfig(),
    item: { ...stored, updatedBy: input.by },
    expectedVersion: input.expectedVersion,
  });
  return saved === 'saved' ? stored : 'conflict';
}
