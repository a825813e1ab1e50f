import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RiskFlagFacts, RiskFlagKind, RiskFlagStatus } from '@linli/shared/risk';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { keys, RISK_FLAG_SK_PREFIX } from '../db/keys.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import type { ShopOrderNorm } from './rules.ts';

/** A flag as stored in RISKFLAGS. */
export interface StoredRiskFlag {
  flagId: string;
  kind: RiskFlagKind;
  status: RiskFlagStatus;
  raisedAt: string;
  /** What the flag is about: a member id, a phone's lookup hash, a staff member's id, or `shop`. */
  subject: string;
  /** The period that makes it once: an order id, a Shanghai month, or a day. */
  period: string;
  facts: RiskFlagFacts;
  /** The members it names (the first MAX_FLAG_MEMBERS); memberCount counts them all. */
  memberIds: string[];
  memberCount: number;
  review: { at: string; by: string; byName: string; note: string } | null;
}

/** Members named on one flag: the review page shows a few and links each; the count says how many there were. */
export const MAX_FLAG_MEMBERS = 50;

function fromItem(item: Record<string, unknown>): StoredRiskFlag {
  return {
    flagId: item.flagId as string,
    kind: item.kind as RiskFlagKind,
    status: item.status as RiskFlagStatus,
    raisedAt: item.raisedAt as string,
    subject: item.subject as string,
    period: item.period as string,
    facts: item.facts as RiskFlagFacts,
    memberIds: (item.memberIds as string[] | undefined) ?? [],
    memberCount: (item.memberCount as number | undefined) ?? 0,
    review: (item.review as StoredRiskFlag['review'] | undefined) ?? null,
  };
}

/**
 * Writes the flag unless one of its subject × kind × period exists (its RISKFLAGID marker): a rerun of
 * the job, or an order delivered again, raises nothing new.
 */
export async function raiseFlagOnce(db: Database, flag: StoredRiskFlag): Promise<'raised' | 'exists'> {
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.riskFlagId(flag.flagId), raisedAt: flag.raisedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: { ...keys.riskFlag(flag.raisedAt, flag.flagId), ...flag } } },
  ]);
  return outcome.committed ? 'raised' : 'exists';
}

export async function getFlag(db: Database, flagId: string): Promise<StoredRiskFlag | null> {
  const { Item: marker } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.riskFlagId(flagId), ConsistentRead: true }),
  );
  if (!marker) return null;
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.riskFlag(marker.raisedAt as string, flagId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

/** Records a supervisor's review of an open flag; 'reviewed' when someone reviewed it first. */
export async function saveFlagReview(
  db: Database,
  flag: StoredRiskFlag,
  review: { status: Exclude<RiskFlagStatus, 'open'>; at: string; by: string; byName: string; note: string },
): Promise<'saved' | 'reviewed'> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.riskFlag(flag.raisedAt, flag.flagId),
        UpdateExpression: 'SET #status = :status, review = :review',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': review.status,
          ':open': 'open',
          ':review': { at: review.at, by: review.by, byName: review.byName, note: review.note },
        },
      }),
    );
    return 'saved';
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'reviewed';
    throw error;
  }
}

/** Reads of RISKFLAGS made to fill one page of a filtered list, and flags looked at in each (flags are few). */
const MAX_READS_PER_PAGE = 10;
const READ_SIZE = 100;

/**
 * Flags newest first, optionally of one status and kind, a page at a time. The filters are applied
 * as the partition is read (one small partition: flags are a few a day), reading on until the page
 * is full or MAX_READS_PER_PAGE reads were made; the cursor names the last flag looked at.
 */
export async function listFlags(
  db: Database,
  query: { status?: RiskFlagStatus; kind?: RiskFlagKind; limit: number; cursor?: string },
): Promise<{ items: StoredRiskFlag[]; nextCursor: string | null } | 'bad-cursor'> {
  let startKey: Record<string, unknown> | undefined;
  if (query.cursor) {
    const sk = decodeCursor(query.cursor, RISK_FLAG_SK_PREFIX);
    if (!sk) return 'bad-cursor';
    startKey = { pk: keys.riskFlagsPartition(), sk };
  }
  const conditions = [...(query.status ? ['#status = :status'] : []), ...(query.kind ? ['kind = :kind'] : [])];
  const items: StoredRiskFlag[] = [];
  for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(query.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: {
          ':pk': keys.riskFlagsPartition(),
          ':prefix': RISK_FLAG_SK_PREFIX,
          ...(query.status ? { ':status': query.status } : {}),
          ...(query.kind ? { ':kind': query.kind } : {}),
        },
        ScanIndexForward: false,
        Limit: READ_SIZE,
        ExclusiveStartKey: startKey,
      }),
    );
    const found = (page.Items ?? []).map(fromItem);
    const room = query.limit - items.length;
    items.push(...found.slice(0, room));
    // A page with more matches than room goes on after the last one taken; otherwise after what was read.
    startKey = found.length > room ? { ...keys.riskFlag(items.at(-1)!.raisedAt, items.at(-1)!.flagId) } : page.LastEvaluatedKey;
    if (!startKey || items.length >= query.limit) break;
  }
  return { items, nextCursor: startKey ? encodeCursor(startKey.sk as string) : null };
}

export async function getShopOrderNorm(db: Database): Promise<ShopOrderNorm | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.riskShopNorm() }));
  return Item
    ? { highFen: (Item.highFen as number | null) ?? null, orders: Item.orders as number, measuredAt: Item.measuredAt as string }
    : null;
}

export async function putShopOrderNorm(db: Database, norm: ShopOrderNorm): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.riskShopNorm(), ...norm } }));
}

/** The record of a hold placed on, or released from, a member's redemptions, written with the member. */
export function redemptionHoldLogPut(
  db: Database,
  entry: { entryId: string; memberId: string; at: string; action: 'hold' | 'release'; reason: string; by: string; byName: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.redemptionHoldLog(entry.memberId, entry.at, entry.entryId), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
