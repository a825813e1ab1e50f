import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { markDay, markedDaysBefore } from '../db/day-marks.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { BatchWriteRequest } from '../db/batch-write.ts';
import { TransactionRefused, transactWrite, type TransactItem } from '../db/transact-write.ts';

// The members by the Shanghai day they were last active (MEMBER#<id> LASTACTIVE, with a copy under
// ACTIVEDAY#<day>): what the retention job reads to find members inactive for the retention period
// without reading every member. A member is listed under one day only; moving them is one transaction.

const lastActiveItem = (memberId: string, day: string) => ({ ...keys.memberLastActive(memberId), day });
const activeDayMemberItem = (day: string, memberId: string) => ({ ...keys.activeDayMember(day, memberId), memberId });

/** The Shanghai day the member was last active as recorded, or null (never recorded). */
export async function getLastActiveDay(db: Database, memberId: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.memberLastActive(memberId), ConsistentRead: true }),
  );
  return (Item?.day as string | undefined) ?? null;
}

/**
 * Moves the member from day `from` (null: not listed yet) to day `to`: 'moved', or 'conflict' when
 * the recorded day is no longer `from` (another login moved them meanwhile: read again).
 */
export async function moveLastActiveDay(
  db: Database,
  input: { memberId: string; from: string | null; to: string },
): Promise<'moved' | 'conflict'> {
  const { memberId, from, to } = input;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: lastActiveItem(memberId, to),
        ConditionExpression: from === null ? 'attribute_not_exists(pk)' : '#day = :from',
        ...(from === null ? {} : { ExpressionAttributeNames: { '#day': 'day' }, ExpressionAttributeValues: { ':from': from } }),
      },
    },
    { Put: { TableName: db.tableName, Item: activeDayMemberItem(to, memberId) } },
  ];
  if (from !== null) items.push({ Delete: { TableName: db.tableName, Key: keys.activeDayMember(from, memberId) } });
  const outcome = await transactWrite(db, items);
  if (outcome.committed) return 'moved';
  if (outcome.reasons.includes('ConditionalCheckFailed') || outcome.reasons.includes('TransactionConflict')) return 'conflict';
  throw new TransactionRefused(outcome.reasons);
}

/**
 * Notes that `day` lists members (idempotent), so the job finds the days to read without a scan. Written
 * before a member is moved there, outside the move's transaction (every login of a day would otherwise
 * contend for this one item).
 */
export async function markActiveDay(db: Database, day: string): Promise<void> {
  await markDay(db, keys.activeDay(day), day);
}

/**
 * The Puts that list a member as last active on `day`, as a move there leaves them, unconditionally
 * (seeding a benchmark through BatchWrite); the day's mark is activeDaySeedPut, once a day.
 */
export function lastActiveSeedPuts(memberId: string, day: string): BatchWriteRequest[] {
  return [{ PutRequest: { Item: lastActiveItem(memberId, day) } }, { PutRequest: { Item: activeDayMemberItem(day, memberId) } }];
}

/** The Put of the mark markActiveDay writes for `day` (seeding a benchmark through BatchWrite). */
export function activeDaySeedPut(day: string): BatchWriteRequest {
  return { PutRequest: { Item: { ...keys.activeDay(day), day } } };
}

/** The days before `beforeDay` that still list members, oldest first. */
export function activeDaysBefore(db: Database, beforeDay: string): Promise<string[]> {
  return markedDaysBefore(db, keys.activeDaysPartition(), beforeDay);
}

/** The ids of the members listed under `day`. */
export async function listMembersLastActiveOn(db: Database, day: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.activeDayPartition(day) },
    ConsistentRead: true,
  });
  return items.map((item) => item.sk as string);
}

/** Takes a member off a day's list (an erased member's, or one left behind). */
export async function deleteActiveDayMember(db: Database, day: string, memberId: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.activeDayMember(day, memberId) }));
}

/** Removes a day's mark once no member is listed under it. */
export async function deleteActiveDay(db: Database, day: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.activeDay(day) }));
}
