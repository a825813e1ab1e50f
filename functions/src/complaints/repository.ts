import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { COMPLAINT_ENTRY_SK_PREFIX, indexKeys, keys, MEMBER_COMPLAINT_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages, queryPrefixPageNewestFirst } from '../db/query-all.ts';
import { cancellationCodes } from '../db/transactions.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';

const FIELDS: ReadonlyArray<keyof ComplaintRecord> = [
  'complaintId',
  'memberId',
  'category',
  'orderId',
  'description',
  'photoKeys',
  'contactPreference',
  'status',
  'history',
  'submittedAt',
  'resolvedAt',
  'ownerId',
  'rootCause',
  'rating',
  'slaTargets',
  'slaHours',
  'version',
];

function fromItem(item: Record<string, unknown>): ComplaintRecord {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) record[field] = item[field] ?? null;
  return record as unknown as ComplaintRecord;
}

/** The complaint's item, in the queue (by SLA due time) while it is open. */
function complaintItem(complaint: ComplaintRecord, queueDueAt: string | null) {
  return {
    ...keys.complaint(complaint.complaintId),
    ...complaint,
    ...indexKeys.byFiledDate(complaint.submittedAt, complaint.complaintId),
    ...(complaint.status === 'closed' ? {} : indexKeys.byQueue(queueDueAt, complaint.complaintId)),
  };
}

export function entryPut(db: Database, complaintId: string, entry: TimelineEntryRecord): TransactItem {
  return { Put: { TableName: db.tableName, Item: { ...keys.complaintEntry(complaintId, entry.at, entry.entryId), ...entry } } };
}

/**
 * Files a complaint once per request id: the complaint, its first timeline entry, the member's
 * reference and any items of the caller's (e.g. photos attached). 'conflict' when one of the
 * caller's items refused or another write got in the way: check again and retry.
 */
export async function fileComplaint(
  db: Database,
  input: {
    complaint: ComplaintRecord;
    requestId: string;
    queueDueAt: string | null;
    entries: TimelineEntryRecord[];
    extraItems?: TransactItem[];
  },
): Promise<'filed' | 'duplicate' | 'conflict'> {
  const { complaint } = input;
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...keys.complaintRequest(complaint.memberId, input.requestId), complaintId: complaint.complaintId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: complaintItem(complaint, input.queueDueAt),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: {
                ...keys.memberComplaint(complaint.memberId, complaint.submittedAt, complaint.complaintId),
                complaintId: complaint.complaintId,
              },
            },
          },
          ...input.entries.map((entry) => entryPut(db, complaint.complaintId, entry)),
          ...(input.extraItems ?? []),
        ],
      }),
    );
    return 'filed';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') return 'duplicate';
    if (codes) return 'conflict';
    throw error;
  }
}

export async function complaintIdForRequest(db: Database, memberId: string, requestId: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.complaintRequest(memberId, requestId), ConsistentRead: true }),
  );
  return (Item?.complaintId as string | undefined) ?? null;
}

export async function getComplaint(db: Database, complaintId: string): Promise<ComplaintRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.complaint(complaintId), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

export async function listEntries(db: Database, complaintId: string): Promise<TimelineEntryRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.complaintPartition(complaintId), ':prefix': COMPLAINT_ENTRY_SK_PREFIX },
    ConsistentRead: true,
  });
  return items.map(({ pk: _pk, sk: _sk, ...entry }) => entry as unknown as TimelineEntryRecord);
}

/** Whether a write with this client request id was already made to the complaint. */
export async function writeRequestMade(db: Database, complaintId: string, requestId: string): Promise<boolean> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.complaintWriteRequest(complaintId, requestId), ConsistentRead: true }),
  );
  return Item !== undefined;
}

/** Marks a client request id as done, in the write's own transaction; a second one fails it. */
export function writeRequestMarker(db: Database, complaintId: string, requestId: string, at: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.complaintWriteRequest(complaintId, requestId), at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The items that save a changed complaint (for a caller's larger transaction). */
export function complaintTransactionItems(
  db: Database,
  input: { next: ComplaintRecord; expectedVersion: number; queueDueAt: string | null; entries: TimelineEntryRecord[] },
): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: complaintItem(input.next, input.queueDueAt),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': input.expectedVersion },
      },
    },
    ...input.entries.map((entry) => entryPut(db, input.next.complaintId, entry)),
  ];
}

/**
 * Saves a changed complaint with new timeline entries (and any items of the caller's, e.g. a
 * points credit), only if nobody changed it since `expectedVersion`.
 */
export async function saveComplaint(
  db: Database,
  input: {
    next: ComplaintRecord;
    expectedVersion: number;
    queueDueAt: string | null;
    entries: TimelineEntryRecord[];
    extraItems?: TransactItem[];
  },
): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [...complaintTransactionItems(db, input), ...(input.extraItems ?? [])],
      }),
    );
    return 'saved';
  } catch (error) {
    if (cancellationCodes(error)) return 'conflict';
    throw error;
  }
}

/** A member's complaints, newest first, a page at a time. */
export async function listMemberComplaints(db: Database, memberId: string, page: { limit: number; cursor?: string }) {
  const refs = await queryPrefixPageNewestFirst(db, {
    pk: keys.memberComplaintPartition(memberId),
    prefix: MEMBER_COMPLAINT_SK_PREFIX,
    limit: page.limit,
    cursor: page.cursor,
  });
  if (refs === 'bad-cursor') return refs;
  const complaints = await Promise.all(refs.items.map((ref) => getComplaint(db, ref.complaintId as string)));
  return { items: complaints.filter((c): c is ComplaintRecord => c !== null), nextCursor: refs.nextCursor };
}

/** Open complaints, soonest SLA due first. */
export async function listQueue(db: Database): Promise<ComplaintRecord[]> {
  const items = await queryAllPages(db, {
    IndexName: 'byQueue',
    KeyConditionExpression: 'queuePk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.byQueuePartition() },
  });
  return items.map(fromItem);
}

/** Complaints filed between two instants (inclusive start, exclusive end). */
export async function listComplaintsFiled(db: Database, fromIso: string, toIso: string): Promise<ComplaintRecord[]> {
  const items = await queryAllPages(db, {
    IndexName: 'byFiledDate',
    KeyConditionExpression: 'filedPk = :pk AND filedSk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': indexKeys.byFiledDatePartition(), ':from': fromIso, ':to': `${toIso}` },
  });
  return items.map(fromItem).filter((c) => c.submittedAt < toIso);
}
