import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CareArm, CarePolicy, CareRule, DeliveryStatus, SkipReason } from '@linli/shared/care-rules';
import { DEFAULT_CARE_POLICY } from '@linli/shared/care-rules';
import type { SellerOccasion } from '@linli/shared/care-calendar';
import type { CareValues } from '@linli/shared/subscribe-fields';
import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { CARE_DELIVERY_SK_PREFIX, indexKeys, keys, memberShard, type ItemKey } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { tableIndex } from '../db/table.ts';
import { transactWrite, TransactionRefused, type TransactItem, type TransactOutcome } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { claimSendSpendingAuthorization } from '../subscriptions/repository.ts';

// ---------------------------------------------------------------------------------------------
// Rules

/** The most care rules a shop keeps: the list is one small partition read whole by every planner run. */
export const MAX_CARE_RULES = 100;

function ruleFromItem({ pk: _pk, sk: _sk, ...item }: Record<string, unknown>): CareRule {
  return item as unknown as CareRule;
}

export async function listCareRules(db: Database): Promise<CareRule[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.careRulePartition() },
    ConsistentRead: true,
  });
  return items.map(ruleFromItem);
}

export async function getCareRule(db: Database, ruleId: string): Promise<CareRule | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.careRule(ruleId), ConsistentRead: true }));
  return Item ? ruleFromItem(Item) : null;
}

/** Saves a new rule (version 1) or an edit of the version before; 'conflict' when someone saved it meanwhile. */
export async function saveCareRule(db: Database, rule: CareRule): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.careRule(rule.ruleId), ...rule },
        ...(rule.version === 1
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': rule.version - 1 } }),
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    throw error;
  }
}

export async function deleteCareRule(db: Database, ruleId: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.careRule(ruleId) }));
}

// ---------------------------------------------------------------------------------------------
// Settings: the policy over every rule, and the seller's own dates

export interface CareSettings {
  policy: CarePolicy;
  /** What {店铺名} says in messages. */
  shopName: string;
  sellerOccasions: SellerOccasion[];
  /** 0 before the first save (the defaults). */
  version: number;
  updatedAt: string | null;
}

/** {店铺名} until the seller names the shop in 发送设置. */
export const DEFAULT_SHOP_NAME = '本店';

export async function getCareSettings(db: Database): Promise<CareSettings> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.careSettings(), ConsistentRead: true }));
  if (!Item) return { policy: DEFAULT_CARE_POLICY, shopName: DEFAULT_SHOP_NAME, sellerOccasions: [], version: 0, updatedAt: null };
  return {
    policy: Item.policy as CarePolicy,
    shopName: (Item.shopName as string | undefined) ?? DEFAULT_SHOP_NAME,
    sellerOccasions: (Item.sellerOccasions as SellerOccasion[] | undefined) ?? [],
    version: Item.version as number,
    updatedAt: Item.updatedAt as string,
  };
}

/** Replaces the settings read at `settings.version - 1`; 'conflict' when someone saved meanwhile. */
export async function saveCareSettings(db: Database, settings: CareSettings): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.careSettings(), ...settings },
        ...(settings.version === 1
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': settings.version - 1 } }),
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Deliveries

/** How long a delivery is kept: a year's occasions (birthday#2026) stay unique, and the logs look back a year. */
export const CARE_DELIVERY_KEEP_DAYS = 400;

/** One delivery as stored: a rule's message to a member for one occasion. */
export interface StoredDelivery {
  memberId: string;
  ruleId: string;
  occasion: string;
  occasionName: string;
  ruleName: string;
  arm: CareArm;
  status: DeliveryStatus;
  reason: SkipReason | null;
  /** Whether it counts against the member's caps (marketing) or not (service notices). */
  marketing: boolean;
  priority: number;
  /** When it goes; after quiet hours when its time fell inside them. */
  sendAt: string;
  /** After this it is no longer relevant and is not sent. */
  staleAt: string;
  plannedAt: string;
  finishedAt: string | null;
  detail: string | null;
  /** The occasion's own values ({节日}, {日期}); the member's ({昵称}, {积分}) are read when it is sent. */
  values: CareValues;
  msgid: string | null;
  /** The coupon or points entry the gift gave, once given. */
  giftRef: string | null;
  /** A service notice's own message, fixed when it was due (a rule's delivery takes its message from the rule). */
  notice?: ServiceNoticeMessage;
  /**
   * The Shanghai day of its first send time, fixed when it is written: the rule's day counts it is
   * counted in (a hold past midnight does not move it). Absent on deliveries stored before the counts.
   */
  statsDay?: string;
  /** The order a post-purchase occasion is about: a survey invitation's link names it. */
  orderId?: string;
}

/** What a service notice sends: its template, page and the template's values. */
export interface ServiceNoticeMessage {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface DeliveryKey {
  memberId: string;
  ruleId: string;
  occasion: string;
}

export const deliveryKeyOf = (delivery: DeliveryKey): ItemKey => keys.careDelivery(delivery.memberId, delivery.ruleId, delivery.occasion);

/** A delivery as a status change needs it: its key and the day its rule's counts hold it on. */
export type DeliveryRef = DeliveryKey & Pick<StoredDelivery, 'statsDay'>;

// ---------------------------------------------------------------------------------------------
// A rule's day counts: what the rule list shows, kept in the write of each status change

/** The list's groups: planned, queued and sending are all "planned" there, so moves among them count nothing. */
export type StatsGroup = 'planned' | 'sent' | 'skipped' | 'failed';
export type RuleDayCounts = Record<StatsGroup, number>;

/** A status a delivery finishes from: one not yet sent, skipped or failed. */
export type UnfinishedStatus = 'planned' | 'queued' | 'sending';

function statsGroupOf(status: DeliveryStatus): StatsGroup {
  return status === 'queued' || status === 'sending' ? 'planned' : status;
}

/**
 * The Update adding `deltas` to a rule's counts of `day` (ADD creates the item on first use), in the
 * member's shard of that day: a holiday plans and finishes many of one rule's deliveries at once, and
 * one item would make every one of those transactions collide on it.
 */
function statsUpdate(db: Database, ruleId: string, day: string, memberId: string, deltas: Partial<RuleDayCounts>): TransactItem {
  const names = (Object.keys(deltas) as StatsGroup[]).filter((group) => deltas[group] !== 0);
  // Kept as long as the deliveries they count.
  const expiresAtEpoch = Math.floor(shanghaiDayStart(addDays(day, CARE_DELIVERY_KEEP_DAYS)).getTime() / 1000);
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.careStatsDay(ruleId, day, memberShard(memberId)),
      // A move within one group of one day (skipped, written again as skipped) adds nothing.
      UpdateExpression: `${names.length > 0 ? `ADD ${names.map((_, i) => `#g${i} :g${i}`).join(', ')} ` : ''}SET expiresAtEpoch = :expires`,
      ...(names.length > 0 ? { ExpressionAttributeNames: Object.fromEntries(names.map((group, i) => [`#g${i}`, group])) } : {}),
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((group, i) => [`:g${i}`, deltas[group]])),
        ':expires': expiresAtEpoch,
      },
    },
  };
}

/**
 * Runs a status change's transaction again while it only lost a race: every delivery of a rule and
 * day meets on one counts item, so concurrent changes of one rule collide there. Nothing of a refused
 * transaction was written, so trying again never counts twice.
 */
async function transactCounted(db: Database, items: TransactItem[]): Promise<TransactOutcome> {
  return withOptimisticRetry(async () => {
    const outcome = await transactWrite(db, items);
    if (!outcome.committed && !outcome.reasons.includes('ConditionalCheckFailed') && outcome.reasons.includes('TransactionConflict'))
      return RETRY;
    return outcome;
  });
}

/** A rule's counts of each Shanghai day from `fromDay` on (at most MEMBER_SHARDS small items a day, whatever it sent), summed. */
export async function ruleCountsSince(db: Database, ruleId: string, fromDay: string): Promise<RuleDayCounts> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': keys.careStatsPartition(ruleId), ':from': keys.careStatsFrom(fromDay) },
  });
  const counts: RuleDayCounts = { planned: 0, sent: 0, skipped: 0, failed: 0 };
  for (const item of items)
    for (const group of Object.keys(counts) as StatsGroup[]) counts[group] += (item[group] as number | undefined) ?? 0;
  return counts;
}

function deliveryFromItem(item: Record<string, unknown>): StoredDelivery {
  const {
    pk: _pk,
    sk: _sk,
    careDuePk: _duePk,
    careDueSk: _dueSk,
    careRulePk: _rulePk,
    careRuleSk: _ruleSk,
    expiresAtEpoch: _expires,
    ...rest
  } = item;
  return rest as unknown as StoredDelivery;
}

/** The day a new delivery is counted on: the Shanghai day of its first send time. */
const statsDayOf = (delivery: StoredDelivery): string => shanghaiDay(new Date(delivery.sendAt)).date;

function deliveryItem(delivery: StoredDelivery & { statsDay: string }): Record<string, unknown> {
  const expiresAtEpoch = Math.floor(shanghaiDayStart(addDays(delivery.plannedAt.slice(0, 10), CARE_DELIVERY_KEEP_DAYS)).getTime() / 1000);
  return {
    ...deliveryKeyOf(delivery),
    ...delivery,
    ...indexKeys.byCareRule(delivery.ruleId, delivery.sendAt, delivery.memberId),
    ...(delivery.status === 'planned' ? indexKeys.byCareDue(delivery.sendAt, delivery.memberId, delivery.ruleId) : {}),
    expiresAtEpoch,
  };
}

/** The deliveries that exist among `wanted` (one read per key: a rerun of the planner finds what it wrote). */
export async function getDeliveries(db: Database, wanted: readonly DeliveryKey[]): Promise<StoredDelivery[]> {
  const items = await batchGetItems(db, wanted.map(deliveryKeyOf), { parallel: 4 });
  return items.map(deliveryFromItem);
}

export async function getDelivery(db: Database, key: DeliveryKey): Promise<StoredDelivery | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: deliveryKeyOf(key), ConsistentRead: true }));
  return Item ? deliveryFromItem(Item) : null;
}

/** The cap counters a marketing delivery takes a place in: its Shanghai day and its week. */
export interface CapPlaces {
  day: string;
  monday: string;
  dailyCap: number;
  weeklyCap: number;
}

function capTake(db: Database, key: ItemKey, cap: number, expiresAtEpoch: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: key,
      UpdateExpression: 'ADD planned :one SET expiresAtEpoch = :expires',
      ConditionExpression: 'attribute_not_exists(planned) OR planned < :cap',
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expires': expiresAtEpoch },
    },
  };
}

/**
 * Writes a delivery once (rule × member × occasion). A marketing delivery that is to go takes a
 * place under the member's daily and weekly caps in the same transaction, so two planners running at
 * once can never plan more than the caps allow: 'capped' when either is full (nothing written).
 */
export async function planDelivery(
  db: Database,
  delivery: StoredDelivery,
  caps: CapPlaces | null,
): Promise<'planned' | 'exists' | 'capped'> {
  const statsDay = statsDayOf(delivery);
  const put: TransactItem = {
    Put: { TableName: db.tableName, Item: deliveryItem({ ...delivery, statsDay }), ConditionExpression: 'attribute_not_exists(pk)' },
  };
  const counted = statsUpdate(db, delivery.ruleId, statsDay, delivery.memberId, { [statsGroupOf(delivery.status)]: 1 });
  // A week's counter outlives the week by a little; a day's by the week it is in.
  const capsExpireAt = caps && Math.floor(shanghaiDayStart(addDays(caps.monday, 14)).getTime() / 1000);
  const capTakes = caps
    ? [
        capTake(db, keys.careCapDay(delivery.memberId, caps.day), caps.dailyCap, capsExpireAt!),
        capTake(db, keys.careCapWeek(delivery.memberId, caps.monday), caps.weeklyCap, capsExpireAt!),
      ]
    : [];
  // Another planner writing this member's cap counters, or the rule's counts, at the same moment is waited out.
  const outcome = await transactCounted(db, [put, ...capTakes, counted]);
  if (outcome.committed) return 'planned';
  if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'exists';
  if (caps && (outcome.reasons[1] === 'ConditionalCheckFailed' || outcome.reasons[2] === 'ConditionalCheckFailed')) return 'capped';
  throw new TransactionRefused(outcome.reasons);
}

/**
 * Writes a service notice's delivery once (no cap places: service notices are not marketing). One
 * recorded as skipped for want of an authorization may be written again (the points-expiry reminder
 * is planned again each day until the member grants one); one planned, sent or skipped otherwise is
 * never touched: 'exists'.
 */
export async function planServiceDelivery(db: Database, delivery: StoredDelivery): Promise<'planned' | 'exists'> {
  const statsDay = statsDayOf(delivery);
  const item = deliveryItem({ ...delivery, statsDay });
  const group = statsGroupOf(delivery.status);
  for (let attempt = 0; attempt < OVERWRITE_ATTEMPTS; attempt++) {
    const created = await transactCounted(db, [
      { Put: { TableName: db.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      statsUpdate(db, delivery.ruleId, statsDay, delivery.memberId, { [group]: 1 }),
    ]);
    if (created.committed) return 'planned';
    if (created.reasons[0] !== 'ConditionalCheckFailed') throw new TransactionRefused(created.reasons);
    const existing = await getDelivery(db, delivery);
    if (!existing) continue;
    if (existing.status !== 'skipped' || existing.reason !== 'no-authorization') return 'exists';
    // Written again as it is now: it leaves the skipped count of the day it was counted on for the
    // count of its new first send time (one update when both are the same day).
    const moves: Array<{ day: string; deltas: Partial<RuleDayCounts> }> = [{ day: statsDay, deltas: { [group]: 1 } }];
    if (existing.statsDay === statsDay) moves[0]!.deltas = { ...moves[0]!.deltas, skipped: (moves[0]!.deltas.skipped ?? 0) - 1 };
    else if (existing.statsDay) moves.push({ day: existing.statsDay, deltas: { skipped: -1 } });
    const replaced = await transactCounted(db, [
      {
        Put: {
          TableName: db.tableName,
          Item: item,
          // Only the version read: its status and its counts day are what the counts move from.
          ConditionExpression: '#status = :skipped AND reason = :noAuthorization AND plannedAt = :plannedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':skipped': 'skipped', ':noAuthorization': 'no-authorization', ':plannedAt': existing.plannedAt },
        },
      },
      ...moves.map((move) => statsUpdate(db, delivery.ruleId, move.day, delivery.memberId, move.deltas)),
    ]);
    if (replaced.committed) return 'planned';
    if (replaced.reasons[0] !== 'ConditionalCheckFailed') throw new TransactionRefused(replaced.reasons);
  }
  // Rewritten by someone else every time it was read: a later run plans it again.
  return 'exists';
}

/** Reads and rewrites of one service delivery before leaving it to a later run (a race lost that often is a bug). */
const OVERWRITE_ATTEMPTS = 3;

/** How many marketing messages are planned for each of `memberIds` on `day` and in the week from `monday`. */
export async function capCounts(
  db: Database,
  memberIds: readonly string[],
  day: string,
  monday: string,
): Promise<Map<string, { day: number; week: number }>> {
  const wanted = [...new Set(memberIds)].flatMap((memberId) => [keys.careCapDay(memberId, day), keys.careCapWeek(memberId, monday)]);
  const counts = new Map<string, { day: number; week: number }>(memberIds.map((memberId) => [memberId, { day: 0, week: 0 }]));
  for (const item of await batchGetItems(db, wanted, { parallel: 4 })) {
    const memberId = (item.pk as string).slice('MEMBER#'.length);
    const entry = counts.get(memberId);
    if (!entry) continue;
    if ((item.sk as string).startsWith('CARECAP#DAY#')) entry.day = item.planned as number;
    else entry.week = item.planned as number;
  }
  return counts;
}

/** Planned deliveries of one shard due at or before `upTo`, oldest first, at most `limit`. */
export async function listDueDeliveries(db: Database, shard: number, upTo: string, limit: number): Promise<StoredDelivery[]> {
  const index = tableIndex('byCareDue');
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: `${index.partitionKey} = :pk AND ${index.sortKey} <= :upTo`,
      ExpressionAttributeValues: { ':pk': indexKeys.byCareDueShard(shard), ':upTo': indexKeys.byCareDueUpTo(upTo) },
      Limit: limit,
    }),
  );
  return Items.map(deliveryFromItem);
}

/** planned → queued (it leaves the due index); 'moved-on' when it is no longer planned. */
export async function markDeliveryQueued(db: Database, key: DeliveryKey, at: string): Promise<'queued' | 'moved-on'> {
  const outcome = await conditionalUpdate(db, key, {
    UpdateExpression: 'SET #status = :queued, queuedAt = :at REMOVE careDuePk, careDueSk',
    ConditionExpression: '#status = :planned',
    ExpressionAttributeValues: { ':queued': 'queued', ':planned': 'planned', ':at': at },
  });
  return outcome === 'updated' ? 'queued' : outcome;
}

/**
 * Claims the send: queued (or still planned, when the queue message overtook the dispatcher's write)
 * → sending, spending one of the member's authorizations for the template in the same transaction.
 * 'already-claimed' when another attempt claimed it before (or it finished): it must not be sent again.
 */
export async function claimDeliverySend(
  db: Database,
  key: DeliveryKey,
  templateId: string,
  at: string,
): Promise<'claimed' | 'already-claimed' | 'no-authorization'> {
  return claimSendSpendingAuthorization(db, {
    claim: {
      Update: {
        TableName: db.tableName,
        Key: deliveryKeyOf(key),
        UpdateExpression: 'SET #status = :sending, claimedAt = :at REMOVE careDuePk, careDueSk',
        ConditionExpression: '#status IN (:planned, :queued)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':planned': 'planned', ':queued': 'queued', ':at': at },
      },
    },
    memberId: key.memberId,
    templateId,
  });
}

/** sending → queued: the send definitely did not happen and will be tried again. */
export async function releaseDeliveryClaim(db: Database, key: DeliveryKey): Promise<void> {
  await conditionalUpdate(db, key, {
    UpdateExpression: 'SET #status = :queued REMOVE claimedAt',
    ConditionExpression: '#status = :sending',
    ExpressionAttributeValues: { ':queued': 'queued', ':sending': 'sending' },
  });
}

/** Back to planned at a later time (quiet hours came first); it rejoins the due index. */
export async function holdDelivery(db: Database, delivery: StoredDelivery, sendAt: string): Promise<'held' | 'moved-on'> {
  const due = indexKeys.byCareDue(sendAt, delivery.memberId, delivery.ruleId);
  return conditionalUpdate(db, delivery, {
    UpdateExpression: 'SET #status = :planned, sendAt = :sendAt, reason = :reason, careDuePk = :duePk, careDueSk = :dueSk',
    ConditionExpression: '#status IN (:planned, :queued)',
    ExpressionAttributeValues: {
      ':planned': 'planned',
      ':queued': 'queued',
      ':sendAt': sendAt,
      ':reason': 'quiet-hours',
      ':duePk': due.careDuePk,
      ':dueSk': due.careDueSk,
    },
  }).then((outcome) => (outcome === 'updated' ? 'held' : outcome));
}

/**
 * Finishes a delivery: sent, skipped (with its reason) or failed (with WeChat's answer). Only from
 * a state that may end that way (`from`), so a late duplicate cannot overwrite a finished one.
 */
export async function finishDelivery(
  db: Database,
  key: DeliveryRef,
  input: {
    from: readonly UnfinishedStatus[];
    status: 'sent' | 'skipped' | 'failed';
    reason?: SkipReason | null;
    detail?: string | null;
    msgid?: string | null;
    at: string;
  },
): Promise<'finished' | 'moved-on'> {
  const from = Object.fromEntries(input.from.map((status, index) => [`:from${index}`, status]));
  const update = {
    UpdateExpression:
      'SET #status = :status, reason = :reason, detail = :detail, msgid = :msgid, finishedAt = :at REMOVE careDuePk, careDueSk',
    ConditionExpression: `#status IN (${Object.keys(from).join(', ')})`,
    ExpressionAttributeValues: {
      ...from,
      ':status': input.status,
      ':reason': input.reason ?? null,
      ':detail': input.detail ?? null,
      ':msgid': input.msgid ?? null,
      ':at': input.at,
    } as Record<string, unknown>,
  };
  // Stored before the counts were kept: it was never counted, so finishing it counts nothing.
  if (!key.statsDay) return (await conditionalUpdate(db, key, update)) === 'updated' ? 'finished' : 'moved-on';
  // Every status it may finish from counts as planned: it moves from there to how it ended.
  const outcome = await transactCounted(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: deliveryKeyOf(key),
        ...update,
        ConditionExpression: `${update.ConditionExpression} AND statsDay = :statsDay`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':statsDay': key.statsDay },
      },
    },
    statsUpdate(db, key.ruleId, key.statsDay, key.memberId, { planned: -1, [input.status]: 1 }),
  ]);
  if (outcome.committed) return 'finished';
  if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'moved-on';
  throw new TransactionRefused(outcome.reasons);
}

/** The Update that records a delivery's gift once (inside the gift's own transaction). */
export function deliveryGiftRecord(db: Database, key: DeliveryKey, giftRef: string): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: deliveryKeyOf(key),
      UpdateExpression: 'SET giftRef = :ref',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(giftRef) OR giftRef = :none)',
      ExpressionAttributeValues: { ':ref': giftRef, ':none': null },
    },
  };
}

/** Records a points gift's ledger entry on the delivery (the ledger's idempotency key made it once). */
export async function recordDeliveryGift(db: Database, key: DeliveryKey, giftRef: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: deliveryKeyOf(key),
      UpdateExpression: 'SET giftRef = :ref',
      ExpressionAttributeValues: { ':ref': giftRef },
    }),
  );
}

/** One status change of a delivery, made only when its condition holds: 'moved-on' when the delivery is past it. */
async function conditionalUpdate(
  db: Database,
  key: DeliveryKey,
  update: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
): Promise<'updated' | 'moved-on'> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: deliveryKeyOf(key),
        ...update,
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return 'updated';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'moved-on';
    throw error;
  }
}

/** Every delivery kept for a member (a year's worth at most: TTL removes older ones), newest first. */
export async function listMemberDeliveries(db: Database, memberId: string): Promise<StoredDelivery[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.careDeliveryPartition(memberId), ':prefix': CARE_DELIVERY_SK_PREFIX },
  });
  return items.map(deliveryFromItem).sort((a, b) => (a.sendAt === b.sendAt ? 0 : a.sendAt < b.sendAt ? 1 : -1));
}

/** Where a page of a rule's log ended: the index sort key and the occasion (the table key needs both). */
export interface RuleLogPosition {
  sortKey: string;
  memberId: string;
  occasion: string;
}

/**
 * One page of a rule's deliveries, newest first, optionally of one status, from after `after`. A
 * status filter reads the rule's other deliveries too (a page's worth of reads each round): the log
 * is a staff view, not a hot path.
 */
export async function listRuleDeliveries(
  db: Database,
  ruleId: string,
  page: { limit: number; after?: RuleLogPosition | undefined; status?: DeliveryStatus | undefined },
): Promise<{ items: StoredDelivery[]; last: RuleLogPosition | null }> {
  const index = tableIndex('byCareRule');
  const items: StoredDelivery[] = [];
  let startKey: Record<string, unknown> | undefined = page.after
    ? {
        [index.partitionKey]: indexKeys.byCareRulePartition(ruleId),
        [index.sortKey]: page.after.sortKey,
        ...keys.careDelivery(page.after.memberId, ruleId, page.after.occasion),
      }
    : undefined;
  let last: RuleLogPosition | null = null;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': indexKeys.byCareRulePartition(ruleId), ...(page.status ? { ':status': page.status } : {}) },
        ...(page.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      if (items.length === page.limit) break;
      const delivery = deliveryFromItem(item);
      items.push(delivery);
      last = { sortKey: item[index.sortKey] as string, memberId: delivery.memberId, occasion: delivery.occasion };
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
  return { items, last: items.length === page.limit ? last : null };
}

// ---------------------------------------------------------------------------------------------
// Dead letters: queue messages that failed every attempt, kept for staff to see and retry

export interface DeadLetter {
  messageId: string;
  body: string;
  deadAt: string;
  receiveCount: number;
}

export async function saveDeadLetter(db: Database, letter: DeadLetter): Promise<void> {
  await db.doc.send(
    new PutCommand({ TableName: db.tableName, Item: { ...keys.careDeadLetter(letter.deadAt, letter.messageId), ...letter } }),
  );
}

export async function listDeadLetters(db: Database): Promise<DeadLetter[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.careDeadLetterPartition() },
    ScanIndexForward: false,
  });
  return items.map(({ pk: _pk, sk: _sk, ...letter }) => letter as unknown as DeadLetter);
}

export async function deleteDeadLetter(db: Database, letter: Pick<DeadLetter, 'deadAt' | 'messageId'>): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.careDeadLetter(letter.deadAt, letter.messageId) }));
}

/** What attribution reads of each delivery of a rule that went (or would have gone) from `fromAt` to before `toAt`. */
export async function listRuleOutcomes(
  db: Database,
  ruleId: string,
  fromAt: string,
  toAt: string,
): Promise<Array<Pick<StoredDelivery, 'memberId' | 'status' | 'reason' | 'arm' | 'sendAt'>>> {
  const index = tableIndex('byCareRule');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: `${index.partitionKey} = :pk AND ${index.sortKey} BETWEEN :from AND :to`,
    ExpressionAttributeValues: { ':pk': indexKeys.byCareRulePartition(ruleId), ':from': fromAt, ':to': toAt },
    ProjectionExpression: 'memberId, #status, reason, arm, sendAt',
    ExpressionAttributeNames: { '#status': 'status' },
  });
  return items
    .filter((item) => (item.sendAt as string) < toAt)
    .map((item) => ({
      memberId: item.memberId as string,
      status: item.status as DeliveryStatus,
      reason: (item.reason as SkipReason | null | undefined) ?? null,
      arm: item.arm as CareArm,
      sendAt: item.sendAt as string,
    }));
}
