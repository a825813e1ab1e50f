import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PointsEntry } from '@linli/shared/points';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import type { TransactItem } from '../db/transact-write.ts';

/** Where the receipt of a staff adjustment request is kept (account deletion removes the member's receipts). */
export const adjustmentReceiptKey = (memberId: string, requestId: string) =>
  keys.idempotency('points-adjustment', `${memberId}#${requestId}`);
const receiptKey = adjustmentReceiptKey;

/** The ledger entry an earlier delivery of this adjustment request made, if any. */
export async function findAdjustmentReceipt(db: Database, memberId: string, requestId: string): Promise<PointsEntry | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: receiptKey(memberId, requestId), ConsistentRead: true }),
  );
  return Item ? (Item.entry as PointsEntry) : null;
}

/** The receipt of an adjustment request, written once in the adjustment's own transaction. */
export function adjustmentReceiptPut(
  db: Database,
  input: { memberId: string; requestId: string; entry: PointsEntry; actorId: string; at: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...receiptKey(input.memberId, input.requestId), entry: input.entry, actorId: input.actorId, at: input.at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
