import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';
import type { ItemKey } from './keys.ts';

const BATCH_SIZE = 100;

/**
 * The items at `itemKeys` that exist, in no particular order: 100 keys a request, `parallel` requests
 * in flight (one by default), asking again for what DynamoDB left unprocessed.
 */
export async function batchGetItems(
  db: Database,
  itemKeys: readonly ItemKey[],
  options: { consistent?: boolean; parallel?: number } = {},
): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  let next = 0;
  const worker = async () => {
    while (next < itemKeys.length) {
      const chunk = itemKeys.slice(next, next + BATCH_SIZE);
      next += BATCH_SIZE;
      let request: Record<string, { Keys: Array<Record<string, unknown>>; ConsistentRead?: boolean }> | undefined = {
        [db.tableName]: { Keys: chunk.map((key) => ({ ...key })), ConsistentRead: options.consistent ?? false },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const result = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[db.tableName] ?? []) found.push(item);
        request = result.UnprocessedKeys as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 1 }, worker));
  return found;
}
