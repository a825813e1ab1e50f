import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { transactWrite } from '../db/transact-write.ts';
import { UpdateBuilder } from '../db/update-builder.ts';
import type { FulfilmentProgress } from './fulfilment-schedule.ts';
import type { FulfilmentRecord } from './records.ts';

// Deliveries of successful orders to the seller's shop (FULFILMENTS / <succeededAt>#<orderNo>).

function fulfilmentFromItem({ pk: _pk, sk: _sk, careDuePk: _dp, careDueSk: _ds, ...item }: Record<string, unknown>): FulfilmentRecord {
  return item as unknown as FulfilmentRecord;
}

/** A new delivery, its timer due at `dueAt`; 'exists' when the order was queued before (nothing changes then). */
export async function putNewFulfilment(db: Database, record: FulfilmentRecord): Promise<'created' | 'exists'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...keys.fulfilment(record.succeededAt, record.orderNo),
          ...record,
          ...(record.dueAt ? indexKeys.byGroupBuyDue(record.dueAt, 'fulfilment', record.orderNo) : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'created';
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'exists';
    throw error;
  }
}

export async function getFulfilment(db: Database, succeededAt: string, orderNo: string): Promise<FulfilmentRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.fulfilment(succeededAt, orderNo), ConsistentRead: true }),
  );
  return Item ? fulfilmentFromItem(Item) : null;
}

/** The deliveries of these orders (by their success and number), keyed by order number: one batch for a page. */
export async function getFulfilments(
  db: Database,
  orders: ReadonlyArray<{ succeededAt: string; orderNo: string }>,
): Promise<Map<string, FulfilmentRecord>> {
  const items = await batchGetItems(
    db,
    orders.map((order) => keys.fulfilment(order.succeededAt, order.orderNo)),
    { parallel: 2 },
  );
  return new Map(items.map((item) => [item.orderNo as string, fulfilmentFromItem(item)]));
}

/** One change of a delivery, held to what was read: its attempts, its claim and (when given) its state. */
export interface FulfilmentChange {
  asRead: { progress: Pick<FulfilmentProgress, 'attempts'> & Partial<Pick<FulfilmentProgress, 'state'>>; claim: string | null };
  progress?: FulfilmentProgress;
  claim?: string | null;
  /** The timer: due at this instant, or removed (null). */
  dueAt?: string | null;
}

/** Writes a change if the delivery is still as read; false when another run or staff changed it first. */
export async function changeFulfilment(db: Database, record: Pick<FulfilmentRecord, 'succeededAt' | 'orderNo'>, change: FulfilmentChange) {
  const u = new UpdateBuilder();
  u.when(`${u.path(['progress', 'attempts'])} = ${u.value(change.asRead.progress.attempts)}`);
  if (change.asRead.progress.state) u.when(`${u.path(['progress', 'state'])} = ${u.value(change.asRead.progress.state)}`);
  u.when(`${u.path(['claim'])} = ${u.value(change.asRead.claim)}`);
  if (change.progress) u.set(['progress'], change.progress);
  if (change.claim !== undefined) u.set(['claim'], change.claim);
  if (change.dueAt === null) u.set(['dueAt'], null).remove(['careDuePk']).remove(['careDueSk']);
  else if (change.dueAt) {
    const timer = indexKeys.byGroupBuyDue(change.dueAt, 'fulfilment', record.orderNo);
    u.set(['dueAt'], change.dueAt).set(['careDuePk'], timer.careDuePk).set(['careDueSk'], timer.careDueSk);
  }
  const written = await transactWrite(db, [u.toTransactItem(db, keys.fulfilment(record.succeededAt, record.orderNo))]);
  return written.committed;
}

const FULFILMENT_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[^#]+$/;

/** A page of deliveries, newest success first; 'bad-cursor' for a cursor that is not one of this list's. */
export async function fulfilmentPage(
  db: Database,
  input: { limit: number; cursor?: string },
): Promise<{ records: FulfilmentRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  // The whole partition is the list and its sort keys have no prefix: a cursor must name one of its keys.
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, '');
  if (after !== undefined && !FULFILMENT_SORT_KEY.test(after ?? '')) return 'bad-cursor';
  const pk = keys.fulfilmentsPartition();
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: input.limit,
      ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
    }),
  );
  return {
    records: (result.Items ?? []).map(fulfilmentFromItem),
    nextCursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey.sk as string) : null,
  };
}
