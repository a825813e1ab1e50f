import { GetCommand, PutCommand, TransactGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { StaffRole } from '@linli/shared/auth';
import type { Database } from '../db/client.ts';
import { transactWrite } from '../db/transact-write.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { staffRecordFromItem, staffRecordWrites } from './repository.ts';
import type { StaffRecord } from './staff-record.ts';

/** An invitation as stored: keyed by the hash of its code, so the table never holds a usable code. */
export interface InvitationRecord {
  invitationId: string;
  name: string;
  role: StaffRole;
  invitedBy: { openid: string; name: string };
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked';
  acceptedBy: string | null;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** Used and stale invitations stay this long for the record, then DynamoDB's TTL removes them. */
const KEEP_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

function fromItem(item: Record<string, unknown>): InvitationRecord {
  return {
    invitationId: item.invitationId as string,
    name: item.name as string,
    role: item.role as StaffRole,
    invitedBy: item.invitedBy as { openid: string; name: string },
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as string,
    status: item.status as InvitationRecord['status'],
    acceptedBy: (item.acceptedBy as string | undefined) ?? null,
    acceptedAt: (item.acceptedAt as string | undefined) ?? null,
    revokedAt: (item.revokedAt as string | undefined) ?? null,
  };
}

export async function putInvitation(db: Database, invitation: InvitationRecord): Promise<void> {
  const expiresAtEpoch = Math.floor(Date.parse(invitation.expiresAt) / 1000) + KEEP_AFTER_EXPIRY_SECONDS;
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.invitation(invitation.invitationId), ...invitation, expiresAtEpoch },
      // 128 random bits never collide in practice; the condition makes sure one never overwrites another.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getInvitation(db: Database, invitationId: string): Promise<InvitationRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.invitation(invitationId), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

/**
 * The invitation and the invitee's staff item as of one instant (TransactGetItems): read
 * separately, a concurrent accept could land between the two reads and make the pair disagree.
 */
export async function getInvitationAndStaff(
  db: Database,
  invitationId: string,
  openid: string,
): Promise<{ invitation: InvitationRecord | null; staff: StaffRecord | null }> {
  const { Responses } = await db.doc.send(
    new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: db.tableName, Key: keys.invitation(invitationId) } },
        { Get: { TableName: db.tableName, Key: keys.staff(openid) } },
      ],
    }),
  );
  const [invitation, staff] = [Responses?.[0]?.Item, Responses?.[1]?.Item];
  return { invitation: invitation ? fromItem(invitation) : null, staff: staff ? staffRecordFromItem(staff) : null };
}

/** Every invitation still stored (pending, used, revoked or expired), oldest first. */
export async function listInvitations(db: Database): Promise<InvitationRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.invitationPartition() },
    ConsistentRead: true,
  });
  return items.map(fromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Revokes a pending invitation; 'not-pending' when it was accepted or revoked first. */
export async function revokeInvitation(db: Database, invitationId: string, at: string): Promise<'revoked' | 'not-pending'> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.invitation(invitationId),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':pending': 'pending', ':at': at },
      }),
    );
    return 'revoked';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'not-pending';
    throw error;
  }
}

/**
 * Accepts an invitation in one transaction: the invitation is consumed only while pending and
 * unexpired, and the staff item (with its directory copy) is written only if unchanged since
 * read. Two accepts of one code therefore make one staff member; 'conflict' means read again.
 */
export async function saveAcceptance(
  db: Database,
  input: { invitationId: string; staff: StaffRecord; expectedStaffVersion: number | null; at: string },
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.invitation(input.invitationId),
        UpdateExpression: 'SET #status = :accepted, acceptedBy = :openid, acceptedAt = :at',
        ConditionExpression: '#status = :pending AND expiresAt > :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':pending': 'pending', ':openid': input.staff.openid, ':at': input.at },
      },
    },
    ...staffRecordWrites(db, input.staff, input.expectedStaffVersion),
  ]);
  return outcome.committed ? 'saved' : 'conflict';
}
