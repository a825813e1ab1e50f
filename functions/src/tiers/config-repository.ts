import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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

/** How long a Lambda container shows a ladder it read before reading it again. */
export const TIER_CONFIG_CACHE_MS = 30_000;

const cached = new Map<string, { config: StoredTierConfig; readAt: number }>();

/**
 * The ladder for display (the member card), read at most once per TIER_CONFIG_CACHE_MS per container
 * and table. A save in this container drops it at once; another container may show the previous ladder
 * for up to that long. Decisions (crediting an order, the review) read getTierConfig, never this.
 */
export async function getTierConfigCached(db: Database): Promise<StoredTierConfig> {
  const hit = cached.get(db.tableName);
  // Container time, not the business clock: this bounds staleness, it decides nothing.
  if (hit && performance.now() - hit.readAt < TIER_CONFIG_CACHE_MS) return hit.config;
  const config = await getTierConfig(db);
  cached.set(db.tableName, { config, readAt: performance.now() });
  return config;
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
  if (saved !== 'saved') return 'conflict';
  cached.delete(db.tableName);
  return stored;
}

/** The ladder version the tier review last walked every member for; null before the first walk. */
export async function getTierReviewMarker(db: Database): Promise<number | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.tierReviewMarker(), ConsistentRead: true }));
  return Item ? (Item.ladderVersion as number) : null;
}

/** Records that every member was reviewed under ladder `ladderVersion`. */
export async function saveTierReviewMarker(db: Database, input: { ladderVersion: number; at: string }): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.tierReviewMarker(), ...input } }));
}
