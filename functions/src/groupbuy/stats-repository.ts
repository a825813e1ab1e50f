import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { UpdateBuilder } from '../db/update-builder.ts';
import { GROUPBUY_STATS_SHARDS, statsShard, sumCounters, type CounterAdds, type FunnelTouch } from './funnel-counters.ts';

// ---------------------------------------------------------------------------------------------
// A campaign's counters (GROUPBUYSTATS#<campaignId> / SHARD#<n>)

/** Unconditional adds to the counters of the shard `subject` picks; null when there is nothing to add. */
export function statsAdd(db: Database, campaignId: string, subject: string, adds: CounterAdds): TransactItem | null {
  const u = new UpdateBuilder();
  const entries = Object.entries(adds).filter(([, amount]) => amount !== 0);
  if (entries.length === 0) return null;
  for (const [name, amount] of entries) u.add([name], amount);
  return u.toTransactItem(db, keys.groupBuyStats(campaignId, statsShard(subject)));
}

/** The campaign's counters, its shards summed (GROUPBUY_STATS_SHARDS item reads, whatever it counts). */
export async function getStatsCounters(db: Database, campaignId: string): Promise<CounterAdds> {
  const items = await batchGetItems(
    db,
    Array.from({ length: GROUPBUY_STATS_SHARDS }, (_, shard) => keys.groupBuyStats(campaignId, shard)),
  );
  return sumCounters(items.map(({ pk: _pk, sk: _sk, ...counters }) => counters));
}

// ---------------------------------------------------------------------------------------------
// How a member first came to a campaign (MEMBER#<memberId> / GROUPBUYTOUCH#<campaignId>)

export interface TouchRecord extends FunnelTouch {
  memberId: string;
  campaignId: string;
  invitedAt: string | null;
  viewedAt: string | null;
}

export async function getTouch(db: Database, memberId: string, campaignId: string): Promise<TouchRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.groupBuyTouch(memberId, campaignId), ConsistentRead: true }),
  );
  return Item ? touchFromItem(Item) : null;
}

export function touchFromItem(item: Record<string, unknown>): TouchRecord {
  return {
    memberId: item.memberId as string,
    campaignId: item.campaignId as string,
    arrival: item.arrival as string,
    rfmClass: (item.rfmClass as string | null | undefined) ?? null,
    invitedAt: (item.invitedAt as string | null | undefined) ?? null,
    viewedAt: (item.viewedAt as string | null | undefined) ?? null,
  };
}

/**
 * Marks the member invited or viewing (`mark`) once: held to the touch as read (none: the touch is made
 * with `touch`'s arrival and class; one: the mark must still be unset).
 */
export function touchMark(
  db: Database,
  input: { memberId: string; campaignId: string; read: TouchRecord | null; touch: FunnelTouch; mark: 'invitedAt' | 'viewedAt'; at: string },
): TransactItem {
  const u = new UpdateBuilder();
  u.set([input.mark], input.at).when(`attribute_not_exists(${u.path([input.mark])})`);
  if (input.read) {
    u.when(`attribute_exists(${u.path(['arrival'])})`);
  } else {
    u.set(['memberId'], input.memberId).set(['campaignId'], input.campaignId).set(['arrival'], input.touch.arrival);
    u.set(['rfmClass'], input.touch.rfmClass).when(`attribute_not_exists(${u.path(['arrival'])})`);
  }
  return u.toTransactItem(db, keys.groupBuyTouch(input.memberId, input.campaignId));
}

// ---------------------------------------------------------------------------------------------
// Shares (GROUPSHARE#<shareId>) and the referral a share brought (MEMBER#<memberId> / GROUPBUYREFERRAL)

export interface ShareRecord {
  shareId: string;
  groupId: string;
  campaignId: string;
  sharerMemberId: string;
  byLeader: boolean;
  at: string;
}

export async function getShare(db: Database, shareId: string): Promise<ShareRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.groupShare(shareId) }));
  if (!Item) return null;
  const { pk: _pk, sk: _sk, ...share } = Item;
  return share as ShareRecord;
}

/** A new share, once per id. */
export function sharePut(db: Database, share: ShareRecord): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupShare(share.shareId), ...share },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface ReferralRecord {
  memberId: string;
  campaignId: string;
  shareId: string;
  sharerMemberId: string;
  at: string;
  /** When the member joined and was counted as a new member brought by the share. */
  countedAt: string | null;
}

/** Keeps the first share a not-yet-member came through; a later one changes nothing. */
export async function putReferralIfNone(db: Database, referral: Omit<ReferralRecord, 'countedAt'>): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.groupBuyReferral(referral.memberId), ...referral, countedAt: null },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export async function getReferral(db: Database, memberId: string): Promise<ReferralRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.groupBuyReferral(memberId), ConsistentRead: true }),
  );
  if (!Item) return null;
  const { pk: _pk, sk: _sk, ...referral } = Item;
  return referral as ReferralRecord;
}

/** The referral counted, once. */
export function referralCounted(db: Database, memberId: string, at: string): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.groupBuyReferral(memberId),
      UpdateExpression: 'SET countedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND countedAt = :none',
      ExpressionAttributeValues: { ':at': at, ':none': null },
    },
  };
}
