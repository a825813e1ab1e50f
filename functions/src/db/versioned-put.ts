import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';
import type { ItemKey } from './keys.ts';

/**
 * Replaces a settings item only if nobody saved it since `expectedVersion` was read (0: never
 * saved, still the built-in defaults): two editors can't overwrite each other unseen.
 */
export async function putIfVersion(
  db: Database,
  input: { key: ItemKey; item: Record<string, unknown>; expectedVersion: number },
): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...input.key, ...input.item },
        ...(input.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': input.expectedVersion } }),
      }),
    );
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    throw error;
  }
}
