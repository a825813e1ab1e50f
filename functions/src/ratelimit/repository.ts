import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';

/**
 * Counts one request of `subject` in a limit's window, unless the window already holds `max`:
 * one conditional ADD on the window's item, so every Lambda instance counts on the same number and
 * concurrent requests can never pass the limit together. A refused request is not counted (the
 * count stays at `max`). The item removes itself by TTL once the window is over.
 */
export async function countRequestInWindow(
  db: Database,
  input: { limit: string; subject: string; windowStart: string; max: number; expiresAtEpoch: number },
): Promise<'counted' | 'over-limit'> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.rateLimitWindow(input.limit, input.subject, input.windowStart),
        UpdateExpression: 'ADD #count :one SET expiresAtEpoch = if_not_exists(expiresAtEpoch, :ttl)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':max': input.max, ':ttl': input.expiresAtEpoch },
      }),
    );
    return 'counted';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'over-limit';
    throw error;
  }
}
