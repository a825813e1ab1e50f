import { DeleteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditKind } from '@linli/shared/audit';
import { batchWriteAll } from '../db/batch-write.ts';
import type { Database } from '../db/client.ts';
import { markDay, markedDaysBefore } from '../db/day-marks.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { transactWrite } from '../db/transact-write.ts';

const entrySortKey = (entry: Pick<AuditEntry, 'at' | 'entryId'>) => `${entry.at}#${entry.entryId}`;

/**
 * Appends one entry: the day's item and its copies under the member and the actor, all or none
 * (one transaction). Each put is conditional on the item not existing, so nothing written can be
 * overwritten; there is no function here that changes an entry, and deletion is only the retention
 * purge's (deleteAuditDay).
 */
export async function appendAuditEntry(db: Database, entry: AuditEntry, day: string): Promise<void> {
  const sk = entrySortKey(entry);
  const item = { ...entry, day };
  const keysOfCopies = [keys.auditEntry(day, sk), keys.auditActorCopy(entry.actor.memberId, sk)];
  if (entry.memberId) keysOfCopies.push(keys.auditMemberCopy(entry.memberId, sk));
  const outcome = await transactWrite(
    db,
    keysOfCopies.map((key) => ({
      Put: { TableName: db.tableName, Item: { ...key, ...item }, ConditionExpression: 'attribute_not_exists(pk)' },
    })),
  );
  if (!outcome.committed) throw new Error(`Audit entry ${entry.entryId} was refused: ${outcome.reasons.join(', ')}`);
}

/**
 * Notes that `day` holds entries (idempotent), so the purge finds the days to walk without a scan.
 * Outside the entry's transaction on purpose: every entry of a day would otherwise contend for one item.
 */
export async function markAuditDay(db: Database, day: string): Promise<void> {
  await markDay(db, keys.auditDay(day), day);
}

export interface AuditFilter {
  kind?: AuditKind;
  actorId?: string;
  memberId?: string;
}

/** Where one page of a search continues: a partition and the last sort key read in it. */
export interface AuditPosition {
  pk: string;
  sk: string | null;
}

/**
 * Up to `limit` entries of one partition between `fromSk` and `toSk` (inclusive), newest first,
 * from `after` on, matching `filter`. Reads on past filtered-out items until the page is full or
 * the range is done; `last` is where a next page would continue (null: the range is done).
 */
export async function queryAuditPartition(
  db: Database,
  input: { pk: string; fromSk: string; toSk: string; after: string | null; limit: number; filter: AuditFilter },
): Promise<{ items: AuditEntry[]; last: string | null }> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': input.pk, ':from': input.fromSk, ':to': input.toSk };
  const conditions: string[] = [];
  if (input.filter.kind) {
    names['#kind'] = 'kind';
    values[':kind'] = input.filter.kind;
    conditions.push('#kind = :kind');
  }
  if (input.filter.actorId) {
    names['#actor'] = 'actor';
    values[':actor'] = input.filter.actorId;
    conditions.push('#actor.memberId = :actor');
  }
  if (input.filter.memberId) {
    values[':member'] = input.filter.memberId;
    conditions.push('memberId = :member');
  }
  const items: AuditEntry[] = [];
  let startKey: Record<string, unknown> | undefined = input.after ? { pk: input.pk, sk: input.after } : undefined;
  do {
    const query: QueryCommandInput = {
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
      ScanIndexForward: false,
      Limit: input.limit - items.length,
      ExclusiveStartKey: startKey,
    };
    const page = await db.doc.send(new QueryCommand(query));
    for (const item of page.Items ?? []) items.push(toEntry(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < input.limit);
  // A full page continues after its last item; DynamoDB's own key says whether anything is left.
  const last = startKey ? (items.length > 0 ? entrySortKey(items.at(-1)!) : (startKey.sk as string)) : null;
  return { items, last };
}

/** The days before `beforeDay` that hold entries, oldest first. */
export function auditDaysBefore(db: Database, beforeDay: string): Promise<string[]> {
  return markedDaysBefore(db, keys.auditDaysPartition(), beforeDay);
}

/** Deletes a day's entries with their member and actor copies, then the day's mark; returns how many entries went. */
export async function deleteAuditDay(db: Database, day: string): Promise<number> {
  const entries = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.auditDayPartition(day) },
  });
  const deletes = entries.flatMap((item) => {
    const entry = toEntry(item);
    const sk = entrySortKey(entry);
    const copies = [keys.auditEntry(day, sk), keys.auditActorCopy(entry.actor.memberId, sk)];
    if (entry.memberId) copies.push(keys.auditMemberCopy(entry.memberId, sk));
    return copies.map((key) => ({ DeleteRequest: { Key: key } }));
  });
  // Copies first, the day's items with them; the mark goes last, so an interrupted purge is walked again.
  await batchWriteAll(db, deletes);
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.auditDay(day) }));
  return entries.length;
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  return {
    entryId: item.entryId as string,
    at: item.at as string,
    actor: item.actor as AuditEntry['actor'],
    kind: item.kind as AuditKind,
    action: item.action as string,
    memberId: (item.memberId as string | null) ?? null,
    target: (item.target as Record<string, string>) ?? {},
    status: item.status as number,
    reason: (item.reason as string | null) ?? null,
    ...(typeof item.before === 'string' ? { before: item.before } : {}),
    ...(typeof item.after === 'string' ? { after: item.after } : {}),
  };
}
