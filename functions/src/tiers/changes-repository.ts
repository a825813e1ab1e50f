import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { type TransactItem, transactWrite } from '../db/transact-write.ts';
import { keys, TIER_CHANGE_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { memberReplaceIfUnchanged } from '../members/repository.ts';
import type { TierChange } from './standing.ts';

/** How a change's notice went, on changes made before notices went through the care engine (newer ones have none). */
export type TierNoticeStatus = 'sending' | 'sent' | 'refused' | 'uncertain';

export interface StoredTierChange extends TierChange {
  notice: TierNoticeStatus | null;
}

/** The Put that records a tier change (inside the transaction that changes the member). */
export function tierChangePut(db: Database, change: TierChange): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.tierChange(change.memberId, change.at, change.changeId), ...change },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A member's tier changes, newest first. */
export async function listTierChanges(db: Database, memberId: string): Promise<StoredTierChange[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tierChangePartition(memberId), ':prefix': TIER_CHANGE_SK_PREFIX },
    ScanIndexForward: false,
    ConsistentRead: true,
  });
  return items.map(tierChangeFromItem);
}

function tierChangeFromItem(item: Record<string, unknown>): StoredTierChange {
  return {
    changeId: item.changeId as string,
    memberId: item.memberId as string,
    from: (item.from as string | null) ?? null,
    to: item.to as string,
    direction: item.direction as TierChange['direction'],
    reason: item.reason as string,
    growth: item.growth as number,
    at: item.at as string,
    notice: (item.notice as TierNoticeStatus | undefined) ?? null,
  };
}

/** The latest `limit` tier changes of a member, newest first (a bounded read); `more` when older ones exist. */
export async function listRecentTierChanges(
  db: Database,
  memberId: string,
  limit: number,
): Promise<{ items: Array<StoredTierChange & { noticeClaimedAt: string | null }>; more: boolean }> {
  const { Items = [], LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tierChangePartition(memberId), ':prefix': TIER_CHANGE_SK_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return {
    items: Items.map((item) => ({ ...tierChangeFromItem(item), noticeClaimedAt: (item.noticeClaimedAt as string | undefined) ?? null })),
    more: LastEvaluatedKey !== undefined,
  };
}

/**
 * Writes a member's new tier with its change record, only if the member is unchanged since read;
 * 'conflict' means read again and decide again.
 */
export async function saveTierDecision(
  db: Database,
  input: { next: MemberRecord; expectedVersion: number; change: TierChange | null },
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [
    memberReplaceIfUnchanged(db, input.next, input.expectedVersion),
    ...(input.change ? [tierChangePut(db, input.change)] : []),
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}
