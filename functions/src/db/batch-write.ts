import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';

/** One request of a BatchWriteItem (a PutRequest or a DeleteRequest). */
export type BatchWriteRequest = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string][number];

const BATCH_SIZE = 25;

/**
 * Writes `requests` 25 at a time, `parallel` batches in flight, resending what DynamoDB left
 * unprocessed. Unconditional: for seeding a benchmark or demo data, never for the product's writes.
 */
export async function batchWriteAll(db: Database, requests: readonly BatchWriteRequest[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      let batch = requests.slice(next, next + BATCH_SIZE);
      next += BATCH_SIZE;
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: batch } }));
        batch = result.UnprocessedItems?.[db.tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
