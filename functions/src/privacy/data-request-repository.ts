import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DataRequestKind, DataRequestStatus, DataRequestSubject } from '@linli/shared/data-requests';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { keys, MEMBER_DATA_REQUEST_SK_PREFIX } from '../db/keys.ts';
import { firstFailedCondition, TransactionRefused, transactWrite, type TransactItem } from '../db/transact-write.ts';

export interface DataRequestHandler {
  memberId: string;
  name: string;
}

/** A data request as stored. `version` increases on every change and guards read-modify-write updates. */
export interface DataRequestRecord {
  dataRequestId: string;
  memberId: string;
  kind: DataRequestKind;
  subject: DataRequestSubject | null;
  reference: string | null;
  text: string;
  status: DataRequestStatus;
  filedAt: string;
  /** The Shanghai day it is to be answered by (shared/src/data-requests.ts's dataRequestDueDate). */
  dueDate: string;
  closedAt: string | null;
  answer: string | null;
  refusalReason: string | null;
  handler: DataRequestHandler | null;
  /** `by`: the admin's name; null for the buyer. */
  history: Array<{ event: 'filed' | 'taken' | 'answered' | 'refused'; at: string; by: string | null }>;
  version: number;
}

/** What a queue row shows: copied onto the queue items, so a page of the queue is one query. */
export type DataRequestSummaryRecord = Pick<
  DataRequestRecord,
  'dataRequestId' | 'kind' | 'subject' | 'status' | 'filedAt' | 'dueDate' | 'closedAt' | 'handler'
>;

const isOpen = (record: Pick<DataRequestRecord, 'status'>) => record.status === 'submitted' || record.status === 'in_progress';

function summaryOf(record: DataRequestRecord): DataRequestSummaryRecord {
  const { dataRequestId, kind, subject, status, filedAt, dueDate, closedAt, handler } = record;
  return { dataRequestId, kind, subject, status, filedAt, dueDate, closedAt, handler };
}

/** The request a filing with this client request id made, if any. */
export async function dataRequestIdForFiling(db: Database, memberId: string, requestId: string): Promise<string | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.dataRequestFiling(memberId, requestId), ConsistentRead: true }),
  );
  return (result.Item?.dataRequestId as string | undefined) ?? null;
}

/**
 * Files a request in one transaction: the request, the filing's idempotency item, the member's
 * reference, its place in the open queue and the member's open count, which may not pass `maxOpen`.
 * 'duplicate': this request id filed one already; 'limit': the member has `maxOpen` open; 'conflict':
 * another transaction was in flight on the same items (try again).
 */
export async function putFiledDataRequest(
  db: Database,
  input: { record: DataRequestRecord; requestId: string; maxOpen: number },
): Promise<'filed' | 'duplicate' | 'limit' | 'conflict'> {
  const { record } = input;
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.dataRequestFiling(record.memberId, input.requestId), dataRequestId: record.dataRequestId, at: record.filedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: db.tableName,
        Key: keys.openDataRequestCount(record.memberId),
        UpdateExpression: 'ADD #open :one',
        ConditionExpression: 'attribute_not_exists(#open) OR #open < :max',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: { ':one': 1, ':max': input.maxOpen },
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.dataRequest(record.dataRequestId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.memberDataRequest(record.memberId, record.filedAt, record.dataRequestId), dataRequestId: record.dataRequestId },
      },
    },
    { Put: { TableName: db.tableName, Item: { ...keys.openDataRequest(record.dueDate, record.dataRequestId), ...summaryOf(record) } } },
  ]);
  if (outcome.committed) return 'filed';
  const failed = firstFailedCondition(outcome);
  if (failed === 0) return 'duplicate';
  if (failed === 1) return 'limit';
  if (failed < 0) return 'conflict';
  throw new TransactionRefused(outcome.reasons);
}

export async function getDataRequest(db: Database, dataRequestId: string): Promise<DataRequestRecord | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.dataRequest(dataRequestId), ConsistentRead: true }));
  return result.Item ? fromItem(result.Item) : null;
}

/**
 * Saves a change of a request read at `previous.version`, with its queue items: an open request's
 * queue row is rewritten; one that closes leaves the open queue for the closed list, and the member's
 * open count drops. 'conflict': changed meanwhile (read again and retry).
 */
export async function saveDataRequestChange(
  db: Database,
  previous: DataRequestRecord,
  next: DataRequestRecord,
): Promise<'saved' | 'conflict'> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.dataRequest(next.dataRequestId), ...next },
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': previous.version },
      },
    },
  ];
  const openRow = keys.openDataRequest(next.dueDate, next.dataRequestId);
  if (isOpen(next)) {
    items.push({ Put: { TableName: db.tableName, Item: { ...openRow, ...summaryOf(next) } } });
  } else if (isOpen(previous)) {
    items.push(
      { Delete: { TableName: db.tableName, Key: openRow } },
      { Put: { TableName: db.tableName, Item: { ...keys.closedDataRequest(next.closedAt!, next.dataRequestId), ...summaryOf(next) } } },
      {
        Update: {
          TableName: db.tableName,
          Key: keys.openDataRequestCount(next.memberId),
          UpdateExpression: 'ADD #open :minusOne',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
    );
  }
  const outcome = await transactWrite(db, items);
  if (outcome.committed) return 'saved';
  if (firstFailedCondition(outcome) > 0) throw new TransactionRefused(outcome.reasons);
  return 'conflict';
}

/** 我的数据请求: the member's requests, newest first, a page at a time. */
export async function listMemberDataRequests(
  db: Database,
  memberId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: DataRequestRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor) {
    const sk = decodeCursor(page.cursor, MEMBER_DATA_REQUEST_SK_PREFIX);
    if (!sk) return 'bad-cursor';
    startKey = { pk: keys.memberDataRequestPartition(memberId), sk };
  }
  const refs = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.memberDataRequestPartition(memberId), ':prefix': MEMBER_DATA_REQUEST_SK_PREFIX },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const ids = (refs.Items ?? []).map((ref) => ref.dataRequestId as string);
  const byId = new Map(
    (await batchGetItems(db, ids.map(keys.dataRequest), { consistent: true })).map((item) => [
      item.dataRequestId as string,
      fromItem(item),
    ]),
  );
  return {
    items: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    nextCursor: refs.LastEvaluatedKey ? encodeCursor(refs.LastEvaluatedKey.sk as string) : null,
  };
}

/** Sort keys of the open queue begin with a due day; of the closed list, with an instant. */
const OPEN_SK = /^\d{4}-\d{2}-\d{2}#/;
const CLOSED_SK = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#/;

/**
 * One page of the admins' queue: open requests soonest due first (so overdue ones lead), or closed
 * ones newest first; of one status if asked. Reads on past filtered-out rows until the page is full.
 */
export async function queryDataRequestQueue(
  db: Database,
  page: { closed: boolean; status?: DataRequestStatus; limit: number; cursor?: string },
): Promise<{ items: DataRequestSummaryRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  const pk = page.closed ? keys.closedDataRequestsPartition() : keys.openDataRequestsPartition();
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor) {
    const sk = decodeCursor(page.cursor, '');
    if (!sk || !(page.closed ? CLOSED_SK : OPEN_SK).test(sk)) return 'bad-cursor';
    startKey = { pk, sk };
  }
  const items: DataRequestSummaryRecord[] = [];
  do {
    const query: QueryCommandInput = {
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(page.status ? { ':status': page.status } : {}) },
      ...(page.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ScanIndexForward: !page.closed,
      Limit: page.limit - items.length,
      ExclusiveStartKey: startKey,
    };
    const result = await db.doc.send(new QueryCommand(query));
    for (const item of result.Items ?? []) items.push(summaryFromItem(item));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
  // Each query evaluates at most what the page still lacks, so a full page ends on its own last row.
  return { items, nextCursor: startKey ? encodeCursor(startKey.sk as string) : null };
}

function summaryFromItem(item: Record<string, unknown>): DataRequestSummaryRecord {
  return {
    dataRequestId: item.dataRequestId as string,
    kind: item.kind as DataRequestKind,
    subject: (item.subject as DataRequestSubject | null | undefined) ?? null,
    status: item.status as DataRequestStatus,
    filedAt: item.filedAt as string,
    dueDate: item.dueDate as string,
    closedAt: (item.closedAt as string | null | undefined) ?? null,
    handler: (item.handler as DataRequestHandler | null | undefined) ?? null,
  };
}

function fromItem(item: Record<string, unknown>): DataRequestRecord {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as DataRequestRecord;
}
