import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { OrderItem } from '@linli/shared/orders';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { keys } from '../db/keys.ts';

/**
 * Keeps the name of each SKU an order names, as of the order's payment time: an order paid earlier
 * (a late webhook, a retry) never renames a product a newer order named. The shop has no catalogue
 * API; its orders are where Linli learns what a SKU is called.
 */
export async function rememberProductNames(db: Database, items: readonly Pick<OrderItem, 'sku' | 'name'>[], paidAt: string): Promise<void> {
  const bySku = new Map(items.map((item) => [item.sku, item.name]));
  await Promise.all(
    [...bySku].map(async ([sku, name]) => {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.tableName,
            Key: keys.product(sku),
            UpdateExpression: 'SET #name = :name, sku = :sku, namedAt = :at',
            ConditionExpression: 'attribute_not_exists(pk) OR namedAt <= :at',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: { ':name': name, ':sku': sku, ':at': paidAt },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }),
  );
}

/** The known names of `skus` (a SKU no order has named yet is absent). */
export async function productNames(db: Database, skus: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(skus)];
  const items = await batchGetItems(
    db,
    unique.map((sku) => keys.product(sku)),
  );
  return new Map(items.map((item) => [item.sku as string, item.name as string]));
}
