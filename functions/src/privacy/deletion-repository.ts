import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { batchWriteAll } from '../db/batch-write.ts';
import { indexKeys, keys, type ItemKey } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { tableIndex } from '../db/table.ts';
import { firstFailedCondition, TransactionRefused, transactWrite, type TransactItem } from '../db/transact-write.ts';

// The DynamoDB side of account deletion (privacy/account-deletion.ts decides what goes and what is
// kept): whole partitions read and emptied, and kept items changed attribute by attribute, so a
// concurrent write to another attribute of the same item (a group's other places, a complaint's
// queue placement) is never overwritten.

/** A deletion under way (what its kept records are re-labelled with), or done (only when). */
export type ErasureRecord = { state: 'erasing'; anonymousId: string; startedAt: string } | { state: 'done'; erasedAt: string };

export async function getErasure(db: Database, memberId: string): Promise<ErasureRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.accountErasure(memberId), ConsistentRead: true }));
  if (!Item) return null;
  const { pk: _pk, sk: _sk, ...record } = Item;
  return record as ErasureRecord;
}

/** Starts a deletion once: a second start (a retried request) gets the first one's record. */
export async function beginErasure(
  db: Database,
  input: { memberId: string; anonymousId: string; startedAt: string },
): Promise<ErasureRecord> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.accountErasure(input.memberId), state: 'erasing', anonymousId: input.anonymousId, startedAt: input.startedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { state: 'erasing', anonymousId: input.anonymousId, startedAt: input.startedAt };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await getErasure(db, input.memberId);
    if (!existing) throw error;
    return existing;
  }
}

/** Ends a deletion: the record keeps only when, so the member id no longer leads to the anonymous id. */
export async function finishErasure(db: Database, memberId: string, erasedAt: string): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.accountErasure(memberId), state: 'done', erasedAt } }));
}

/** Every item of one partition, read consistently. */
export function listPartition(db: Database, pk: string): Promise<Record<string, unknown>[]> {
  return queryAllPages(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
}

/** The ids of every order bought under an openid (byBuyer), credited or still waiting. */
export async function listOrderIdsOfBuyer(db: Database, openid: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    IndexName: tableIndex('byBuyer').name,
    KeyConditionExpression: 'buyerPk = :pk',
    ExpressionAttributeValues: { ':pk': indexKeys.byBuyerPartition(openid) },
    ProjectionExpression: 'orderId',
  });
  return items.map((item) => item.orderId as string);
}

export async function getItem(db: Database, key: ItemKey): Promise<Record<string, unknown> | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { ...key }, ConsistentRead: true }));
  return Item ?? null;
}

export function getItems(db: Database, itemKeys: readonly ItemKey[]): Promise<Record<string, unknown>[]> {
  return batchGetItems(db, itemKeys, { consistent: true });
}

export function deleteItems(db: Database, itemKeys: readonly ItemKey[]): Promise<void> {
  return batchWriteAll(
    db,
    itemKeys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
  );
}

export function putItems(db: Database, items: readonly Record<string, unknown>[]): Promise<void> {
  return batchWriteAll(
    db,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
}

/** Deletes a pointer item only while it still names `memberId` (a new member may own it by now). */
export async function deleteIfOwnedBy(db: Database, key: ItemKey, memberId: string): Promise<void> {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.tableName,
        Key: { ...key },
        ConditionExpression: 'memberId = :member',
        ExpressionAttributeValues: { ':member': memberId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** One attribute path, as a list of names (map keys); a value of undefined removes the attribute. */
export interface AttributeChange {
  path: readonly string[];
  value: unknown;
}

/**
 * Sets or removes attributes of an existing item, each at its path, leaving every other attribute as
 * it is; nothing when the item is gone, or when `onlyIf` names an attribute that no longer has that
 * value (the place or record belongs to someone else by now). Returns whether it changed the item.
 */
export async function changeAttributes(
  db: Database,
  key: ItemKey,
  changes: readonly AttributeChange[],
  onlyIf?: { path: readonly string[]; equals: unknown },
): Promise<boolean> {
  if (changes.length === 0) return false;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const pathOf = (path: readonly string[]) =>
    path
      .map((name) => {
        const alias = `#n${Object.keys(names).length}`;
        names[alias] = name;
        return alias;
      })
      .join('.');
  const sets: string[] = [];
  const removes: string[] = [];
  for (const change of changes) {
    if (change.value === undefined) removes.push(pathOf(change.path));
    else {
      const placeholder = `:v${Object.keys(values).length}`;
      values[placeholder] = change.value;
      sets.push(`${pathOf(change.path)} = ${placeholder}`);
    }
  }
  let condition = 'attribute_exists(pk)';
  if (onlyIf) {
    values[':only'] = onlyIf.equals;
    condition += ` AND ${pathOf(onlyIf.path)} = :only`;
  }
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { ...key },
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
          .filter(Boolean)
          .join(' '),
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Writes the entry that forfeits the erased member's points, with the shop figures it moves, once:
 * the entry's own key makes a retried deletion add nothing.
 */
export async function recordForfeit(
  db: Database,
  input: { entry: Record<string, unknown> & ItemKey; figures: readonly TransactItem[] },
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await transactWrite(db, [
      { Put: { TableName: db.tableName, Item: input.entry, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...input.figures,
    ]);
    // Written now, or by an earlier attempt of this deletion (the entry's condition is the only one).
    if (outcome.committed || firstFailedCondition(outcome) === 0) return;
  }
  throw new TransactionRefused(['TransactionConflict']);
}
