import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_INSIGHT_SETTINGS, type InsightSettings, type LifecycleStage, type MemberScores } from '@linli/shared/insight';
import { addDays, shanghaiDayStart } from '@linli/shared/time';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { batchWriter, type BatchWriter, type BatchWriteRequest } from '../db/batch-write.ts';
import { indexKeys, INSIGHT_SHARDS, keys, STAGE_CHANGE_SK_PREFIX } from '../db/keys.ts';
import { tableIndex } from '../db/table.ts';
import { queryAllPages } from '../db/query-all.ts';
import { putIfVersion } from '../db/versioned-put.ts';

/**
 * A member as the nightly job last saw them: the scores, and the fields segments filter on (a copy
 * of the member's own as of that run). Segment conditions read these, never every member's items.
 */
export interface MemberInsight {
  memberId: string;
  scores: MemberScores;
  tierCode: string;
  pointsBalance: number;
  /** 1–12, or null without a birthday. */
  birthdayMonth: number | null;
  joinedDay: string;
  marketingOptOut: boolean;
  region: string | null;
  /** Category → the last Shanghai day it was bought. */
  categories: Record<string, string>;
  /** The rule tags the job put on the member (their tag items are the truth; this is what the next run compares with). */
  ruleTags: string[];
  /**
   * Category → the Shanghai day the member is expected to buy it again (replenishment.ts); their
   * REPLENISH items are the truth, this is what the next run compares with. Absent before the job kept it.
   */
  replenish?: Record<string, string>;
}

/** The segment fields that have facet partitions (FACET#<dimension>#<value>): a condition on them reads only its members. */
export const FACET_DIMENSIONS = ['stage', 'rfm', 'risk', 'tier', 'category'] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

/** One facet entry: a member under a value (categories are ordered by the last day bought). */
export interface FacetEntry {
  dimension: FacetDimension;
  value: string;
  memberId: string;
  order?: string;
}

function insightFromItem({ pk: _pk, sk: _sk, ...item }: Record<string, unknown>): MemberInsight {
  return item as unknown as MemberInsight;
}

/** One member's insight (null before the first nightly run that saw them). */
export async function getMemberInsight(db: Database, memberId: string): Promise<MemberInsight | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.memberInsight(memberId) }));
  return Item ? insightFromItem(Item) : null;
}

/** The insights of these members that exist, by member id. */
export async function getMemberInsights(db: Database, memberIds: readonly string[]): Promise<Map<string, MemberInsight>> {
  const items = await batchGetItems(db, memberIds.map(keys.memberInsight));
  return new Map(items.map((item) => [item.sk as string, insightFromItem(item)]));
}

/** Every member's insight: the shards queried in parallel (a segment no facet narrows, the nightly job's previous run). */
export async function listAllMemberInsights(db: Database): Promise<MemberInsight[]> {
  const shards = await Promise.all(
    Array.from({ length: INSIGHT_SHARDS }, (_, shard) =>
      queryAllPages(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.insightPartition(shard) } }),
    ),
  );
  return shards.flat().map(insightFromItem);
}

export function memberInsightPut(insight: MemberInsight): BatchWriteRequest {
  return { PutRequest: { Item: { ...keys.memberInsight(insight.memberId), ...insight } } };
}

export function facetPut(entry: FacetEntry): BatchWriteRequest {
  return {
    PutRequest: { Item: { ...keys.segmentFacet(entry.dimension, entry.value, entry.memberId, entry.order), memberId: entry.memberId } },
  };
}

export function facetDelete(entry: FacetEntry): BatchWriteRequest {
  return { DeleteRequest: { Key: keys.segmentFacet(entry.dimension, entry.value, entry.memberId, entry.order) } };
}

/** A lifecycle stage change: on the member (their history) and under its day (what the care rules read). */
export function stageChangePuts(
  change: {
    memberId: string;
    day: string;
    from: LifecycleStage | null;
    to: LifecycleStage;
  },
  options: { announce: boolean },
): BatchWriteRequest[] {
  const record = { memberId: change.memberId, day: change.day, from: change.from, to: change.to };
  // Keyed by the day, not the instant: a second run on the same day rewrites the same change.
  const history: BatchWriteRequest = { PutRequest: { Item: { ...keys.stageChange(change.memberId, change.day), ...record } } };
  if (!options.announce) return [history];
  return [history, { PutRequest: { Item: { ...keys.lifecycleDayChange(change.day, change.day, change.memberId), ...record } } }];
}

/** A member's expected next purchase of a category: on the member, in byCareDay under the expected day. */
export interface ReplenishmentDue {
  memberId: string;
  category: string;
  expectedDay: string;
}

export function replenishmentPut(due: ReplenishmentDue): BatchWriteRequest {
  return {
    PutRequest: {
      Item: {
        ...keys.replenishment(due.memberId, due.category),
        ...indexKeys.byReplenishDay(due.expectedDay, due.category, due.memberId),
        memberId: due.memberId,
        category: due.category,
        expectedDay: due.expectedDay,
      },
    },
  };
}

export function replenishmentDelete(memberId: string, category: string): BatchWriteRequest {
  return { DeleteRequest: { Key: keys.replenishment(memberId, category) } };
}

/**
 * The members expected to buy these categories again on a Shanghai day (replenishment reminders), through
 * byCareDay: one partition per category, so what is read is what is asked for.
 */
export async function listReplenishmentsDueOn(db: Database, day: string, categories: readonly string[]): Promise<ReplenishmentDue[]> {
  const index = tableIndex('byCareDay');
  const pages = await Promise.all(
    [...new Set(categories)].map((category) =>
      queryAllPages(db, {
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': indexKeys.byReplenishDayPartition(day, category) },
      }),
    ),
  );
  return pages.flat().map((item) => ({
    memberId: item.memberId as string,
    category: item.category as string,
    expectedDay: item.expectedDay as string,
  }));
}

/**
 * A category as the last nightly run saw it for replenishment: its shop-wide cadence (null below the
 * buyers it needs) and how many members have an expected purchase of it (REPLENISH items).
 */
export interface ReplenishCategory {
  category: string;
  cadenceDays: number | null;
  buyers: number;
  expecting: number;
}

/** The categories of the last nightly run with a cadence or an expected purchase (none before the first run that kept them). */
export async function getReplenishCategories(db: Database): Promise<ReplenishCategory[]> {
  const run = await getInsightRun(db);
  return (run?.replenishCategories as ReplenishCategory[] | undefined) ?? [];
}

/**
 * BatchWrites the nightly job keeps in flight. Against DynamoDB Local on the shared 2-core machine (a
 * third of a 20,000-member first run's items into fresh tables, each setting twice, load 4–9) 32 wrote
 * ~1,900–2,050 items a second, 16 ~1,500–1,900, 8 ~1,650: DynamoDB Local itself is the limit there.
 * On AWS 32 concurrent BatchWriteItems sit under the SDK's 50 sockets; what an on-demand table or a
 * hot partition (a facet value's, a day's stage changes) cannot take yet comes back unprocessed and is
 * resent with backoff (db/batch-write.ts).
 */
export const INSIGHT_WRITES_IN_FLIGHT = 32;

/** The queue the nightly job adds its items to as it goes (idempotent puts and deletes). */
export function insightItemWriter(db: Database, parallel = INSIGHT_WRITES_IN_FLIGHT): BatchWriter {
  return batchWriter(db, parallel);
}

/** The members under facet values, e.g. stage = at_risk; for categories, bought on `sinceDay` or later. */
export async function listFacetMembers(db: Database, dimension: FacetDimension, value: string, sinceDay?: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: sinceDay ? 'pk = :pk AND sk >= :since' : 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.segmentFacetPartition(dimension, value), ...(sinceDay ? { ':since': sinceDay } : {}) },
    ProjectionExpression: 'memberId',
  });
  return items.map((item) => item.memberId as string);
}

/** A member's stage changes, newest first (the profile's history). */
export async function listStageChanges(
  db: Database,
  memberId: string,
  limit = 20,
): Promise<Array<{ day: string; from: LifecycleStage | null; to: LifecycleStage }>> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.orderAggregates(memberId).pk, ':prefix': STAGE_CHANGE_SK_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({
    day: item.day as string,
    from: item.from as LifecycleStage | null,
    to: item.to as LifecycleStage,
  }));
}

/** The stage changes of one Shanghai day (the care rules react to them). */
export async function listStageChangesOfDay(
  db: Database,
  day: string,
): Promise<Array<{ memberId: string; from: LifecycleStage | null; to: LifecycleStage }>> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.lifecycleDayPartition(day) },
  });
  return items.map((item) => ({
    memberId: item.memberId as string,
    from: item.from as LifecycleStage | null,
    to: item.to as LifecycleStage,
  }));
}

/**
 * How long a day's run is kept: the dashboard compares with the run of a month back (a week's slack),
 * and a year's runs stay for a look back over the seasons; DynamoDB's TTL removes older ones. LATEST
 * never expires.
 */
export const INSIGHT_RUN_KEEP_DAYS = 400;

/** The shop-level outcome of a nightly run (fitted models, dashboard figures), kept per day and as the latest. */
export async function saveInsightRun(db: Database, day: string, run: Record<string, unknown>): Promise<void> {
  const expiresAtEpoch = Math.floor(shanghaiDayStart(addDays(day, INSIGHT_RUN_KEEP_DAYS)).getTime() / 1000);
  await Promise.all([
    db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.insightRun(day), ...run, expiresAtEpoch } })),
    db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.insightRunLatest(), ...run } })),
  ]);
}

/** A run as saved, without its key and its expiry. */
function runFromItem({ pk: _pk, sk: _sk, expiresAtEpoch: _expiresAtEpoch, ...run }: Record<string, unknown>): Record<string, unknown> {
  return run;
}

export async function getInsightRun(db: Database, day?: string): Promise<Record<string, unknown> | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: day ? keys.insightRun(day) : keys.insightRunLatest() }),
  );
  return Item ? runFromItem(Item) : null;
}

/** The runs kept for Shanghai days [from, to], oldest first. */
export async function listInsightRunsBetween(db: Database, from: string, to: string): Promise<Record<string, unknown>[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.insightRunLatest().pk, ':from': keys.insightRun(from).sk, ':to': keys.insightRun(to).sk },
  });
  return items.map(runFromItem);
}

export interface StoredInsightSettings extends InsightSettings {
  version: number;
  updatedAt: string | null;
}

/** The operator's insight settings, or the defaults (version 0) until saved. */
export async function getInsightSettings(db: Database): Promise<StoredInsightSettings> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.insightSettings(), ConsistentRead: true }));
  if (!Item) return { ...DEFAULT_INSIGHT_SETTINGS, version: 0, updatedAt: null };
  const { pk: _pk, sk: _sk, updatedBy: _by, ...stored } = Item;
  return { ...DEFAULT_INSIGHT_SETTINGS, ...stored } as StoredInsightSettings;
}

export async function replaceInsightSettings(
  db: Database,
  input: { settings: InsightSettings; expectedVersion: number; at: string; by: string },
): Promise<StoredInsightSettings | 'conflict'> {
  const stored: StoredInsightSettings = { ...input.settings, version: input.expectedVersion + 1, updatedAt: input.at };
  const saved = await putIfVersion(db, {
    key: keys.insightSettings(),
    item: { ...stored, updatedBy: input.by },
    expectedVersion: input.expectedVersion,
  });
  return saved === 'saved' ? stored : 'conflict';
}
