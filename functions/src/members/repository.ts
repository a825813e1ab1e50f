import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { tableIndex } from '../db/table.ts';
import { TransactionRefused, transactWrite } from '../db/transact-write.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { birthdayMonthDay, type MemberRecord } from './member-record.ts';

const MEMBER_FIELDS: ReadonlyArray<keyof MemberRecord> = [
  'memberId',
  'openid',
  'unionid',
  'status',
  'nickname',
  'birthday',
  'phoneEncrypted',
  'phoneMasked',
  'joinedAt',
  'policyVersion',
  'pointsBalance',
  'pointsDebt',
  'orderCount',
  'totalSpentFen',
  'firstOrderAt',
  'lastOrderAt',
  'tierCode',
  'tierSince',
  'growthBonus',
  'createdAt',
  'updatedAt',
  'version',
];

function fromItem(item: Record<string, unknown>): MemberRecord {
  const record: Record<string, unknown> = {};
  for (const field of MEMBER_FIELDS) record[field] = item[field] ?? null;
  // Members stored before the field existed owe nothing.
  record.pointsDebt ??= 0;
  // …and members stored before tiers were configurable have no bonus (their tier is assessed on first use).
  record.growthBonus ??= 0;
  return record as unknown as MemberRecord;
}

/** The member's item with the index attributes its state calls for. */
export function memberItem(member: MemberRecord): Record<string, unknown> {
  return {
    ...keys.member(member.memberId),
    ...member,
    ...(member.birthday && member.status === 'member' ? indexKeys.byBirthday(birthdayMonthDay(member.birthday), member.memberId) : {}),
    ...(member.joinedAt ? indexKeys.byJoinDate(member.joinedAt, member.memberId) : {}),
  };
}

export interface OpenidLink {
  memberId: string;
  joined: boolean;
}

export async function findMemberIdByOpenid(db: Database, openid: string): Promise<OpenidLink | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.openid(openid), ConsistentRead: true }));
  return Item ? { memberId: Item.memberId as string, joined: Item.joined === true } : null;
}

/** Creates the visitor and its openid link together; 'exists' when another request created it first. */
export async function createVisitor(db: Database, member: MemberRecord): Promise<'created' | 'exists'> {
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.openid(member.openid), memberId: member.memberId, joined: false },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: memberItem(member), ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  if (outcome.committed) return 'created';
  const codes = outcome.reasons;
  if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return 'exists';
  throw new TransactionRefused(codes);
}

export async function getMember(db: Database, memberId: string): Promise<MemberRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.member(memberId), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

/** The Put that replaces a member only if nobody wrote it since `expectedVersion` was read. */
export function memberReplaceIfUnchanged(db: Database, next: MemberRecord, expectedVersion: number) {
  return {
    Put: {
      TableName: db.tableName,
      Item: memberItem(next),
      ConditionExpression: 'version = :expectedVersion',
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
    },
  };
}

/**
 * Joins a visitor: the member, its openid link (which order intake checks) and the consent
 * ledger entry are written together or not at all.
 */
export async function saveJoin(
  db: Database,
  input: { next: MemberRecord; expectedVersion: number; consent: { at: string; policyVersion: string; source: string } },
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [
    memberReplaceIfUnchanged(db, input.next, input.expectedVersion),
    {
      Update: {
        TableName: db.tableName,
        Key: keys.openid(input.next.openid),
        UpdateExpression: 'SET joined = :true',
        ConditionExpression: 'memberId = :memberId',
        ExpressionAttributeValues: { ':true': true, ':memberId': input.next.memberId },
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...keys.consent(input.next.memberId, input.consent.at, input.consent.policyVersion),
          kind: 'privacy-policy',
          action: 'accept',
          policyVersion: input.consent.policyVersion,
          at: input.consent.at,
          source: input.consent.source,
        },
      },
    },
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}

/** Replaces the member if unchanged since read; 'conflict' means read again and retry. */
export async function saveMember(db: Database, next: MemberRecord, expectedVersion: number): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [memberReplaceIfUnchanged(db, next, expectedVersion)]);
  return outcome.committed ? 'saved' : 'conflict';
}

export interface ConsentRecord {
  kind: string;
  action: string;
  policyVersion: string;
  at: string;
  source: string;
}

export async function listConsents(db: Database, memberId: string): Promise<ConsentRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':prefix': 'CONSENT#' },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    kind: item.kind as string,
    action: item.action as string,
    policyVersion: item.policyVersion as string,
    at: item.at as string,
    source: item.source as string,
  }));
}

/** Joined members whose birthday is `monthDay` (MM-DD), through the byBirthday index. */
export async function findMembersWithBirthday(db: Database, monthDay: string): Promise<MemberRecord[]> {
  const items = await queryAllPages(db, {
    IndexName: tableIndex('byBirthday').name,
    KeyConditionExpression: 'birthdayPk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.byBirthdayPartition(monthDay) },
  });
  return items.map(fromItem);
}

/** Joined members, newest first, a page at a time. */
export async function listMembersByJoinDate(
  db: Database,
  page: { limit: number; cursor?: string },
): Promise<{ items: MemberRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor) {
    const lastSk = decodeCursor(page.cursor, '');
    const memberId = lastSk?.split('#')[1];
    if (!lastSk || !memberId) return 'bad-cursor';
    startKey = { ...keys.member(memberId), ...indexKeys.byJoinDate(lastSk.split('#')[0]!, memberId) };
  }
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: tableIndex('byJoinDate').name,
      KeyConditionExpression: 'joinedPk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.byJoinDatePartition() },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const items = (result.Items ?? []).map(fromItem);
  const last = result.LastEvaluatedKey;
  return { items, nextCursor: last ? encodeCursor(last.joinedSk as string) : null };
}
