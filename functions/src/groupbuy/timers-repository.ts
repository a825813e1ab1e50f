import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { indexKeys } from '../db/keys.ts';
import { tableIndex } from '../db/table.ts';

/** Work the group-buy timer job does at a time: on an order (reservation, refund), its delivery to the shop (fulfilment, by order number) or a group (deadline, effects). */
export interface DueTimer {
  dueAt: string;
  kind: 'reservation' | 'refund' | 'fulfilment' | 'deadline' | 'effects';
  id: string;
}

/**
 * A page of the timers of one shard due at or before `upTo`, soonest first (byCareDue, GROUPBUYDUE#<shard>).
 * `after` continues after the last sort key of the page before.
 */
export async function listDueTimers(
  db: Database,
  input: { shard: number; upTo: string; limit: number; after?: string },
): Promise<{ timers: DueTimer[]; last: string | null }> {
  const index = tableIndex('byCareDue');
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: `${index.partitionKey} = :pk AND ${index.sortKey} <= :upTo`,
      ExpressionAttributeValues: { ':pk': indexKeys.byGroupBuyDueShard(input.shard), ':upTo': indexKeys.byGroupBuyDueUpTo(input.upTo) },
      ...(input.after ? { ExclusiveStartKey: JSON.parse(input.after) as Record<string, unknown> } : {}),
      Limit: input.limit,
    }),
  );
  const timers = (result.Items ?? []).map((item) => indexKeys.groupBuyDueOfSortKey(item[index.sortKey] as string));
  return { timers, last: result.LastEvaluatedKey ? JSON.stringify(result.LastEvaluatedKey) : null };
}
