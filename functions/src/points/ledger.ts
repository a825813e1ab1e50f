import { queryPrefixPageNewestFirst } from '../db/query-all.ts';
import type { PointsEntry, PointsEntryType } from '@linli/shared/points';
import type { Database } from '../db/client.ts';
import { keys, LEDGER_SK_PREFIX } from '../db/keys.ts';

export interface LedgerEntry extends PointsEntry {
  memberId: string;
  /** The key whose condition made this change happen once (an order id, a request id, a day…). */
  idempotencyKey: string;
}

/** Builds a ledger entry; the balance after it is computed by the caller from the member it read. */
export function ledgerEntry(input: {
  entryId: string;
  memberId: string;
  type: PointsEntryType;
  delta: number;
  balanceAfter: number;
  refId: string | null;
  note: string | null;
  createdAt: string;
  idempotencyKey: string;
  lots: Array<{ lotId: string; delta: number }>;
}): LedgerEntry {
  if (input.balanceAfter < 0) throw new RangeError('A points balance can never go below zero');
  return { ...input };
}

/** The Put that appends an entry to the member's ledger (inside the caller's transaction). */
export function ledgerEntryPut(db: Database, entry: LedgerEntry) {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.ledgerEntry(entry.memberId, entry.createdAt, entry.entryId), ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A member's ledger, newest first, a page at a time. */
export async function listLedger(
  db: Database,
  memberId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: PointsEntry[]; nextCursor: string | null } | 'bad-cursor'> {
  const found = await queryPrefixPageNewestFirst(db, {
    pk: keys.ledgerPartition(memberId),
    prefix: LEDGER_SK_PREFIX,
    limit: page.limit,
    cursor: page.cursor,
    consistentRead: true,
  });
  if (found === 'bad-cursor') return 'bad-cursor';
  const items = found.items.map((item) => ({
    entryId: item.entryId as string,
    type: item.type as PointsEntryType,
    delta: item.delta as number,
    balanceAfter: item.balanceAfter as number,
    refId: (item.refId as string | null) ?? null,
    note: (item.note as string | null) ?? null,
    createdAt: item.createdAt as string,
    lots: (item.lots as Array<{ lotId: string; delta: number }> | undefined) ?? [],
  }));
  return { items, nextCursor: found.nextCursor };
}

/** Every entry of a member's ledger (for checks and exports). */
export async function listWholeLedger(db: Database, memberId: string): Promise<PointsEntry[]> {
  const all: PointsEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLedger(db, memberId, { limit: 50, cursor });
    if (page === 'bad-cursor') throw new Error('unreachable: cursor made by listLedger');
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
