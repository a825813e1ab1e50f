import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** Every item a query matches, following LastEvaluatedKey page by page. */
export async function queryAllPages(
  db: Database,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * One page of the items under a sort-key prefix in one partition, newest (highest sort key)
 * first. The cursor names only a sort key under that prefix; the partition always comes from the
 * caller, so a cursor can never reach someone else's items.
 */
export async function queryPrefixPageNewestFirst(
  db: Database,
  input: { pk: string; prefix: string; limit: number; cursor?: string; consistentRead?: boolean },
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null } | 'bad-cursor'> {
  let startKey: Record<string, unknown> | undefined;
  if (input.cursor) {
    const sk = decodeCursor(input.cursor, input.prefix);
    if (!sk) return 'bad-cursor';
    startKey = { pk: input.pk, sk };
  }
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': input.pk, ':prefix': input.prefix },
      ScanIndexForward: false,
      Limit: input.limit,
      ExclusiveStartKey: startKey,
      ConsistentRead: input.consistentRead,
    }),
  );
  return { items: result.Items ?? [], nextCursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey.sk as string) : null };
}
