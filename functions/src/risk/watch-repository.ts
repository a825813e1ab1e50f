import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { indexKeys, keys, LEDGER_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { tableIndex } from '../db/table.ts';
import type { LedgerFact } from './rules.ts';

/** What the daily risk watch reads of each joined member (projected: the walk reads no more than it needs). */
export interface WatchedMember {
  memberId: string;
  joinedAt: string;
  /** Every points change, order and profile change moves it: a member not changed in the window did nothing to look at. */
  updatedAt: string;
  phoneEncrypted: string | null;
  phoneMasked: string | null;
  pointsDebt: number;
}

/**
 * Every joined member, a page of the byJoinDate index at a time (eventually consistent: a member who
 * changed a moment ago is seen by tomorrow's run). `onPage` runs before the next page is read.
 */
export async function walkWatchedMembers(db: Database, onPage: (members: WatchedMember[]) => Promise<void>): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: tableIndex('byJoinDate').name,
        KeyConditionExpression: 'joinedPk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.byJoinDatePartition() },
        ProjectionExpression: 'memberId, joinedAt, updatedAt, phoneEncrypted, phoneMasked, pointsDebt',
        ExclusiveStartKey: startKey,
      }),
    );
    await onPage(
      (page.Items ?? []).map((item) => ({
        memberId: item.memberId as string,
        joinedAt: item.joinedAt as string,
        updatedAt: item.updatedAt as string,
        phoneEncrypted: (item.phoneEncrypted as string | null | undefined) ?? null,
        phoneMasked: (item.phoneMasked as string | null | undefined) ?? null,
        pointsDebt: (item.pointsDebt as number | undefined) ?? 0,
      })),
    );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** A member's ledger entries made at or after `fromAt` (an ISO instant), oldest first. */
export async function ledgerSince(db: Database, memberId: string, fromAt: string): Promise<LedgerFact[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.ledgerPartition(memberId),
      ':from': `${LEDGER_SK_PREFIX}${fromAt}`,
      ':to': `${LEDGER_SK_PREFIX}~`,
    },
    ProjectionExpression: '#type, delta, refId, createdAt, actorId, note',
    ExpressionAttributeNames: { '#type': 'type' },
  });
  return items.map((item) => ({
    type: item.type as string,
    delta: item.delta as number,
    refId: (item.refId as string | null | undefined) ?? null,
    createdAt: item.createdAt as string,
    actorId: (item.actorId as string | undefined) ?? null,
    note: (item.note as string | null | undefined) ?? null,
  }));
}
