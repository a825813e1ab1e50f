import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Database } from '../db/client.ts';
import { tableIndex } from '../db/table.ts';
import { firstFailedCondition, TransactionRefused, transactWrite, type TransactItem } from '../db/transact-write.ts';
import { ALL_MEMBER_SHARDS, indexKeys, keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { shanghaiDay } from '@linli/shared/time';
import type { LunarBirthday } from '@linli/shared/lunar-birthday';
import { figureUpdates } from '../figures/repository.ts';
import { birthdayMonthDay, emptyKeptPoints, type MemberRecord } from './member-record.ts';
import { memberSearchWrites } from './search-repository.ts';

const MEMBER_FIELDS: ReadonlyArray<keyof MemberRecord> = [
  'memberId',
  'openid',
  'unionid',
  'status',
  'memberCode',
  'nickname',
  'avatarKey',
  'birthday',
  'lunarBirthday',
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
  'keptPoints',
  'growthFenByDay',
  'reviewOn',
  'expiryRemindedThrough',
  'minorUntil',
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
  // …and members stored before the flag did not refuse personalised marketing.
  record.marketingOptOut = item.marketingOptOut === true;
  // …nor are members stored before holds existed held (every write puts back what is read here).
  record.redemptionHold = (item.redemptionHold as MemberRecord['redemptionHold'] | undefined) ?? null;
  // Figures kept since the card stopped reading lots and orders: an item stored before has none. With no
  // points (balance 0: no open lot) or no credited order, the empty figures are exact; otherwise null
  // tells readers to fold the lots or orders themselves until the figures are kept (tiers/review.ts).
  if (record.keptPoints === null && record.pointsBalance === 0) record.keptPoints = emptyKeptPoints();
  if (record.growthFenByDay === null && record.orderCount === 0) record.growthFenByDay = {};
  return record as unknown as MemberRecord;
}

/** Joined members with no tier are assessed on the next review, whatever day it is. */
const ASSESS_AT_ONCE = '0000-00-00';

/** The first Shanghai day a member's open points expire after the last day they were reminded of. */
export function nextExpiryToRemind(member: Pick<MemberRecord, 'keptPoints' | 'expiryRemindedThrough'>): string | null {
  let first: string | null = null;
  for (const [expiresAt, points] of Object.entries(member.keptPoints?.byExpiry ?? {})) {
    if (points <= 0) continue;
    const day = shanghaiDay(new Date(expiresAt)).date;
    if (member.expiryRemindedThrough && day <= member.expiryRemindedThrough) continue;
    if (!first || day < first) first = day;
  }
  return first;
}

/** The day a joined member is due for the tier review: at once when never assessed, else the day kept on them. */
function reviewDueDay(member: MemberRecord): string | null {
  if (member.status !== 'member') return null;
  return member.tierCode === null ? ASSESS_AT_ONCE : member.reviewOn;
}

/** The member's item with the index attributes its state calls for. */
export function memberItem(member: MemberRecord): Record<string, unknown> {
  return {
    ...keys.member(member.memberId),
    ...member,
    ...birthdayIndexKeys(member),
    ...withDay(member.status === 'member' ? member.firstOrderAt : null, (firstOrderAt) =>
      // A 02-29 first order stays under 02-29: the anniversary planner keeps it on 02-28 in common years.
      indexKeys.byFirstOrderDay(shanghaiDay(new Date(firstOrderAt)).monthDay, member.memberId),
    ),
    ...(member.joinedAt ? indexKeys.byJoinDate(member.joinedAt, member.memberId) : {}),
    ...withDay(reviewDueDay(member), (day) => indexKeys.byReviewDay(day, member.memberId)),
    ...withDay(member.status === 'member' ? nextExpiryToRemind(member) : null, (day) => indexKeys.byExpiryReminder(day, member.memberId)),
  };
}

/** A joined member's place in byBirthday: under the lunar birthday when they chose one, else the Gregorian one. */
function birthdayIndexKeys(member: MemberRecord) {
  if (member.status !== 'member') return {};
  if (member.lunarBirthday) return indexKeys.byLunarBirthday(member.lunarBirthday, member.memberId);
  return member.birthday ? indexKeys.byBirthday(birthdayMonthDay(member.birthday), member.memberId) : {};
}

function withDay<T>(day: string | null, keysFor: (day: string) => T): T | Record<string, never> {
  return day ? keysFor(day) : {};
}

/** The Put that writes members as they are, unconditionally (seeding a benchmark or a demo through BatchWrite). */
export function memberSeedPut(member: MemberRecord) {
  return { PutRequest: { Item: memberItem(member) } };
}

export interface OpenidLink {
  memberId: string;
  joined: boolean;
}

export async function findMemberIdByOpenid(db: Database, openid: string): Promise<OpenidLink | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.openid(openid), ConsistentRead: true }));
  return Item ? { memberId: Item.memberId as string, joined: Item.joined === true } : null;
}

/** The member who verified the phone with this lookup hash last, or null (consistent: read right before a write). */
export async function findMemberIdByPhoneHash(db: Database, phoneHash: string): Promise<string | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.phone(phoneHash), ConsistentRead: true }));
  return Item ? (Item.memberId as string) : null;
}

/** The Put that points a verified phone at its member (the latest to verify it wins), in the member's own write. */
export function phoneLinkPut(db: Database, input: { phoneHash: string; memberId: string; at: string }): TransactItem {
  return { Put: { TableName: db.tableName, Item: { ...keys.phone(input.phoneHash), memberId: input.memberId, linkedAt: input.at } } };
}

/** The Delete of a phone's link a member no longer holds, refused if it meanwhile points at someone else. */
export function phoneLinkDelete(db: Database, input: { phoneHash: string; memberId: string }): TransactItem {
  return {
    Delete: {
      TableName: db.tableName,
      Key: keys.phone(input.phoneHash),
      ConditionExpression: 'memberId = :memberId',
      ExpressionAttributeValues: { ':memberId': input.memberId },
    },
  };
}

/**
 * Links a phone to a member unless another member holds the link (the backfill of phones verified
 * before links existed: it cannot tell who verified later, so the first link stays).
 */
export async function linkPhoneIfUnclaimed(
  db: Database,
  input: { phoneHash: string; memberId: string; at: string },
): Promise<'linked' | 'claimed-by-another'> {
  try {
    await db.doc.send(
      new PutCommand({
        ...phoneLinkPut(db, input).Put!,
        ConditionExpression: 'attribute_not_exists(pk) OR memberId = :memberId',
        ExpressionAttributeValues: { ':memberId': input.memberId },
      }),
    );
    return 'linked';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'claimed-by-another';
    throw error;
  }
}

/**
 * Creates the visitor, its openid link and its member code's item together: 'exists' when another
 * request created the member first, 'code-taken' when another member already has the code drawn.
 */
export async function createVisitor(db: Database, member: MemberRecord): Promise<'created' | 'exists' | 'code-taken'> {
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.openid(member.openid), memberId: member.memberId, joined: false },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: memberItem(member), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...(member.memberCode ? [memberCodePut(db, member.memberCode, member.memberId)] : []),
  ]);
  if (outcome.committed) return 'created';
  // Only the code's condition failed: the member is new, the code drawn is someone else's.
  if (firstFailedCondition(outcome) === 2) return 'code-taken';
  const codes = outcome.reasons;
  if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return 'exists';
  throw new TransactionRefused(codes);
}

/** The item that makes a member code unique: written once, naming its member. */
function memberCodePut(db: Database, code: string, memberId: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.memberCode(code), memberId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Gives a member stored before short codes existed its code: the member (if unchanged since read)
 * and the code's item together. 'conflict': the member moved, or the code is taken; read and retry.
 */
export async function saveMemberCode(db: Database, next: MemberRecord, expectedVersion: number): Promise<'saved' | 'conflict'> {
  if (!next.memberCode) throw new Error('saveMemberCode needs a code');
  const outcome = await transactWrite(db, [
    memberReplaceIfUnchanged(db, next, expectedVersion),
    memberCodePut(db, next.memberCode, next.memberId),
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}

/** The member a code belongs to, or null. */
export async function findMemberIdByCode(db: Database, code: string): Promise<string | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.memberCode(code) }));
  return Item ? (Item.memberId as string) : null;
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
 * ledger entry are written together or not at all; a first join is counted in the shop overview's
 * figures (new members of the day, the members total) and makes the member searchable by staff,
 * in the same transaction.
 */
export async function saveJoin(
  db: Database,
  input: {
    next: MemberRecord;
    /** The member as read: the write is refused if it changed since. */
    previous: MemberRecord;
    consent: { at: string; policyVersion: string; source: string };
    /** True when the member joins now (false when a member accepts a newer policy). */
    firstJoin?: boolean;
  },
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [
    memberReplaceIfUnchanged(db, input.next, input.previous.version),
    ...memberSearchWrites(db, input.previous, input.next),
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
    ...(input.firstJoin
      ? figureUpdates(db, {
          ownerId: input.next.memberId,
          day: shanghaiDay(new Date(input.consent.at)).date,
          deltas: { day: { joined: 1 }, totals: { members: 1 } },
        })
      : []),
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}

/**
 * Replaces the member if unchanged since read, with any writes that belong to the same change (e.g.
 * attaching the avatar upload); 'conflict' means read again and retry.
 */
export async function saveMember(
  db: Database,
  next: MemberRecord,
  expectedVersion: number,
  alongside: readonly TransactItem[] = [],
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [memberReplaceIfUnchanged(db, next, expectedVersion), ...alongside]);
  return outcome.committed ? 'saved' : 'conflict';
}

/**
 * The consent ledger's entry for a change of the personalised-marketing choice (PIPL Art. 24): kind
 * 'personalised-marketing', action 'opt-out' or 'opt-in', under the privacy policy the member holds;
 * written in the member's own transaction.
 */
export function marketingChoicePut(
  db: Database,
  input: { memberId: string; at: string; policyVersion: string; optOut: boolean },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.marketingConsent(input.memberId, input.at),
        kind: 'personalised-marketing',
        action: input.optOut ? 'opt-out' : 'opt-in',
        policyVersion: input.policyVersion,
        at: input.at,
        source: 'member',
      },
    },
  };
}

/**
 * The consent ledger's entry for a phone bound ('bind': the member gave it, through WeChat's phone sheet)
 * or unbound ('unbind': the consent to keep it withdrawn, and the phone erased); kind 'phone'. Written
 * in the member's own transaction. It never holds the phone, masked or not.
 */
export function phoneChoicePut(
  db: Database,
  input: { memberId: string; at: string; policyVersion: string; action: 'bind' | 'unbind' },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.phoneConsent(input.memberId, input.at, input.action),
        kind: 'phone',
        action: input.action,
        policyVersion: input.policyVersion,
        at: input.at,
        source: 'member',
      },
    },
  };
}

/**
 * The consent ledger's entry for a guardian's consent to a child's birthday (PIPL Art. 31): kind
 * 'guardian', who the guardian is to the child, under the privacy policy the member holds; written
 * in the member's own transaction.
 */
export function guardianConsentPut(
  db: Database,
  input: { memberId: string; at: string; policyVersion: string; guardianRelation: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.guardianConsent(input.memberId, input.at),
        kind: 'guardian',
        action: 'accept',
        guardianRelation: input.guardianRelation,
        policyVersion: input.policyVersion,
        at: input.at,
        source: 'member',
      },
    },
  };
}

export interface ConsentRecord {
  kind: string;
  action: string;
  policyVersion: string;
  at: string;
  source: string;
  /** A guardian's consent (kind 'guardian'): who the guardian is to the child. */
  guardianRelation?: string;
}

export async function listConsents(db: Database, memberId: string): Promise<ConsentRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':prefix': 'CONSENT#' },
    ConsistentRead: true,
  });
  return items.map(consentFromItem);
}

function consentFromItem(item: Record<string, unknown>): ConsentRecord {
  return {
    kind: item.kind as string,
    action: item.action as string,
    policyVersion: item.policyVersion as string,
    at: item.at as string,
    source: item.source as string,
    ...(typeof item.guardianRelation === 'string' ? { guardianRelation: item.guardianRelation } : {}),
  };
}

/** The latest `limit` consent ledger entries of a member, newest first (a bounded read for the staff profile). */
export async function listRecentConsents(db: Database, memberId: string, limit: number): Promise<ConsentRecord[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':prefix': 'CONSENT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(consentFromItem);
}

/** Several members by id, in no particular order (missing ones left out). */
export async function getMembers(db: Database, memberIds: readonly string[]): Promise<MemberRecord[]> {
  const items = await batchGetItems(
    db,
    [...new Set(memberIds)].map((memberId) => keys.member(memberId)),
  );
  return items.map(fromItem);
}

/** The members an index partition holds (whole items: the care indexes project every attribute). */
async function membersInIndexPartition(db: Database, index: 'byBirthday' | 'byCareDay', partition: string): Promise<MemberRecord[]> {
  const { name, partitionKey } = tableIndex(index);
  const items = await queryAllPages(db, {
    IndexName: name,
    KeyConditionExpression: `${partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': partition },
  });
  return items.map(fromItem);
}

/** Joined members whose birthday is `monthDay` (MM-DD), through the byBirthday index. */
export function findMembersWithBirthday(db: Database, monthDay: string): Promise<MemberRecord[]> {
  return membersInIndexPartition(db, 'byBirthday', indexKeys.byBirthdayPartition(monthDay));
}

/** Joined members who celebrate this lunar birthday (as they stated it), through the byBirthday index. */
export function findMembersWithLunarBirthday(db: Database, lunar: LunarBirthday): Promise<MemberRecord[]> {
  return membersInIndexPartition(db, 'byBirthday', indexKeys.byLunarBirthdayPartition(lunar));
}

/** Joined members whose first order was on `monthDay` (MM-DD, Asia/Shanghai) of some year, through the byCareDay index. */
export function findMembersWithFirstOrderOn(db: Database, monthDay: string): Promise<MemberRecord[]> {
  return membersInIndexPartition(db, 'byCareDay', indexKeys.byFirstOrderDayPartition(monthDay));
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

/**
 * Members the tier review must look at on `day`: due that day or earlier (a missed run is caught up),
 * from every shard. Items come from the index (eventually consistent): a write guarded by their version
 * catches a stale one.
 */
export async function findMembersDueForReview(db: Database, day: string): Promise<MemberRecord[]> {
  const shards = await Promise.all(
    ALL_MEMBER_SHARDS.map((shard) =>
      queryAllPages(db, {
        IndexName: tableIndex('byReviewDay').name,
        KeyConditionExpression: 'reviewPk = :pk AND reviewSk <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.byReviewDayShard(shard), ':upTo': indexKeys.byReviewDayUpTo(day) },
      }),
    ),
  );
  return shards.flat().map(fromItem);
}

/** Members with points expiring on or before `lastDay` they have not been reminded of, from every shard (index reads). */
export async function findMembersToRemindOfExpiry(db: Database, lastDay: string): Promise<MemberRecord[]> {
  const shards = await Promise.all(
    ALL_MEMBER_SHARDS.map((shard) =>
      queryAllPages(db, {
        IndexName: tableIndex('byExpiry').name,
        KeyConditionExpression: 'expiryPk = :pk AND expirySk <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.byExpiryReminderShard(shard), ':upTo': indexKeys.byExpiryReminderUpTo(lastDay) },
      }),
    ),
  );
  return shards.flat().map(fromItem);
}

/**
 * Joined members with a first order whose item lacks the first-order day index attribute (stored before
 * the index existed), a page of the byJoinDate index at a time; `onPage` runs before the next page is
 * read. The filter is applied after the read, so the walk reads every joined member once (a one-off
 * backfill's cost) and hands over only those to rewrite.
 */
export async function walkMembersMissingFirstOrderDay(db: Database, onPage: (members: MemberRecord[]) => Promise<void>): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: tableIndex('byJoinDate').name,
        KeyConditionExpression: 'joinedPk = :pk',
        FilterExpression: 'attribute_type(firstOrderAt, :string) AND attribute_not_exists(careDayPk)',
        ExpressionAttributeValues: { ':pk': indexKeys.byJoinDatePartition(), ':string': 'S' },
        ExclusiveStartKey: startKey,
      }),
    );
    await onPage((page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** What the nightly insight job reads of each joined member (projected: the walk reads no more than it needs). */
export interface JoinedMemberFacts {
  memberId: string;
  openid: string;
  joinedAt: string;
  orderCount: number;
  tierCode: string | null;
  pointsBalance: number;
  birthday: string | null;
  marketingOptOut: boolean;
  /** See MemberRecord.minorUntil. */
  minorUntil: string | null;
}

/**
 * Every joined member, a page of the byJoinDate index at a time (eventually consistent: a member who
 * joined a moment ago may come next time). `onPage` runs before the next page is read.
 */
export async function walkJoinedMembers(db: Database, onPage: (members: JoinedMemberFacts[]) => Promise<void>): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: tableIndex('byJoinDate').name,
        KeyConditionExpression: 'joinedPk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.byJoinDatePartition() },
        ProjectionExpression: 'memberId, openid, joinedAt, orderCount, tierCode, pointsBalance, birthday, marketingOptOut, minorUntil',
        ExclusiveStartKey: startKey,
      }),
    );
    await onPage(
      (page.Items ?? []).map((item) => ({
        memberId: item.memberId as string,
        openid: item.openid as string,
        joinedAt: item.joinedAt as string,
        orderCount: (item.orderCount as number | undefined) ?? 0,
        tierCode: (item.tierCode as string | null | undefined) ?? null,
        pointsBalance: (item.pointsBalance as number | undefined) ?? 0,
        birthday: (item.birthday as string | null | undefined) ?? null,
        marketingOptOut: item.marketingOptOut === true,
        minorUntil: (item.minorUntil as string | null | undefined) ?? null,
      })),
    );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Joined members who joined from `fromAt` (included) to `toAt` (excluded), ISO instants, through the byJoinDate index. */
export async function findMembersJoinedBetween(db: Database, fromAt: string, toAt: string): Promise<MemberRecord[]> {
  const items = await queryAllPages(db, {
    IndexName: tableIndex('byJoinDate').name,
    KeyConditionExpression: 'joinedPk = :pk AND joinedSk BETWEEN :from AND :to',
    // joinedSk is <joinedAt>#<memberId>: every member of the last instant before `toAt` sorts below `toAt` itself.
    ExpressionAttributeValues: { ':pk': indexKeys.byJoinDatePartition(), ':from': fromAt, ':to': toAt },
  });
  return items.filter((item) => (item.joinedSk as string) < toAt).map(fromItem);
}
