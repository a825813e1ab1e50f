import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffRole } from '@linli/shared/auth';
import type { Database } from '../db/client.ts';
import { transactWrite } from '../db/transact-write.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { isStaffRole, type StaffRecord } from './staff-record.ts';

/** The staff record in a stored item; null when it names no known role. */
export function staffRecordFromItem(item: Record<string, unknown>): StaffRecord | null {
  if (!isStaffRole(item.role)) return null;
  const updatedAt = (item.updatedAt as string | undefined) ?? new Date(0).toISOString();
  const invitedBy = item.invitedBy as { openid?: unknown; name?: unknown } | null | undefined;
  return {
    openid: item.openid as string,
    name: (item.name as string | undefined) ?? '',
    role: item.role,
    // Items written before deactivation existed have no flag: they were active.
    active: item.active !== false,
    since: (item.since as string | undefined) ?? updatedAt,
    invitedBy: invitedBy && typeof invitedBy.openid === 'string' ? { openid: invitedBy.openid, name: String(invitedBy.name ?? '') } : null,
    updatedAt,
    version: typeof item.version === 'number' ? item.version : 0,
  };
}

/** The staff item of `openid`, active or not; read consistently, since access decisions rest on it. */
export async function getStaffRecord(db: Database, openid: string): Promise<StaffRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.staff(openid), ConsistentRead: true }));
  return Item ? staffRecordFromItem(Item) : null;
}

/** The role and name of an active staff member; null for everyone else (deactivated staff included). */
export async function findStaffRole(db: Database, openid: string): Promise<{ role: StaffRole; name: string } | null> {
  const staff = await getStaffRecord(db, openid);
  return staff?.active ? { role: staff.role, name: staff.name } : null;
}

/** Every staff member, deactivated ones included, from the directory partition. */
export async function listStaffRecords(db: Database): Promise<StaffRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.staffDirectoryPartition() },
    ConsistentRead: true,
  });
  return items.map(staffRecordFromItem).filter((staff): staff is StaffRecord => staff !== null);
}

/** Every active staff member with their role (alerts go to roles). */
export async function listStaff(db: Database): Promise<Array<{ openid: string; role: StaffRole; name: string }>> {
  return (await listStaffRecords(db)).filter((staff) => staff.active).map(({ openid, role, name }) => ({ openid, role, name }));
}

/**
 * The writes that store `next` as the staff item and its directory copy, the staff item only if
 * it is still as read: absent (`expectedVersion` null) or at `expectedVersion`.
 */
export function staffRecordWrites(db: Database, next: StaffRecord, expectedVersion: number | null) {
  const condition =
    expectedVersion === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : expectedVersion === 0
        ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
        : { ConditionExpression: 'version = :expectedVersion', ExpressionAttributeValues: { ':expectedVersion': expectedVersion } };
  return [
    { Put: { TableName: db.tableName, Item: { ...keys.staff(next.openid), ...next }, ...condition } },
    { Put: { TableName: db.tableName, Item: { ...keys.staffDirectoryEntry(next.openid), ...next } } },
  ];
}

/** A check, inside a transaction, that `openid` is still an active admin when it commits. */
export function activeAdminCheck(db: Database, openid: string) {
  return {
    ConditionCheck: {
      TableName: db.tableName,
      Key: keys.staff(openid),
      ConditionExpression: '(attribute_not_exists(#active) OR #active = :true) AND #role = :admin',
      ExpressionAttributeNames: { '#active': 'active', '#role': 'role' },
      ExpressionAttributeValues: { ':true': true, ':admin': 'admin' },
    },
  };
}

/**
 * Stores a roster change if nobody changed the staff member since it was read and, when
 * `witnessAdminOpenid` is given, only while that other admin is still active: the change can
 * then never leave the shop without an active admin, however many run at once.
 */
export async function saveStaffRecord(
  db: Database,
  next: StaffRecord,
  guard: { expectedVersion: number | null; witnessAdminOpenid?: string | null },
): Promise<'saved' | 'conflict'> {
  const witness = guard.witnessAdminOpenid ? [activeAdminCheck(db, guard.witnessAdminOpenid)] : [];
  const outcome = await transactWrite(db, [...staffRecordWrites(db, next, guard.expectedVersion), ...witness]);
  return outcome.committed ? 'saved' : 'conflict';
}

/**
 * Makes `openid` an active staff member with `role` (seed data, tests, the bench): keeps their
 * `since` and who invited them when they already were staff.
 */
export async function putStaff(db: Database, staff: { openid: string; role: StaffRole; name: string; at: string }): Promise<void> {
  await withOptimisticRetry(async () => {
    const existing = await getStaffRecord(db, staff.openid);
    const next: StaffRecord = {
      openid: staff.openid,
      name: staff.name,
      role: staff.role,
      active: true,
      since: existing?.since ?? staff.at,
      invitedBy: existing?.invitedBy ?? null,
      updatedAt: staff.at,
      version: (existing?.version ?? 0) + 1,
    };
    return (await saveStaffRecord(db, next, { expectedVersion: existing ? existing.version : null })) === 'saved' ? undefined : RETRY;
  });
}
