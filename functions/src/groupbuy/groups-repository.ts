import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { indexKeys, keys } from '../db/keys.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { UpdateBuilder } from '../db/update-builder.ts';
import type { GroupMemberRecord, GroupRecord } from './records.ts';

// ---------------------------------------------------------------------------------------------
// Groups

function groupFromItem({ pk: _pk, sk: _sk, careDuePk: _dp, careDueSk: _ds, ...item }: Record<string, unknown>): GroupRecord {
  const group = item as unknown as GroupRecord;
  return { ...group, leaderReward: group.leaderReward ?? null, effectsDoneAt: group.effectsDoneAt ?? null };
}

export async function getGroup(db: Database, groupId: string): Promise<GroupRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.group(groupId), ConsistentRead: true }));
  return Item ? groupFromItem(Item) : null;
}

/** These groups by id (eventually consistent: for lists and pages). */
export async function getGroups(db: Database, groupIds: readonly string[]): Promise<Map<string, GroupRecord>> {
  const items = await batchGetItems(db, [...new Set(groupIds)].map(keys.group));
  return new Map(items.map((item) => [item.groupId as string, groupFromItem(item)]));
}

/** A new group with its leader, its deadline timer set. */
export function newGroupPut(db: Database, group: GroupRecord): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.group(group.groupId), ...group, ...indexKeys.byGroupBuyDue(group.deadline, 'deadline', group.groupId) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Every way a group item changes, said together for one transaction. */
export interface GroupChange {
  /** A new member: only while forming, before the deadline, with a free place. */
  join?: { member: GroupMemberRecord; groupSize: number; now: string };
  /** Holds the change to the group as read (members and payments counted), for changes decided on what was read. */
  asRead?: Pick<GroupRecord, 'slotsTaken' | 'paidCount' | 'status'>;
  /** Only before the deadline (`now` as an instant). */
  openAt?: string;
  /** The member's payment recorded (their place must still be in the group). */
  paid?: { orderNo: string };
  /** A member's place removed, and who leads now. */
  remove?: { orderNo: string; wasPaid: boolean; leaderOrderNo: string | null };
  succeed?: { at: string };
  fail?: { at: string };
  /** The group's timer: set to a kind and time, or removed (null). */
  timer?: { dueAt: string; kind: 'deadline' | 'effects' } | null;
  leaderReward?: string;
  effectsDoneAt?: string;
}

export function groupUpdate(db: Database, groupId: string, change: GroupChange): TransactItem {
  const u = new UpdateBuilder();
  if (change.join) {
    const { member, groupSize, now } = change.join;
    u.set(['members', member.orderNo], member).add(['slotsTaken'], 1);
    u.when(
      `${u.path(['status'])} = ${u.value('forming')} AND ${u.path(['slotsTaken'])} < ${u.value(groupSize)} AND ${u.path(['deadline'])} > ${u.value(now)}`,
    );
  }
  if (change.asRead) {
    u.when(
      `${u.path(['status'])} = ${u.value(change.asRead.status)} AND ${u.path(['slotsTaken'])} = ${u.value(change.asRead.slotsTaken)} AND ${u.path(['paidCount'])} = ${u.value(change.asRead.paidCount)}`,
    );
  }
  if (change.openAt) u.when(`${u.path(['deadline'])} > ${u.value(change.openAt)}`);
  if (change.paid) {
    u.set(['members', change.paid.orderNo, 'paid'], true).add(['paidCount'], 1);
    u.when(`attribute_exists(${u.path(['members', change.paid.orderNo])})`);
  }
  if (change.remove) {
    u.remove(['members', change.remove.orderNo]).add(['slotsTaken'], -1).set(['leaderOrderNo'], change.remove.leaderOrderNo);
    if (change.remove.wasPaid) u.add(['paidCount'], -1);
    u.when(`attribute_exists(${u.path(['members', change.remove.orderNo])})`);
  }
  if (change.succeed) u.set(['status'], 'succeeded').set(['succeededAt'], change.succeed.at);
  if (change.fail) u.set(['status'], 'failed').set(['failedAt'], change.fail.at);
  if (change.timer === null) u.remove(['careDuePk']).remove(['careDueSk']);
  else if (change.timer) {
    const timer = indexKeys.byGroupBuyDue(change.timer.dueAt, change.timer.kind, groupId);
    u.set(['careDuePk'], timer.careDuePk).set(['careDueSk'], timer.careDueSk);
  }
  if (change.leaderReward) {
    u.set(['leaderReward'], change.leaderReward);
    u.when(`attribute_not_exists(${u.path(['leaderReward'])}) OR ${u.path(['leaderReward'])} = ${u.value(null)}`);
  }
  if (change.effectsDoneAt) u.set(['effectsDoneAt'], change.effectsDoneAt);
  return u.toTransactItem(db, keys.group(groupId));
}

// ---------------------------------------------------------------------------------------------
// Forming groups in their campaign's list

export function formingGroupPut(db: Database, group: Pick<GroupRecord, 'campaignId' | 'deadline' | 'groupId'>): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.formingGroup(group.campaignId, group.deadline, group.groupId), groupId: group.groupId, deadline: group.deadline },
    },
  };
}

export function formingGroupDelete(db: Database, group: Pick<GroupRecord, 'campaignId' | 'deadline' | 'groupId'>): TransactItem {
  return { Delete: { TableName: db.tableName, Key: keys.formingGroup(group.campaignId, group.deadline, group.groupId) } };
}

/**
 * A campaign's forming groups whose deadline is after `after`, soonest first, at most `limit`
 * (a forming group leaves the list when it succeeds or fails).
 */
export async function listFormingGroupIds(db: Database, campaignId: string, after: string, limit: number): Promise<string[]> {
  const prefix = keys.formingGroupsPrefix();
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.formingGroupsPartition(campaignId), ':from': `${prefix}${after}`, ':to': `${prefix}~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => item.groupId as string);
}

// ---------------------------------------------------------------------------------------------
// A member's holding in a campaign (the per-buyer limit) and their seat in a group

export async function getHeldUnits(db: Database, memberId: string, campaignId: string): Promise<number> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.groupHolding(memberId, campaignId), ConsistentRead: true }),
  );
  return (Item?.units as number | undefined) ?? 0;
}

/** Units each of these members holds in the campaign (0 when none), by member id: an invitation's members only. */
export async function getHeldUnitsOf(db: Database, memberIds: readonly string[], campaignId: string): Promise<Map<string, number>> {
  const items = await batchGetItems(
    db,
    memberIds.map((memberId) => keys.groupHolding(memberId, campaignId)),
    { consistent: true },
  );
  const held = new Map(memberIds.map((memberId) => [memberId, 0]));
  for (const item of items) held.set(item.memberId as string, (item.units as number | undefined) ?? 0);
  return held;
}

/** Holds `qty` more units, only while the member stays within `limit`. */
export function holdingTake(db: Database, input: { memberId: string; campaignId: string; qty: number; limit: number }): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.groupHolding(input.memberId, input.campaignId),
      UpdateExpression: 'SET memberId = :memberId, campaignId = :campaignId ADD units :qty',
      ConditionExpression: 'attribute_not_exists(units) OR units <= :most',
      ExpressionAttributeValues: {
        ':memberId': input.memberId,
        ':campaignId': input.campaignId,
        ':qty': input.qty,
        ':most': input.limit - input.qty,
      },
    },
  };
}

export function holdingGiveBack(db: Database, input: { memberId: string; campaignId: string; qty: number }): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.groupHolding(input.memberId, input.campaignId),
      UpdateExpression: 'ADD units :back',
      ConditionExpression: 'units >= :qty',
      ExpressionAttributeValues: { ':back': -input.qty, ':qty': input.qty },
    },
  };
}

/** One place per member per group. */
export function seatPut(db: Database, input: { memberId: string; groupId: string; orderNo: string }): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupSeat(input.memberId, input.groupId), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function seatDelete(db: Database, input: { memberId: string; groupId: string }): TransactItem {
  return { Delete: { TableName: db.tableName, Key: keys.groupSeat(input.memberId, input.groupId) } };
}
